"""Load on the web app: 50 concurrent clients on loopback fetching story pages and searches.

Builds a store of N article-like texts in N/10 stories the fast way (hand-annotated, no parser;
stored with ``Store.add_articles`` and ``replace_stories``, so each story's page data too),
serves it with ``copydesk serve`` in a child process, and runs a bounded closed loop of clients
for a fixed time, three times, each on a freshly started server (caches cold): story pages only,
searches only, and both mixed. With ``--ingest`` a writer process adds a 10-article story every
half second throughout (WAL: readers must not stall). Writes bench/results/web_load-N[-ingest].json
and prints, per run, p50/p95/p99 latency, errors, requests/s, the server's CPU per request, the
CPU the client used and the machine's load average (other processes on the same cores slow
both down: read the figures with it; server CPU ms per request is the figure that load
disturbs least).

    .venv/bin/python bench/web_load.py [--articles 2000] [--seconds 30] [--clients 50] [--workers 2]
                                       [--store PATH] [--ingest] [--runs stories,search,mixed] [--out FILE]

``--store PATH`` keeps the built store there and reuses it on the next run (a 100k store takes
minutes to build); ``--ingest`` adds articles to it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

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
        for i in range(0, len(all_stories), 1000):  # in slices: each loads only its own articles
            store.put_stories(all_stories[i : i + 1000])
        assert store.count_articles() == articles
    return queries


def open_store(path: Path | None, tmp: Path, articles: int, stories: int) -> tuple[Path, list[str], float | None]:
    """The store to serve and its queries: the one kept at ``path`` when it was built with the
    same size, else a new one (kept at ``path`` when given). Build time is None when reused."""
    db = path or tmp / "load.db"
    meta = Path(f"{db}.json")
    if path and db.exists() and meta.exists():
        kept = json.loads(meta.read_text())
        if kept["stories"] == stories and kept["built_articles"] == articles:
            with Store(db) as store:  # migrated on opening; page data of an older shape rewritten
                store.fill_views()
            return db, kept["queries"], None
    for stale in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), meta):
        stale.unlink(missing_ok=True)
    t0 = time.perf_counter()
    queries = build_store(db, articles, stories)
    meta.write_text(json.dumps({"built_articles": articles, "stories": stories, "queries": queries}))
    return db, queries, time.perf_counter() - t0


def writer(db: str, stop_after: float, every: float = 0.5) -> None:
    """The ingest during a run: a new 10-article story every ``every`` seconds, each one
    transaction of articles then one of the story (its page data included), as ingest writes."""
    words = vocabulary()
    rng = random.Random(os.getpid())
    deadline = time.perf_counter() + stop_after
    with Store(db) as store:
        n = 100_000_000 + rng.randrange(10**6) * 1000  # ids apart from the bench's own stories
        while time.perf_counter() < deadline:  # bounded: stops at the deadline
            t0 = time.perf_counter()
            items, story = make_story(n, words, rng, 10)
            store.add_articles(items)
            store.put_stories([story])
            n += 1
            time.sleep(max(0.0, every - (time.perf_counter() - t0)))


async def _fetch(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, head: bytes
) -> tuple[int, bool, int]:
    """Send one GET on a kept-alive connection; read the whole response. Returns status, whether
    the server will close the connection, and the body size."""
    writer.write(head)
    line = await reader.readline()
    if not line:
        raise ConnectionError("server closed the connection")
    status = int(line.split(b" ", 2)[1])
    length, chunked, close = 0, False, False
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.partition(b":")
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding":
            chunked = b"chunked" in value
        elif name == b"connection":
            close = b"close" in value
    if not chunked:
        await reader.readexactly(length)
        return status, close, length
    size = total = 1
    while size:
        size = int((await reader.readline()).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        total += size
    return status, close, total


async def client(
    port: int, urls: list[str], deadline: float, out: list, errors: list, rng: random.Random
) -> None:
    """One user in a closed loop: GET a random URL, wait for all of it, repeat until the deadline.

    Raw asyncio streams with keep-alive, so the client costs a fraction of what the server does
    (an httpx client with 50 tasks used more CPU than the server it measured on 2 cores).
    """
    reader = writer = None
    while time.perf_counter() < deadline:  # bounded: stops at the deadline
        url = rng.choice(urls)
        head = f"GET {url} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
        t0 = time.perf_counter()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
            status, close, size = await asyncio.wait_for(_fetch(reader, writer, head), 10)
            ok = status == 200 and size > 0
            if close:
                writer.close()
                writer = None
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError, IndexError):
            ok = False
            if writer is not None:
                writer.close()
            writer = None
        (out if ok else errors).append((url.split("/")[1].split("?")[0], time.perf_counter() - t0))
    if writer is not None:
        writer.close()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))] * 1000 if values else float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn workers), from /proc."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for t in Path(f"/proc/{pid}/task").iterdir()
                for c in (t / "children").read_text().split()]  # fmt: skip
    except OSError:
        return []


def machine() -> dict[str, object]:
    """What the figures ran on: other processes share these cores, so the load average matters."""
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), platform.processor())  # fmt: skip
    return {"cpus": os.cpu_count(), "cpu_model": model, "python": platform.python_version(),
            "loadavg_before": [round(x, 2) for x in os.getloadavg()]}  # fmt: skip


def wait_ready(base: str, server: subprocess.Popen) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not start in 30 s")


def serve_and_load(db: Path, urls: list[str], args: argparse.Namespace, seconds: float) -> dict[str, object]:
    """Start ``copydesk serve`` on ``db`` (caches cold), run the clients on ``urls``, stop it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The real command a user runs, so the figures are what `copydesk serve` gives.
    cmd = [sys.executable, "-m", "copydesk.cli", "serve", "--db", str(db), "--port", str(port),
           "--workers", str(args.workers)]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ingest = None
    try:
        wait_ready(f"http://127.0.0.1:{port}", server)
        if args.ingest:
            code = f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import web_load; " \
                   f"web_load.writer({str(db)!r}, {seconds + 5})"  # fmt: skip
            ingest = subprocess.Popen([sys.executable, "-c", code])
        articles0 = _count_articles(db)
        ok: list = []
        errors: list = []
        load0 = os.getloadavg()
        server_cpu0, client_cpu0 = cpu_seconds(server.pid), time.process_time()
        started = time.perf_counter()
        deadline = started + seconds

        async def run() -> None:
            await asyncio.gather(
                *(client(port, urls, deadline, ok, errors, random.Random(i)) for i in range(args.clients))
            )

        asyncio.run(run())
        wall = time.perf_counter() - started
        server_cpu, client_cpu = cpu_seconds(server.pid) - server_cpu0, time.process_time() - client_cpu0
        added = _count_articles(db) - articles0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)  # requests still queued are answered first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if ingest is not None:
            ingest.terminate()
            ingest.wait(timeout=30)
    lat = [dt for _, dt in ok]
    requests = len(ok) + len(errors)
    out = {
        "requests": requests, "errors": len(errors), "rps": round(requests / wall, 1),
        "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1), "p99_ms": round(pct(lat, 99), 1),
        "server_cpu_ms_per_request": round(server_cpu / max(1, requests) * 1000, 2),
        "server_cpu_cores": round(server_cpu / wall, 2), "client_cpu_cores": round(client_cpu / wall, 2),
        "loadavg_1min_before_after": [round(load0[0], 2), round(os.getloadavg()[0], 2)],
    }  # fmt: skip
    if args.ingest:
        out["articles_added_meanwhile"] = added
    kinds = {k for k, _ in ok}
    if len(kinds) > 1:
        out.update({f"{k}_p95_ms": round(pct([dt for kk, dt in ok if kk == k], 95), 1) for k in sorted(kinds)})
    return out


def _count_articles(db: Path) -> int:
    with Store(db) as store:
        return store.count_articles()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=30.0, help="per run (three runs: stories, search, mixed)")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--workers", type=int, default=2, help="server processes (`copydesk serve --workers`)")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--stories", type=int, default=None, help="default: articles / 10")
    ap.add_argument("--store", type=Path, default=None, help="build the store here once and reuse it")
    ap.add_argument("--ingest", action="store_true", help="a writer adds articles during every run")
    ap.add_argument("--runs", default="stories,search,mixed", help="which runs, comma-separated")
    ap.add_argument("--out", type=Path, default=None, help="default: bench/results/web_load-N[-ingest].json")
    args = ap.parse_args()
    stories = args.stories or max(1, args.articles // 10)
    seconds = min(args.seconds, 120.0)
    host = machine()
    with tempfile.TemporaryDirectory() as tmp:
        db, queries, build_s = open_store(args.store, Path(tmp), args.articles, stories)
        story_urls = [f"/stories/s-{n:04d}" for n in range(stories)]
        search_urls = [f"/search?q={quote(q)}" for q in queries]
        search_urls += [f"/search?q={quote(chr(34) + q + chr(34))}" for q in queries[:50]]  # as a "phrase"
        runs = {}
        chosen = args.runs.split(",")
        for name, urls in (("stories", story_urls), ("search", search_urls), ("mixed", story_urls + search_urls)):
            if name not in chosen:
                continue
            runs[name] = serve_and_load(db, urls, args, seconds)
            print(name, json.dumps(runs[name]), flush=True)
        articles_served = _count_articles(db)
    host["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
    mixed = runs.get("mixed", {"p95_ms": float("inf"), "rps": 0, "errors": 0})
    result = {
        "machine": host,
        "load": f"{args.clients} closed-loop clients (no think time) on loopback, keep-alive, {seconds:g} s per run; "
                "each run on a freshly started server (caches cold): random story pages, random searches "
                "(two words of a story, 50 of them also as a phrase), then both mixed"
                + ("; meanwhile a writer adds a 10-article story every 0.5 s" if args.ingest else ""),
        "server": f"copydesk serve --db DB --port PORT --workers {args.workers}",
        "articles": args.articles, "articles_at_start": articles_served if not args.ingest else None,
        "stories": stories, "clients": args.clients, "workers": args.workers, "seconds": seconds,
        "store_build_s": round(build_s, 1) if build_s is not None else "reused (--store)",
        "runs": runs,
        "target": "mixed run: p95 < 100 ms, >= 1,000 requests/s, zero errors",
        "met": mixed["p95_ms"] < 100 and mixed["rps"] >= 1000 and mixed["errors"] == 0,
    }  # fmt: skip
    out = args.out or ROOT / "bench" / "results" / f"web_load-{args.articles}{'-ingest' if args.ingest else ''}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
