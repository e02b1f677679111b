"""Boilerplate marking on article-like texts of several outlets' furniture (tests/data/furniture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.annotate.boilerplate import mark
from copydesk.model import Article, Span
from copydesk.readers.text import from_text

DATA = Path(__file__).resolve().parent.parent / "data" / "furniture"

# per text: (snippet, kind) that must be marked, and body snippets that must stay unmarked
EXPECT = {
    "ap_wire.txt": (
        [("Politics", "section"),
         ("By Lisa Mascaro and Mary Clare Jalonick", "byline"), ("Published 11:42 PM EST, March 8, 2024", "date"),
         ("WASHINGTON (AP) —", "dateline"),
         ("Associated Press writer Kevin Freking contributed to this report.", "provenance"),
         ("Copyright 2024 The Associated Press. All rights reserved.", "footer")],
        ["Senate passes stopgap bill hours before shutdown deadline",  # the headline is not furniture
         "The Senate passed a stopgap spending bill late Friday", "Republicans had pressed for deeper cuts.",
         "If not, he added, the next deadline", "“This is not how you run a government,” said Sen. Susan Collins",
         "The House approved the measure earlier in the week"],
    ),
    "tabloid.txt": (
        [("World News", "section"), ("Lifeguards closed the beach for two hours on Sunday afternoon", "standfirst"),
         ("By TOM HARRIS FOR MAILONLINE", "byline"),
         ("Beachgoers watch from the shore as lifeguards patrol the water.", "caption"),
         ("Jane Smith/Shutterstock", "credit"), ("Photo: Surf Life Saving NSW", "credit"),
         ("Read more: Fisherman's terrifying encounter with bull shark caught on camera", "teaser"),
         ("Advertisement", "ad"), ("Supplied/Surf Life Saving NSW", "credit"), ("Share this article", "share"),
         ("Most Read", "teaser"), ("Man arrested after police chase through suburbs", "teaser")],
        ["A great white shark was spotted just metres from swimmers", "Lifeguards raised the alarm shortly after 2pm",
         "“It was huge, I have never seen anything like it,”", "The beach reopened at 4pm",
         "It was the third sighting at the beach this month."],
    ),
    "aggregator.txt": (
        [("Home / World", "section"), ("ROME —", "dateline"),
         ("This article originally appeared in The Guardian.", "provenance"), ("Source link", "footer"),
         ("Related Posts", "teaser"), ("Paris authorities announce new metro line opening date", "teaser"),
         ("World Daily Times: your source for breaking news", None)],
        ["Heavy rain caused rivers to burst their banks", "More than 20 rivers flooded",
         "“We are facing an exceptional event,”", "Rescuers used boats to reach elderly residents"],
    ),
    "reuters.txt": (
        [("Markets", "section"), ("LONDON, Feb 2 (Reuters) -", "dateline"),
         ("Reporting by Alex Lawler; Additional reporting by Sonali Paul in Melbourne; Editing by Jason Neely", "byline")],
        ["Oil prices rose on Wednesday", "Brent crude futures were up 85 cents", "\"The market remains tight,\""],
    ),
}


@pytest.fixture(scope="module")
def marked() -> dict[str, tuple[Article, tuple[Span, ...]]]:
    out = {}
    for name in EXPECT:
        a = from_text((DATA / name).read_text(encoding="utf-8"), name)
        out[name] = (a, mark(a))
    return out


def _covering(spans: tuple[Span, ...], start: int, end: int) -> list[Span]:
    return [s for s in spans if s.overlaps(start, end)]


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_furniture_is_marked_with_its_kind(marked, name: str) -> None:
    article, spans = marked[name]
    for snippet, kind in EXPECT[name][0]:
        i = article.text.index(snippet)
        cover = _covering(spans, i, i + len(snippet))
        assert sum(min(s.end, i + len(snippet)) - max(s.start, i) for s in cover) == len(snippet), snippet
        if kind:
            assert kind in {s.kind for s in cover}, (snippet, [s.kind for s in cover])


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_body_paragraphs_stay_body(marked, name: str) -> None:
    article, spans = marked[name]
    for snippet in EXPECT[name][1]:
        i = article.text.index(snippet)
        assert not _covering(spans, i, i + len(snippet)), snippet


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_spans_are_sorted_disjoint_and_trimmed(marked, name: str) -> None:
    article, spans = marked[name]
    assert all(s.label == "boilerplate" for s in spans)
    for a, b in zip(spans, spans[1:], strict=False):
        assert a.end <= b.start
    for s in spans:
        seg = article.text[s.start : s.end]
        assert seg == seg.strip() and seg


def _article(text: str, marks: tuple[Span, ...] = ()) -> Article:
    return Article(id="x", source="x", text=text, marks=marks)


BODY = (
    "Port officials said on Monday that the new terminal would double the number of containers handled.\n\n"
)


def test_caption_fragment_glued_to_a_paragraph() -> None:
    text = (
        "Ships queue outside harbour as strike enters second week\n\n"
        + BODY
        + "The dock workers' union has called for talks with the operators of Antwerp and Rotterdam. Port of Antwerp\n\n"
        + "Talks are expected to resume on Thursday, Mr. Peeters said.\n"
    )
    spans = mark(_article(text))
    got = [text[s.start : s.end] for s in spans if s.kind == "caption"]
    assert got == ["Port of Antwerp"]


def test_abbreviations_do_not_make_caption_fragments() -> None:
    text = "Talks stall again\n\n" + BODY + "The offer was rejected within hours by the union leader, said Mr. Peeters\n"
    assert [s.kind for s in mark(_article(text))] == []


def test_paragraph_repeated_as_a_pull_quote() -> None:
    para = "The terminal will open in the spring of next year and employ about 1,200 people, the company said."
    pull = "The terminal will open in the spring of next year and employ about 1,200 people"
    text = f"Port expands\n\n{BODY}{pull}\n\nIt was approved in March.\n\n{para}\n"
    spans = mark(_article(text))
    i = text.index(pull)
    assert [s.kind for s in _covering(spans, i, i + len(pull))] == ["pull_quote"]
    j = text.index(para)
    assert not _covering(spans, j, j + len(para))


def test_repeated_lines_inside_a_body_the_reader_mapped_are_kept() -> None:
    # an HTML page's markup already put pull quotes in their own (marked) elements: inside the
    # body the reader mapped, a line repeating another is the story's own (a refrain, a recap)
    para = "The terminal will open in the spring of next year and employ about 1,200 people, the company said."
    pull = "The terminal will open in the spring of next year and employ about 1,200 people"
    text = f"Port expands\n\n{BODY}{pull}\n\nIt was approved in March.\n\n{para}\n"
    body = Span(text.index(BODY), len(text) - 1, "body", "reader")
    assert not [s for s in mark(_article(text, (body,))) if s.kind == "pull_quote"]


def test_reader_marks_are_merged_without_overlap() -> None:
    text = "Port expands\n\n" + BODY + "Newsletter sign-up box text\n"
    i = text.index("Newsletter")
    reader = Span(i, len(text) - 1, "boilerplate", "promo")
    spans = mark(_article(text, (reader, Span(0, 4, "entity", "ORG"))))
    assert reader in spans
    assert all(s.label == "boilerplate" for s in spans)


def test_long_paragraph_ending_in_credit_keeps_its_body() -> None:
    long = " ".join(["The council voted to approve the plan after a long debate about costs and benefits."] * 6)
    text = f"Plan approved\n\n{BODY}{long} Jane Doe/Reuters\n"
    spans = mark(_article(text))
    assert [text[s.start : s.end] for s in spans if s.kind in ("caption", "credit")] == ["Jane Doe/Reuters"]


def test_teaser_heading_mid_story_marks_only_its_headline() -> None:
    text = (
        "Storm hits coast\n\n" + BODY + "Also read\n\nFloods close schools across the region\n\n"
        "Residents were told to stay indoors until the evening, police said.\n\n" + BODY
    )
    spans = mark(_article(text))
    i = text.index("Residents")
    assert not _covering(spans, i, i + 20)
    assert [s.kind for s in spans].count("teaser") == 2


def test_a_comments_heading_inside_the_body_the_reader_mapped_does_not_end_the_story() -> None:
    # the reader's extractor already leaves comment sections out: a "Comment" line inside the
    # body it mapped is the story's (a table's column header), and what follows stays body
    after = "The queue retries a task when its worker stops sending heartbeats, the team said."
    text = f"Task queues\n\n{BODY}{BODY}Status\n\nComment\n\n{after}\n\n{after}\n"
    body = Span(text.index(BODY), len(text) - 1, "body", "reader")
    i = text.rindex(after)
    assert not _covering(mark(_article(text, (body,))), i, i + len(after))
    assert _covering(mark(_article(text)), i, i + len(after))  # plain text: the cue still ends it
