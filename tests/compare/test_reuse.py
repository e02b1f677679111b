"""Passages reused across stories: winnowed fingerprints, the posting index, verification."""

from __future__ import annotations

import numpy as np

from copydesk.compare import reuse
from copydesk.model import Annotated, Article, Story

from .texts import BUDGET, FOOTBALL, INDEPENDENT, SOURCE


def _item(aid: str, text: str, published: str | None = None) -> Annotated:
    return Annotated(Article(aid, aid, text, published=published))


def test_winnowing_keeps_a_hash_in_every_window_and_skips_quoted_ngrams() -> None:
    hashes = np.arange(100, 0, -1, dtype=np.uint64)  # decreasing: each window's minimum is its last
    kept = reuse.winnow(hashes, np.zeros(105, dtype=np.uint8), k=6, window=8)
    assert len(kept) == 100 - 8 + 1
    quoted = np.zeros(105, dtype=np.uint8)
    quoted[50] = 1  # n-grams starting at 45..50 hold the quoted word
    assert set(reuse.winnow(hashes, quoted, k=6, window=1).tolist()) == set(hashes.tolist()) - {
        int(hashes[i]) for i in range(45, 51)
    }


def test_a_lifted_passage_is_found_across_stories() -> None:
    items = [_item("flood", SOURCE, "2024-01-04"), _item("football", FOOTBALL), _item("budget", BUDGET, "2024-02-20")]
    story_of = {"flood": "s1", "football": "s2", "budget": "s3"}
    [rel] = reuse.across_stories(items, story_of)
    assert (rel.a, rel.b, rel.type, rel.direction) == ("flood", "budget", "partial_reuse", "a->b")
    lifted = {BUDGET[e.b_start : e.b_end] for e in rel.evidence}
    assert any("rest centres in community halls" in t for t in lifted)
    assert all(SOURCE[e.a_start : e.a_end].split() == BUDGET[e.b_start : e.b_end].split() for e in rel.evidence)


def test_same_story_pairs_and_shared_quotes_are_not_cross_story_reuse() -> None:
    items = [_item("flood", SOURCE), _item("budget", BUDGET), _item("ind", INDEPENDENT)]
    # same story: provenance.relate compares them already
    assert reuse.across_stories(items, {"flood": "s1", "budget": "s1", "ind": "s2"}) == []
    # another report of the flood sharing only a quote and names: nothing
    assert reuse.across_stories([items[0], items[2]], {"flood": "s1", "ind": "s2"}) == []


def test_relations_are_attached_to_both_stories() -> None:
    items = [_item("flood", SOURCE), _item("budget", BUDGET)]
    rels = reuse.across_stories(items, {"flood": "s1", "budget": "s2"})
    stories = reuse.attach([Story("s1", "Flood", ("flood",)), Story("s2", "Budget", ("budget",))], rels)
    assert [len(s.reuse) for s in stories] == [1, 1]
    merged = reuse.attach([Story("s1", "Both", ("flood", "budget"))], rels)
    assert merged[0].reuse == ()  # both ends in one story: a within-story relation, not reuse


def test_batch_candidates_equal_looking_each_article_up_against_those_before_it() -> None:
    rng = np.random.default_rng(3)
    sets = [np.unique(np.r_[rng.integers(0, 2000, 30), [7]]).astype(np.uint64) for _ in range(300)]  # 7: everywhere
    postings: dict[int, list[str]] = {}
    expected = []
    for j, hs in enumerate(sets):  # the store's way: look up, then add
        found = reuse.rank([postings.get(h, [])[: reuse.MAX_POSTINGS + 1] for h in hs.tolist()])
        expected += [(int(aid), j) for aid, _ in found]
        for h in hs.tolist():
            postings.setdefault(h, []).append(f"{j:04d}")  # string order = input order, as ties break
    got = reuse.candidate_pairs(sets)
    assert got == sorted(expected)
    assert len(got) > 1000 and max(j for _, j in got) > reuse.MAX_POSTINGS  # capped candidates, an over-full hash
