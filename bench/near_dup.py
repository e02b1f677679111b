"""Near-duplicate candidate search at scale: our numpy MinHash + banding next to datasketch.

Synthetic corpus: articles of ~300 words drawn from a Zipf vocabulary; a tenth of them are
planted copies of another article with 3-12% of words edited and a few words of furniture
added (true Jaccard of 5-shingles mostly 0.5-0.9). Both sides get the same word lists, the
same 128 permutations and the same banding (32 bands x 4 rows, passed to datasketch as
``params``), so recall is comparable; we report recall on planted pairs, candidates found,
time (signatures + index + candidate pairs) and peak memory over the data. Each (method, size)
runs in a fresh process so peak RSS is its own. The 1M projection fits time and memory as
a power of n on the 10k/30k/100k points.

usage: python bench/near_dup.py [--sizes 10000 30000 100000]
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing as mp
import resource
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
BANDS, ROWS, PERM = 32, 4, 128


def corpus(n: int, seed: int = 11) -> tuple[list[list[str]], set[tuple[int, int]]]:
    """Word lists and the planted (source, copy) pairs."""
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(50_000)])
    docs: list[list[str]] = []
    planted = set()
    for i in range(n):
        if i > 10 and rng.random() < 0.1:
            src = int(rng.integers(0, i))
            words = list(docs[src])
            edits = rng.integers(0, len(words), size=int(len(words) * rng.uniform(0.03, 0.12)))
            for e in edits:
                words[e] = str(vocab[rng.zipf(1.3) % len(vocab)])
            docs.append(["share", "this", "story"] + words)
            planted.add((src, i))
        else:
            docs.append(vocab[rng.zipf(1.3, size=int(rng.integers(200, 400))) % len(vocab)].tolist())
    return docs, planted


def ours(docs: list[list[str]]) -> set[tuple[int, int]]:
    from copydesk.text import minhash as fp

    hasher = fp.MinHasher(PERM)
    sigs = hasher.signatures([fp.shingle_hashes(d) for d in docs])
    return fp.candidate_pairs(sigs, BANDS)


def theirs(docs: list[list[str]]) -> set[tuple[int, int]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(num_perm=PERM, params=(BANDS, ROWS))
    pairs = set()
    for i, d in enumerate(docs):
        m = MinHash(num_perm=PERM)
        m.update_batch([" ".join(d[k : k + 5]).encode() for k in range(max(1, len(d) - 4))])
        for j in lsh.query(m):
            pairs.add((j, i))
        lsh.insert(i, m)
    return pairs


def _run(method: str, n: int, out: mp.Queue) -> None:
    docs, planted = corpus(n)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    pairs = (ours if method == "ours" else theirs)(docs)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    recall = len(planted & pairs) / max(len(planted), 1)
    out.put({"method": method, "n": n, "seconds": round(seconds, 2), "docs_per_s": round(n / seconds),
             "recall": round(recall, 4), "candidates": len(pairs), "planted": len(planted),
             "peak_rss_mb_over_data": round((peak - base) / 1024, 1), "peak_rss_mb": round(peak / 1024, 1)})


def _fit(xs: list[int], ys: list[float], at: int) -> float:
    """Power-law fit y = c * n^k through the points, evaluated at ``at``."""
    k, c = np.polyfit(np.log(xs), np.log(np.maximum(ys, 1e-3)), 1)
    return float(math.exp(c) * at**k)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    rows = []
    for n in args.sizes:
        for method in ("ours", "datasketch"):
            q = ctx.Queue()
            p = ctx.Process(target=_run, args=(method, n, q))
            p.start()
            rows.append(q.get())
            p.join()
            print(json.dumps(rows[-1]))
    by = {m: [r for r in rows if r["method"] == m] for m in ("ours", "datasketch")}
    ns = [r["n"] for r in by["ours"]]
    result = {
        "rows": rows,
        "speedup": {str(a["n"]): round(b["seconds"] / a["seconds"], 2) for a, b in zip(by["ours"], by["datasketch"], strict=True)},
        "projection_1m": {
            m: {"seconds": round(_fit(ns, [r["seconds"] for r in v], 1_000_000)),
                "peak_rss_mb_over_data": round(_fit(ns, [r["peak_rss_mb_over_data"] for r in v], 1_000_000))}
            for m, v in by.items()
        } if len(ns) >= 2 else {},
        "command": " ".join(["python", *sys.argv]),
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "near_dup.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("speedup", "projection_1m")}, indent=1))


if __name__ == "__main__":
    main()
