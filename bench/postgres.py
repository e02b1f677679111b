"""The store on SQLite vs PostgreSQL, same data: ingest throughput and read/search latency.

Builds 2,000 article-like texts in 200 stories (hand-annotated, shaped as ``web_load.py`` makes
them, each story with words of its own; no parser time hides the store's) and, for each backend:

- **ingest**: the store side of ``copydesk ingest`` exactly as ``ingest.py`` runs it: batches
  of 64 stored and placed in stories in one transaction each (``add_articles(within=assign)``),
  then ``update_stories`` (every story analysed and written). Articles per second for the
  first, seconds for the second.
- **search**: ``Store.search`` for 300 queries (two words, a "phrase", a prefix*), one at a
  time: p50/p95 ms (FTS5 vs tsvector/GIN with ts_headline; newest matches first on both).
- **web**: every story page and 150 search pages through the ASGI app in-process, each URL
  once (so the page cache is always cold): p50/p95 ms.

PostgreSQL: the server ``--pg URL`` names (a role that may create databases; a database is
made and dropped), else a throwaway cluster of Debian's server started here with
``synchronous_commit=off`` (durable like SQLite's WAL + synchronous=NORMAL, which this store
uses: a crash may lose the last commits, never corrupt). Both run on the same machine as the
client. Writes bench/results/postgres.json.

    .venv/bin/python bench/postgres.py [--articles 2000] [--stories 200] [--pg URL]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "tests")]

from pgserver import Server, start_throwaway  # noqa: E402 - the tests' server helper
from web_load import machine, make_story, pct  # noqa: E402 - articles shaped as web_load's

from copydesk.ingest import update_stories  # noqa: E402
from copydesk.store import Store, clusters  # noqa: E402

BATCH = 64


def data(articles: int, stories: int) -> tuple[list, list[str]]:
    """Articles in ``stories`` distinct events: each story's texts draw on a vocabulary of its own
    (60 English words out of wordfreq's common ones), so the store's grouping finds them apart."""
    from wordfreq import top_n_list

    common, rng = [w for w in top_n_list("en", 8000)[300:] if w.isalpha() and len(w) > 3], random.Random(7)
    items, queries = [], []
    for n in range(stories):
        made, _ = make_story(n, rng.sample(common, 60), rng, articles // stories)
        items += made
        w = made[0].text.split()[6:40]
        a, b = rng.sample(w, 2)
        queries += [f"{a} {b}", '"' + " ".join(w[3:6]) + '"', a[:4] + "*"]
    random.Random(11).shuffle(items)  # stories arrive interleaved, as a news feed does
    return items, queries[:300]


def ingest_phase(db: str | Path, items: list) -> dict[str, float]:
    with Store(db) as store:
        graph = None

        def place(tx, added) -> None:  # noqa: ANN001
            nonlocal graph
            graph = clusters.assign(tx, added, graph)

        t0 = time.perf_counter()
        for i in range(0, len(items), BATCH):
            store.add_articles(items[i : i + BATCH], within=place)
        placed = time.perf_counter() - t0
        t0 = time.perf_counter()
        done, _ = update_stories(store, graph)
        analysed = time.perf_counter() - t0
        assert store.count_articles() == len(items)
        return {"store_and_place_articles_per_s": round(len(items) / placed, 1),
                "store_and_place_s": round(placed, 2), "update_stories_s": round(analysed, 2),
                "stories": store.count_stories(), "stories_analysed": len(done)}  # fmt: skip


def timed(fn, args_list: list) -> list[float]:  # noqa: ANN001
    out = []
    for a in args_list:
        t0 = time.perf_counter()
        fn(a)
        out.append(time.perf_counter() - t0)
    return out


def read_phase(db: str | Path, queries: list[str]) -> dict[str, object]:
    from fastapi.testclient import TestClient

    from copydesk.web import create_app

    with Store(db) as store:
        hits = [len(store.search(q)) for q in queries]
        search = timed(store.search, queries)
        story_ids = [r.id for r in store.story_rows(limit=None)]
    client = TestClient(create_app(db))
    pages = timed(lambda u: client.get(u).raise_for_status(), [f"/stories/{s}" for s in story_ids])
    searches = timed(lambda u: client.get(u).raise_for_status(), [f"/search?q={quote(q)}" for q in queries[:150]])
    ms = lambda v, p: round(pct(v, p), 2)  # noqa: E731
    return {"search_queries": len(queries), "queries_with_hits": sum(h > 0 for h in hits),
            "search_p50_ms": ms(search, 50), "search_p95_ms": ms(search, 95),
            "story_page_p50_ms": ms(pages, 50), "story_page_p95_ms": ms(pages, 95),
            "search_page_p50_ms": ms(searches, 50), "search_page_p95_ms": ms(searches, 95)}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--stories", type=int, default=200)
    ap.add_argument("--pg", help="PostgreSQL URL of a role that may create databases (default: a throwaway cluster)")
    args = ap.parse_args()
    logging.disable(logging.INFO)  # no line per request from the test client
    host = machine()
    items, queries = data(args.articles, args.stories)
    server = Server(args.pg or start_throwaway("-c synchronous_commit=off"))
    settings = {k: server.admin.execute(f"SHOW {k}").fetchone()[0]
                for k in ("server_version", "fsync", "synchronous_commit", "shared_buffers")}  # fmt: skip
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, db in (("sqlite", Path(tmp) / "bench.db"), ("postgres", server.new_db())):
            results[name] = {**ingest_phase(db, items), **read_phase(db, queries)}
            print(name, json.dumps(results[name]), flush=True)
    server.drop_all()
    host["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    s, p = results["sqlite"], results["postgres"]
    result = {
        "machine": host,
        "data": f"{args.articles} hand-annotated article-like texts in {args.stories} stories (shaped as "
                "bench/web_load.py's, a vocabulary per story), shuffled; same items and queries for both backends",
        "sqlite": {**s, "settings": "WAL, synchronous=NORMAL, FTS5 porter unicode61"},
        "postgres": {**p, "settings": settings, "where": "same machine, loopback TCP"},
        "postgres_vs_sqlite": {
            "ingest_throughput": round(p["store_and_place_articles_per_s"] / s["store_and_place_articles_per_s"], 2),
            "update_stories_time": round(p["update_stories_s"] / s["update_stories_s"], 2),
            "search_p95": round(p["search_p95_ms"] / s["search_p95_ms"], 2),
            "story_page_p95": round(p["story_page_p95_ms"] / s["story_page_p95_ms"], 2),
        },
        "command": "python bench/postgres.py" + (" --pg URL" if args.pg else ""),
    }  # fmt: skip
    out = ROOT / "bench" / "results" / "postgres.json"
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
