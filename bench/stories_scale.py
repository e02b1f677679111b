"""Story assignment cost as the store grows to 100k articles: time per article, components, memory.

The stream is synthetic but shaped like news: ~N/3 stories with heavy-tailed sizes (most are
single articles, a few run to a hundred), each published over a day or two, ~500 articles a
day; an article mixes common English, words of its kind of event (60 kinds), names and
numbers of its own story. Terms go through the real weighting code (background idf, name
boost). Measured: ``StoryGraph.add`` wall time per article (exact neighbour search over every
stored article, then average link over the article's component) at store sizes, the largest
component, peak RSS; once dated and once undated.

usage: python bench/stories_scale.py [--articles 100000] [--undated 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import time
from pathlib import Path

import numpy as np

from copydesk.stories.graph import StoryGraph
from copydesk.stories.metrics import bcubed
from copydesk.stories.represent import Representation, term_weights, to_sparse

HERE = Path(__file__).resolve().parent
CHECKPOINTS = (1_000, 10_000, 25_000, 50_000, 100_000)
PER_DAY = 500


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def synthetic_stream(n: int, seed: int = 0) -> list[tuple[str, float, int]]:
    """(text, time in days, story index), ordered by time."""
    import wordfreq

    rng = random.Random(seed)
    vocab = wordfreq.top_n_list("en", 30000)[300:]
    vocab = [w for w in vocab if w.isalpha() and len(w) > 2]
    kinds = [rng.sample(vocab[2000:12000], 30) for _ in range(60)]
    syll = ["ka", "lo", "mer", "tin", "va", "ro", "shi", "den", "bar", "qui", "zel", "pho", "gra", "un"]

    def name() -> str:  # ~41k names: with 2-3 syllables (2.9k) unrelated stories shared names 50 times over
        return "".join(rng.choice(syll) for _ in range(rng.randint(3, 4))).capitalize()

    days = n / PER_DAY
    out: list[tuple[str, float, int]] = []
    story = 0
    while len(out) < n:
        size = min(200, int(rng.paretovariate(1.3)))
        kind = rng.choice(kinds)
        names = [name() for _ in range(5)]
        private = rng.sample(vocab[:20000], 12)
        numbers = [str(rng.randint(2, 2000)) for _ in range(3)]
        start = rng.uniform(0, days)
        for _ in range(size):
            words = rng.sample(vocab[:8000], 60) + rng.sample(kind, 12) + rng.sample(private, 8)
            words += [f"the {w}" for w in numbers[: rng.randint(1, 3)]]
            words += [f"said {nm}" for nm in rng.sample(names, 4)]  # mid-sentence capitals: names
            rng.shuffle(words)
            out.append((" ".join(words) + ".", start + rng.expovariate(1.0), story))
        story += 1
    out = out[:n]
    out.sort(key=lambda t: t[1])
    return out


def represent_stream(stream, dated: bool) -> list[Representation]:
    reps = []
    for i, (text, t, _) in enumerate(stream):
        ids, w = to_sparse(term_weights(text))
        reps.append(Representation(f"a{i}", ids, w, time=t + 19000.0 if dated else None))
    return reps


def feed(reps: list[Representation], stories: list[int], label: str) -> dict:
    c = StoryGraph()
    before = rss_mb()
    times = np.zeros(len(reps))
    index = {}
    for i, r in enumerate(reps):
        t0 = time.perf_counter()
        c.add([r])
        times[i] = time.perf_counter() - t0
        if i + 1 in CHECKPOINTS:
            index[i + 1] = max(len(m) for m in c.component_members.values())
    buckets = {}
    for cp in CHECKPOINTS:
        if cp <= len(reps):
            window = times[max(0, cp - 1000) : cp] * 1000  # the last 1000 articles before the checkpoint
            buckets[cp] = {
                "mean_ms": float(window.mean()),
                "p50_ms": float(np.percentile(window, 50)),
                "p95_ms": float(np.percentile(window, 95)),
                "largest_component": index.get(cp),
            }
            print(f"{label:8s} at {cp:>7,} articles: {buckets[cp]['mean_ms']:.2f} ms mean, "
                  f"{buckets[cp]['p95_ms']:.2f} ms p95, largest component {index.get(cp):,} articles")  # fmt: skip
    gold: dict[int, list[str]] = {}
    for r, story in zip(reps, stories, strict=True):
        gold.setdefault(story, []).append(r.article)
    quality = bcubed(c.groups(), list(gold.values()))
    print(
        f"{label:8s} B-cubed on the synthetic stories: F1 {quality['f1']:.3f} (P {quality['precision']:.3f} R {quality['recall']:.3f})"
    )
    return {
        "bcubed_vs_synthetic_stories": quality,
        "articles": len(reps),
        "stories": len(c.stories),
        "per_checkpoint": buckets,
        "total_s": float(times.sum()),
        "peak_rss_mb": rss_mb(),
        "rss_growth_mb": rss_mb() - before,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--undated", type=int, default=100_000)
    args = ap.parse_args()
    n = max(args.articles, args.undated)
    t0 = time.perf_counter()
    stream = synthetic_stream(n)
    t_gen = time.perf_counter() - t0
    t0 = time.perf_counter()
    sample = [text for text, _, _ in stream[:2000]]
    for text in sample:
        to_sparse(term_weights(text))
    term_ms = 1000 * (time.perf_counter() - t0) / len(sample)
    print(f"generated {n:,} articles in {t_gen:.0f}s; terms {term_ms:.2f} ms/article")
    result = {
        "stream": f"synthetic: {PER_DAY}/day, heavy-tailed story sizes, 60 kinds of event, ~90 words/article",
        "representation_ms_per_article": {"terms": term_ms},
    }
    part = stream[: args.articles]
    result["dated"] = feed(represent_stream(part, dated=True), [s for _, _, s in part], "dated")
    if args.undated:
        part = stream[: args.undated]
        result["undated"] = feed(represent_stream(part, dated=False), [s for _, _, s in part], "undated")
    out = HERE / "results" / "stories_scale.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"peak RSS {rss_mb():.0f} MB -> {out}")


if __name__ == "__main__":
    main()
