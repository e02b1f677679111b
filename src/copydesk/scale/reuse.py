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
# ones are the task's range of positions, met in any order: tasks get at most this many.
PREPARED_EARLIER = 16
PREPARED_LATER = 2048
FOUND = "a_story string, b_story string, a_pos int, b_pos int, relation string"


def relations(unique: Any, annotated: Any, assigned: Any, order: Sequence[str]) -> Any:
    """(a_story, b_story, a_pos, b_pos, relation JSON): each verified cross-story relation, with
    both articles' stories and input positions (by which ``analyze`` orders them).

    ``unique``: id and the reading-order columns ``order``; ``annotated``: id, annotated;
    ``assigned``: id, story.
    """
    from pyspark.sql import functions as F

    pos = positions(unique, order)
    hashes = annotated.select("id", "annotated").mapInPandas(_hashes, HASHES).join(pos, "id")
    found = candidates(hashes.select("pos", "hash"))
    side = pos.join(assigned.select("id", "story"), "id").join(annotated.select("id", "annotated"), "id")
    # An explicit partition count: adaptive execution would coalesce these few, small-looking
    # rows into one task, and verifying is the costly part (one core did all of it). Each task
    # takes a range of later articles and meets its pairs sorted by the earlier one, so both
    # sides are prepared about once per task rather than once per pair (see ``PREPARED_*``).
    spread = max(int(annotated.sparkSession.conf.get("spark.sql.shuffle.partitions")), -(-pos.count() // PREPARED_LATER))
    pairs = (
        found.join(side.toDF("a", "a_pos", "a_story", "a_json"), "a_pos")
        .join(side.toDF("b", "b_pos", "b_story", "b_json"), "b_pos")
        .where(F.col("a_story") != F.col("b_story"))
        .repartitionByRange(spread, "b_pos")
        .sortWithinPartitions("a_pos", "b_pos")
    )
    return pairs.select("a_story", "b_story", "a_pos", "b_pos", "a_json", "b_json").mapInPandas(_verify, FOUND)


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


def attach(stories: Any, found: Any) -> Any:
    """``stories`` (story, story_json, …) with the ``relations`` of each story's members in its JSON."""
    from pyspark.sql import functions as F

    ends = [found.select(F.col(f"{end}_story").alias("story"), "a_pos", "b_pos", "relation") for end in "ab"]
    per_story = ends[0].unionByName(ends[1]).groupBy("story").agg(F.collect_list(F.struct("a_pos", "b_pos", "relation")).alias("reuse"))
    with_reuse = F.udf(lambda story_json, found: _with_reuse(story_json, found), "string")  # no hints: a plain UDF
    joined = stories.join(per_story, "story", "left")
    return joined.withColumn("story_json", with_reuse("story_json", "reuse")).drop("reuse")


def _with_reuse(story_json: str, found: list[Any] | None) -> str:
    if not found:
        return story_json  # no relation: the story as analysed, not decoded again
    ordered = [codec.loads(Relation, r.relation) for r in sorted(found, key=lambda r: (r.a_pos, r.b_pos))]
    [story] = reuse.attach([codec.loads(Story, story_json)], ordered)
    return codec.dumps(story)


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
    import pandas as pd

    earlier: OrderedDict[int, provenance.Item] = OrderedDict()  # an article is in several pairs
    later: OrderedDict[int, provenance.Item] = OrderedDict()
    for batch in batches:
        rows = []
        for a_story, b_story, a_pos, b_pos, a_json, b_json in batch.itertuples(index=False):
            a = _item(earlier, PREPARED_EARLIER, a_pos, a_json)
            rel = provenance.compare_items(a, _item(later, PREPARED_LATER, b_pos, b_json))
            if rel.type != "independent":
                rows.append((a_story, b_story, a_pos, b_pos, codec.dumps(rel)))
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
