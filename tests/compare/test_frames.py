"""Frames: who did what to what, and the same act credited to different agents across outlets."""

from __future__ import annotations

import pytest

from copydesk.compare import frames
from copydesk.compare.families import family_of
from copydesk.model import Article
from copydesk.pipeline import annotate_articles

A = ("Hospital confirms data breach\n\n"
     "The health ministry confirmed the theft of the patient records on Monday. "
     "Hackers demanded a ransom of $2 million, according to a statement.")
B = ("Records stolen from city hospital\n\n"
     "A senior police official confirmed the records were stolen, speaking on condition of anonymity. "
     "The hospital said its emergency services were running normally.")
C = ("Patient files taken in cyberattack\n\n"
     "The patient records were obtained by a hacking group and confirmed by Mayor Dana Whitfield, a former nurse. "
     "The hospital said its emergency services were running normally.")
SAME = ("Ministry confirms breach\n\n"
        "The health ministry has confirmed the theft of the records, a spokesman said. "
        "He said the ministry was working with police.")


@pytest.fixture(scope="module")
def members():
    arts = [Article(id=i, source=i, text=t) for i, t in (("a", A), ("b", B), ("c", C), ("same", SAME))]
    return annotate_articles(arts)


def test_agent_of_active_passive_and_raised_verbs(members):
    fs = {(f.article, f.verb): f for f in frames.frames(members)}
    assert "ministry" in fs[("a", "confirm")].agent_words or "minis" in fs[("a", "confirm")].agent_words
    assert "whitf" in fs[("c", "confirm")].agent_words  # "confirmed by Mayor Dana Whitfield" (passive, joined verb)
    assert "record" in fs[("c", "confirm")].obj_words  # the passive subject is what was confirmed
    assert "offic" in fs[("b", "confirm")].agent_words


def test_spans_point_into_the_text(members):
    by_id = {m.id: m for m in members}
    for f in frames.frames(members):
        assert f.verb[:4] in by_id[f.article].text[f.start : f.end].lower()


def test_different_agents_of_one_act_diverge(members):
    ds = frames.agent_divergences(members)
    confirm = [d for d in ds if "confirm" in d.what]
    assert confirm
    arts = {v.article for v in confirm[0].variants}
    assert {"a", "b"} <= arts


def test_same_agent_does_not_diverge(members):
    ds = frames.agent_divergences([m for m in members if m.id in ("a", "same")])
    assert not ds


def test_unnamed_agents_are_not_compared():
    text1 = "Storm hits coast\n\nThe country deployed troops to the flooded towns on Sunday."
    text2 = "Army sent in\n\nThe government deployed troops to the flooded towns on Sunday."
    ms = annotate_articles([Article(id="x", source="x", text=text1), Article(id="y", source="y", text=text2)])
    assert not frames.agent_divergences(ms)  # "the country" points back to a name; it is not a rival agent


def test_agent_divergence_across_families_is_independent(members):
    from copydesk.compare import divergence

    fams = [("a", "same")]
    assert family_of(fams, ["a", "b"])["a"] == family_of(fams, ["a", "b"])["same"]
    ds = divergence.find(members, fams, ())
    who = [d for d in ds if d.what.startswith("who")]
    assert who and all(d.between == "independent" for d in who if {"a", "b"} <= {v.article for v in d.variants})


def test_frames_are_an_article_layer_that_survives_the_json_contract(members):
    # Made once in the article stage from its parse: a story rebuilt from JSON (or a store)
    # compares the same frames without running the parser again.
    from copydesk.model import Analysis
    from copydesk.render import json as render_json

    again = render_json.loads(render_json.dumps(Analysis(articles=list(members), stories=[], problems=[]))).articles
    assert [m.frames for m in again] == [m.frames for m in members]
    assert frames.frames(again) == frames.frames(members)


def test_a_lede_the_parser_ran_into_the_headline_keeps_its_own_agent(members):
    # "Records stolen from city hospital\n\nA senior police official confirmed …": spaCy reads
    # the official as the object of the headline's "from"; the lede is parsed alone instead.
    b = next(m for m in members if m.id == "b")
    confirm = [f for f in b.frames if f.verb == "confirm"]
    assert confirm and b.text[confirm[0].start :].startswith("A senior police official")
