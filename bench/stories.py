"""Story grouping on both dev sets, every path, with cross-validated settings and a baseline.

Data: ``../shared/data/ecbplus-dev`` (413 articles, 20 topics of two same-kind events each,
mostly undated) and ``../shared/data/basil-dev`` (30 events x NYT, Fox News, HuffPost, dated).
Articles are read by copydesk's own JSONL reader and annotated by the pipeline, as
``copydesk analyze`` does. Printed and written to ``bench/results/stories.json``:

- the shipped settings on each set: ``analyze`` (batch), incremental (one article at a time in
  shuffled orders: mean and worst), ingest into a SQLite store in runs of 1, 16 and all, and
  the agreement between paths (B-cubed F1 of one path's stories against another's);
- cross-validation of the threshold over both sets together (5 folds over topics / events; the
  threshold is chosen on the training folds of *both* sets, scored on the held-out ones), and
  leave-one-set-out (chosen on one set, scored on the other);
- the baseline: tf-idf (sublinear, English stop words, idf from the set) with cosine average link,
  its threshold chosen by the same cross-validation;
- the split and merged gold stories, with their headlines.

usage: python bench/stories.py [--seeds 5] [--processes 2]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from copydesk import pipeline
from copydesk.store import Store, clusters, rows
from copydesk.stories import copies, graph
from copydesk.stories.linkage import average_link
from copydesk.stories.metrics import bcubed
from copydesk.stories.represent import body_of, represent_many
from copydesk.stories.similarity import Params

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
CACHE = HERE / "cache"  # annotated articles between runs (git-ignored)
SETS = ("ecbplus-dev", "basil-dev")
GRID = [round(0.05 + 0.0125 * i, 4) for i in range(33)]  # 0.05 .. 0.45
FOLDS = 5


def annotation_key(path: Path) -> str:
    """The data file and every source file outside ``stories/``: what the annotated articles depend on."""
    h = hashlib.blake2b(path.read_bytes(), digest_size=16)
    src = Path(pipeline.__file__).parent
    for f in sorted(src.rglob("*.py")):
        if "stories" not in f.relative_to(src).parts:
            h.update(str(f.relative_to(src)).encode() + f.read_bytes())
    return h.hexdigest()


def load(name: str, processes: int) -> tuple[list, dict[str, list[str]]]:
    """The set's annotated articles (cached in ``bench/cache/``, keyed on data and annotating code) and gold."""
    path = DATA / name / "articles.jsonl"
    gold = json.loads((DATA / name / "stories.json").read_text(encoding="utf-8"))
    cache = CACHE / f"{name}-{annotation_key(path)}.pickle"
    if cache.exists():
        return pickle.loads(cache.read_bytes()), gold
    articles, problems, _ = pipeline.read_inputs([path])
    assert not problems, problems
    items = pipeline.annotate_articles(articles, n_process=processes)
    CACHE.mkdir(exist_ok=True)
    cache.write_bytes(pickle.dumps(items))
    return items, gold


def folds_of(name: str, gold: dict[str, list[str]]) -> dict[str, int]:
    """Article -> fold: ECB+ by topic (both events of a topic in one fold), BASIL by event."""
    keys = sorted(gold)
    fold = {}
    for k, ids in gold.items():
        f = int(k.split("/")[0]) % FOLDS if name.startswith("ecb") else keys.index(k) % FOLDS
        fold.update(dict.fromkeys(ids, f))
    return fold


def restrict(groups: list[list[str]], keep: set[str]) -> list[list[str]]:
    return [g2 for g in groups if (g2 := [a for a in g if a in keep])]


def f1(groups, gold) -> float:
    return bcubed(groups, gold)["f1"]


def score(groups, gold) -> dict[str, float]:
    return {k: round(v, 4) for k, v in bcubed(groups, gold).items()}


def cross_validate(runs: dict[str, dict], golds, folds) -> dict:
    """Setting per fold chosen on the training folds of both sets; held-out and leave-one-set-out figures.

    ``runs[set][setting]``: the set's stories under each setting (a threshold, or a tuple naming a
    variant and its threshold), in order of preference for ties (ascending thresholds).
    """
    grid = list(next(iter(runs.values())))
    table = {}  # (set, fold, t) -> F1 on that fold's articles
    for name in runs:
        for f in range(FOLDS):
            keep = {a for a, x in folds[name].items() if x == f}
            gold_f = restrict(list(golds[name].values()), keep)
            for t, groups in runs[name].items():
                table[name, f, t] = f1(restrict(groups, keep), gold_f)
    held = {name: [] for name in runs}
    chosen = []
    for f in range(FOLDS):
        train = [x for x in range(FOLDS) if x != f]
        t = max(grid, key=lambda t: np.mean([table[n, x, t] for n in runs for x in train]))  # ties: the first
        chosen.append(t)
        for name in runs:
            keep = {a for a, x in folds[name].items() if x == f}
            held[name] += restrict(runs[name][t], keep)
    out = {"thresholds_per_fold": chosen}
    for name in runs:
        out[name] = score(held[name], list(golds[name].values()))
    full = {name: {t: f1(runs[name][t], list(golds[name].values())) for t in grid} for name in runs}
    best_both = max(grid, key=lambda t: np.mean([full[n][t] for n in runs]))
    out["best_on_both"] = {"threshold": best_both, **{n: round(full[n][best_both], 4) for n in runs}}
    for name in runs:
        other = next(n for n in runs if n != name)
        t = max(grid, key=lambda t: full[other][t])
        out[f"leave_out_{name}"] = {"threshold_from_" + other: t, "f1": round(full[name][t], 4)}
    return out


def tfidf_runs(items) -> dict[float, list[list[str]]]:
    """The baseline: sublinear tf-idf of title + body, English stop words, idf from the set, average link."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    m = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform([body_of(i) for i in items])
    sim = (m @ m.T).toarray()
    ids = [i.id for i in items]
    return {t: [[ids[j] for j in g] for g in average_link(sim, t)] for t in GRID}


def store_path(items, batch: int) -> list[list[str]]:
    """Ingest into a fresh SQLite store in runs of ``batch`` articles, as ``copydesk ingest`` places them."""
    with tempfile.TemporaryDirectory() as d, Store(Path(d) / "s.db") as store:
        g = None
        for i in range(0, len(items), batch):
            part = items[i : i + batch]
            with store.transaction() as tx:
                for it in part:
                    rows.insert(tx, it, "2026-01-01T00:00:00")
                g = clusters.assign(tx, part, g)
        return clusters.load(store.conn).groups()


def incremental(reps, pairs, seed: int) -> list[list[str]]:
    order = reps[:]
    random.Random(seed).shuffle(order)
    g = graph.StoryGraph()
    for r in order:
        g.add([r], [p for p in pairs if r.article in p])
    return g.groups()


def errors(groups, gold: dict[str, list[str]], title: dict[str, str]) -> dict:
    """Gold stories split over several predicted ones, and predicted stories mixing gold ones."""
    story_of = {a: i for i, g in enumerate(groups) for a in g}
    gold_of = {a: k for k, ids in gold.items() for a in ids}
    split = []
    for k, ids in sorted(gold.items()):
        parts: dict[int, list[str]] = {}
        for a in ids:
            parts.setdefault(story_of[a], []).append(title[a])
        if len(parts) > 1:
            split.append({"gold": k, "parts": sorted(parts.values(), key=len, reverse=True)})
    merged = []
    for g in groups:
        by_gold: dict[str, list[str]] = {}
        for a in g:
            by_gold.setdefault(gold_of[a], []).append(title[a])
        if len(by_gold) > 1:
            merged.append(by_gold)
    return {"split": split, "merged": merged}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--processes", type=int, default=2, help="processes for the per-article stages")
    args = ap.parse_args()
    params = Params()
    result: dict = {"params": {f: getattr(params, f) for f in params.__slots__}, "sets": {}}
    ours, base, golds, folds = {}, {}, {}, {}
    for name in SETS:
        t0 = time.perf_counter()
        items, gold = load(name, args.processes)
        golds[name], folds[name] = gold, folds_of(name, gold)
        reps = represent_many(items)
        pairs = copies.pairs(zip([r.article for r in reps], copies.signatures(items), strict=True))
        ours[name] = {t: graph.group(reps, pairs, replace(params, threshold=t)) for t in GRID}
        base[name] = tfidf_runs(items)
        gold_list = list(gold.values())
        batch = graph.group(reps, pairs, params)
        assert batch == pipeline.grouping.group(items)  # the bench runs what `analyze` runs
        inc = [incremental(reps, pairs, s) for s in range(args.seeds)]
        stored = {n: store_path(items, n or len(items)) for n in (1, 16, 0)}
        title = {i.id: (i.article.title or body_of(i)[:80]).strip() for i in items}
        inc_f1 = [f1(g, gold_list) for g in inc]
        result["sets"][name] = {
            "articles": len(items),
            "gold_stories": len(gold),
            "dated": sum(i.article.published is not None for i in items),
            "copy_pairs": len(pairs),
            "batch": {**score(batch, gold_list), "stories": len(batch)},
            "incremental": {"mean_f1": round(statistics.mean(inc_f1), 4), "worst_f1": round(min(inc_f1), 4)},
            "ingest_runs": {f"runs_of_{n or 'all'}": score(g, gold_list) for n, g in stored.items()},
            "agreement_b3_f1": {
                "incremental_vs_batch_worst": round(min(f1(g, batch) for g in inc), 4),
                **{f"ingest_runs_of_{n or 'all'}_vs_batch": round(f1(g, batch), 4) for n, g in stored.items()},
                "identical_paths": all(g == batch for g in [*inc, *stored.values()]),
            },
            "errors": errors(batch, gold, title),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        print(f"{name}: {len(items)} articles; analyze B3 F1 {result['sets'][name]['batch']['f1']:.3f}; "
              f"incremental mean {statistics.mean(inc_f1):.3f} worst {min(inc_f1):.3f}; ingest runs "
              + ", ".join(f"{k} {v['f1']:.3f}" for k, v in result["sets"][name]["ingest_runs"].items())
              + f"; all paths identical: {result['sets'][name]['agreement_b3_f1']['identical_paths']}",
              flush=True)  # fmt: skip
    result["cross_validation"] = {"copydesk": cross_validate(ours, golds, folds),
                                  "tfidf_average_link": cross_validate(base, golds, folds)}  # fmt: skip
    for method, cv in result["cross_validation"].items():
        print(f"CV {method:20s} thresholds {cv['thresholds_per_fold']}: "
              + "  ".join(f"{n} held-out F1 {cv[n]['f1']:.3f} (P {cv[n]['precision']:.3f} R {cv[n]['recall']:.3f})"
                          for n in SETS)
              + "  leave-one-set-out: "
              + ", ".join(f"{n} {cv['leave_out_' + n]['f1']:.3f}" for n in SETS))  # fmt: skip
    for name in SETS:
        e = result["sets"][name]["errors"]
        print(f"{name}: {len(e['split'])} gold stories split, {len(e['merged'])} predicted stories mixed")
        for s in e["split"]:
            print(f"  split {s['gold']}: " + " | ".join(p[0][:60] + (f" (+{len(p) - 1})" if len(p) > 1 else "")
                                                      for p in s["parts"]))  # fmt: skip
        for m in e["merged"]:
            print("  mixed: " + " | ".join(f"{k}: {v[0][:50]} (+{len(v) - 1})" for k, v in m.items()))
    out = HERE / "results" / "stories.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"-> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
