"""The whole Spark job: read → per-article stages → edges → components → stories → per-story
stages → tables. Every stage calls the in-process pipeline's functions (see ``scale``)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from copydesk.scale import components, edges, group, output, sources
from copydesk.scale.annotate import annotate
from copydesk.stories import similarity


@dataclass
class Summary:
    articles: int = 0
    stories: int = 0
    problems: list[str] = field(default_factory=list)
    similar_pairs: int = 0
    copy_pairs: int = 0
    json_path: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


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
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    params = params or similarity.Params()
    partitions = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    summary, clock = Summary(), time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[stage] = round(now - clock, 2)
        clock = now

    order = ["input_no", "path_key", "rec"]
    records = sources.read_records(spark, [str(i) for i in inputs]).persist(StorageLevel.MEMORY_AND_DISK)
    nth = F.row_number().over(Window.partitionBy("id").orderBy(*order))
    found = records.where(F.col("kind") == "article").withColumn("nth", nth)
    unique = found.where(F.col("nth") == 1).drop("nth", "kind")
    repeats = found.where(F.col("nth") > 1).select(
        *order, "source", F.concat("source", F.lit(": same article as one already read, skipped")).alias("problem"),
        F.lit("repeat").alias("stage"),
    )  # fmt: skip
    read_problems = records.where(F.col("kind") == "problem").select(
        *order, "source", F.col("payload").alias("problem"), F.lit("read").alias("stage")
    )
    problems = read_problems.unionByName(repeats)
    summary.articles = unique.count()
    lap("read")

    annotated = annotate(unique.repartition(partitions, "id")).persist(StorageLevel.MEMORY_AND_DISK)
    annotated.count()
    lap("annotate")

    copy = edges.copy_pairs(annotated).persist(StorageLevel.MEMORY_AND_DISK)
    similar = edges.similar_pairs(annotated, params).persist(StorageLevel.MEMORY_AND_DISK)
    summary.copy_pairs, summary.similar_pairs = copy.count(), similar.count()
    lap("edges")

    comps = components.components(annotated.select("id"), similar.unionByName(copy))
    assigned = group.assign_stories(annotated, comps, copy, params).persist(StorageLevel.MEMORY_AND_DISK)
    assigned.count()
    lap("group")

    stories = group.analyze_stories(annotated, assigned)
    members = assigned.groupBy("story").agg(F.sort_array(F.collect_list(F.struct("rank", "id"))).alias("m"))
    stories = (
        stories.join(members.select("story", F.col("m.id").alias("articles")), "story")
        .join(annotated.select(F.col("id").alias("founder"), F.col("time").alias("founder_time")), "founder")
        .withColumn("founder_time", F.when(F.isnan("founder_time"), None).otherwise(F.col("founder_time")))
    )
    get = F.get_json_object
    articles = unique.select("id", "source", *order).join(annotated.select("id", "annotated"), "id").join(
        assigned.select("id", "story"), "id"
    )
    articles = articles.select(
        "id", "source",
        *[get("annotated", f"$.{k}").alias(k) for k in ("title", "outlet", "url", "published")],
        "story", *order, "annotated",
    )  # fmt: skip
    output.write_tables(spark, out, articles, stories, problems)
    lap("stories")

    summary.stories = spark.read.parquet(f"{out}/stories").count()
    summary.problems = [r.problem for r in spark.read.parquet(f"{out}/problems").orderBy("stage", *order).collect()]
    path = output.write_json(spark, out, json_limit)
    summary.json_path = str(path) if path else None
    lap("json")
    for df in (records, annotated, copy, similar, assigned):
        df.unpersist()
    return summary
