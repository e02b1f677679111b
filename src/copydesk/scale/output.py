"""What the job writes under ``--out``: Parquet tables and, when small enough, ``analysis.json``.

Tables (one folder each, Parquet):

- ``articles``: ``id``, ``source``, ``title``, ``outlet``, ``url``, ``published``, ``story``
  (the story id), ``input_no``/``path_key``/``rec`` (the reading order), ``annotated`` (the
  article in the JSON contract: metadata, text and every span layer, as one JSON string);
- ``stories``: ``story``, ``founder``, ``size``, ``title``, ``articles`` (ids, founder first),
  ``founder_time`` (epoch days, the story order), ``story_json`` (the ``Story`` as JSON:
  relations, families, quotes, quote groups, quantities, claims, divergences, summary, and
  ``reuse``: the relations with articles of other stories, from ``scale.reuse``);
- ``problems``: ``source``, ``problem`` (the one line ``analyze`` prints), ``stage``
  ("read" or "repeat") and the reading order;
- ``spans``, ``relations``, ``quotes``, ``claims``: the layers and the cross-article findings
  flattened, one row each (schemas in ``scale.tables``), read back from the two tables above
  so no stage runs twice.

``analysis.json`` is ``render.json.dumps`` of the same ``Analysis`` (articles in input order,
stories by founder, problems): byte for byte what ``copydesk analyze --json`` writes for
the same input.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pyarrow as pa

from copydesk import codec
from copydesk.model import Analysis, Story
from copydesk.render import json as render_json
from copydesk.scale import tables

JSON_LIMIT = 20_000  # articles; past this one JSON file is no longer useful to open


TABLES = ("articles", "spans", "stories", "relations", "quotes", "claims", "problems")


def write_tables(spark: Any, out: str, articles: Any, stories: Any, problems: Any) -> None:
    """Every table under ``out``; the flat ones are derived from the written articles and stories."""
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    articles.write.mode("overwrite").parquet(f"{out}/articles")
    stories.write.mode("overwrite").parquet(f"{out}/stories")
    problems.write.mode("overwrite").parquet(f"{out}/problems")
    annotated = spark.read.parquet(f"{out}/articles").select("annotated")
    spans = annotated.mapInArrow(_article_spans, from_arrow_schema(tables.SPANS))
    spans.write.mode("overwrite").parquet(f"{out}/spans")
    # each story decoded once for its three tables: one row of three lists, then one table each
    story_json = spark.read.parquet(f"{out}/stories").select("story_json")
    per_story = story_json.mapInArrow(_story_rows, from_arrow_schema(_PER_STORY)).localCheckpoint()
    for name in tables.STORY_TABLES:
        per_story.select(F.explode(name).alias("row")).select("row.*").write.mode("overwrite").parquet(f"{out}/{name}")


_PER_STORY = pa.schema([(name, pa.list_(pa.struct(list(schema)))) for name, (schema, _) in tables.STORY_TABLES.items()])


def _article_spans(batches: Iterator[Any]) -> Iterator[Any]:
    for batch in batches:
        items = [render_json.article_from_dict(json.loads(a)) for a in batch.column("annotated").to_pylist()]
        yield pa.RecordBatch.from_pylist([r for item in items for r in tables.span_rows(item)], schema=tables.SPANS)


def _story_rows(batches: Iterator[Any]) -> Iterator[Any]:
    for batch in batches:
        stories = [codec.loads(Story, s) for s in batch.column("story_json").to_pylist()]
        rows = {name: [rows_of(story) for story in stories] for name, (_, rows_of) in tables.STORY_TABLES.items()}
        yield pa.RecordBatch.from_pydict(rows, schema=_PER_STORY)


def is_local(out: str) -> bool:
    return urlparse(out).scheme in ("", "file")


def write_json(spark: Any, out: str, limit: int = JSON_LIMIT) -> Path | None:
    """``analysis.json`` from the written tables (None when the output is remote or too large)."""
    if not is_local(out):
        return None
    articles = spark.read.parquet(f"{out}/articles")
    if articles.count() > limit:
        return None
    analysis = read_analysis(spark, out)
    path = Path(urlparse(out).path if out.startswith("file:") else out) / "analysis.json"
    path.write_text(render_json.dumps(analysis), encoding="utf-8")
    return path


def read_analysis(spark: Any, out: str) -> Analysis:
    """The ``Analysis`` held in an output folder's tables (collected on the driver)."""
    arts = spark.read.parquet(f"{out}/articles").orderBy("input_no", "path_key", "rec").select("annotated").collect()
    stories = (
        spark.read.parquet(f"{out}/stories")
        .orderBy(_nulls_last("founder_time"), "founder")
        .select("story_json")
        .collect()
    )
    problems = spark.read.parquet(f"{out}/problems").orderBy("stage", "input_no", "path_key", "rec").collect()
    return Analysis(
        articles=[render_json.article_from_dict(json.loads(r.annotated)) for r in arts],
        stories=[codec.loads(Story, r.story_json) for r in stories],
        problems=[r.problem for r in problems],
    )


def _nulls_last(col: str) -> Any:
    from pyspark.sql import functions as F

    return F.col(col).asc_nulls_last()
