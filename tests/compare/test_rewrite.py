"""Spun-copy detection: in-order sentence chains separate rewrites from independent reports."""

from __future__ import annotations

import numpy as np
import pytest

from copydesk.compare import rewrite
from copydesk.model import Annotated, Article

from .texts import INDEPENDENT, SOURCE, SPUN


def _item(text: str) -> Annotated:
    return Annotated(Article(text[:10], "t", text))


@pytest.fixture(scope="module")
def prepared() -> dict[str, rewrite.Prepared]:
    return {k: rewrite.prepare(_item(t)) for k, t in {"src": SOURCE, "spun": SPUN, "ind": INDEPENDENT}.items()}


def test_spun_copy_is_a_rewrite(prepared: dict[str, rewrite.Prepared]) -> None:
    chain = rewrite.compare(prepared["src"], prepared["spun"])
    assert chain.is_rewrite
    assert len(chain.pairs) >= 6
    # the chain is in order on both sides
    assert [a.start for a, _, _ in chain.pairs] == sorted(a.start for a, _, _ in chain.pairs)
    assert [b.start for _, b, _ in chain.pairs] == sorted(b.start for _, b, _ in chain.pairs)


def test_independent_report_sharing_names_numbers_and_a_quote_is_not(prepared: dict[str, rewrite.Prepared]) -> None:
    chain = rewrite.compare(prepared["src"], prepared["ind"])
    assert not chain.is_rewrite


def test_quote_sentences_do_not_count(prepared: dict[str, rewrite.Prepared]) -> None:
    texts = [SOURCE[s.start : s.end] for s in prepared["src"].sentences]
    assert not any("never seen the river" in t for t in texts)


def test_evidence_offsets_are_sentences_of_each_text(prepared: dict[str, rewrite.Prepared]) -> None:
    ev = rewrite.compare(prepared["src"], prepared["spun"]).evidence()
    e = next(x for x in ev if "Environment Agency" in SOURCE[x.a_start : x.a_end])
    assert SPUN[e.b_start : e.b_end].startswith("The Environment Agency released 14 serious flood alerts")


def test_best_chain_keeps_order_and_threshold() -> None:
    scores = np.array([[0.9, 0.1, 0.1], [0.1, 0.1, 0.8], [0.1, 0.95, 0.1]])
    chain = rewrite.best_chain(scores, threshold=0.6)
    assert chain in ([(0, 0), (1, 2)], [(0, 0), (2, 1)])
    assert chain == [(0, 0), (2, 1)]  # the heavier of the two in-order options


def test_split_sentences_skips_boilerplate() -> None:
    text = "Photo: AP\n\nThe mayor resigned on Friday. She gave no reason."
    got = [text[s:e] for s, e in rewrite.split_sentences(text, [(0, 9)])]
    assert got == ["The mayor resigned on Friday.", "She gave no reason."]


def _chain(n: int, mean: float, share_a: float, share_b: float, length_match: float) -> rewrite.Chain:
    s = rewrite.Sentence(0, 1, frozenset(), frozenset(), False)
    return rewrite.Chain(((s, s, mean),) * n, max(share_a, share_b), mean, share_a, share_b, length_match)


def test_loose_chain_counts_only_in_lockstep() -> None:
    # two reports of one event: four loosely matched sentences, most of neither text, lengths differ
    assert not _chain(4, 0.6, 0.5, 1.0, 0.67).is_rewrite
    # a heavy spin: equally loose pairs, but nearly every sentence of both texts, same lengths
    assert _chain(7, 0.63, 0.88, 0.88, 0.94).is_rewrite
    assert _chain(4, 0.85, 0.5, 1.0, 0.6).is_rewrite  # a close chain needs no lockstep


def test_wording_tells_spinning_from_wire_edits(prepared: dict[str, rewrite.Prepared]) -> None:
    spun = rewrite.compare(prepared["src"], prepared["spun"])
    assert rewrite.wording(spun, SOURCE, SPUN).reworded
    edited = SOURCE.replace("officials said", "officials told reporters").replace("Thursday", "Thursday morning")
    chain = rewrite.compare(prepared["src"], rewrite.prepare(_item(edited)))
    words = rewrite.wording(chain, SOURCE, edited)
    assert not words.reworded and words.kept > 0.9
