"""The two kinds of edges between articles that story grouping needs, found with joins.

``similar_pairs``: every pair whose term cosine x ``similarity.date_factor`` clears the
threshold, exactly (what ``stories.index.TermIndex`` finds in-process). A self-join on every
shared term would be quadratic in the commonest terms, so candidates come from prefix
filtering: order each article's terms by a global order (rarest first), keep the shortest
prefix whose remaining suffix has norm below the threshold. Two unit vectors whose dot product
reaches the threshold must share a term in both prefixes (their rarest shared term is in
both), so joining prefixes misses no pair; each candidate's exact score is then computed with
the same float arithmetic as in-process, and kept from ``threshold - index.SLACK`` (a pair a
little under the threshold only joins components, and average link will not join it).

``copy_pairs``: MinHash band keys (``text.minhash.band_keys``) → ``groupBy(band,
key)`` → candidate pairs → estimated Jaccard ≥ ``copies.COPY_JACCARD``, the rule of
``stories.copies.pairs`` (empty bodies never pair).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from copydesk.stories import copies, similarity
from copydesk.stories.index import SLACK
from copydesk.stories.represent import sparse_dot
from copydesk.text import minhash as fp

PAIRS = "a string, b string"


def floor(params: similarity.Params) -> float:
    return params.threshold - SLACK


def similar_pairs(reps: Any, params: similarity.Params) -> Any:
    """(a, b), a < b: article pairs whose similarity clears the threshold (``reps``: id, term_ids,
    term_weights, time)."""
    vec = reps.select("id", "term_ids", "term_weights", "time")
    scored = (
        similar_candidates(reps, params)
        .join(vec.toDF("a", "a_ids", "a_w", "a_time"), "a")
        .join(vec.toDF("b", "b_ids", "b_w", "b_time"), "b")
        .select("a", "b", "a_ids", "a_w", "a_time", "b_ids", "b_w", "b_time")
    )
    return scored.mapInPandas(_keep_similar(params), PAIRS)


def similar_candidates(reps: Any, params: similarity.Params) -> Any:
    """(a, b), a < b: the pairs sharing a prefix term, each to be scored exactly."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    t = floor(params)
    terms = reps.select("id", F.explode(F.arrays_zip("term_ids", "term_weights")).alias("t")).select(
        "id", F.col("t.term_ids").alias("term"), F.col("t.term_weights").cast("double").alias("w")
    )
    df = terms.groupBy("term").agg(F.count("*").alias("df"))
    suffix = Window.partitionBy("id").orderBy("df", "term").rowsBetween(Window.currentRow, Window.unboundedFollowing)
    ranked = terms.join(df, "term").withColumn("rest", F.sum(F.col("w") * F.col("w")).over(suffix))
    prefix = ranked.where(F.col("rest") >= t * t - 1e-6).select("id", "term")
    left, right = prefix.alias("l"), prefix.alias("r")
    return (
        left.join(right, "term")
        .where(F.col("l.id") < F.col("r.id"))
        .select(F.col("l.id").alias("a"), F.col("r.id").alias("b"))
        .distinct()
    )


def _keep_similar(params: similarity.Params):  # noqa: ANN202 - a closure for mapInPandas
    t = floor(params)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            keep = []
            for a, b, a_ids, a_w, a_time, b_ids, b_w, b_time in batch.itertuples(index=False):
                dot = sparse_dot(np.asarray(a_ids, np.int64), np.asarray(a_w, np.float32),
                                 np.asarray(b_ids, np.int64), np.asarray(b_w, np.float32))  # fmt: skip
                if dot < t:
                    continue
                gap = np.float64(a_time) - np.float64(b_time)  # NaN when either is undated
                if dot * float(similarity.date_factor(np.array([gap]), params)[0]) >= t:
                    keep.append((a, b))
            yield pd.DataFrame(keep, columns=["a", "b"])

    return run


def copy_pairs(annotated: Any) -> Any:
    """(a, b), a < b: likely copies (``annotated``: id, signature, bands; null bands = empty body)."""
    sigs = annotated.select("id", "signature")
    both = copy_candidates(annotated).join(sigs.toDF("a", "a_sig"), "a").join(sigs.toDF("b", "b_sig"), "b")
    return both.select("a", "b", "a_sig", "b_sig").mapInPandas(_keep_copies, PAIRS)


def copy_candidates(annotated: Any) -> Any:
    """(a, b), a < b: the pairs whose MinHash signatures collide in at least one LSH band."""
    from pyspark.sql import functions as F

    keys = annotated.where(F.col("bands").isNotNull()).select("id", F.posexplode("bands").alias("band", "key"))
    left, right = keys.alias("l"), keys.alias("r")
    return (
        left.join(right, (F.col("l.band") == F.col("r.band")) & (F.col("l.key") == F.col("r.key")))
        .where(F.col("l.id") < F.col("r.id"))
        .select(F.col("l.id").alias("a"), F.col("r.id").alias("b"))
        .distinct()
    )


def _keep_copies(batches: Iterator[Any]) -> Iterator[Any]:
    import pandas as pd

    for batch in batches:
        keep = [
            (a, b)
            for a, b, sa, sb in batch.itertuples(index=False)
            if fp.jaccard(fp.from_bytes(bytes(sa)), fp.from_bytes(bytes(sb))) >= copies.COPY_JACCARD
        ]
        yield pd.DataFrame(keep, columns=["a", "b"])
