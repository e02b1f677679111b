"""The two kinds of edges between articles that story grouping needs, found with joins.

``similar_pairs``: every pair whose term cosine x ``similarity.date_factor`` clears the
threshold, exactly (what ``stories.index.TermIndex`` finds in-process), in two parts:

- *both dated*: no pair further apart than ``max_gap`` days can clear the threshold (the
  damping alone takes it under, whatever the cosine), so dated articles are cut into time
  buckets ``max_gap`` wide and each window of two neighbouring buckets is handed to the
  in-process ``TermIndex`` (``groupBy(window).applyInPandas``): the same code and float
  arithmetic as ``analyze``, and work that grows with the articles of a window, not with the
  collection (a self-join on shared terms is quadratic: 42 million candidates for 10k
  generated articles, 85% of all pairs, because a 0.2 cosine threshold leaves almost every
  term in the prefix).
- *an undated side*: an undated article is never damped, so it may pair with anything;
  candidates come from prefix filtering (order each article's terms by a global order, rarest
  first, keep the shortest prefix whose remaining suffix has norm below the threshold: two unit
  vectors whose dot product reaches the threshold share a term in both prefixes), scored
  exactly in vectorised batches. A collection that is mostly undated pays the quadratic
  candidate join here; dates are what keep a large collection near-linear.

Pairs a little under the threshold (``threshold - index.SLACK``) are kept: they only join
components, and average link will not join them.

``copy_pairs``: MinHash band keys (``text.minhash.band_keys``) → ``groupBy(band,
key)`` → candidate pairs → estimated Jaccard ≥ ``copies.COPY_JACCARD``, the rule of
``stories.copies.pairs`` (empty bodies never pair).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import numpy as np

from copydesk.stories import copies, similarity
from copydesk.stories.index import SLACK, TermIndex
from copydesk.stories.represent import Representation
from copydesk.text import minhash as fp

PAIRS = "a string, b string"


def floor(params: similarity.Params) -> float:
    return params.threshold - SLACK


def max_gap(params: similarity.Params) -> float:
    """Days beyond which two dated articles cannot clear the threshold (a cosine is at most 1)."""
    return params.grace_days + params.decay_days * math.log(1.0 / floor(params))


def similar_pairs(reps: Any, params: similarity.Params) -> Any:
    """(a, b), a < b: article pairs whose similarity clears the threshold (``reps``: id, term_ids,
    term_weights, time; time null or NaN when undated)."""
    from pyspark.sql import functions as F

    vec = reps.select("id", "term_ids", "term_weights", "time")
    dated = F.col("time").isNotNull() & ~F.isnan("time")
    bucket = F.floor(F.col("time") / F.lit(max_gap(params))).cast("long")
    own = vec.where(dated).withColumn("window", bucket).withColumn("query", F.lit(True))
    earlier = vec.where(dated).withColumn("window", bucket - 1).withColumn("query", F.lit(False))
    windows = own.unionByName(earlier).groupBy("window").applyInPandas(_window_pairs(params), PAIRS)
    scored = (
        similar_candidates(reps, params, undated=vec.where(~dated).select("id"))
        .join(vec.toDF("a", "a_ids", "a_w", "a_time"), "a")
        .join(vec.toDF("b", "b_ids", "b_w", "b_time"), "b")
        .select("a", "b", "a_ids", "a_w", "a_time", "b_ids", "b_w", "b_time")
        .mapInPandas(_keep_similar(params), PAIRS)
    )
    return windows.unionByName(scored).distinct()


def _window_pairs(params: similarity.Params):  # noqa: ANN202 - a closure for applyInPandas
    """The pairs of one window (buckets k and k+1) with an article of bucket k on one side."""

    def run(frame: Any) -> Any:
        import pandas as pd

        reps = [
            Representation(i, np.asarray(ids, np.int64), np.asarray(w, np.float32), float(t))
            for i, ids, w, t in zip(frame["id"], frame["term_ids"], frame["term_weights"], frame["time"], strict=True)
        ]
        index = TermIndex()
        index.add_many(reps)
        pairs = {
            (min(r.article, o), max(r.article, o))
            for r, query in zip(reps, frame["query"], strict=True)
            if query
            for o in index.neighbours(r, params)
        }
        return pd.DataFrame(sorted(pairs), columns=["a", "b"])

    return run


def similar_candidates(reps: Any, params: similarity.Params, undated: Any) -> Any:
    """(a, b), a < b: the pairs with an ``undated`` side (id) sharing a prefix term, each to be
    scored exactly. Only undated articles' prefixes are joined against the others', so the dated
    pairs (the windows' work) never enter this join."""
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
    left, right = prefix.join(undated, "id").alias("l"), prefix.alias("r")
    return (
        left.join(right, "term")
        .where(F.col("l.id") != F.col("r.id"))
        .select(F.least("l.id", "r.id").alias("a"), F.greatest("l.id", "r.id").alias("b"))
        .distinct()
    )


def _keep_similar(params: similarity.Params):  # noqa: ANN202 - a closure for mapInPandas
    t = floor(params)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        for batch in batches:
            dots = _dots(batch["a_ids"], batch["a_w"], batch["b_ids"], batch["b_w"])
            gaps = batch["a_time"].to_numpy(np.float64) - batch["b_time"].to_numpy(np.float64)  # NaN: undated
            keep = (dots >= t) & (dots * similarity.date_factor(gaps, params) >= t)
            yield pd.DataFrame({"a": batch["a"][keep], "b": batch["b"][keep]})

    return run


def _dots(a_ids: Any, a_w: Any, b_ids: Any, b_w: Any) -> np.ndarray:
    """Row-wise dot products of two columns of sparse vectors (term ids unique within a vector)."""
    n = len(a_ids)
    if not n:
        return np.zeros(0)
    la = np.fromiter((len(x) for x in a_ids), np.int64, n)
    lb = np.fromiter((len(x) for x in b_ids), np.int64, n)
    if not la.sum() or not lb.sum():
        return np.zeros(n)
    pair = np.concatenate([np.repeat(np.arange(n), la), np.repeat(np.arange(n), lb)])
    ids = np.concatenate([np.concatenate([np.asarray(x, np.int64) for x in a_ids]),
                          np.concatenate([np.asarray(x, np.int64) for x in b_ids])])  # fmt: skip
    w = np.concatenate([np.concatenate([np.asarray(x, np.float64) for x in a_w]),
                        np.concatenate([np.asarray(x, np.float64) for x in b_w])])  # fmt: skip
    order = np.lexsort((ids, pair))
    pair, ids, w = pair[order], ids[order], w[order]
    shared = (pair[1:] == pair[:-1]) & (ids[1:] == ids[:-1])  # the a entry, then the b entry
    return np.bincount(pair[:-1][shared], weights=w[:-1][shared] * w[1:][shared], minlength=n)


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
