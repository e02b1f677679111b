"""Load on the web app: 50 concurrent clients on loopback fetching story pages and searches.

Builds a store of 2,000 article-like texts in 200 stories (hand-annotated, no parser needed),
serves it with uvicorn in a child process, and runs a bounded closed loop of clients for a
fixed time. Writes bench/results/web_load.json and prints p50/p95/p99 latency and errors.

    .venv/bin/python bench/web_load.py [--seconds 30] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from copydesk.model import (
    Annotated,
    Article,
    Evidence,
    Quote,
    Relation,
    SourceRef,
    Span,
    Story,
    SummarySentence,
    content_id,
)  # fmt: skip
from copydesk.store import Store

ROOT = Path(__file__).resolve().parent.parent
OUTLETS = ["Daily Ledger", "Morning Post", "City Wire", "Evening Star", "Coast Herald", "Valley Times"]


def vocabulary() -> list[str]:
    words: list[str] = []
    for f in sorted((ROOT / "examples").glob("*/*.txt")):
        words += re.findall(r"[A-Za-z][a-z]+", f.read_text(encoding="utf-8"))
    return words


def make_story(n: int, words: list[str], rng: random.Random, size: int) -> tuple[list[Annotated], Story]:
    """``size`` articles about one event: a base report and copies with small edits."""
    topic = " ".join(rng.sample(words, 3))
    sentences = [" ".join(rng.choices(words, k=rng.randint(12, 24))).capitalize() + "." for _ in range(22)]
    quote = (
        f'"{" ".join(rng.choices(words, k=10)).capitalize()}," said Minister {words[n % len(words)].title()}.'
    )
    items = []
    for i in range(size):
        body = list(sentences)
        rng.shuffle(body[i % 5 : i % 5 + 4])
        body.insert(3, quote)
        title = f"Story {n}: {topic}"
        text = f"{title}\nBy Staff Writer\n" + "\n\n".join(body) + f"\n\nCopyright {OUTLETS[i % 6]} {i}\n"
        aid = content_id(text)
        q0 = text.index(quote)
        spans = [Span(m.start(), m.end(), "sentence") for m in re.finditer(r"[^\n.]+\.", text)]
        foot = text.rindex("Copyright")
        items.append(
            Annotated(
                Article(
                    aid,
                    f"bench/{n}/{i}.txt",
                    text,
                    title=title,
                    outlet=OUTLETS[i % 6],
                    published="2024-05-01",
                ),
                boilerplate=(
                    Span(len(title) + 1, len(title) + 16, "boilerplate", "byline"),
                    Span(foot, len(text) - 1, "boilerplate", "footer"),
                ),
                sentences=tuple(spans),
                quotes=(
                    Quote(
                        aid,
                        q0,
                        q0 + len(quote.split(",")[0]) + 2,
                        quote.split(" said")[0],
                        "speech",
                        "Minister",
                    ),
                ),
            )  # fmt: skip
        )
    ids = [a.id for a in items]
    rel = [
        Relation(ids[0], b, "rewritten_copy", 0.8, (Evidence(0, 200, 0, 200, 0.9),), "a->b") for b in ids[1:4]
    ]
    first = items[0]
    s = first.sentences[2]
    story = Story(
        id=f"s-{n:04d}", title=items[0].article.title or "", articles=tuple(ids),
        quotes=tuple(q for a in items for q in a.quotes), relations=tuple(rel), families=(tuple(ids[:4]),),
        summary=(SummarySentence(first.text[s.start : s.end], (SourceRef(first.id, s.start, s.end),)),),
    )  # fmt: skip
    return items, story


def build_store(db: Path, articles: int, stories: int) -> list[str]:
    """Fill ``db``; return some search queries that hit."""
    words = vocabulary()
    rng = random.Random(7)
    all_stories, queries = [], []
    with Store(db) as store:
        for n in range(stories):
            items, story = make_story(n, words, rng, articles // stories)
            store.add_articles(items)
            all_stories.append(story)
            queries.append(" ".join(rng.sample(items[0].text.split()[6:40], 2)))
        store.replace_stories(all_stories)
        assert store.count_articles() == articles
    return queries


async def client(
    base: str, urls: list[str], deadline: float, out: list, errors: list, rng: random.Random
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        while time.perf_counter() < deadline:  # bounded: stops at the deadline
            url = rng.choice(urls)
            t0 = time.perf_counter()
            try:
                r = await http.get(url)
                ok = r.status_code == 200
            except httpx.HTTPError as e:
                ok, r = False, e
            dt = time.perf_counter() - t0
            (out if ok else errors).append((url.split("/")[1].split("?")[0], dt))


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000 if values else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--stories", type=int, default=200)
    args = ap.parse_args()
    seconds = min(args.seconds, 120.0)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "load.db"
        t0 = time.perf_counter()
        queries = build_store(db, args.articles, args.stories)
        build_s = time.perf_counter() - t0
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        code = (
            "import uvicorn; from copydesk.web import create_app; "
            f"uvicorn.run(create_app({str(db)!r}), host='127.0.0.1', port={port}, log_level='warning', access_log=False)"
        )
        server = subprocess.Popen([sys.executable, "-c", code])
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/", timeout=1)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            urls = [f"/stories/s-{n:04d}" for n in range(args.stories)]
            urls += [f"/search?q={q}" for q in queries] + [f'/search?q="{q}"' for q in queries[:50]]
            ok: list = []
            errors: list = []
            deadline = time.perf_counter() + seconds

            async def run() -> None:
                await asyncio.gather(
                    *(client(base, urls, deadline, ok, errors, random.Random(i)) for i in range(args.clients))
                )

            asyncio.run(run())
        finally:
            server.terminate()
            server.wait(timeout=10)
    lat = [dt for _, dt in ok]
    by_kind = {k: [dt for kk, dt in ok if kk == k] for k in ("stories", "search")}
    result = {
        "articles": args.articles, "stories": args.stories, "clients": args.clients, "seconds": seconds,
        "store_build_s": round(build_s, 2), "requests": len(ok) + len(errors), "errors": len(errors),
        "rps": round((len(ok) + len(errors)) / seconds, 1),
        "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1), "p99_ms": round(pct(lat, 99), 1),
        **{f"{k}_p95_ms": round(pct(v, 95), 1) for k, v in by_kind.items()},
        "target": "p95 < 100 ms, zero errors",
    }  # fmt: skip
    out = ROOT / "bench" / "results" / "web_load.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
