"""The Spark job at 10k / 30k / 100k articles: speed-up over cores, overhead against the
in-process pipeline, time per stage, candidate pairs, memory, and a projection to 1M / 10M.

Data: article-like documents generated from real text. The dev sets' articles
(``../shared/data/ecbplus-dev`` and ``basil-dev``, 503 articles) are annotated once by the real
per-article stages and cut into sentences, each with the entities, quantities and quotes the
parse found in it. An *event* draws its sentence pool from three random source articles and
gets its own made-up names (one sentence per article, as every real event has names of its
own) and a date from 2015 on, over ten years per 10,000 documents (``span_days``); each of its 1-12 articles (geometric, mean ~2.9) takes 5-10
sentences of the pool plus one from anywhere, published within three days of the event; one
article in five of a multi-article event is a *planted copy* of an earlier member (the same
text, last sentence dropped, another outlet). Documents are written as JSONL (1,000 per file).

Two measurements, because the per-article stages (spaCy's parse: ~3-6 articles/s per core) make
100k full articles impossible on a small shared box:

- ``full``: the whole job (read → annotate → … → tables) on ``--full`` documents, Spark
  ``local[1]`` and ``local[2]``, against ``copydesk analyze -p 2`` on the same files.
- ``grouping``: every stage after the per-article ones (read, copy pairs by MinHash LSH,
  similar pairs per time window (the in-process term index), connected components, grouping per component, and
  for sizes up to ``--story-limit`` the per-story stages and all tables) on 10k / 30k / 100k
  documents, ``local[1]`` and ``local[2]``. Their annotated rows are assembled from the
  sentences' cached annotations (same offsets shifted, real spans; the made-up sentence has
  none) and written to Parquet once per size, so this measures the scale-sensitive stages
  on real inputs to them, not the parse. In-process peer, in one process as ``analyze -p 2``
  runs everything but the parse: reading the same files (``pipeline.read_inputs``), then what
  ``pipeline.build_stories`` runs on the same assembled articles: ``stories.grouping.group``,
  and up to ``--story-limit`` ``pipeline.analyze_story`` per story and
  ``compare.reuse.across_stories``.

Each configuration runs in its own process, under the parent's watch: peak RSS of the JVM and
of the largest Python worker are sampled from /proc every 0.5 s. Results:
``bench/results/spark_scale.json``; the projection is computed from them by ``project``.

usage: nice python bench/spark_scale.py all [--sizes 10000 30000 100000] [--full 500]
       python bench/spark_scale.py all --sizes 30000 --full 0 --keep   # add runs to the results
       python bench/spark_scale.py project      # recompute the projection from the results
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "bench" / "cache" / "spark_scale"
RESULTS = ROOT / "bench" / "results" / "spark_scale.json"
SETS = ("ecbplus-dev", "basil-dev")
PER_FILE = 1000
SEED = 14
DOCS_PER_DECADE = 10_000  # events per day stay those of 10k documents over 2015-2024 at every size


def span_days(n: int) -> int:
    """Days the generated events spread over: a larger collection covers a longer time, not
    the same ten years more densely. With a fixed span, 30k documents draw ~60 events per source
    article within ten years, one every ~60 days, inside the 78-day similarity window: unrelated
    events chain through the shared source texts into one component of 23,538 of the 30,000
    (the largest at 10k: 845), which measures the 503-text pool, not scale."""
    return 3650 * max(1, round(n / DOCS_PER_DECADE))


# -- source sentences ---------------------------------------------------------------------


def prepare() -> dict:
    """Annotate the dev sets once (the real per-article stages, 2 processes) and cache their sentences."""
    from copydesk import codec, pipeline
    from copydesk.model import Article
    from copydesk.readers import read_file

    path = CACHE / "sentences.json"
    if path.exists():
        return json.loads(path.read_text())
    arts = [a for name in SETS for a in read_file(DATA / name / "articles.jsonl") if isinstance(a, Article)]
    t = time.perf_counter()
    items = pipeline.annotate_articles(arts, n_process=2)
    seconds = time.perf_counter() - t
    pieces = []
    for n, item in enumerate(items):
        hidden = [(b.start, b.end) for b in item.boilerplate]
        for s in item.sentences:
            if any(b0 < s.end and s.start < b1 for b0, b1 in hidden) or s.end - s.start < 20:
                continue
            pieces.append({
                "source": n,
                "text": item.text[s.start : s.end],
                "entities": [[e.start - s.start, e.end - s.start, e.kind, e.value]
                             for e in item.entities if s.start <= e.start and e.end <= s.end],
                "quantities": [codec.dumps(dataclasses.replace(q, start=q.start - s.start, end=q.end - s.start))
                               for q in item.quantities if s.start <= q.start and q.end <= s.end],
                "quotes": [codec.dumps(_shift_quote(q, -s.start)) for q in item.quotes
                           if s.start <= q.start and q.end <= s.end
                           and (q.speaker_start is None or s.start <= q.speaker_start and q.speaker_end <= s.end)],
            })  # fmt: skip
    cache = {"articles": len(items), "annotate_seconds_2proc": round(seconds, 1), "pieces": pieces}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cache))
    return cache


def _shift_quote(q, by: int):  # noqa: ANN001, ANN202
    return dataclasses.replace(
        q, start=q.start + by, end=q.end + by,
        speaker_start=None if q.speaker_start is None else q.speaker_start + by,
        speaker_end=None if q.speaker_end is None else q.speaker_end + by,
    )  # fmt: skip


# -- generated documents ------------------------------------------------------------------

SYLLABLES = "ka lo mer tin va sor bel dun ri ash gar pel tov zem ur nik bra hol fen qui mas ot lir dav".split()
OUTLETS = [f"Outlet {i:02d}" for i in range(60)]


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def recipes(n: int, pieces: list[dict]) -> list[dict]:
    """``n`` documents: id, outlet, published, the event's own sentence and the pieces they take."""
    rng = random.Random(SEED)
    by_source: dict[int, list[int]] = {}
    for i, p in enumerate(pieces):
        by_source.setdefault(p["source"], []).append(i)
    sources = sorted(by_source)
    docs: list[dict] = []
    days = span_days(n)
    event = 0
    while len(docs) < n:
        event += 1
        pool = [i for s in rng.sample(sources, 3) for i in by_source[s]]
        place, person, org = _name(rng), f"{_name(rng, 2)} {_name(rng)}", _name(rng, 2)
        lead = f"Officials in {place} said {person} of the {org} group would speak on the matter."
        day = rng.randrange(days)
        size = 1
        while size < 12 and rng.random() > 0.35:
            size += 1
        members: list[dict] = []
        for _ in range(min(size, n - len(docs))):
            if members and rng.random() < 0.2:
                source = rng.choice(members)
                take = source["pieces"][:-1] if len(source["pieces"]) > 3 else source["pieces"]
            else:
                k = min(len(pool), rng.randint(5, 10))
                take = sorted(rng.sample(pool, k)) + [rng.randrange(len(pieces))]
            members.append({
                "id": f"gen-{len(docs) + len(members):07d}",
                "outlet": rng.choice(OUTLETS),
                "published": _date(day + rng.randint(0, 3)),
                "lead": lead,
                "pieces": take,
            })  # fmt: skip
        docs += members
    return docs


def _date(day: int) -> str:
    import datetime as dt

    return (dt.date(2015, 1, 1) + dt.timedelta(days=day)).isoformat()


def assemble(doc: dict, pieces: list[dict]):  # noqa: ANN201 - copydesk.model.Annotated
    """The document's article with its sentences' cached spans, offsets shifted into its text."""
    from copydesk import codec
    from copydesk.model import Annotated, Article, Quantity, Quote, Span

    parts, sentences, entities, quantities, quotes = [], [], [], [], []
    at = 0
    for n, key in enumerate([None, *doc["pieces"]]):
        if n:
            sep = "\n\n" if n % 3 == 0 else " "
            parts.append(sep)
            at += len(sep)
        text = doc["lead"] if key is None else pieces[key]["text"]
        sentences.append(Span(at, at + len(text), "sentence"))
        if key is not None:
            p = pieces[key]
            entities += [Span(s + at, e + at, "entity", kind, value) for s, e, kind, value in p["entities"]]
            quantities += [dataclasses.replace(q, article=doc["id"], start=q.start + at, end=q.end + at)
                           for q in (codec.loads(Quantity, x) for x in p["quantities"])]  # fmt: skip
            quotes += [dataclasses.replace(_shift_quote(q, at), article=doc["id"])
                       for q in (codec.loads(Quote, x) for x in p["quotes"])]  # fmt: skip
        parts.append(text)
        at += len(text)
    text = "".join(parts)
    title = " ".join(doc["lead"].split()[:3] + pieces[doc["pieces"][0]]["text"].split()[:8])
    article = Article(
        id=doc["id"], source=doc["id"], text=text, title=title, outlet=doc["outlet"],
        published=doc["published"], language="en",
    )  # fmt: skip
    return Annotated(article, sentences=tuple(sentences), entities=tuple(entities),
                     quantities=tuple(quantities), quotes=tuple(quotes))  # fmt: skip


def write_inputs(n: int, pieces: list[dict]) -> tuple[Path, list[dict]]:
    docs = recipes(n, pieces)
    folder = CACHE / f"docs-{n}-{span_days(n)}d"
    if not folder.is_dir():
        tmp = folder.with_suffix(".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        for f in range(0, n, PER_FILE):
            with open(tmp / f"part-{f // PER_FILE:05d}.jsonl", "w", encoding="utf-8") as out:
                for doc in docs[f : f + PER_FILE]:
                    a = assemble(doc, pieces).article
                    row = {"id": a.id, "title": a.title, "outlet": a.outlet, "published": a.published, "text": a.text}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        tmp.rename(folder)
    return folder, docs


# -- one configuration (a child process) --------------------------------------------------


def annotated_table(spark, n: int, docs: list[dict], pieces: list[dict], partitions: int) -> str:  # noqa: ANN001
    """The assembled documents as ``annotate.ANNOTATED`` rows in Parquet (built once per size)."""
    from copydesk.scale.annotate import ANNOTATED, rows_of

    path = CACHE / f"annotated-{n}-{span_days(n)}d.parquet"
    if not path.is_dir():
        shared = spark.sparkContext.broadcast(pieces)

        def build(batches):  # noqa: ANN001, ANN202
            import pandas as pd

            for batch in batches:
                items = [assemble(json.loads(d), shared.value) for d in batch["doc"]]
                yield pd.DataFrame(rows_of(items), columns=[c.split()[0] for c in ANNOTATED.split(", ")])

        frame = spark.createDataFrame([(json.dumps(d),) for d in docs], "doc string").repartition(partitions)
        tmp = path.with_suffix(".tmp")  # a failed write must not leave a cache that looks complete
        frame.mapInPandas(build, ANNOTATED).write.mode("overwrite").parquet(str(tmp))
        tmp.rename(path)
    return str(path)


def run_spark(mode: str, n: int, master: str, partitions: int, story_limit: int) -> dict:
    from pyspark import StorageLevel

    from copydesk.scale import edges, job, session, sources

    pieces = prepare()["pieces"]
    folder, docs = write_inputs(n, pieces)
    spark = session.start(master, partitions=partitions, app="copydesk-scale-bench")
    out = str(CACHE / f"out-{mode}-{n}-{master.replace('local[', '').rstrip(']')}")
    try:
        if mode == "full":
            summary = job.run(spark, [str(folder)], out, partitions=partitions, json_limit=0)
            counts = {}
        else:
            cached = annotated_table(spark, n, docs, pieces, partitions)
            summary = job.Summary()
            records = sources.read_records(spark, [str(folder)]).persist(StorageLevel.MEMORY_AND_DISK)
            unique, problems = job.read(records)
            summary.articles = unique.count()
            summary.lap("read")
            annotated = spark.read.parquet(cached).repartition(partitions, "id").persist(StorageLevel.MEMORY_AND_DISK)
            annotated.count()
            summary.lap("load_cached_annotation")
            until = "stories" if n <= story_limit else "group"
            job.finish(spark, unique, annotated, problems, out, summary, json_limit=0, until=until)
            # Candidate pairs the two joins verify (counted after timing: a count is a job of its own).
            counts = {
                "copy_candidates": edges.copy_candidates(annotated).count(),
                "similar_window_pairs": _window_pairs(annotated),
            }
        return {
            "mode": mode, "articles": summary.articles, "master": master, "partitions": partitions,
            "stories": summary.stories, "largest_component": summary.largest_component,
            "copy_pairs": summary.copy_pairs, "similar_pairs": summary.similar_pairs, "reuse_pairs": summary.reuse_pairs,
            **counts, "stage_seconds": summary.seconds, "total_seconds": round(sum(summary.seconds.values()), 1),
        }  # fmt: skip
    finally:
        spark.stop()
        shutil.rmtree(out, ignore_errors=True)


def _window_pairs(annotated) -> int:  # noqa: ANN001
    """Article pairs the time windows of ``edges.similar_pairs`` look at (all are dated here):
    each article against its own bucket and the next one."""
    from pyspark.sql import functions as F

    from copydesk.scale import edges
    from copydesk.stories import similarity

    width = edges.max_gap(similarity.Params())
    sizes = annotated.groupBy(F.floor(F.col("time") / width).alias("b")).count().collect()
    n = {r.b: r["count"] for r in sizes}
    return int(sum(c * (c - 1) // 2 + c * n.get(b + 1, 0) for b, c in n.items()))


def run_local(mode: str, n: int, story_limit: int) -> dict:
    """The in-process peer on the same documents: ``analyze -p 2`` (full) or the stages of
    ``pipeline.build_stories`` on the assembled articles (grouping)."""
    from copydesk import pipeline
    from copydesk.compare import reuse
    from copydesk.stories import grouping
    from copydesk.stories.represent import represent_many

    pieces = prepare()["pieces"]
    folder, docs = write_inputs(n, pieces)
    if mode == "full":
        t = time.perf_counter()
        analysis = pipeline.analyze([str(folder)], n_process=2)
        return {"mode": mode, "articles": len(analysis.articles), "peer": "analyze -p 2",
                "stories": len(analysis.stories), "total_seconds": round(time.perf_counter() - t, 1)}  # fmt: skip
    t = time.perf_counter()
    pipeline.read_inputs([str(folder)])  # timed as Spark's read stage is; the articles come from the cache
    seconds = {"read": round(time.perf_counter() - t, 2)}
    items = [assemble(d, pieces) for d in docs]
    # what ``pipeline.build_stories`` does after the parse, stage by stage
    t = time.perf_counter()
    made = represent_many(items)
    groups = grouping.group(items, reps=made)
    seconds["group"] = round(time.perf_counter() - t, 2)
    reuse_pairs = None
    if n <= story_limit:
        by_id, reps = {a.id: a for a in items}, {r.article: r for r in made}
        t = time.perf_counter()
        stories = [pipeline.analyze_story([by_id[m] for m in g], reps=[reps[m] for m in g]) for g in groups]
        seconds["stories"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        story_of = {aid: s.id for s in stories for aid in s.articles}
        reuse_pairs = len(reuse.across_stories(items, story_of))
        seconds["reuse"] = round(time.perf_counter() - t, 2)
    return {"mode": mode, "articles": len(items), "peer": "pipeline.build_stories stage by stage, 1 process",
            "stories": len(groups), "reuse_pairs": reuse_pairs,
            "stage_seconds": seconds, "total_seconds": round(sum(seconds.values()), 1)}  # fmt: skip


# -- the parent: runs each configuration in a child, watching its memory -------------------


def _tree_rss(root: int) -> tuple[int, int, int]:
    """(JVM RSS, largest Python worker RSS, total RSS) in bytes of ``root``'s process tree."""
    parent, rss, name = {}, {}, {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            with open(f"/proc/{d}/statm") as f:
                pages = int(f.read().split()[1])
        except OSError:
            continue
        comm, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        parent[int(d)], rss[int(d)], name[int(d)] = int(rest[1]), pages * os.sysconf("SC_PAGE_SIZE"), comm
    tree, todo = set(), [root]
    while todo:
        p = todo.pop()
        tree.add(p)
        todo += [c for c, pp in parent.items() if pp == p and c not in tree]
    jvm = sum(rss[p] for p in tree if name.get(p) == "java")
    workers = [rss[p] for p in tree if p != root and name.get(p, "").startswith("python")]
    return jvm, max(workers, default=0), sum(rss.get(p, 0) for p in tree if p != root)


def child(args: list[str], timeout: float) -> dict:
    cmd = [sys.executable, __file__, "one", *args]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)
    peak = [0, 0, 0]
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.5):
            for i, v in enumerate(_tree_rss(proc.pid)):
                peak[i] = max(peak[i], v)

    threading.Thread(target=watch, daemon=True).start()
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"args": args, "error": f"over the {timeout:.0f} s limit"}
    finally:
        done.set()
    if proc.returncode:
        return {"args": args, "error": f"exit {proc.returncode}"}
    got = json.loads(out.strip().splitlines()[-1])
    mb = 1 << 20
    got["peak_mb"] = {"jvm": round(peak[0] / mb), "largest_python_worker": round(peak[1] / mb),
                      "all_children": round(peak[2] / mb)}  # fmt: skip
    return got


def _cores(master: str) -> int:
    return int(master.removeprefix("local[").rstrip("]"))


def project(results: dict) -> dict:
    """1M and 10M articles on N cores from the measured core-seconds per article, assumptions stated.

    Core-seconds are wall seconds x the master's cores (for local[2] that counts both cores as
    busy, which overstates the cost when they were not); local[1] runs are preferred.
    """
    runs = [r for r in results["runs"] if "error" not in r and r.get("master")]

    def best(mode: str, stage: str) -> dict | None:
        have = [r for r in runs if r["mode"] == mode and stage in r["stage_seconds"]]
        return min(have, key=lambda r: (_cores(r["master"]), -r["articles"]), default=None)

    def per_article(r: dict, stages: tuple[str, ...]) -> float:
        return sum(r["stage_seconds"].get(k, 0.0) for k in stages) * _cores(r["master"]) / r["articles"]

    full, linking, stories = best("full", "annotate"), best("grouping", "group"), best("grouping", "stories")
    if full:
        annotate, annotate_from = per_article(full, ("annotate",)), f"full run, {full['articles']} articles, {full['master']}"
    else:
        annotate = 2 * results["prepare_annotate_seconds_2proc"] / int(results["data"].split()[2])  # "generated from N annotated …"
        annotate_from = "bench's own prepare step (the real per-article stages on the dev sets, 2 processes)"
    if not linking:
        return {"error": "no grouping run finished"}
    parts = {
        f"annotate ({annotate_from})": annotate,
        f"read+copies+similar+components+group+reuse ({linking['articles']} articles, {linking['master']})":
            per_article(linking, ("read", "copies", "similar", "components", "group", "reuse")),
    }  # fmt: skip
    if stories:
        parts[f"per-story stages and tables ({stories['articles']} articles, {stories['master']})"] = per_article(
            stories, ("stories",)
        )
    total = sum(parts.values())
    out = {
        "core_seconds_per_article": {k: round(v, 4) for k, v in parts.items()},
        "assumptions": [
            "each part's cost per article stays what was measured here (each run records the box's load "
            "average; other jobs ran at nice 19 beside these runs)",
            "annotate is measured on the generated documents (5-11 sentences); real articles are longer: "
            "the real per-article stages run at 5-7 articles/s per core on the dev sets (bench/spark.py), "
            "about 0.15-0.2 core-seconds per article, which would dominate the total",
            "the grouping stages grow linearly past the largest size measured (candidate pairs per article "
            "stay as measured: events spread over years, so the date window keeps similar pairs local)",
            "N cores at 0.8 efficiency; story sizes like the generated ones (mean ~2.9 articles)",
        ],
        "hours": {},
    }
    for articles in (1_000_000, 10_000_000):
        for cores in (16, 64, 256):
            out["hours"][f"{articles:,} articles on {cores} cores"] = round(total * articles / (cores * 0.8) / 3600, 1)
    return out


def load_results() -> dict:
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": []}


def save(results: dict) -> None:
    results["projection"] = project(results)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["all", "one", "project", "prepare"])
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    ap.add_argument("--full", type=int, default=200)
    ap.add_argument("--story-limit", type=int, default=10_000, help="per-story stages only up to this size")
    ap.add_argument("--masters", nargs="*", default=["local[2]", "local[1]"])
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--mode", default="grouping")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--peer", action="store_true")
    ap.add_argument("--keep", action="store_true", help="add to the runs already in the results file")
    args = ap.parse_args()
    if args.what == "prepare":
        cache = prepare()
        print(json.dumps({k: v for k, v in cache.items() if k != "pieces"} | {"pieces": len(cache["pieces"])}))
        return
    if args.what == "one":
        partitions = max(4, args.n // 2500)
        got = run_local(args.mode, args.n, args.story_limit) if args.peer else run_spark(
            args.mode, args.n, args.master, partitions, args.story_limit
        )
        print(json.dumps(got), flush=True)
        return
    results = load_results()
    if args.what == "project":
        save(results)
        print(json.dumps(results["projection"], indent=1))
        return
    cache = prepare()
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (the load average is recorded per run), "
        f"Python {sys.version.split()[0]}",
        "data": f"generated from {cache['articles']} annotated dev-set articles ({', '.join(SETS)}), "
        f"{len(cache['pieces'])} sentences; see the module docstring",
        "prepare_annotate_seconds_2proc": cache["annotate_seconds_2proc"],
        "runs": results.get("runs", []) if args.keep else [],
    }
    plan = []
    for n in sorted(args.sizes):  # smallest first: each finished run is saved, a later one may time out
        plan += [("grouping", n, m, False) for m in args.masters]
        if n <= args.story_limit * 3:
            plan.append(("grouping", n, "", True))
    if args.full:
        full = [("full", args.full, m, False) for m in args.masters] + [("full", args.full, "", True)]
        plan[len(args.masters) + 1 : len(args.masters) + 1] = full  # after the smallest size: the projection needs it
    for mode, n, master, peer in plan:
        load = os.getloadavg()
        cli = ["--mode", mode, "--n", str(n), "--story-limit", str(args.story_limit)]
        cli += ["--peer"] if peer else ["--master", master]
        got = child(cli, args.timeout)
        got["load_average_before"] = [round(x, 2) for x in load]
        got["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        results["runs"].append(got)
        print(json.dumps(got), flush=True)
        save(results)


if __name__ == "__main__":
    main()
