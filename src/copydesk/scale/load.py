"""Put a Spark result (``copydesk spark --out DIR``) into a store, for the web app.

Reads the Parquet tables with pyarrow (no Spark session needed) in the job's reading order. The
articles are stored and placed by the store's own grouping, which gives the Spark job's stories
(both are the same function of the set of articles); the job's analyses are then written as
they are, and only a story the grouping made differently (the store already held other
articles) is analysed again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from copydesk import codec
from copydesk.ingest import IngestResult, add_and_place, touched_articles, update_stories
from copydesk.model import Annotated, Story
from copydesk.pipeline import Progress, _quiet
from copydesk.render.json import article_from_dict
from copydesk.store import Store, clusters, is_url

BATCH = 256


def _rows(folder: Path, columns: list[str], order: list[str]) -> list[dict]:
    import pyarrow.parquet as pq

    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a table of a `copydesk spark` result")
    table = pq.read_table(folder, columns=columns)
    if order:
        table = table.sort_by([(c, "ascending") for c in order])
    return table.to_pylist()


def read_articles(out: Path) -> Iterator[Annotated]:
    """The job's articles, in the order `analyze` would read them."""
    for row in _rows(out / "articles", ["annotated", "input_no", "path_key", "rec"], ["input_no", "path_key", "rec"]):
        yield article_from_dict(json.loads(row["annotated"]))


def read_stories(out: Path) -> list[Story]:
    return [codec.loads(Story, r["story_json"]) for r in _rows(out / "stories", ["story_json"], [])]


def load(out: str | Path, db: str | Path, progress: Progress = _quiet) -> IngestResult:
    """Store the articles and stories of the Spark result in ``out`` into the store at ``db``."""
    out = Path(out)
    stories = read_stories(out)
    articles = list(read_articles(out))
    result = IngestResult()
    if not is_url(db):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        graph = clusters.load(store.conn)
        for i in range(0, len(articles), BATCH):
            graph = add_and_place(store, articles[i : i + BATCH], graph, result)
            progress("load", min(i + BATCH, len(articles)), len(articles))
        graph = clusters.current(store.conn, graph)
        ready = [s for s in stories if graph.stories.get(s.id) == list(s.articles)]
        store.put_stories(ready, if_grouping=graph.version)
        result.updated, result.graph = update_stories(store, graph, progress, touched_articles(result))
        result.stories = store.count_stories()
    return result
