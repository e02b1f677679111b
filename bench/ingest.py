"""Ingest speed: read -> clean -> sentences/entities, and HTML reading next to bare trafilatura.

Two measurements, one JSON result (bench/results/ingest.json):

1. Text articles/s for the full per-article stages on a corpus generated from real news text
   (the ECB+ development articles, each wrapped in page furniture and recombined into a few
   thousand documents), with 1 and N parser processes.
2. HTML pages/s of ``copydesk.readers.html.from_html`` next to bare ``trafilatura.extract`` on
   the same real news pages (the HTML test pages shipped in the newspaper4k and trafilatura
   source distributions, fetched from PyPI into bench/cache/ on first run), and the ratio.

usage: python bench/ingest.py [--docs 2000] [--processes 2] [--html-rounds 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
ECB = HERE.parent.parent / "shared" / "data" / "ecbplus-dev" / "articles.jsonl"
SDISTS = {"newspaper4k": "0.9.6", "trafilatura": "2.3.1"}

FURNITURE_TOP = ["World News", "Politics", "By {name} and {name2}", "{place} —", "Share this article"]
FURNITURE_MID = ["{name}/Getty Images", "Photo: {name}/AP", "ADVERTISEMENT", "Read more: {headline}"]
FURNITURE_END = [
    "Copyright © 2024 The Daily Record. All rights reserved.",
    "Related Articles",
    "Back to top",
    "With wire services",
]
NAMES = ["Maria Lopez", "John Carter", "Aisha Khan", "Tom Becker", "Li Wei", "Sara Novak"]
PLACES = ["LONDON", "WASHINGTON", "NAIROBI", "BERLIN", "MANILA"]


def generated_corpus(n: int, seed: int = 7) -> list[str]:
    """``n`` article-like documents: real ECB+ sentences of one topic, headline, furniture."""
    rows = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_topic: dict[str, list[str]] = {}
    for r in rows:
        by_topic.setdefault(r["id"].split("-")[1], []).append(r["text"])
    rng = random.Random(seed)
    topics = sorted(by_topic)
    docs = []
    for _ in range(n):
        texts = by_topic[rng.choice(topics)]
        sentences = [s for t in rng.sample(texts, min(2, len(texts))) for s in t.splitlines() if s.strip()]
        body = rng.sample(sentences, min(len(sentences), rng.randint(8, 16)))
        fill = {"name": rng.choice(NAMES), "name2": rng.choice(NAMES), "place": rng.choice(PLACES),
                "headline": body[0][:60]}
        lines = [body[0][:90].rstrip(".")]
        lines += [rng.choice(FURNITURE_TOP).format(**fill)]
        for i, s in enumerate(body):
            lines.append(s)
            if i % 5 == 4:
                lines.append(rng.choice(FURNITURE_MID).format(**fill))
        lines += rng.sample(FURNITURE_END, 2)
        docs.append("\n\n".join(lines) + "\n")
    return docs


def time_text_pipeline(docs: list[str], processes: int) -> dict:
    from copydesk.pipeline import annotate_articles
    from copydesk.readers.text import from_text

    start = time.perf_counter()
    articles = [from_text(d, f"gen:{i}") for i, d in enumerate(docs)]
    annotate_articles(articles, n_process=processes)
    seconds = time.perf_counter() - start
    words = sum(len(d.split()) for d in docs)
    return {"processes": processes, "articles": len(docs), "seconds": round(seconds, 2),
            "articles_per_s": round(len(docs) / seconds, 1), "words_per_s": round(words / seconds),
            "mean_words_per_article": round(words / len(docs))}


def time_spacy_alone(docs: list[str]) -> dict:
    """The cost floor: spaCy's full pipeline on the same texts, one process, nothing of ours."""
    from copydesk.nlp_models import spacy_pipeline

    nlp = spacy_pipeline()
    start = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=32):
        pass
    seconds = time.perf_counter() - start
    return {"articles": len(docs), "seconds": round(seconds, 2), "articles_per_s": round(len(docs) / seconds, 1)}


def html_pages() -> list[tuple[str, bytes]]:
    """Real news pages from the sdists named in SDISTS (downloaded from PyPI once, cached)."""
    CACHE.mkdir(exist_ok=True)
    pages = []
    for name, version in SDISTS.items():
        archive = CACHE / f"{name}-{version}.tar.gz"
        if not archive.exists():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
                            f"{name}=={version}", "-d", str(CACHE), "-q"], check=True)
        with tarfile.open(archive) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.endswith((".html", ".htm")) and member.size > 2000:
                    pages.append((member.name.split("/", 1)[1], tar.extractfile(member).read()))
    return sorted(pages)


def time_html(pages: list[tuple[str, bytes]], rounds: int) -> dict:
    """Best-of-``rounds`` time per page for each reader, the two alternating page by page so
    that load from other processes on the machine hits both alike."""
    import trafilatura

    from copydesk.readers.html import from_html

    readers = {
        "bare": lambda name, raw: trafilatura.extract(raw, include_comments=False),
        "ours": lambda name, raw: from_html(raw, source=name),
    }
    best = {key: [float("inf")] * len(pages) for key in readers}
    for _ in range(rounds):
        for i, (name, raw) in enumerate(pages):
            for key, read in readers.items():
                start = time.perf_counter()
                try:
                    read(name, raw)
                except Exception:  # noqa: BLE001 - a refused page still took its time
                    pass
                best[key][i] = min(best[key][i], time.perf_counter() - start)
    bare, ours = sum(best["bare"]), sum(best["ours"])
    return {"pages": len(pages), "bytes": sum(len(r) for _, r in pages),
            "trafilatura_extract_s": round(bare, 3), "copydesk_from_html_s": round(ours, 3),
            "trafilatura_pages_per_s": round(len(pages) / bare, 1),
            "copydesk_pages_per_s": round(len(pages) / ours, 1), "ratio": round(ours / bare, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--html-rounds", type=int, default=3)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "ingest.json")
    args = ap.parse_args()

    from copydesk.nlp_models import spacy_pipeline

    spacy_pipeline()  # model load is start-up cost, not per-article cost
    docs = generated_corpus(args.docs)
    spacy_alone = time_spacy_alone(docs)
    text_runs = [time_text_pipeline(docs, 1)]
    if args.processes > 1:
        text_runs.append(time_text_pipeline(docs, args.processes))
    html = time_html(html_pages(), args.html_rounds)
    result = {"machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python "
                         f"{platform.python_version()}", "text": text_runs,
              "spacy_alone": spacy_alone,
              "overhead_vs_spacy_alone": round(text_runs[0]["seconds"] / spacy_alone["seconds"] - 1, 2),
              "html": html}
    args.out.parent.mkdir(exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    for r in text_runs:
        print(f"text: {r['articles']} articles (~{r['mean_words_per_article']} words) with {r['processes']} "
              f"process(es): {r['articles_per_s']} articles/s, {r['words_per_s']} words/s")
    print(f"spaCy alone: {spacy_alone['articles_per_s']} articles/s in one process; our stages add "
          f"{result['overhead_vs_spacy_alone']:.0%} on top")
    print(f"html: {html['pages']} real pages: copydesk {html['copydesk_pages_per_s']} pages/s, bare trafilatura "
          f"{html['trafilatura_pages_per_s']} pages/s, ratio {html['ratio']}x")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
