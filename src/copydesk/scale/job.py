"""The whole Spark job: read → per-article stages → edges → components → stories → reuse
across stories → per-story stages → tables. Every stage calls the in-process pipeline's functions (see ``scale``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk.scale import components, edges, group, output, reuse, sources
from copydesk.scale.annotate import annotate
from copydesk.stories import similarity

STAGES = ("read", "annotate", "copies", "similar", "components", "group", "reuse", "stories", "json")


@dataclass
class Summary:
    articles: int = 0
    stories: int = 0
    problems: list[str] = field(default_factory=list)
    similar_pairs: int = 0
    copy_pairs: int = 0
    reuse_pairs: int = 0  # verified copy relations between articles of different stories
    largest_component: int = 0  # articles: one task groups it, in time and memory quadratic in it
    json_path: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each of ``STAGES`` run
    _clock: float = field(default_factory=time.perf_counter, repr=False)

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = round(now - self._clock, 2)
        self._clock = now


ORDER = ["input_no", "path_key", "rec"]


def run(
    spark: Any,
    inputs: Sequence[str],
    out: str,
    partitions: int | None = None,
    params: similarity.Params | None = None,
    json_limit: int = output.JSON_LIMIT,
) -> Summary:
    """Analyse ``inputs`` on ``spark`` and write the tables (and ``analysis.json``) under ``out``."""
    from pyspark import StorageLevel

    partitions = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    summary = Summary()
    records = sources.read_records(spark, [str(i) for i in inputs]).persist(StorageLevel.MEMORY_AND_DISK)
    unique, problems = read(records)
    summary.articles = unique.count()
    summary.lap("read")
    from pyspark.sql import functions as F

    rows = annotate(unique.repartition(partitions, "id")).persist(StorageLevel.MEMORY_AND_DISK)
    rows.count()
    summary.lap("annotate")
    annotated = rows.where(F.col("skipped").isNull())
    over_budget = unique.select("id", "source", *ORDER).join(rows.where(F.col("skipped").isNotNull()), "id")
    problems = problems.unionByName(
        over_budget.select(*ORDER, "source", F.col("skipped").alias("problem"), F.lit("annotate").alias("stage"))
    )
    unique = unique.join(annotated.select("id"), "id", "left_semi")
    finish(spark, unique, annotated, problems, out, summary, params, json_limit)
    for df in (records, rows):
        df.unpersist()
    return summary


def read(records: Any) -> tuple[Any, Any]:
    """(articles: each id once, a text from another source under its republished id;
    problems: unreadable inputs and repeats of a source)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    # as ``pipeline.read_inputs``: a text read again from the same source is a repeat; from
    # another source it is another publication, kept under ``model.republished_id``
    nth = F.row_number().over(Window.partitionBy("id", "source").orderBy(*ORDER))
    found = records.where(F.col("kind") == "article").withColumn("nth", nth)
    first = F.row_number().over(Window.partitionBy("id").orderBy(*ORDER))
    republished = F.substring(F.sha2(F.concat_ws("\x1f", "id", "source"), 256), 1, 16)
    unique = (
        found.where(F.col("nth") == 1).withColumn("first", first)
        .withColumn("id", F.when(F.col("first") == 1, F.col("id")).otherwise(republished))
        .drop("nth", "first", "kind")
    )
    repeats = found.where(F.col("nth") > 1).select(
        *ORDER, "source", F.concat("source", F.lit(": same article as one already read, skipped")).alias("problem"),
        F.lit("repeat").alias("stage"),
    )  # fmt: skip
    read_problems = records.where(F.col("kind") == "problem").select(
        *ORDER, "source", F.col("payload").alias("problem"), F.lit("read").alias("stage")
    )
    return unique, read_problems.unionByName(repeats)


def finish(
    spark: Any,
    unique: Any,
    annotated: Any,
    problems: Any,
    out: str,
    summary: Summary,
    params: similarity.Params | None = None,
    json_limit: int = output.JSON_LIMIT,
    until: str = "json",
) -> Summary:
    """Every stage after ``annotate``: edges → components → stories → reuse across stories →
    per-story stages → tables.

    ``unique``: id, source and reading order of each article; ``annotated``: ``annotate.ANNOTATED``.
    ``until`` stops after that stage (``bench/spark_scale.py`` times the grouping stages alone).
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    params = params or similarity.Params()
    keep = StorageLevel.MEMORY_AND_DISK
    copy = edges.copy_pairs(annotated).persist(keep)
    summary.copy_pairs = copy.count()
    summary.lap("copies")
    similar = edges.similar_pairs(annotated, params).persist(keep)
    summary.similar_pairs = similar.count()
    summary.lap("similar")
    comps = components.components(annotated.select("id"), similar.unionByName(copy)).persist(keep)
    sizes = comps.groupBy("component").count()
    summary.largest_component = sizes.agg(F.max("count")).first()[0] or 0
    summary.lap("components")
    assigned = group.assign_stories(annotated, comps, copy, params).persist(keep)
    summary.stories = assigned.select("story").distinct().count()
    summary.lap("group")
    cached = [copy, similar, comps, assigned]
    if STAGES.index(until) >= STAGES.index("reuse"):
        found = reuse.relations(unique, annotated, assigned, ORDER).persist(keep)
        summary.reuse_pairs = found.count()
        cached.append(found)
        summary.lap("reuse")
    if STAGES.index(until) >= STAGES.index("stories"):
        stories = group.analyze_stories(annotated, assigned, found)
        members = assigned.groupBy("story").agg(F.sort_array(F.collect_list(F.struct("rank", "id"))).alias("m"))
        stories = (
            stories.join(members.select("story", F.col("m.id").alias("articles")), "story")
            .join(annotated.select(F.col("id").alias("founder"), F.col("time").alias("founder_time")), "founder")
            .withColumn("founder_time", F.when(F.isnan("founder_time"), None).otherwise(F.col("founder_time")))
        )
        get = F.get_json_object
        articles = unique.select("id", "source", *ORDER).join(annotated.select("id", "annotated"), "id").join(
            assigned.select("id", "story"), "id"
        )
        articles = articles.select(
            "id", "source",
            *[get("annotated", f"$.{k}").alias(k) for k in ("title", "outlet", "url", "published")],
            "story", *ORDER, "annotated",
        )  # fmt: skip
        output.write_tables(spark, out, articles, stories, problems)
        summary.problems = [r.problem for r in spark.read.parquet(f"{out}/problems").orderBy("stage", *ORDER).collect()]
        summary.lap("stories")
    if until == "json":
        path = output.write_json(spark, out, json_limit)
        summary.json_path = str(path) if path else None
        summary.lap("json")
    for df in cached:
        df.unpersist()
    return summary
