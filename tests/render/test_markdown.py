"""The Markdown report: every section in the reader's order, empty ones said out loud, text escaped."""

from __future__ import annotations

import re
from dataclasses import replace

from copydesk.model import Analysis
from copydesk.render.markdown import cell, escape, render

SECTIONS = [
    "### Summary",
    "### Sources and copy families",
    "### Relations",
    "### Claims by corroboration",
    "### Divergences",
    "### Who said what",
    "### Articles",
]


def test_sections_in_reader_order(analysis: Analysis) -> None:
    md = render(analysis)
    positions = [md.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    assert md.startswith("# copydesk report\n\n2 articles, 1 story, 2 outlets.")
    assert "bad.bin: not a text file, skipped" in md


def test_summary_cites_outlet_and_quotes_the_span(analysis: Analysis) -> None:
    md = render(analysis)
    assert "1. Dockworkers in Rotterdam struck on Monday" in md
    assert "[Associated Press, “Dockworkers walked off the job on Monday”]" in md
    assert "[Rijnmond Daily, “Around 1,500 dockworkers”]" in md


def test_claims_ranked_and_divergences_side_by_side(analysis: Analysis) -> None:
    md = render(analysis)
    corroborated = md.index("**Corroborated (two or more independent sources): 1**")
    single = md.index("**Single source: 1**")
    assert corroborated < md.index("- (2 independent) Dockworkers at Rotterdam") < single
    assert "#### Between independent sources" in md and "#### A copy's changes" not in md
    assert "| Associated Press | About 1,200 workers |" in md
    assert "| Rijnmond Daily | Around 1,500 dockworkers |" in md


def test_quotes_grouped_by_speaker_with_variants(analysis: Analysis) -> None:
    md = render(analysis)
    block = md[md.index("#### Maria Jansen (2)") : md.index("### Articles")]
    assert '- "We will stay out until the company listens," — Associated Press (speech)' in block
    assert '  - Rijnmond Daily: "We will stay out until the company listens to us,"' in block


def test_articles_list_metadata_and_boilerplate(analysis: Analysis) -> None:
    md = render(analysis)
    assert "- published: 2024-03-04" in md and "- authors: Mike Corder" in md
    assert "- photo credit: Photo: Peter Dejong/AP" in md  # furniture named in words, no offsets
    assert "- link to another story: Read more: Strikes spread across Europe" in md
    assert not re.search(r"\[\d+:\d+\]", md)
    assert "wire: Associated Press" in md


def test_empty_sections_say_so(analysis: Analysis) -> None:
    story = replace(
        analysis.stories[0], summary=(), relations=(), claims=(), divergences=(), quotes=(), families=()
    )
    md = render(replace(analysis, stories=[story]))
    for line in (
        "No summary.",
        "No relations computed.",
        "No claims extracted.",
        "No divergences found.",
        "No quotes found.",
        "No copy families found.",
    ):
        assert line in md
    assert render(Analysis()).endswith("No stories found.\n")


def test_table_cells_escape_pipes_and_newlines(analysis: Analysis) -> None:
    md = render(analysis)
    from copydesk.model import Relation

    copy = Relation("wire01", "local02", "rewritten_copy", 0.71, (), "a->b", "few shared 5-grams | different wording")
    md = render(replace(analysis, stories=[replace(analysis.stories[0], relations=(copy,))]))
    assert "few shared 5-grams \\| different wording |" in md
    assert cell("a | b\nc") == "a \\| b c"
    row = [line for line in md.splitlines() if line.startswith("| Associated Press | Rijnmond Daily")][0]
    assert len(re.findall(r"(?<!\\)\|", row)) == 8  # seven cells; the escaped pipe is not a separator


def test_escape_neutralises_markup_in_article_text() -> None:
    assert (
        escape("<script>alert(1)</script> *bold* [x](y)")
        == "\\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\](y)"
    )


def test_deterministic(analysis: Analysis) -> None:
    assert render(analysis) == render(analysis)
    assert "on 2024-05-01" in render(analysis, generated="2024-05-01")


def test_copy_relations_first_with_direction(analysis: Analysis) -> None:
    from copydesk.model import Relation

    copy = Relation("wire01", "local02", "rewritten_copy", 0.71, (), "a->b", "shared passages reworded")
    story = replace(analysis.stories[0], relations=(*analysis.stories[0].relations, copy))
    rows = [
        line
        for line in render(replace(analysis, stories=[story])).splitlines()
        if line.startswith("| Associated Press | Rijnmond Daily")
    ]
    assert rows[0].startswith(
        "| Associated Press | Rijnmond Daily | rewritten\\_copy | 0.71 | Associated Press → Rijnmond Daily |"
    )
    assert len(rows) == 1  # independent pairs are not rows: one line sums them up
    assert "The other 1 pair of articles is independent: no passage copied either way." in render(
        replace(analysis, stories=[story])
    )


def test_quote_variants_show_a_word_diff_against_the_reference():
    from copydesk.model import Analysis, Annotated, Article, DiffOp, Quote, QuoteGroup, QuoteVariant, Story
    from copydesk.render import markdown

    a_text = "“We did not make this document public,” the spokesman said."
    b_text = "“We didn't make this document public,” the spokesman told reporters."
    a = Annotated(Article("a1", "a.txt", a_text, outlet="Daily A"))
    b = Annotated(Article("b1", "b.txt", b_text, outlet="Daily B"))
    qa = Quote("a1", 1, 37, a_text[1:37], "speech", "Ann Lee", group="g1")
    qb = Quote("b1", 1, 36, b_text[1:36], "speech", "Ann Lee", group="g1")
    diff = (DiffOp("equal", "We", "We"), DiffOp("replace", "did not", "didn't"),
            DiffOp("equal", "make this document public,", "make this document public,"))
    group = QuoteGroup("g1", "Ann Lee", (QuoteVariant("b1", 1, 36, qb.text, diff), QuoteVariant("a1", 1, 37, qa.text)))
    story = Story("s1", "Leak", ("a1", "b1"), quotes=(qb, qa), quote_groups=(group,))
    out = markdown.render(Analysis([a, b], [story]))
    section = out[out.index("Who said what"):]
    assert section.index("Daily A") < section.index("Daily B")  # the reference wording leads
    assert "~~did not~~ **didn't**" in section
