import numpy as np
import pytest

from copydesk.stories.cluster import Clusterer, Params, cluster
from copydesk.stories.neighbours import Neighbours
from copydesk.stories.represent import Representation, represent_many, to_sparse


def rep(name: str, terms: dict[str, float]) -> Representation:
    ids, w = to_sparse(terms)
    return Representation(name, ids, w, np.zeros(256, np.float32))


def feed(nn: Neighbours, reps: list[Representation], emb: dict | None = None) -> dict:
    """Every article compared with all earlier ones (the exact pool); returns the embeddings seen."""
    emb = {} if emb is None else emb
    for r in reps:
        pool = list(emb)
        nn.add(r, pool, nn.similarities(r, pool, emb))
        emb[r.article] = r.embedding
    return emb


QUAKE = {"quake": 1, "chile": 1, "iquique": 1, "onemi": 1}


def test_a_later_article_enters_the_lists_of_the_earlier_ones_it_is_near_and_evicts_the_weakest():
    nn = Neighbours(k=2, blend=0.0)
    seen = feed(
        nn, [rep("a", QUAKE), rep("far", {"quake": 1, "java": 1}), rep("mid", {"quake": 1, "chile": 1})]
    )
    assert set(nn.lists["a"]) == {"far", "mid"}
    feed(nn, [rep("close", {**QUAKE, "arica": 1})], seen)
    assert set(nn.lists["a"]) == {"close", "mid"}  # "far", the weakest, left a's full list
    assert list(nn.lists["close"])[0] == "a"  # the newcomer's own list, most similar first
    assert all(len(v) <= 2 for v in nn.lists.values())


def test_floor_keeps_unrelated_articles_out_of_the_lists():
    nn = Neighbours(k=5, floor=0.3, blend=0.0)
    feed(nn, [rep("a", QUAKE), rep("b", {"lohan": 1, "rehab": 1, "quake": 0.1})])
    assert nn.lists["b"] == {} and "b" not in nn.lists["a"]


def test_articles_near_the_same_articles_score_higher_than_articles_near_different_ones():
    # Two events of one kind share "quake": the reports of each event share neighbours.
    chile = [rep(f"c{i}", {**QUAKE, f"detail{i}": 1}) for i in range(4)]
    java = [rep(f"j{i}", {"quake": 1, "java": 1, "cianjur": 1, "bnpb": 1, f"detail{i}": 1}) for i in range(4)]
    nn = Neighbours(k=3, blend=0.0)
    feed(nn, [r for pair in zip(chile, java, strict=True) for r in pair])
    snn = nn.block(["c0", "c3", "j3"])
    assert snn[0, 1] > 0.5 > snn[0, 2]
    assert np.allclose(snn, snn.T) and snn[0, 0] == pytest.approx(1.0)


def test_block_is_the_cosine_of_the_neighbour_profiles():
    nn = Neighbours(k=3)
    nn.lists = {"a": {"x": 0.5, "y": 0.4}, "b": {"y": 0.3, "z": 0.6}, "lone": {}}
    got = nn.block(["a", "b", "lone"])
    assert got[0, 1] == pytest.approx(0.4 * 0.3 / (np.hypot(0.5, 0.4) * np.hypot(0.3, 0.6)))
    assert got[2].tolist() == [0.0, 0.0, 0.0]  # an article without a list shares nothing


def test_article_vectors_keep_only_the_heaviest_terms():
    nn = Neighbours(terms=3)
    ids, w = nn.vector(rep("a", {"x": 4, "y": 3, "z": 2, "w": 1, "v": 0.5}))
    assert len(ids) == 3 and np.all(np.diff(ids) > 0)
    assert sorted(w.tolist(), reverse=True)[-1] == pytest.approx(2 / np.sqrt(16 + 9 + 4 + 1 + 0.25), rel=1e-5)


def test_snn_evidence_keeps_batch_equal_to_stream_and_off_keeps_no_state(corpus):
    reps = represent_many(corpus["chile"] + corpus["java"] + corpus["rehab"])
    stream = Clusterer()  # the shipped defaults use SNN evidence in the re-check
    stream.add_many(reps)
    assert cluster(reps).groups() == stream.groups()
    assert stream.neighbours.lists and set(stream.neighbours.vectors) == {r.article for r in reps}
    assert not cluster(reps, Params(snn=0.0)).neighbours.lists


def test_only_the_latest_members_keep_vectors_and_lists():
    words = [f"w{i}" for i in range(12)]
    reps = [rep(f"a{k}", {"quake": 1, words[k % 12]: 1, words[(k + 1) % 12]: 1}) for k in range(40)]
    c = cluster(reps, Params(threshold=0.2, blend=0.0, recheck=8))
    assert len(c.groups()) == 1  # one story: only its 8 latest members can still move
    assert set(c.neighbours.vectors) == set(c.neighbours.lists) == set(c.reps) == set(c.groups()[0][-8:])
