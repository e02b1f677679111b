"""What the job writes under ``--out``: Parquet tables and, when small enough, ``analysis.json``.

Tables (one folder each, Parquet):

- ``articles``: ``id``, ``source``, ``title``, ``outlet``, ``url``, ``published``, ``story``
  (the story id), ``input_no``/``path_key``/``rec`` (the reading order), ``annotated`` (the
  article in the JSON contract: metadata, text and every span layer, as one JSON string);
- ``stories``: ``story``, ``founder``, ``size``, ``title``, ``articles`` (ids, founder first),
  ``founder_time`` (epoch days, the story order), ``story_json`` (the ``Story`` as JSON:
  relations, families, quotes, quote groups, quantities, claims, divergences, summary);
- ``problems``: ``source``, ``problem`` (the one line ``analyze`` prints), ``stage``
  ("read" or "repeat") and the reading order.

``analysis.json`` is ``render.json.dumps`` of the same ``Analysis`` (articles in input order,
stories by founder, problems): byte for byte what ``copydesk analyze --json`` writes for
the same input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from copydesk import codec
from copydesk.model import Analysis, Story
from copydesk.render import json as render_json

JSON_LIMIT = 20_000  # articles; past this one JSON file is no longer useful to open


def write_tables(out: str, articles: Any, stories: Any, problems: Any) -> None:
    articles.write.mode("overwrite").parquet(f"{out}/articles")
    stories.write.mode("overwrite").parquet(f"{out}/stories")
    problems.write.mode("overwrite").parquet(f"{out}/problems")


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
