"""Cross-story reuse in `analyze`'s outputs: the JSON contract's per-story ``reuse``, the
Markdown and HTML reports' "Reuse across stories" lines."""

from __future__ import annotations

import json

import pytest
from compare.texts import BUDGET, FOOTBALL, SOURCE

from copydesk.model import Article, content_id
from copydesk.pipeline import analyze
from copydesk.render import html, markdown
from copydesk.render import json as json_render


@pytest.fixture(scope="module")
def analysis():
    arts = [
        Article(content_id(SOURCE), "flood.txt", SOURCE, outlet="Yorkshire Post", published="2024-01-04"),
        Article(content_id(FOOTBALL), "match.txt", FOOTBALL, outlet="The Press", published="2024-01-06"),
        Article(content_id(BUDGET), "budget.txt", BUDGET, outlet="York <Mix>", published="2024-02-20"),
    ]
    return analyze(arts)


def test_json_lists_the_relation_under_both_stories(analysis):
    d = json.loads(json_render.dumps(analysis))
    by_article = {a: s for s in d["stories"] for a in s["articles"]}
    flood, budget = by_article[content_id(SOURCE)], by_article[content_id(BUDGET)]
    assert flood["id"] != budget["id"] and flood["reuse"] == budget["reuse"]
    [rel] = flood["reuse"]
    assert rel["type"] == "partial_reuse" and rel["direction"] == "a->b" and rel["evidence"]
    assert by_article[content_id(FOOTBALL)]["reuse"] == []
    assert json_render.loads(json_render.dumps(analysis)).stories == analysis.stories  # round-trips


def test_reports_say_who_reused_whose_passage(analysis):
    md = markdown.render(analysis)
    assert "York \\<Mix\\> reuses a passage first published in Yorkshire Post, “Flooding forces" in md
    assert "Yorkshire Post had a passage reused by York \\<Mix\\>" in md
    page = " ".join(html.render(analysis).split())
    assert "York &lt;Mix&gt; reuses a passage first published in Yorkshire Post" in page
    assert "<Mix>" not in page
