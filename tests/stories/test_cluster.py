import numpy as np
import pytest

from copydesk.stories.cluster import Clusterer, Params, cluster, story_id
from copydesk.stories.represent import Representation, represent_many, to_sparse

from .conftest import item


def rep(name: str, terms: dict[str, float], time: float | None = None) -> Representation:
    """A hand-made representation: exact similarities, no model needed."""
    ids, weights = to_sparse(terms)
    return Representation(name, ids, weights, np.zeros(256, np.float32), time=time)


PARAMS = Params(threshold=0.3, blend=0.0, window_days=7.0)


def test_an_article_joins_the_matching_story_and_founds_a_new_one_otherwise():
    c = Clusterer(PARAMS)
    first = c.add(rep("a1", {"quake": 1, "chile": 1, "iquique": 1}))
    joined = c.add(rep("a2", {"quake": 1, "chile": 1, "arica": 1}))
    other = c.add(rep("b1", {"rehab": 1, "lohan": 1}))
    assert first.new and first.story_id == story_id("a1")
    assert not joined.new and joined.story_id == first.story_id and joined.score == pytest.approx(2 / 3)
    assert other.new and other.story_id == story_id("b1")
    assert c.groups() == [["a1", "a2"], ["b1"]]


def test_bridging_article_merges_two_stories_and_the_younger_id_redirects():
    c = Clusterer(PARAMS)
    a = c.add(rep("a1", {"x": 1, "y": 1}))
    b = c.add(rep("b1", {"z": 1, "w": 1}))
    assert a.story_id != b.story_id
    bridge = c.add(rep("a2", {"x": 1, "y": 1, "z": 1, "w": 1}))
    assert bridge.story_id == a.story_id  # the older story keeps its id
    assert bridge.merged_from == (b.story_id,)
    assert c.resolve(b.story_id) == a.story_id
    assert c.story_for("b1") == a.story_id
    assert c.groups() == [["a1", "a2", "b1"]]
    assert b.story_id in c.removed


def test_time_window_keeps_old_stories_from_attracting_new_articles():
    c = Clusterer(PARAMS)
    day = 19000.0
    old = c.add(rep("a1", {"fire": 1, "waitrose": 1, "banstead": 1}, time=day))
    near = c.add(rep("a2", {"fire": 1, "waitrose": 1, "banstead": 1}, time=day + 3))
    late = c.add(rep("a3", {"fire": 1, "waitrose": 1, "banstead": 1}, time=day + 3 + 30))
    assert near.story_id == old.story_id
    assert late.new and late.story_id != old.story_id
    assert c.index_size() == 1  # the old story left the search index, but it is still held
    assert len(c.stories) == 2


def test_undated_articles_ignore_the_window():
    c = Clusterer(PARAMS)
    c.add(rep("a1", {"fire": 1, "waitrose": 1}, time=19000.0))
    assert not c.add(rep("a2", {"fire": 1, "waitrose": 1})).new


def test_copies_found_by_provenance_share_a_story_whatever_their_similarity():
    c = Clusterer(PARAMS)
    c.add(rep("src", {"quake": 1, "chile": 1}))
    forced = c.add(rep("copy", {"unrelated": 1}), copy_of="src")
    assert forced.story_id == story_id("src")
    c.add(rep("other", {"lohan": 1}))
    assert c.link("other", "src") == story_id("src")
    assert c.story_for("other") == story_id("src")


def test_adding_the_same_article_twice_changes_nothing():
    c = Clusterer(PARAMS)
    first = c.add(rep("a1", {"x": 1}))
    again = c.add(rep("a1", {"x": 1}))
    assert again.story_id == first.story_id and not again.new
    assert c.groups() == [["a1"]]


def test_nearest_neighbour_shortlist_gives_the_exact_answer_on_separable_stories():
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(40, 256)).astype(np.float32)
    reps = []
    for k in range(120):
        s = k % 40
        v = centres[s] + 0.3 * rng.normal(size=256).astype(np.float32)
        ids, w = to_sparse({f"s{s}": 1.0, f"s{s}b": 1.0, f"noise{k}": 0.5})
        reps.append(Representation(f"a{k}", ids, w, v / np.linalg.norm(v)))
    exact = cluster(reps, Params(threshold=0.3, candidates=None)).groups()
    approx = cluster(reps, Params(threshold=0.3, candidates=4)).groups()
    assert approx == exact and len(exact) == 40


def test_ids_are_stable_across_runs_and_batch_equals_stream(corpus):
    items = corpus["chile"] + corpus["rehab"] + corpus["java"]
    reps = represent_many(items)
    run1 = cluster(reps)
    run2 = Clusterer()
    assignments = run2.add_many(reps)  # undated: batch order is input order
    assert run1.groups() == run2.groups()
    assert sorted(run1.stories) == sorted(run2.stories)
    assert {a.story_id for a in assignments} == set(run1.stories)


def test_dated_articles_are_batched_in_publication_order():
    a = item("Police in Banstead said the Waitrose fire on the roof was suspicious.", published="2024-03-02")
    b = item(
        "The Waitrose fire in Banstead began on the roof, police in Surrey said.",
        published="2024-03-01T20:45:00Z",
    )
    c = cluster(represent_many([a, b]))
    assert c.groups()[0][0] == b.id  # the earlier article founded the story
