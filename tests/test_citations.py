"""Every summary citation states its sentence: checked on every citation of the example story
and of bench/claims.py's stories, by bench/citations.py's own definition of support (not the
one in ``copydesk.summarize``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from citations import CLAIM_STORIES, citations, claim_story, supported  # noqa: E402

from copydesk.summarize import supports  # noqa: E402

LAVROV = ("Russia’s Defense Ministry and chief Kremlin spokesman also declined to comment on the leaks or "
          "confirm their accuracy, but Foreign Minister Sergey Lavrov predicted last week the confidential "
          "responses would likely become public because they had been shared broadly throughout the 30 "
          "countries of NATO.")
NATO = "NATO said it doesn’t comment on “alleged leaks.”"
NATO_OFFICIAL = "“We never comment on alleged leaks,” a NATO official said."
TOMAHAWK = ("The proposal includes discussions about Russia verifying that the US has not deployed Tomahawk "
            "cruise missiles to bases in Romania and Poland, contingent upon agreement from those countries.")
PUTIN = ("Mr. Putin, whose renewed troop buildup along Ukraine’s borders led to the current crisis, has "
         "regularly expressed concern that NATO’s Aegis missile-defense systems in Romania and Poland could "
         "also fire offensive Tomahawk cruise missiles at Russia.")


def _unsupported(members, summary) -> list[tuple[str, str]]:
    return [(c["sentence"], c["span"]) for c in citations(members, summary) if not c["supported"]]


def test_every_citation_of_the_example_states_its_sentence(example_analysis):
    by_id = {m.id: m for m in example_analysis.articles}
    (story,) = example_analysis.stories
    assert len(story.summary) >= 4 and all(s.sources for s in story.summary)
    assert _unsupported([by_id[a] for a in story.articles], story.summary) == []


@pytest.mark.parametrize("path", sorted(CLAIM_STORIES.glob("*.json")), ids=lambda p: p.stem)
def test_every_citation_of_the_claim_stories_states_its_sentence(path):
    members, summary = claim_story(path)
    assert summary and all(s.sources for s in summary)
    assert _unsupported(members, summary) == []


def test_a_span_that_shares_only_the_topic_does_not_support():
    # the example's old summary cited these: same claim group, another fact
    assert not supports(TOMAHAWK, PUTIN) and not supported(TOMAHAWK, PUTIN)
    assert not supports(LAVROV, NATO) and not supported(LAVROV, NATO)
    # a long span with a short sentence's words in passing is about something else
    assert not supports(NATO, LAVROV) and not supported(NATO, LAVROV)


def test_sharing_only_names_does_not_support():
    # ECB+ coverage of one protest: the same councilman, saying something else
    sentence = "City Council Member Jumaane Williams lamented that a peaceful vigil devolved into a riot."
    span = "“That belittles it,” City Councilman Jumaane D. Williams said later, referring to the anger."
    assert not supports(sentence, span) and not supported(sentence, span)
    told = "City Councilman Jumaane D. Williams said a peaceful vigil had devolved into a riot."
    assert supports(sentence, told) and supported(sentence, told)


def test_another_outlets_wording_of_the_fact_supports():
    assert supports(NATO, NATO_OFFICIAL) and supported(NATO, NATO_OFFICIAL)
    assert supports(PUTIN, PUTIN)
