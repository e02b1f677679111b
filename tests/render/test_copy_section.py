"""The provenance section: families with origin, the SVG copy graph, side-by-side passages, both reports."""

from __future__ import annotations

import re

import pytest

from copydesk.model import Analysis, Annotated, Article, Evidence, Relation, Span, Story
from copydesk.render import copy_section, html, markdown, view

ORIGIN = (
    "Bridge closed after barge strike\n\n"
    "A barge hit the Elm Street bridge on Tuesday night, forcing engineers to close it to traffic "
    "for at least a week, the city said."
)
COPY = (
    "Bridge closed after barge strike\n\n"
    "A barge struck the Elm Street bridge on Tuesday night, forcing engineers to close it to traffic "
    "for at least a week, the city <b>said</b>."
)
OTHER = "Commuters face long detours\n\nDrivers faced detours of up to 40 minutes on Wednesday morning."


def _span(text: str, sub: str) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    arts = [
        Annotated(Article("orig", "a.txt", ORIGIN, title="Bridge closed after barge strike", outlet="City Herald")),
        Annotated(Article("copy", "b.txt", COPY, title="Bridge <closed> & barge", outlet="Aggregator")),
        Annotated(Article("other", "c.txt", OTHER, title="Commuters face long detours", outlet="Daily Post")),
    ]
    a0, a1 = _span(ORIGIN, "A barge hit")[0], len(ORIGIN)
    b0, b1 = _span(COPY, "A barge struck")[0], len(COPY)
    rels = (
        Relation("orig", "copy", "syndicated_copy", 0.9, (Evidence(a0, a1, b0, b1, 0.9),), "a->b", "edited copy"),
        Relation("orig", "other", "independent", 0.0),
        Relation("copy", "other", "independent", 0.0),
    )
    story = Story("s1", "Bridge closed", ("orig", "copy", "other"), relations=rels, families=(("orig", "copy"),))
    return Analysis(arts, [story])


def test_family_origin_only_when_a_direction_names_it(analysis: Analysis) -> None:
    story = analysis.stories[0]
    assert copy_section.families(story) == [copy_section.Family(("orig", "copy"), "orig")]
    undirected = Story("s2", "t", story.articles, relations=(Relation("orig", "copy", "verbatim_copy", 1.0),),
                       families=(("orig", "copy"),))
    assert copy_section.families(undirected)[0].origin is None
    assert copy_section.independent_of_all(story) == ["other"]


def test_aligned_passages_mark_word_changes_and_escape_text(analysis: Analysis) -> None:
    [p] = copy_section.aligned(analysis, analysis.stories[0].relations[0])
    assert "<del>hit</del>" in p.left and "<ins>struck</ins>" in p.right
    assert "&lt;b&gt;said&lt;/b&gt;" in p.right and "<b>" not in p.right
    assert p.changed >= 2


def test_graph_has_a_node_per_article_and_an_arrow_per_directed_copy(analysis: Analysis) -> None:
    labels = {"orig": "City Herald", "copy": "Aggregator", "other": "Daily Post"}
    svg = str(copy_section.graph_svg(analysis, analysis.stories[0], labels))
    assert svg.count('<g class="node">') == 3
    assert svg.count('<g class="edge">') == 1  # independent pairs draw no line
    assert 'marker-end="url(#arr-syndicated_copy)"' in svg
    assert "Bridge &lt;closed&gt; &amp; barge" in svg and "<closed>" not in svg
    assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_html_report_has_graph_and_side_by_side_passages(analysis: Analysis) -> None:
    page = html.render(analysis)
    section = page[page.index('<section class="relations"') :]
    section = section[: section.index("</section>")]
    assert "<svg" in section and 'class="passages"' in section
    assert "<del>hit</del>" in section and "<ins>struck</ins>" in section
    assert re.search(r'<a href="#art-orig">City Herald</a> → syndicated by <a href="#art-copy">Aggregator</a>', page)


def test_markdown_lists_origin_and_quotes_evidence_briefly(analysis: Analysis) -> None:
    md = markdown.render(analysis)
    assert "- City Herald → syndicated by Aggregator" in md
    row = next(line for line in md.splitlines() if line.startswith("| City Herald | Aggregator"))
    assert "1: “A barge hit the Elm Street" in row and "“A barge struck" in row


def test_lineage_names_the_origin_a_provenance_line_gives() -> None:
    """'Source : Nytimes' makes NYT the family's origin: that member republished it, a spun copy rewrote it."""
    republished = "Talks stall in Brussels\n\nThe talks stalled on Tuesday, officials said.\n\nSource : Nytimes"
    spun = "Talks halt in Brussels\n\nThe negotiations halted on Tuesday, officials stated."
    arts = [
        Annotated(Article("rep", "feeds/rep.txt", republished), signals=(
            Span(republished.index("Source"), len(republished), "signal", "republished_from", "The New York Times"),)),
        Annotated(Article("spun", "feeds/spun.txt", spun)),
    ]
    story = Story("s", "t", ("rep", "spun"), relations=(
        Relation("rep", "spun", "rewritten_copy", 0.5, (), "common_source"),), families=(("rep", "spun"),))
    analysis = Analysis(arts, [story])
    labels = view.article_labels(analysis)
    [fam] = copy_section.families(story)
    line = copy_section.lineage(analysis, story, fam, labels).text(labels)
    assert line == "The New York Times → republished verbatim by rep.txt; rewritten by spun.txt"


def test_lineage_without_origin_says_so() -> None:
    arts = [Annotated(Article(i, f"{i}.txt", "x")) for i in ("a", "b")]
    story = Story("s", "t", ("a", "b"), relations=(Relation("a", "b", "verbatim_copy", 1.0),), families=(("a", "b"),))
    analysis = Analysis(arts, [story])
    labels = view.article_labels(analysis)
    lin = copy_section.lineage(analysis, story, copy_section.families(story)[0], labels)
    assert lin.text(labels) == "Origin not known → republished verbatim by a.txt, b.txt"
