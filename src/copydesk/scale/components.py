"""Connected components of an edge list: on the driver when the edges fit there, else with
iterative Spark joins (no graph library).

The edges are few next to the articles (about two per article: similar and copy pairs), so up
to ``COLLECT_EDGES`` of them go to the driver and through the in-process union-find
(``text.components``): one pass instead of rounds of joins, each round several Spark jobs.
Past that, min-label propagation with pointer jumping: every vertex takes the smallest label among
itself and its neighbours, then the label of its label (a vertex of the same component), until
no label changes. Pointer jumping makes the number of rounds grow with the log of a
component's diameter rather than the diameter, which matters for chained coverage. Lineage is
cut each round with a local checkpoint.
"""

from __future__ import annotations

from typing import Any

from copydesk.text.components import components as local_components

MAX_ROUNDS = 100
COLLECT_EDGES = 2_000_000  # ~400 MB of Python objects on the driver


def components(vertices: Any, edges: Any, collect_edges: int = COLLECT_EDGES) -> Any:
    """(id, component): ``component`` is the smallest id in the vertex's connected component.

    ``vertices``: a DataFrame with column ``id``; ``edges``: columns ``a``, ``b``, between vertices.
    """
    if edges.count() <= collect_edges:
        return _on_driver(vertices, edges)
    return _by_joins(vertices, edges)


def _on_driver(vertices: Any, edges: Any) -> Any:
    import pandas as pd
    from pyspark.sql import functions as F

    pairs = edges.select("a", "b").toPandas()  # through Arrow
    ends = sorted(set(pairs["a"]) | set(pairs["b"]))
    rows = [(v, min(group)) for group in local_components(ends, zip(pairs["a"], pairs["b"], strict=True)) for v in group]
    linked = vertices.sparkSession.createDataFrame(pd.DataFrame(rows, columns=["id", "label"]), "id string, label string")
    labels = vertices.select("id").distinct().join(linked, "id", "left")
    return labels.select("id", F.coalesce("label", "id").alias("component"))


def _by_joins(vertices: Any, edges: Any) -> Any:
    from pyspark.sql import functions as F

    both = edges.select("a", "b").union(edges.select(F.col("b").alias("a"), F.col("a").alias("b"))).distinct()
    both = both.localCheckpoint()
    labels = vertices.select("id", F.col("id").alias("label")).distinct().localCheckpoint()
    for _ in range(MAX_ROUNDS):
        near = both.join(labels.withColumnRenamed("id", "a"), "a").select(F.col("b").alias("id"), "label")
        step = labels.union(near).groupBy("id").agg(F.min("label").alias("label"))
        hop = step.alias("s").join(step.alias("p"), F.col("s.label") == F.col("p.id"), "left")
        jumped = hop.select(
            F.col("s.id").alias("id"), F.least(F.col("s.label"), F.coalesce(F.col("p.label"), F.col("s.label"))).alias("label")
        ).localCheckpoint()
        changed = jumped.join(labels.withColumnRenamed("label", "old"), "id").where(F.col("label") != F.col("old")).limit(1)
        done = changed.count() == 0
        labels = jumped
        if done:
            break
    else:  # pragma: no cover - a component with a diameter beyond 2^100
        raise RuntimeError("connected components did not converge")
    return labels.withColumnRenamed("label", "component")
