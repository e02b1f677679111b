"""Cited summary: every sentence cites spans, redundancy removed, lone loaded words avoided."""

from __future__ import annotations

import pytest

from copydesk.compare import claims
from copydesk.model import Article
from copydesk.pipeline import annotate_articles
from copydesk.summarize import MAX_SENTENCES, summarize

ONE = ("Dam bursts after storm\n\n"
       "A dam on the river Ost burst on Monday after days of heavy rain, the regional government said. "
       "More than 2,000 residents were evacuated from three villages downstream. "
       "Soldiers were deployed to build emergency barriers along the river. "
       "The dam was built in 1958 and had been due for repairs. "
       "Engineers will inspect two other dams on the river this week.")
TWO = ("River Ost dam fails\n\n"
       "A dam on the river Ost burst on Monday following days of heavy rain, the regional government said. "
       "More than 2,000 residents were evacuated from three villages downstream. "
       "Soldiers were sent to build emergency barriers along the river. "
       "The dam, built in 1958, had long been due for repairs, officials said. "
       "The opposition slammed the government over the state of the country's dams.")
THREE = ("Villages evacuated as dam collapses\n\n"
         "In a shocking disaster, a dam on the river Ost burst on Monday after days of heavy rain. "
         "More than 2,000 residents were evacuated from three villages downstream, officials said. "
         "Soldiers were deployed to build emergency barriers along the river. "
         "Engineers will inspect two other dams on the river this week, the ministry said.")


@pytest.fixture(scope="module")
def story():
    members = annotate_articles([Article(id=i, source=i, text=t) for i, t in (("one", ONE), ("two", TWO), ("three", THREE))])
    cs = claims.align(members, None)
    return members, summarize(members, cs)


def test_every_sentence_cites_a_source_span(story):
    members, summary = story
    by_id = {m.id: m for m in members}
    assert 4 <= len(summary) <= MAX_SENTENCES
    for s in summary:
        assert s.sources
        for src in s.sources:
            assert by_id[src.article].text[src.start : src.end].strip()


def test_summary_sentences_come_from_the_sources(story):
    members, summary = story
    bodies = " ".join(" ".join(m.text.split()) for m in members)
    for s in summary:
        assert s.text[1:] in bodies


def test_lone_loaded_words_are_left_out(story):
    _, summary = story
    text = " ".join(s.text for s in summary).lower()
    assert "shocking" not in text and "slammed" not in text


def test_no_fact_twice(story):
    _, summary = story
    assert sum("evacuated" in s.text for s in summary) == 1
    assert sum("burst" in s.text for s in summary) == 1


def test_lede_first(story):
    _, summary = story
    assert "burst" in summary[0].text


def test_a_sentence_whose_he_is_never_named_is_not_used():
    from copydesk.compare import claims as claims_mod

    a = ("Mayor quits\n\nMayor Ana Ruiz resigned on Friday after a vote of no confidence. "
         "He said the council had failed the city, a claim his rivals rejected.")
    b = ("Ruiz resigns\n\nMayor Ana Ruiz stepped down on Friday after losing a vote of no confidence. "
         "He said the council had failed the city, and his rivals rejected the claim.")
    ms = annotate_articles([Article(id="a", source="a", text=a), Article(id="b", source="b", text=b)])
    out = summarize(ms, claims_mod.align(ms))
    assert out and all(not s.text.startswith("He ") for s in out)
    assert any("Ruiz" in s.text for s in out)
