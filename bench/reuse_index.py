"""Cross-story reuse index: lookups per second and memory at 10k and 100k stored articles.

Collection: synthetic articles of 20 sentences drawn from the real sentences of the dev sets
(ECB+, BASIL, PolNeAR train; about 25k sentences), with 30% of each sentence's words swapped
for words of the same vocabulary, so stock phrases recur across articles as they do in news
while whole sentences rarely do. Queries: fresh articles of the same kind, each with a block
of 3 to 5 consecutive sentences lifted from one stored article (partial reuse); a lookup is
``compare.reuse.passage_hashes`` on the query plus the posting lookup (verification by
alignment is per candidate and not part of the index's cost).

Measured, at each size: the store's index (SQLite file, ``store/reuse.py``: bulk-load rate,
lookups/s, candidates per lookup, recall of the lifted source among them, file size) and the
in-memory batch of ``copydesk analyze`` (``compare.reuse.candidate_pairs`` over the stored
articles and the queries: articles/s excluding hashing of the stored ones, peak traced memory). Baseline in the same run: the linear scan a per-story
comparison would need to find the same source, ``align.shared_runs`` against every stored
article, timed on the first 2,000 and scaled linearly.

usage: nice python bench/reuse_index.py [--sizes 10000 100000] [--queries 300]
Writes ``bench/results/reuse_index.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

from copydesk.compare import align, reuse
from copydesk.model import Annotated, Article
from copydesk.store import Store
from copydesk.store import reuse as store_reuse
from copydesk.text.minhash import ngram_hashes

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\n+")
SENTENCES_PER_ARTICLE = 20
SWAP = 0.3


def real_sentences() -> list[list[str]]:
    texts = []
    for name in ("ecbplus-dev", "basil-dev"):
        texts += [json.loads(line)["text"] for line in (DATA / name / "articles.jsonl").open()]
    texts += [p.read_text(errors="replace") for p in sorted((DATA / "polnear-train" / "articles").glob("*"))]
    out = []
    for t in texts:
        out += [s.split() for s in _SENT_RE.split(t) if s and 8 <= len(s.split()) <= 60 and '"' not in s and "“" not in s]
    return out


class Maker:
    """Articles of real sentences with words swapped, as numpy arrays of vocabulary ids."""

    def __init__(self, sentences: list[list[str]], seed: int) -> None:
        self.vocab = sorted({w for s in sentences for w in s})
        code = {w: k for k, w in enumerate(self.vocab)}
        self.sentences = [np.array([code[w] for w in s], dtype=np.int64) for s in sentences]
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)

    def article(self) -> list[str]:
        picked = [self.sentences[k] for k in self.np.integers(0, len(self.sentences), SENTENCES_PER_ARTICLE)]
        out = []
        for ids in picked:
            ids = ids.copy()
            swap = self.np.random(len(ids)) < SWAP
            ids[swap] = self.np.integers(0, len(self.vocab), int(swap.sum()))
            out.append(" ".join(self.vocab[k] for k in ids.tolist()))
        return out


def item(aid: str, sentences: list[str]) -> Annotated:
    return Annotated(Article(aid, aid, "\n\n".join(sentences)))


def rss_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(size: int, n_queries: int, sentences: list[list[str]], seed: int) -> dict:
    maker = Maker(sentences, seed)
    stored = [maker.article() for _ in range(size)]
    queries = []
    for q in range(n_queries):
        src = maker.rng.randrange(size)
        k, n = maker.rng.randrange(SENTENCES_PER_ARTICLE - 5), maker.rng.choice((3, 4, 5))
        host = maker.article()
        at = maker.rng.randrange(1, len(host))
        queries.append((f"s{src}", item(f"q{q}", host[:at] + stored[src][k : k + n] + host[at:])))
    # Stored articles hold no quotation mark (sentences with one are left out), so their hashes
    # are the n-gram hashes winnowed with nothing quoted: passage_hashes minus its quote scan
    # (checked on a sample below).
    def bare(sents: list[str]) -> np.ndarray:
        words = align.tokenize("\n\n".join(sents)).words
        return reuse.winnow(ngram_hashes(words, reuse.SHINGLE), np.zeros(len(words), dtype=np.uint8))

    hashes = [bare(s) for s in stored]
    assert all(np.array_equal(hashes[i], reuse.passage_hashes(item(f"s{i}", stored[i]))) for i in range(50))
    out: dict = {"articles": size, "queries": n_queries,
                 "kept_hashes_per_article": round(sum(len(h) for h in hashes) / size, 1)}  # fmt: skip

    # the store's index (SQLite)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        with Store(db) as store:
            t0 = time.perf_counter()
            for k in range(0, size, 5000):  # bulk load: each chunk's postings in hash order
                chunk = range(k, min(k + 5000, size))
                with store.transaction() as tx:
                    tx.executemany(
                        "INSERT INTO articles (id, source, text, added_at) VALUES (?, ?, '', 'bench')",
                        [(f"s{i}", f"s{i}") for i in chunk],
                    )
                    tx.executemany("INSERT INTO reuse_indexed (article_id) VALUES (?)", [(f"s{i}",) for i in chunk])
                    rows = sorted((h, f"s{i}") for i in chunk for h in store_reuse._signed(hashes[i]))
                    tx.executemany("INSERT INTO reuse_hashes (hash, article_id) VALUES (?, ?)", rows)
            build = time.perf_counter() - t0
            t0 = time.perf_counter()
            found = [store_reuse.lookup(store.conn, reuse.passage_hashes(q)) for _, q in queries]
            look = time.perf_counter() - t0
        out["store_sqlite"] = {
            "bulk_load_articles_per_second": round(size / build, 1),
            "lookups_per_second": round(n_queries / look, 1),
            "candidates_per_lookup": round(sum(len(f) for f in found) / n_queries, 2),
            "recall_of_lifted_source": round(sum(src in {c for c, _ in f} for (src, _), f in zip(queries, found, strict=True)) / n_queries, 4),
            "file_mb": round(sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20, 1),
        }  # fmt: skip

    # the in-memory index of `copydesk analyze`: every stored article and the queries at once
    tracemalloc.start()
    t0 = time.perf_counter()
    query_hashes = [reuse.passage_hashes(q) for _, q in queries]
    pairs = reuse.candidate_pairs(hashes + query_hashes)
    batch = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    hits = {(f"s{i}", j - size) for i, j in pairs if j >= size and i < size}
    out["memory_index"] = {
        "articles_per_second": round((size + n_queries) / batch, 1),
        "candidate_pairs": len(pairs),
        "peak_traced_mb": round(peak / 2**20, 1),
        "recall_of_lifted_source": round(sum((src, k) in hits for k, (src, _) in enumerate(queries)) / n_queries, 4),
    }  # fmt: skip
    # baseline: align each query with every stored article (timed on 2,000, scaled to the size)
    sample = min(size, 2000)
    toks = [align.tokenize("\n\n".join(stored[i])) for i in range(sample)]
    t0 = time.perf_counter()
    for _, q in queries[:5]:
        qt = align.body_tokens(q)
        for t in toks:
            align.shared_runs(qt, t)
    per_lookup = (time.perf_counter() - t0) / 5 * size / sample
    out["baseline_linear_align"] = {"lookups_per_second": round(1 / per_lookup, 4),
                                    "timed_on": f"5 queries x {sample} articles, scaled to {size}"}  # fmt: skip
    del hashes, stored
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    sentences = real_sentences()
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, shared (load average at start "
                   f"{os.getloadavg()[0]:.1f}), Python {platform.python_version()}",
        "data": f"{len(sentences)} real sentences (ECB+, BASIL, PolNeAR train), {SENTENCES_PER_ARTICLE} per article, "
                f"{SWAP:.0%} of words swapped",
        "settings": {"shingle": reuse.SHINGLE, "window": reuse.WINDOW, "min_shared": reuse.MIN_SHARED,
                     "max_postings": reuse.MAX_POSTINGS},
        "sizes": [],
    }  # fmt: skip
    for size in args.sizes:
        r = run(size, args.queries, sentences, args.seed)
        r["rss_mb_after"] = round(rss_mb(), 1)
        r["load_average_after"] = round(os.getloadavg()[0], 1)
        results["sizes"].append(r)
        print(json.dumps(r), flush=True)
    results["command"] = " ".join(["python", *sys.argv])
    out = HERE / "results" / "reuse_index.json"
    out.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
