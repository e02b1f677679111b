"""Story clustering quality on ECB+ dev: B-cubed P/R/F1 and ARI, batch and incremental, with CV.

Each ECB+ topic holds two different events of one kind, so the set measures exactly what a
story clusterer must do: keep one event together and two events of a kind apart. Steps:

1. Represent the 413 articles as production does (clean, spaCy entities, terms, WordLlama).
2. For each variant (representations: words, words + entities, embeddings, blends; re-check:
   none, plain, eject, shared-nearest-neighbour evidence at several weights), choose the
   threshold by 5-fold cross-validation over topics (fold = topic mod 5): pick the best
   threshold on 16 topics, score the 4 held-out ones; report the pooled held-out figures.
   The SNN weight itself is chosen the same way (nested: per fold, the best weight and
   threshold on the training topics), so the shipped setting has an honest held-out figure.
3. Likely copies (MinHash/LSH, ``stories.copies``) always share a story, in every run as in
   production. With the shipped ``Params`` defaults: batch (publication order, here input order) and
   incremental (shuffled, several seeds) on all topics; and the top-k shortlist vs exact search.

usage: python bench/stories.py [--seeds 5] [--workers 2]      -> bench/results/stories.json
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from copydesk import pipeline
from copydesk.annotate import nlp
from copydesk.model import Article
from copydesk.stories import copies
from copydesk.stories import represent as R
from copydesk.stories.cluster import Params, cluster, feed_order
from copydesk.stories.metrics import ari, bcubed

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "ecbplus-dev"
GRID = [round(0.05 + 0.025 * i, 3) for i in range(23)]  # 0.05 .. 0.60
FOLDS = 5
SNN_WEIGHTS = (0.3, 0.4, 0.5, 0.6)
SHIPPED = "words+entities+embedding(0.2)"  # the shipped Params: blend 0.2, re-check, eject, SNN


def load() -> tuple[list[Article], dict[str, list[str]]]:
    rows = [json.loads(line) for line in (DATA / "articles.jsonl").open(encoding="utf-8")]
    gold = json.loads((DATA / "stories.json").read_text(encoding="utf-8"))
    return [Article(id=r["id"], source=r["id"], text=r["text"], url=r.get("url")) for r in rows], gold


def unrelated_similarity(reps: list[R.Representation], gold: dict[str, list[str]], blend: float) -> dict:
    """Percentiles of the blended cosine of article pairs from different topics (unrelated news).

    What ``Params.snn_floor`` rests on: a neighbour must be more similar than most unrelated pairs.
    """
    from scipy import sparse

    topic = {a: k.split("/")[0] for k, ids in gold.items() for a in ids}
    cols = np.unique(np.concatenate([r.term_ids for r in reps]))
    rows = np.repeat(np.arange(len(reps)), [len(r.term_ids) for r in reps])
    vals = np.concatenate([r.term_weights for r in reps])
    m = sparse.csr_matrix((vals, (rows, np.searchsorted(cols, np.concatenate([r.term_ids for r in reps])))))
    emb = np.stack([r.embedding for r in reps])
    sims = (1 - blend) * (m @ m.T).toarray() + blend * (emb @ emb.T)
    t = np.array([topic[r.article] for r in reps])
    iu = np.triu_indices(len(reps), 1)
    cross = sims[iu][(t[:, None] != t[None, :])[iu]]
    return {f"p{q}": float(np.percentile(cross, q)) for q in (50, 90, 95, 99)}


def score(groups: list[list[str]], gold: list[list[str]]) -> dict[str, float]:
    return {**bcubed(groups, gold), "ari": ari(groups, gold)}


SIGS: dict[str, np.ndarray] = {}  # article -> MinHash signature; empty: no copy forcing


def run(reps: list[R.Representation], params: Params, seed: int | None = None) -> list[list[str]]:
    """Feed ``reps`` (shuffled by ``seed``) as production does: likely copies share a story."""
    order = list(reps)
    if seed is not None:
        random.Random(seed).shuffle(order)
    fed = [order[i] for i in feed_order(order)]
    copy_of = copies.sources((r.article, SIGS[r.article]) for r in fed) if SIGS else None
    return cluster(order, params, copy_of).groups()


def fold_table(reps, gold: dict[str, list[str]], params: Params, seed: int = 0) -> list[dict]:
    """Per fold and threshold: B-cubed F1 on the training topics, groups of the held-out ones."""
    topic = {a: int(k.split("/")[0]) for k, ids in gold.items() for a in ids}
    folds = []
    for fold in range(FOLDS):
        train = [r for r in reps if topic[r.article] % FOLDS != fold]
        test = [r for r in reps if topic[r.article] % FOLDS == fold]
        train_gold = [g for g in gold.values() if topic[g[0]] % FOLDS != fold]
        folds.append({
            "train_f1": {t: bcubed(run(train, replace(params, threshold=t), seed), train_gold)["f1"] for t in GRID},
            "test_groups": {t: run(test, replace(params, threshold=t), seed) for t in GRID},
            "test_gold": [g for g in gold.values() if topic[g[0]] % FOLDS == fold],
        })  # fmt: skip
    return folds


def held_out(tables: list[list[dict]]) -> tuple[dict, list[tuple[int, float]]]:
    """Per fold, the (variant, threshold) best on the training topics, scored on the held-out ones."""
    groups, gold, chosen = [], [], []
    for fold in range(FOLDS):
        v, t = max(
            ((v, t) for v in range(len(tables)) for t in GRID),
            key=lambda vt: (tables[vt[0]][fold]["train_f1"][vt[1]], -vt[1], -vt[0]),
        )
        groups += tables[v][fold]["test_groups"][t]
        gold += tables[v][fold]["test_gold"]
        chosen.append((v, t))
    return score(groups, gold), chosen


def _job(args):
    name, reps, params = args
    return name, fold_table(reps, GOLD, params)


GOLD: dict[str, list[str]] = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--workers", type=int, default=2, help="processes for the CV variants")
    args = ap.parse_args()
    articles, gold_map = load()
    gold = list(gold_map.values())
    t0 = time.perf_counter()
    items = [it for it, _ in nlp.parse([pipeline.clean(a) for a in articles])]
    t_parse = time.perf_counter() - t0
    t0 = time.perf_counter()
    reps = R.represent_many(items)
    t_rep = time.perf_counter() - t0
    no_entities = R.represent_many([replace(i, entities=()) for i in items])
    print(f"parse {t_parse:.1f}s, represent {t_rep:.2f}s ({1000 * t_rep / len(items):.1f} ms/article)")

    params = Params()
    unrelated = unrelated_similarity(reps, gold_map, params.blend)
    print(
        "blended cosine of unrelated pairs (different topics): "
        + ", ".join(f"{k} {v:.3f}" for k, v in unrelated.items())
    )
    no_copies = score(run(reps, params), gold)  # before copy forcing: the clusterer alone
    SIGS.update(zip((i.id for i in items), copies.signatures(items), strict=True))
    forced = len(copies.sources((r.article, SIGS[r.article]) for r in reps))
    print(f"likely copies (MinHash Jaccard >= {copies.COPY_JACCARD}): {forced} articles; "
          f"batch F1 without copy forcing {no_copies['f1']:.3f}")  # fmt: skip

    plain = Params(snn=0.0, eject=False)
    variants = {  # name -> (reps, params); thresholds come from the CV
        "words": (no_entities, replace(params, blend=0.0)),
        "words+entities": (reps, replace(params, blend=0.0)),
        "words+entities+embedding(0.2)": (reps, params),
        "words+entities+embedding(0.4)": (reps, replace(params, blend=0.4)),
        "embedding": (reps, replace(params, blend=1.0)),
        "no re-check": (reps, replace(plain, recheck=0)),
        "re-check": (reps, plain),
        "re-check + eject": (reps, replace(plain, eject=True)),
        **{
            f"re-check + eject + SNN {w}": (reps, replace(params, snn=w))
            for w in SNN_WEIGHTS
            if w != params.snn
        },
    }
    GOLD.update(gold_map)
    with ProcessPoolExecutor(args.workers, mp_context=get_context("fork")) as pool:
        tables = dict(pool.map(_job, [(n, r, p) for n, (r, p) in variants.items()]))
    cv = {}
    for name, (_, p) in variants.items():
        h, chosen = held_out([tables[name]])
        cv[name] = {"params": {"blend": p.blend, "recheck": p.recheck, "eject": p.eject, "snn": p.snn},
                    "thresholds": [t for _, t in chosen], "held_out": h}  # fmt: skip
        print(f"CV {name:32s} thresholds {cv[name]['thresholds']}  held-out B3 F1 {h['f1']:.3f} "
              f"(P {h['precision']:.3f} R {h['recall']:.3f}) ARI {h['ari']:.3f}")  # fmt: skip
    snn_names = [n for n in variants if n.startswith("re-check + eject + SNN") or n == SHIPPED]
    snn_names.sort(key=lambda n: variants[n][1].snn)
    nested, chosen = held_out([tables[n] for n in snn_names])
    nested_choice = [(variants[snn_names[v]][1].snn, t) for v, t in chosen]
    print(f"nested (SNN weight and threshold per fold) {nested_choice}  held-out B3 F1 {nested['f1']:.3f} "
          f"(P {nested['precision']:.3f} R {nested['recall']:.3f}) ARI {nested['ari']:.3f}")  # fmt: skip

    batch = score(run(reps, params), gold)
    incremental = [score(run(reps, params, seed), gold) for seed in range(args.seeds)]
    exact = score(run(reps, replace(params, candidates=None)), gold)
    shortlist = replace(params, candidates=4)
    small_k = statistics.mean(bcubed(run(reps, shortlist, s), gold)["f1"] for s in range(args.seeds))
    agree = [ari(run(reps, params, s), run(reps, params)) for s in range(args.seeds)]

    def mean(key: str) -> float:
        return statistics.mean(r[key] for r in incremental)

    result = {
        "data": "ecbplus-dev: 413 articles, 36 gold stories, 20 topics (two events of one kind each)",
        "params": {f: getattr(params, f) for f in params.__slots__},
        "representation_ms_per_article": 1000 * t_rep / len(items),
        "unrelated_pair_similarity": unrelated,
        "cross_validation": cv,
        "nested_snn_weight_and_threshold": {"chosen_per_fold": nested_choice, "held_out": nested},
        "likely_copies": {"jaccard": copies.COPY_JACCARD, "articles_forced": forced},
        "batch_without_copy_forcing": no_copies,
        "batch": batch,
        "incremental": {
            "seeds": args.seeds,
            "mean": {k: mean(k) for k in ("precision", "recall", "f1", "ari")},
            "min_f1": min(r["f1"] for r in incremental),
            "runs": incremental,
            "ari_vs_batch": agree,
        },
        "exact_search_batch": exact,
        "shortlist_k4_incremental_f1": small_k,
    }
    out = HERE / "results" / "stories.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(
        f"batch       B3 P {batch['precision']:.3f} R {batch['recall']:.3f} F1 {batch['f1']:.3f} ARI {batch['ari']:.3f}"
    )
    print(f"incremental B3 P {mean('precision'):.3f} R {mean('recall'):.3f} F1 {mean('f1'):.3f} "
          f"(min {result['incremental']['min_f1']:.3f}) ARI {mean('ari'):.3f}; ARI vs batch {np.mean(agree):.3f}")  # fmt: skip
    print(f"exact search F1 {exact['f1']:.3f}; shortlist k=4 F1 {small_k:.3f}  -> {out}")


if __name__ == "__main__":
    main()
