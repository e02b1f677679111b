import numpy as np
import pytest

from copydesk.stories.cluster import Clusterer, Params, cluster, story_id
from copydesk.stories.recheck import fits
from copydesk.stories.represent import Representation, to_sparse

RECHECK = Params(threshold=0.3, blend=0.0, recheck=32)


def rep(name: str, terms: dict[str, float]) -> Representation:
    ids, weights = to_sparse(terms)
    return Representation(
        name, ids, weights, np.zeros(256, np.float32), outlet="Wire", entities=tuple(terms)[:1]
    )


def _terms(c: Clusterer, sid: str) -> dict[int, float]:
    s = c.stories[sid]
    return dict(zip(s.term_ids.tolist(), s.term_sum.tolist(), strict=True))


QUAKE = rep("a1", {"quake": 1, "chile": 1})
BRIDGE = rep("x", {"quake": 1, "peru": 1, "lima": 1})  # joins the quake story: the only one yet
PERU = rep("p1", {"peru": 1, "lima": 1, "toll": 1, "rescue": 1})  # too far from it: founds its own


def test_a_member_that_fits_a_later_story_better_moves_there():
    c = Clusterer(RECHECK)
    c.add(QUAKE)
    assert c.add(BRIDGE).story_id == story_id("a1")
    arrived = c.add(PERU)
    assert arrived.new and arrived.story_id == story_id("p1")
    assert arrived.moved == (("x", story_id("a1"), story_id("p1")),)
    assert c.groups() == [["a1"], ["p1", "x"]]
    assert c.story_for("x") == story_id("p1")
    # The quake story's sums lost exactly the moved article: they are a1's vector again.
    ids, w = QUAKE.term_ids, QUAKE.term_weights
    assert _terms(c, story_id("a1")) == pytest.approx(dict(zip(ids.tolist(), w.tolist(), strict=True)))
    assert c.stories[story_id("a1")].outlets["Wire"] == 1
    assert {story_id("a1"), story_id("p1")} <= c.dirty and c.moves == list(arrived.moved)


def test_without_the_recheck_the_stream_keeps_its_first_decision():
    c = Clusterer(Params(threshold=0.3, blend=0.0, recheck=0))
    for r in (QUAKE, BRIDGE, PERU):
        c.add(r)
    assert c.groups() == [["a1", "x"], ["p1"]]


def test_a_story_left_empty_is_retired_and_redirects_where_its_member_went():
    c = Clusterer(RECHECK)
    c.add(QUAKE)
    c.add(BRIDGE)
    lone = c.add(rep("b1", {"rehab": 1, "lohan": 1}))
    c.move("b1", story_id("a1"))
    assert lone.story_id not in c.stories and lone.story_id in c.removed
    assert c.resolve(lone.story_id) == story_id("a1") and c.story_for("b1") == story_id("a1")
    assert c.groups() == [["a1", "x", "b1"]]
    assert c.index_size() == 1


def test_copies_are_pinned_and_never_moved_apart():
    c = Clusterer(RECHECK)
    c.add(QUAKE)
    c.add(BRIDGE, copy_of="a1")
    c.add(PERU)
    assert c.story_for("x") == story_id("a1")


def test_fit_leaves_the_article_itself_out_of_its_own_story():
    c = Clusterer(RECHECK)
    c.add(QUAKE)
    c.add(rep("a2", {"quake": 1, "chile": 1}))
    got = fits(c, [c.reps["a1"]], story_id("a1"))
    assert got[0] == pytest.approx(1.0)  # the other member is identical; itself does not count


def test_batch_with_recheck_equals_one_by_one_feeding():
    rng = np.random.default_rng(1)
    words = [f"w{i}" for i in range(30)]
    reps = [rep(f"a{k}", {w: 1.0 for w in rng.choice(words, 4, replace=False)}) for k in range(60)]
    stream = Clusterer(RECHECK)
    stream.add_many(reps)
    batch = cluster(reps, RECHECK)
    assert batch.groups() == stream.groups() and batch.redirects == stream.redirects
    assert sorted(a for g in batch.groups() for a in g) == sorted(r.article for r in reps)
