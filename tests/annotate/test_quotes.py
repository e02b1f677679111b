"""Quote spans, kinds and in-article speakers on article-like text written for the tests."""

from __future__ import annotations

import pytest

from copydesk.annotate import nlp, quote_marks, quotes
from copydesk.model import Annotated, Article, Span, content_id


def _extract(text: str, boilerplate: tuple[Span, ...] = ()) -> dict[str, tuple[str, str | None]]:
    art = Article(id=content_id(text), source="t", text=text)
    [(item, doc)] = list(nlp.parse([Annotated(art, boilerplate=boilerplate)]))
    found = quotes.extract(item, doc)
    for q in found:
        assert text[q.start : q.end] == q.text
        if q.speaker_start is not None:
            assert q.speaker_end > q.speaker_start
    return {q.text: (q.kind, q.speaker) for q in found}


def test_quote_before_attribution_and_said_name_title():
    text = (
        "The council voted 7-2 on Tuesday to build the wall.\n\n"
        "“We cannot ask families to rebuild and hope for the best,” Mayor Angela Ortiz said.\n\n"
        "“The money is there, and the need is obvious,” said Paul Greer, the city’s finance director.\n"
    )
    got = _extract(text)
    assert got["We cannot ask families to rebuild and hope for the best,"] == ("speech", "Angela Ortiz")
    assert got["The money is there, and the need is obvious,"] == ("speech", "Paul Greer")


def test_colon_attribution_and_pronoun_resolves_to_the_paragraph_subject():
    text = (
        "Union leader Carla Menendez spoke after talks collapsed. She said: “They offered us less "
        "than inflation and called it generous.”\n\n"
        "Transit chief Neil Brandt met reporters later. “I understand people are angry,” he said.\n"
    )
    got = _extract(text)
    assert got["They offered us less than inflation and called it generous."][1] == "Carla Menendez"
    assert got["I understand people are angry,"][1] == "Neil Brandt"


def test_run_on_paragraphs_and_continuations_keep_the_speaker():
    text = (
        "“This was not an easy decision,” general manager Tina Cruz said. “Ron gave this franchise "
        "everything he had.\n\n"
        "“But the results have not been good enough, and our players deserve a fresh start.”\n\n"
        "The team plays again on Friday.\n"
    )
    got = _extract(text)
    assert got["Ron gave this franchise everything he had."] == ("speech", "Tina Cruz")
    assert got["But the results have not been good enough, and our players deserve a fresh start."][1] == "Tina Cruz"
    assert not any("Friday" in t for t in got)


def test_documents_organisations_and_according_to():
    text = (
        "The company said in a statement that “contingency services will run on the airport line only.”\n\n"
        "According to the filing, “the plaintiffs are entitled to immediate relief before the election.”\n\n"
        "The final declaration says the parties “recognize the urgent need to reduce methane emissions.”\n\n"
        "“We never comment on alleged leaks,” a NATO official said.\n"
    )
    got = _extract(text)
    # a bare document names no one: never "filing" (here the company just quoted may be meant)
    assert got["the plaintiffs are entitled to immediate relief before the election."][1] != "filing"
    assert got["recognize the urgent need to reduce methane emissions."][0] == "document"
    assert got["We never comment on alleged leaks,"] == ("speech", "NATO")
    assert got["contingency services will run on the airport line only."][1] is not None


def test_partial_and_term_kinds():
    text = (
        "Derek Haines called the plan “a blank check” at the meeting.\n\n"
        "The city will install a so-called “smart levee” next year.\n"
    )
    got = _extract(text)
    assert got["a blank check"] == ("partial", "Derek Haines")
    assert got["smart levee"] == ("term", None)


def test_nested_single_quotes_stay_inside_the_quote():
    text = "“Without penalties, ‘voluntary’ means ‘optional,’ ” said Amira Haddad, an activist.\n"
    got = _extract(text)
    assert got == {"Without penalties, ‘voluntary’ means ‘optional,’": ("speech", "Amira Haddad")}


def test_straight_quotes():
    text = '"I knew what this business was," coach Ron Billings said. "I wish the guys the best."\n'
    got = _extract(text)
    assert got["I knew what this business was,"] == ("speech", "Ron Billings")
    assert got["I wish the guys the best."] == ("speech", "Ron Billings")


def test_boilerplate_quotes_are_skipped():
    text = "“Best burger in town,” says our reader poll.\nThe mayor opened the bridge on Monday.\n"
    caption = Span(0, text.index("\n"), "boilerplate", "teaser")
    assert _extract(text, (caption,)) == {}


@pytest.mark.parametrize(
    "text",
    [
        "He said “this never ends. " + "The council met again and again. " * 40 + "\n",
        "The report was “flawed. The board adjourned.\n\nMembers left at noon without a vote.\n",
    ],
)
def test_an_unclosed_mark_does_not_swallow_the_article(text):
    found = quote_marks.find(text)
    assert len(found) == 1
    q = found[0]
    assert q.how == "unclosed"
    assert q.end - q.start < 600
    assert "Members" not in text[q.start : q.end]


def test_a_fresh_opener_ends_the_previous_quote():
    text = "Mr. Kirby said: “I note that a proposal has leaked. “We did not make this document public.”\n"
    found = quote_marks.find(text)
    assert [text[q.start : q.end] for q in found] == [
        "I note that a proposal has leaked.",
        "We did not make this document public.",
    ]
    assert found[1].continues
