"""The join-based edges and components against the in-process index and union-find."""

from __future__ import annotations

import numpy as np
import pytest

from copydesk.scale.components import COLLECT_EDGES, components
from copydesk.scale.edges import similar_pairs
from copydesk.stories import similarity
from copydesk.stories.index import TermIndex
from copydesk.stories.represent import Representation
from copydesk.text.components import components as local_components


def _reps(n: int = 120, seed: int = 7) -> list[Representation]:
    """Sparse unit vectors over a small vocabulary (so many pairs clear the threshold), half dated."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        ids = np.unique(rng.choice(400, size=int(rng.integers(5, 30)), replace=False)).astype(np.int64)
        w = rng.random(len(ids)).astype(np.float32) + 0.05
        w /= np.float32(np.linalg.norm(w))
        t = float(rng.integers(0, 200)) if i % 2 else None
        out.append(Representation(f"a{i:03d}", ids, w.astype(np.float32), t))
    return out


def _frame(spark, reps):  # noqa: ANN001, ANN202
    rows = [(r.article, r.term_ids.tolist(), r.term_weights.tolist(), r.time) for r in reps]
    return spark.createDataFrame(rows, "id string, term_ids array<bigint>, term_weights array<float>, time double")


def test_similar_pairs_equal_the_exact_index(spark) -> None:
    reps = _reps()
    params = similarity.Params()
    index = TermIndex()
    expected = set()
    for r in reps:
        expected |= {tuple(sorted((r.article, o))) for o in index.neighbours(r, params)}
        index.add(r)
    got = {(row.a, row.b) for row in similar_pairs(_frame(spark, reps), params).collect()}
    assert len(expected) > 50  # the test data has real work in it
    assert got == expected


@pytest.mark.parametrize("collect_edges", [COLLECT_EDGES, 0], ids=["on the driver", "by joins"])
def test_components_of_a_long_chain_and_isolated_vertices(spark, collect_edges) -> None:
    ids = [f"v{i:03d}" for i in range(60)]
    edges = [(ids[i], ids[i + 1]) for i in range(0, 40)] + [("v050", "v055"), ("v055", "v052")]
    got = components(
        spark.createDataFrame([(i,) for i in ids], "id string"), spark.createDataFrame(edges, "a string, b string"),
        collect_edges,
    )
    label = {r.id: r.component for r in got.collect()}
    expected = local_components(ids, edges)
    assert sorted(sorted(g) for g in expected) == sorted(
        sorted(a for a in ids if label[a] == c) for c in set(label.values())
    )
    assert all(label[a] == min(a2 for a2 in ids if label[a2] == label[a]) for a in ids)
