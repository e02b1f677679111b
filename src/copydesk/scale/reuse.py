"""Passages reused across stories, as joins: ``compare.reuse``'s rules on the whole input.

Each article's winnowed passage hashes (``reuse.passage_hashes``) are exploded; per hash its
holders in input order, the first ``MAX_POSTINGS + 1`` of them counted (as ``candidate_pairs``
does); every earlier/later pair of a hash's counted holders is a hit, pairs with
``MIN_SHARED`` hits or more are candidates, and each later article keeps its
``MAX_CANDIDATES`` best (most hits, then the earliest). Pairs whose stories differ are verified
by ``provenance.compare_items`` in a pandas UDF, and each story gets the relations one of its
members takes part in through ``reuse.attach``: the same ``reuse`` as ``copydesk analyze``.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from copydesk import codec
from copydesk.compare import provenance, reuse
from copydesk.model import Relation, Story
from copydesk.render.json import article_from_dict

HASHES = "id string, hash bigint"
# Prepared articles kept per task (``provenance.prepare``: tokens and sentence embeddings, ~3 ms
# and ~65 KB for a 300-word article; repeated per pair it was most of the stage). Pairs come
# sorted by the earlier article, so its copy is needed only while its pairs last; the later
# ones are the task's range of positions, met in any order: tasks get about this many (~270 MB;
# fewer, larger tasks prepare less, as each task prepares the earlier articles it names again).
PREPARED_EARLIER = 16
PREPARED_LATER = 4096
FOUND = "a_story string, b_story string, a_pos int, b_pos int, relation string"


def relations(unique: Any, annotated: Any, assigned: Any, order: Sequence[str]) -> Any:
    """(a_story, b_story, a_pos, b_pos, relation JSON): each verified cross-story relation, with
    both articles' stories and input positions (by which ``analyze`` orders them).

    ``unique``: id and the reading-order columns ``order``; ``annotated``: id, annotated;
    ``assigned``: id, story.
    """
    from pyspark.sql import functions as F

    pos = positions(unique, order).localCheckpoint()  # joined four times below: sort and number once
    hashes = annotated.select("id", "annotated").mapInPandas(_hashes, HASHES).join(pos, "id")
    found = candidates(hashes.select("pos", "hash"))
    story_at = pos.join(assigned.select("id", "story"), "id")
    # Each task verifies the pairs of a range of later articles, as many pairs in each (the
    # later an article, the more earlier ones it shares passages with), and about
    # ``PREPARED_LATER`` later articles at most: a multiple of the partition count, so the
    # tasks spread evenly over the cores.
    partitions = int(annotated.sparkSession.conf.get("spark.sql.shuffle.partitions"))
    tasks = partitions * -(-pos.count() // (PREPARED_LATER * partitions))
    pairs = (
        found.join(story_at.select(F.col("pos").alias("a_pos"), F.col("story").alias("a_story")), "a_pos")
        .join(story_at.select(F.col("pos").alias("b_pos"), F.col("story").alias("b_story")), "b_pos")
        .where(F.col("a_story") != F.col("b_story"))
        .localCheckpoint()  # read three times below
    )
    pairs = _by_task(pairs, tasks)
    # A task's articles travel once each, ahead of its pairs, rather than twice per pair (the
    # pairs outnumber the articles ~10 to 1, and sorting them with both texts spilled). A task
    # holds their texts: its later articles and at most ``MAX_CANDIDATES`` earlier ones each.
    needed = pairs.select("task", F.col("a_pos").alias("pos")).union(pairs.select("task", F.col("b_pos").alias("pos")))
    texts = needed.distinct().join(pos.join(annotated.select("id", "annotated"), "id").select("pos", "annotated"), "pos")
    rows = texts.select(
        "task", F.lit(False).alias("pair"), "pos", "annotated", *[F.lit(None).cast(t).alias(c) for c, t in _PAIR]
    ).unionByName(
        pairs.select("task", F.lit(True).alias("pair"), F.lit(None).cast("int").alias("pos"),
                     F.lit(None).cast("string").alias("annotated"), *[c for c, _ in _PAIR])
    )  # fmt: skip
    ordered = one_per_partition(rows, "task", tasks).sortWithinPartitions("task", "pair", "a_pos", "b_pos", "pos")
    return ordered.mapInPandas(_verify, FOUND)


_PAIR = (("a_pos", "int"), ("b_pos", "int"), ("a_story", "string"), ("b_story", "string"))


def _by_task(pairs: Any, tasks: int) -> Any:
    """``pairs`` with ``task``: ``tasks`` ranges of ``b_pos`` holding about as many pairs each."""
    from pyspark.ml.feature import Bucketizer
    from pyspark.sql import functions as F

    cuts = sorted(set(pairs.approxQuantile("b_pos", [i / tasks for i in range(1, tasks)], 0.001)))
    if not cuts:  # one task, or no pairs
        return pairs.withColumn("task", F.lit(0))
    splits = [-math.inf, *cuts, math.inf]
    as_double = pairs.withColumn("b", F.col("b_pos").cast("double"))  # what Bucketizer reads
    bucketed = Bucketizer(splits=splits, inputCol="b", outputCol="task").transform(as_double)
    return bucketed.withColumn("task", F.col("task").cast("int")).drop("b")


def one_per_partition(df: Any, column: str, n: int) -> Any:
    """``df`` in ``n`` partitions, the rows whose ``column`` (an int in 0..n-1) is i in the i-th.

    A range partitioner samples and may put two small tasks in one partition and leave
    another empty; adaptive execution would coalesce them. Spark places a row by the Murmur3
    hash of its key (seed 42, as ``F.hash``), so each i gets a stand-in key that lands in
    partition i, and an explicit partition count is never coalesced.
    """
    from pyspark.sql import functions as F

    spark = df.sparkSession
    keys = spark.range(0, 64 * n).select(F.pmod(F.hash("id"), F.lit(n)).cast("int").alias(column), "id")
    keys = keys.groupBy(column).agg(F.min("id").alias("_key")).collect()
    if len(keys) < n:  # pragma: no cover - 64 draws per partition miss one with odds e^-64
        raise RuntimeError(f"no key found for {n - len(keys)} of {n} partitions")
    lookup = spark.createDataFrame([(r[column], r["_key"]) for r in keys], f"{column} int, _key bigint")
    return df.join(F.broadcast(lookup), column).repartition(n, "_key").drop("_key")


def positions(unique: Any, order: Sequence[str]) -> Any:
    """(id, pos): each article's place in reading order ``order``, from 1. Numbered by
    ``zipWithIndex`` over the sorted rows, which keeps the sort's partitions (a window ordered
    over the whole input would pull every row into one partition)."""
    ranked = unique.select("id", *order).orderBy(*order).rdd.zipWithIndex()
    return unique.sparkSession.createDataFrame(ranked.map(lambda row: (row[0].id, row[1] + 1)), "id string, pos int")


def candidates(hashes: Any) -> Any:
    """(a_pos, b_pos), a_pos < b_pos: the pairs ``reuse.candidate_pairs`` gives for the input
    positions ``pos`` holding each passage ``hash`` (``hashes``: pos, hash; each pair once)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    nth = F.row_number().over(Window.partitionBy("hash").orderBy("pos"))
    holders = hashes.withColumn("nth", nth).where(F.col("nth") <= reuse.MAX_POSTINGS + 1).select("hash", "pos")
    hits = (
        holders.toDF("hash", "a_pos").join(holders.toDF("hash", "b_pos"), "hash")
        .where(F.col("a_pos") < F.col("b_pos"))
        .groupBy("a_pos", "b_pos").agg(F.count("*").alias("shared"))
        .where(F.col("shared") >= reuse.MIN_SHARED)
    )  # fmt: skip
    best = F.row_number().over(Window.partitionBy("b_pos").orderBy(F.desc("shared"), "a_pos"))
    return hits.withColumn("nth", best).where(F.col("nth") <= reuse.MAX_CANDIDATES).select("a_pos", "b_pos")


def per_story(found: Any) -> Any:
    """(story, a_pos, b_pos, relation): each relation ``found`` under each of its two stories."""
    from pyspark.sql import functions as F

    ends = [found.select(F.col(f"{end}_story").alias("story"), "a_pos", "b_pos", "relation") for end in "ab"]
    return ends[0].unionByName(ends[1])


def with_reuse(story: Story, found: Any) -> Story:
    """``story`` with its rows of :func:`per_story` (a pandas frame) as ``reuse``, in input order."""
    if not len(found):
        return story
    rows = found.sort_values(["a_pos", "b_pos"])
    [story] = reuse.attach([story], [codec.loads(Relation, r) for r in rows["relation"]])
    return story


def _hashes(batches: Iterator[Any]) -> Iterator[Any]:
    import pandas as pd

    for batch in batches:
        ids, hashes = [], []
        for aid, annotated in zip(batch["id"], batch["annotated"], strict=True):
            h = reuse.passage_hashes(article_from_dict(json.loads(annotated))).view(np.int64)  # same bits, Spark's long
            ids += [aid] * len(h)
            hashes.append(h)
        yield pd.DataFrame({"id": ids, "hash": np.concatenate(hashes) if hashes else np.zeros(0, np.int64)})


def _verify(batches: Iterator[Any]) -> Iterator[Any]:
    """Rows sorted by task, each task's articles (``pair`` false) before its pairs, the pairs by
    the earlier article: the relation of each pair that is not independent."""
    import pandas as pd

    task = None
    texts: dict[int, str] = {}
    earlier: OrderedDict[int, provenance.Item] = OrderedDict()  # an article is in several pairs
    later: OrderedDict[int, provenance.Item] = OrderedDict()
    for batch in batches:
        rows = []
        for row in batch.itertuples(index=False):
            if row.task != task:
                task = row.task
                for held in (texts, earlier, later):
                    held.clear()
            if not row.pair:
                texts[row.pos] = row.annotated
                continue
            a = _item(earlier, PREPARED_EARLIER, row.a_pos, texts[row.a_pos])
            rel = provenance.compare_items(a, _item(later, PREPARED_LATER, row.b_pos, texts[row.b_pos]))
            if rel.type != "independent":
                rows.append((row.a_story, row.b_story, row.a_pos, row.b_pos, codec.dumps(rel)))
        yield pd.DataFrame(rows, columns=["a_story", "b_story", "a_pos", "b_pos", "relation"])


def _item(prepared: OrderedDict[int, provenance.Item], keep: int, pos: int, annotated: str) -> provenance.Item:
    """The prepared article at ``pos``, from the last ``keep`` used (the task's cache)."""
    if pos in prepared:
        prepared.move_to_end(pos)
        return prepared[pos]
    prepared[pos] = item = provenance.prepare(article_from_dict(json.loads(annotated)))
    if len(prepared) > keep:
        prepared.popitem(last=False)
    return item
