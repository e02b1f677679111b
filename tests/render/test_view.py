"""Who-said-what grouping of a story's quotes."""

from __future__ import annotations

from copydesk.model import Quote, Story
from copydesk.render.view import quoted_terms, quotes_by_speaker


def test_scare_quoted_terms_are_not_listed_as_statements():
    story = Story(
        id="s",
        title="t",
        articles=("a",),
        quotes=(
            Quote("a", 0, 30, "We will not back down on this", "speech", "John Kirby"),
            Quote("a", 40, 44, "long", "term"),
            Quote("a", 50, 70, "a terrible mistake", "partial", "John Kirby"),
        ),
    )
    listed = {sp.speaker: sp.count for sp in quotes_by_speaker(story)}
    assert listed == {"John Kirby": 2}


def test_one_and_two_word_quotes_are_quoted_terms_listed_apart():
    story = Story(
        id="s",
        title="t",
        articles=("a", "b"),
        quotes=(
            Quote("a", 0, 30, "We never comment on leaks", "speech", "NATO"),
            Quote("a", 40, 54, "alleged leaks.", "partial", "NATO"),
            Quote("b", 10, 23, "alleged leaks", "term"),
            Quote("b", 30, 37, "ignored", "term"),
            Quote("b", 40, 66, "indivisibility of security", "term"),
            Quote("b", 70, 90, "a terrible mistake", "partial", "John Kirby"),
        ),
    )
    listed = {sp.speaker: [g.quotes[0].text for g in sp.groups] for sp in quotes_by_speaker(story)}
    assert listed == {"NATO": ["We never comment on leaks"], "John Kirby": ["a terrible mistake"]}
    terms = quoted_terms(story)
    assert [t.text for t in terms] == ["alleged leaks", "ignored", "indivisibility of security"]
    assert [(q.article, q.speaker) for q in terms[0].quotes] == [("a", "NATO"), ("b", None)]
