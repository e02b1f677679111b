"""Relations for every pair of a story: each copy type, independence, direction and families."""

from __future__ import annotations

from dataclasses import replace

import pytest

from copydesk.compare import provenance
from copydesk.model import Annotated, Article, Relation, Span

from .texts import FURNITURE_FOOT, FURNITURE_HEAD, INDEPENDENT, SOURCE, SPUN


def _item(aid: str, text: str, outlet: str | None = None, published: str | None = None) -> Annotated:
    """An article whose page furniture is marked as boilerplate (as the cleaning stage would)."""
    marks = []
    if text.startswith(FURNITURE_HEAD):
        marks.append(Span(0, len(FURNITURE_HEAD), "boilerplate", "caption"))
    if text.endswith(FURNITURE_FOOT):
        marks.append(Span(len(text) - len(FURNITURE_FOOT), len(text), "boilerplate", "footer"))
    return Annotated(Article(aid, aid, text, outlet=outlet, published=published), boilerplate=tuple(marks))


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def _wire_edit(text: str) -> str:
    paras = _paragraphs(text)
    paras[1] = paras[1].replace("on Thursday", "on Thursday morning").replace("officials said", "officials told AP")
    return "\n\n".join(paras[:-2])  # last two paragraphs trimmed for space


def _partial(host: str, donor: str) -> str:
    paras = _paragraphs(host)
    donated = _paragraphs(donor)[6:8]  # rest centres and forecast paragraphs
    return "\n\n".join(paras[:3] + donated + paras[3:])


@pytest.fixture(scope="module")
def related() -> tuple[dict[tuple[str, str], Relation], tuple[tuple[str, ...], ...]]:
    members = [
        _item("src", SOURCE, outlet="Yorkshire Post", published="2024-01-04T08:00"),
        _item("verbatim", FURNITURE_HEAD + SOURCE + FURNITURE_FOOT),
        _item("wire", _wire_edit(SOURCE)),
        _item("spun", SPUN),
        _item("ind", INDEPENDENT),
        _item("reuse", _partial(INDEPENDENT, SOURCE)),
    ]
    relations, families = provenance.relate(members)
    return {(r.a, r.b): r for r in relations}, families


@pytest.fixture(scope="module")
def story(related: tuple[dict[tuple[str, str], Relation], tuple]) -> dict[tuple[str, str], Relation]:
    return related[0]


def test_every_pair_is_reported(story: dict[tuple[str, str], Relation]) -> None:
    assert len(story) == 15


@pytest.mark.parametrize(
    ("pair", "kind"),
    [
        (("src", "verbatim"), "verbatim_copy"),
        (("src", "wire"), "syndicated_copy"),
        (("src", "spun"), "rewritten_copy"),
        (("src", "ind"), "independent"),
        (("src", "reuse"), "partial_reuse"),
        (("ind", "reuse"), "syndicated_copy"),  # reuse is the independent report plus two paragraphs
    ],
)
def test_relation_types(story: dict[tuple[str, str], Relation], pair: tuple[str, str], kind: str) -> None:
    assert story[pair].type == kind, story[pair].why


def test_copies_carry_aligned_evidence(story: dict[tuple[str, str], Relation]) -> None:
    r = story[("src", "verbatim")]
    src, copy = SOURCE, FURNITURE_HEAD + SOURCE + FURNITURE_FOOT
    assert r.evidence and all(src[e.a_start : e.a_end] == copy[e.b_start : e.b_end] for e in r.evidence)
    assert story[("src", "ind")].evidence == ()


def test_direction_from_containment(story: dict[tuple[str, str], Relation]) -> None:
    # "reuse" holds all of "ind" plus two more paragraphs: it is the later text
    assert story[("ind", "reuse")].direction == "a->b"


def test_direction_from_signal_naming_the_outlet() -> None:
    src = _item("src", SOURCE, outlet="Yorkshire Post")
    copy = _item("copy", _wire_edit(SOURCE))
    copy = replace(copy, signals=(Span(0, 5, "signal", "republished_from", "The Yorkshire Post"),))
    assert provenance.compare(src, copy).direction == "a->b"
    assert provenance.compare(copy, src).direction == "b->a"


def test_direction_from_dates() -> None:
    early = _item("early", SOURCE, published="2024-01-04")
    late = _item("late", _wire_edit(SOURCE), published="2024-01-05")
    assert provenance.compare(late, early).direction == "b->a"


def test_spun_copy_keeping_passages_the_other_lacks_is_common_source() -> None:
    paras = _paragraphs(SOURCE)
    spun_paras = _paragraphs(SPUN)
    a = _item("a", "\n\n".join(paras[:7]))  # source cut at the end
    b = _item("b", "\n\n".join(spun_paras[:2] + spun_paras[3:]))  # spun, an early paragraph dropped
    r = provenance.compare(a, b)
    assert r.type == "rewritten_copy" and r.direction == "common_source"


def test_families_join_whole_copies_not_partial_reuse(related: tuple[dict, tuple[tuple[str, ...], ...]]) -> None:
    families = related[1]
    assert {frozenset(f) for f in families} == {
        frozenset({"src", "verbatim", "wire", "spun"}),
        frozenset({"ind", "reuse"}),
    }


def test_families_put_the_origin_first() -> None:
    rels = [
        Relation("a", "b", "syndicated_copy", 0.9, direction="a->b"),
        Relation("b", "c", "verbatim_copy", 1.0),
        Relation("a", "d", "independent", 0.0),
    ]
    assert provenance.families(["d", "c", "b", "a"], rels) == (("a", "c", "b"),)


def test_large_story_compares_candidates_only() -> None:
    filler = [
        _item(f"other{k}", f"Unrelated report number {k} about a local bake sale and a school fete. " * 3)
        for k in range(3)
    ]
    members = [_item("src", SOURCE), _item("copy", FURNITURE_HEAD + SOURCE + FURNITURE_FOOT), *filler]
    old = provenance.ALL_PAIRS_UP_TO
    provenance.ALL_PAIRS_UP_TO = 2
    try:
        relations, families = provenance.relate(members)
    finally:
        provenance.ALL_PAIRS_UP_TO = old
    assert ("src", "copy") in {(r.a, r.b) for r in relations}
    assert len(relations) < 10
    assert ("src", "copy") in families


def test_verbatim_tolerates_a_timestamp_line_but_not_a_cut_sentence() -> None:
    paras = _paragraphs(SOURCE)
    stamped = "\n\n".join(paras[:1] + ["Updated 4 January 2024, 09:12 GMT"] + paras[1:])
    assert provenance.compare(_item("a", SOURCE), _item("b", stamped)).type == "verbatim_copy"
    cut = "\n\n".join(paras[:4] + paras[5:])  # the quote paragraph dropped from the middle
    assert provenance.compare(_item("a", SOURCE), _item("b", cut)).type == "syndicated_copy"


def test_light_wire_edits_are_syndicated_not_rewritten() -> None:
    edited = _wire_edit(SOURCE).replace("Emergency crews", "Fire crews").replace("rest centres", "shelters")
    r = provenance.compare(_item("a", SOURCE), _item("b", edited))
    assert r.type == "syndicated_copy", r.why


def test_cut_wire_copy_is_the_copy_not_the_origin() -> None:
    # no dates, no signals: the copy is the source with its last paragraphs trimmed and a few
    # words changed; the longer text is the origin, whichever side it is passed on
    src, cut = _item("src", SOURCE), _item("cut", _wire_edit(SOURCE))
    r = provenance.compare(src, cut)
    assert r.type == "syndicated_copy" and r.direction == "a->b", r.why
    assert provenance.compare(cut, src).direction == "b->a"


def test_copy_with_a_dropped_sentence_and_cut_tail_is_the_copy() -> None:
    paras = _paragraphs(SOURCE)
    cut = _item("cut", "\n\n".join(paras[:4] + paras[5:-1]))  # a quote paragraph and the tail dropped
    assert provenance.compare(_item("src", SOURCE), cut).direction == "a->b"


def test_dates_decide_before_containment() -> None:
    # the longer text was published first: it is the source even though it holds the other
    early = _item("early", SOURCE, published="2024-01-04T08:00")
    late = _item("late", _wire_edit(SOURCE), published="2024-01-04T11:00")
    assert provenance.compare(late, early).direction == "b->a"
    lede = ("Residents of Tadcaster and Selby spent the night watching the Wharfe and the Ouse as water "
            "crept towards streets that flooded in 2015, and parish councils asked volunteers to fill sandbags.\n\n"
            "Our reporter in the town found the car parks by the river already closed and shops moving stock "
            "upstairs, while the county's emergency planners met for the second time in two days.\n\n")
    new_lede = _item("long", lede + SOURCE, published="2024-01-03")
    assert provenance.compare(_item("src", SOURCE, published="2024-01-04"), new_lede).direction == "b->a"
    r = provenance.compare(_item("src", SOURCE), new_lede)  # undated: the new lede is what the copy added
    assert r.type == "syndicated_copy" and r.direction == "a->b", r.why


def test_a_block_lifted_into_a_short_report_is_partial_reuse_not_a_wire_copy() -> None:
    # three paragraphs of the flood report make half of a short sports report: much of both
    # texts, but one block inside each, not a text run from top to bottom
    from .texts import FOOTBALL

    host = _paragraphs(FOOTBALL)
    mixed = _item("mixed", "\n\n".join(host[:2] + _paragraphs(SOURCE)[6:9] + host[3:]))
    r = provenance.compare(_item("src", SOURCE), mixed)
    assert r.type == "partial_reuse", r.why


def test_one_lifted_paragraph_in_a_long_article_is_partial_reuse() -> None:
    # 37 words of a long flood report (the report, then readers' accounts) in one unbroken run,
    # under a tenth of either text: independent reports share names and phrases, not a run this long
    from .texts import BUDGET

    long_report = _item("src", SOURCE + "\n\n" + "\n\n".join(_paragraphs(INDEPENDENT)[2:]))
    paras = _paragraphs(BUDGET)
    paras[3] = (
        "Spending on emergencies was among the most contested lines of the budget after a hard winter. "
        "The council opened three rest centres in community halls, where volunteers handed out blankets, "
        "hot meals and dry clothes to families who had fled with little more than their phones. Forecasters "
        "expect another 40 millimetres of rain, and councillors set aside a reserve for the clean-up."
    )
    host = _item("budget", "\n\n".join(paras[:4] + paras[5:]))
    r = provenance.compare(long_report, host)
    assert r.type == "partial_reuse", r.why
    [e] = r.evidence
    assert host.text[e.b_start : e.b_end].startswith("The council opened three rest centres")
    assert host.text[e.b_start : e.b_end].endswith("40 millimetres of rain")
