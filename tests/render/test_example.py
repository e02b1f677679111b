"""All three renderers on the real pipeline output for the bundled example story."""

from __future__ import annotations

import json
import re

from copydesk.model import Analysis
from copydesk.render import html, markdown, view
from copydesk.render import json as rjson

from .test_html import parse


def test_json_round_trips_the_pipeline_output(example_analysis: Analysis) -> None:
    text = rjson.dumps(example_analysis)
    d = json.loads(text)
    assert d["version"] == 1 and len(d["articles"]) == len(example_analysis.articles)
    for a in d["articles"]:
        for s in a["boilerplate"] + a["signals"]:
            assert 0 <= s["start"] <= s["end"] <= len(a["text"])
    assert rjson.loads(text) == example_analysis


def test_html_shows_every_article_text_unchanged(example_analysis: Analysis) -> None:
    tree = parse(html.render(example_analysis))
    assert sorted(tree.texts) == sorted(a.text for a in example_analysis.articles)
    assert len(tree.ids) == len(set(tree.ids))


def test_markdown_has_a_section_per_story(example_analysis: Analysis) -> None:
    md = markdown.render(example_analysis)
    assert md.count("### Who said what") == len(example_analysis.stories)


def test_example_names_outlets_and_the_origin_in_every_output(example_analysis: Analysis) -> None:
    labels = set(view.article_labels(example_analysis).values())
    assert {"New York Post", "NDTV", "The Washington Times"} <= labels
    md, page = markdown.render(example_analysis).replace("\\_", "_"), html.render(example_analysis)
    assert "The New York Times → republished verbatim by 001_79bcc342346422b8.txt; rewritten by " in md
    assert "004_ed864e143e290726.txt" in md
    for out in (md, page, rjson.dumps(example_analysis)):
        assert not re.search(r"\barticle \d", out)
    assert json.loads(rjson.dumps(example_analysis))["articles"][1]["identity"]["origin"] == "The New York Times"


def test_example_lists_scare_quotes_as_quoted_terms_not_as_statements(example_analysis: Analysis) -> None:
    md = markdown.render(example_analysis)
    section = md[md.index("### Who said what") : md.index("### Articles")]
    listed = re.findall(r"^\s*- (?:[^:\n]*: )?“([^”]*)”", section, re.M)
    assert listed and all(len(q.split()) > 2 for q in listed)
    terms = next(line for line in section.splitlines() if line.startswith("**Quoted terms:**"))
    assert "“ignored” (New York Post)" in terms and "“long”" in terms
    page = html.render(example_analysis)
    assert page.count('<p class="terms">') == len(example_analysis.stories)
    assert "“ignored”" in page[page.index('<p class="terms">') :]
