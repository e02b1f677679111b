import itertools
import random

import numpy as np
import pytest

from copydesk.stories import graph
from copydesk.stories.graph import StoryGraph, story_id
from copydesk.stories.linkage import average_link
from copydesk.stories.represent import Representation, represent_many, sparse_dot, to_sparse

from .conftest import CHILE, item


def _feed(reps, sizes):
    """Feed ``reps`` to one graph in batches of the given sizes (cycled)."""
    g = StoryGraph()
    i = 0
    for size in itertools.cycle(sizes):
        if i >= len(reps):
            break
        g.add(reps[i : i + size])
        i += size
    return g


def test_any_order_and_any_batch_sizes_give_the_same_stories_and_ids(corpus):
    reps = represent_many([a for k in ("chile", "java", "rehab") for a in corpus[k]])
    expected = graph.group(reps)
    assert sorted(map(sorted, expected)) == sorted(
        sorted(a.id for a in corpus[k]) for k in ("chile", "java", "rehab")
    )
    rng = random.Random(7)
    for sizes in ((1,), (2, 1), (len(reps),)):
        for _ in range(4):
            shuffled = reps[:]
            rng.shuffle(shuffled)
            g = _feed(shuffled, sizes)
            assert g.groups() == expected
            assert sorted(g.stories) == sorted(story_id(m[0]) for m in expected)


def test_the_founder_is_the_earliest_dated_member_and_names_the_story():
    a = item(CHILE[0], published="2024-03-05")
    b = item(CHILE[1], published="2024-03-04")
    c = item(CHILE[2])  # undated: after the dated ones
    [members] = graph.group(represent_many([a, c, b]))
    assert members == [b.id, a.id, c.id]
    g = StoryGraph()
    g.add(represent_many([a]))
    g.add(represent_many([c, b]))
    assert list(g.stories) == [story_id(b.id)]


def test_an_id_retired_by_a_later_article_redirects_to_where_its_articles_went():
    a = item(CHILE[0], published="2024-03-05")
    g = StoryGraph()
    g.add(represent_many([a]))
    first = story_id(a.id)
    earlier = item(CHILE[1], published="2024-03-04")  # arrives late, founds the story now
    changed = g.add(represent_many([earlier]))
    assert changed == [story_id(earlier.id)]
    assert first not in g.stories and g.resolve(first) == story_id(earlier.id)
    _, removed, _ = g.take_changes()
    assert removed == {first}


def test_dates_far_apart_keep_reports_of_one_kind_apart_and_undated_ones_are_compared_on_words():
    text = CHILE[0]
    other = CHILE[0].replace("Monday", "Tuesday")
    days = {}
    for gap, published in ((2, "2024-03-07"), (200, "2024-09-21")):
        reps = represent_many([item(text, published="2024-03-05"), item(other, published=published)])
        days[gap] = len(graph.group(reps))
    assert days == {2: 1, 200: 2}
    assert len(graph.group(represent_many([item(text, published="2024-03-05"), item(other)]))) == 1


def _rep(name, terms, time=None):
    ids, w = to_sparse(terms)
    return Representation(name, ids, w, time)


def test_average_link_needs_the_mean_not_one_pair_to_clear_the_threshold():
    # b is close to a and to c; a and c are unrelated: single link would chain all three.
    sim = np.array([[1.0, 0.6, 0.0], [0.6, 1.0, 0.5], [0.0, 0.5, 1.0]])
    assert average_link(sim, 0.3) == [[0, 1], [2]]  # {a, b} to c: (0.0 + 0.5) / 2 = 0.25
    assert average_link(sim, 0.25) == [[0, 1, 2]]
    assert average_link(sim, 0.7) == [[0], [1], [2]]
    assert average_link(np.ones((1, 1)), 0.5) == [[0]] and average_link(np.ones((0, 0)), 0.5) == []


def test_copies_share_a_story_even_when_their_words_differ():
    reps = [_rep("a", {"x": 1}), _rep("b", {"y": 1}), _rep("c", {"z": 1})]
    groups = graph.group(reps, copies=[("b", "a")])
    assert sorted(map(sorted, groups)) == [["a", "b"], ["c"]]


def test_a_huge_component_is_regrouped_locally_and_every_article_keeps_one_story(monkeypatch):
    monkeypatch.setattr(graph, "MAX_COMPONENT", 4)
    # A chain: each article shares words with the next only.
    reps = [_rep(f"a{i}", {f"w{i}": 1, f"w{i + 1}": 1, f"v{i}": 0.2}) for i in range(12)]
    g = _feed(reps, (1,))
    members = [a for m in g.stories.values() for a in m]
    assert sorted(members) == sorted(r.article for r in reps)
    assert all(g.story_of[a] == sid for sid, m in g.stories.items() for a in m)


@pytest.mark.parametrize("sizes", [(1,), (3,)])
def test_index_finds_every_article_over_the_threshold(sizes, corpus):
    reps = represent_many([a for k in ("chile", "java", "rehab") for a in corpus[k]])
    g = _feed(reps, sizes)
    params = g.params
    for r in reps:
        found = set(g.index.neighbours(r, params))
        exact = {o.article for o in reps if o is not r and sparse_dot(r.term_ids, r.term_weights, o.term_ids, o.term_weights) >= params.threshold}
        assert exact <= found
