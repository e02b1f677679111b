"""Shared-nearest-neighbour (SNN) evidence in the incremental story clusterer: does it pay online?

The offline ablation (bench/stories_ablation.py) found SNN separates two events of one kind
best (AUC 0.961, k=10) when every article's neighbour list is taken over the whole set. A
stream only sees the past. This bench measures on ECB+ dev, with likely copies forced as in
production:

1. ``pair_auc``: same-event vs sibling-event AUC of the blended cosine, of SNN as known when
   the later article arrives (``online``), and of SNN after the stream (``final``: later
   articles have entered the earlier lists), alone and mixed 0.5/0.5 with the blend;
2. ``cross_validation``: held-out B-cubed F1 (5 topic folds, threshold chosen on the training
   topics, shuffled stream) of the clusterer with SNN in the join score (``Params.snn``);
3. ``recheck_estimate``: a local re-check after the stream with the shipped joins: each article
   moves to the story (among its neighbours' stories) with the best mean blend (+ w x mean
   final SNN) over its members, two rounds. Not wired into the clusterer: an estimate of what
   a re-check with split/merge redirects could give, at the shipped (CV-chosen) threshold.

usage: python bench/stories_snn.py      -> bench/results/stories_snn.json
"""

from __future__ import annotations

import json
import random
import statistics
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import stories as B  # noqa: E402
from stories_ablation import term_matrix  # noqa: E402

from copydesk import pipeline  # noqa: E402
from copydesk.annotate import nlp  # noqa: E402
from copydesk.stories import copies  # noqa: E402
from copydesk.stories import represent as R  # noqa: E402
from copydesk.stories.cluster import Clusterer, Params  # noqa: E402
from copydesk.stories.metrics import bcubed  # noqa: E402
from copydesk.stories.neighbours import Neighbours  # noqa: E402

GRID = [round(0.15 + 0.05 * i, 3) for i in range(12)]  # 0.15 .. 0.70: SNN scores sit higher


def pair_auc(reps, event, k: int, floor: float = 0.0) -> dict[str, float]:
    """AUC over same-topic pairs (later article vs each earlier one), shuffled stream, exact pool."""
    order = list(reps)
    random.Random(0).shuffle(order)
    nn, emb, pairs = Neighbours(k, floor), {}, []
    for x in order:
        pool = list(emb)
        sims = nn.similarities(x, pool, emb)
        nn.add(x, pool, sims)
        emb[x.article] = x.embedding
        for a, s in zip(pool, sims, strict=True):
            if event[a].split("/")[0] == event[x.article].split("/")[0]:
                pairs.append((event[a] == event[x.article], s, nn.snn(x.article, a), x.article, a))
    y = np.array([p[0] for p in pairs])
    blend = np.array([p[1] for p in pairs])
    online = np.array([p[2] for p in pairs])
    final = np.array([nn.snn(p[3], p[4]) for p in pairs])

    def auc(s):
        return round(float(roc_auc_score(y, s)), 4)

    return {"k": k, "floor": floor, "blend": auc(blend), "online": auc(online), "final": auc(final),
            "mix_online": auc(0.5 * blend + 0.5 * online), "mix_final": auc(0.5 * blend + 0.5 * final)}  # fmt: skip


def cross_validate(reps, gold: dict[str, list[str]], base: Params, seed: int = 0) -> dict:
    topic = {a: int(k.split("/")[0]) for k, ids in gold.items() for a in ids}
    chosen, groups, held = [], [], []
    for fold in range(B.FOLDS):
        train = [r for r in reps if topic[r.article] % B.FOLDS != fold]
        test = [r for r in reps if topic[r.article] % B.FOLDS == fold]
        tg = [g for g in gold.values() if topic[g[0]] % B.FOLDS != fold]
        best = max(GRID, key=lambda t: (bcubed(B.run(train, replace(base, threshold=t), seed), tg)["f1"], -t))
        chosen.append(best)
        groups += B.run(test, replace(base, threshold=best), seed)
        held += [g for g in gold.values() if topic[g[0]] % B.FOLDS == fold]
    return {"snn": base.snn, "snn_k": base.snn_k, "thresholds": chosen, "held_out": B.score(groups, held)}


def stream(reps, params: Params, seed: int) -> Clusterer:
    order = list(reps)
    random.Random(seed).shuffle(order)
    fed = [order[i] for i in B.feed_order(order)]
    copy_of = copies.sources((r.article, B.SIGS[r.article]) for r in fed)
    return B.cluster(order, params, copy_of)


def recheck(c: Clusterer, ids: list[str], sim: np.ndarray, w: float, rounds: int = 2) -> list[list[str]]:
    """Move each article to the neighbouring story it fits best (mean blend + w x mean SNN)."""
    ix = {a: i for i, a in enumerate(ids)}
    label = {a: c.story_for(a) for a in ids}
    nn = c.neighbours
    for _ in range(rounds):
        for a in ids:
            members: dict[str, list[str]] = {}
            for b, s in label.items():
                members.setdefault(s, []).append(b)

            def fit(sid: str, a: str = a, members=members) -> float:
                m = [b for b in members[sid] if b != a]
                if not m:
                    return -1.0
                blend = float(np.mean([sim[ix[a], ix[b]] for b in m]))
                return (1 - w) * blend + (w * float(np.mean([nn.snn(a, b) for b in m])) if w else 0.0)

            current = fit(label[a])
            best = max(sorted({label[b] for b in nn.lists.get(a, {})} - {label[a]}), key=fit, default=None)
            if best is not None and fit(best) > max(current, 0.0):
                label[a] = best
    out: dict[str, list[str]] = {}
    for b, s in label.items():
        out.setdefault(s, []).append(b)
    return list(out.values())


def main() -> None:
    articles, gold_map = B.load()
    gold = list(gold_map.values())
    items = [it for it, _ in nlp.parse([pipeline.clean(a) for a in articles])]
    reps = R.represent_many(items)
    B.SIGS.update(zip((i.id for i in items), copies.signatures(items), strict=True))
    event = {a: k for k, m in gold_map.items() for a in m}
    result: dict = {"data": "ecbplus-dev: 413 articles, 36 gold stories"}

    result["pair_auc"] = [
        pair_auc(reps, event, k, f) for k, f in ((5, 0.0), (10, 0.0), (20, 0.0), (30, 0.15))
    ]
    for row in result["pair_auc"]:
        print("pair AUC", row, flush=True)

    result["cross_validation"] = []
    for base in (Params(), Params(snn=0.3), Params(snn=0.5), Params(snn=0.3, snn_k=5)):
        row = cross_validate(reps, gold_map, base)
        result["cross_validation"].append(row)
        h = row["held_out"]
        print(f"CV snn {base.snn} k {base.snn_k}: thresholds {row['thresholds']} held-out F1 {h['f1']:.3f} "
              f"(P {h['precision']:.3f} R {h['recall']:.3f})", flush=True)  # fmt: skip

    ids = [r.article for r in reps]
    emb = np.stack([r.embedding for r in reps])
    shipped = Params()
    sim = (1 - shipped.blend) * term_matrix(reps) + shipped.blend * (emb @ emb.T)
    runs: dict[str, list[float]] = {"stream": [], **{f"recheck_w{w}": [] for w in (0.0, 0.3, 0.5)}}
    for seed in range(3):
        c = stream(reps, replace(shipped, snn=1e-9), seed)  # neighbour lists kept, joins as shipped
        runs["stream"].append(bcubed(c.groups(), gold)["f1"])
        for w in (0.0, 0.3, 0.5):
            runs[f"recheck_w{w}"].append(bcubed(recheck(c, ids, sim, w), gold)["f1"])
    result["recheck_estimate"] = {"threshold": shipped.threshold, "seeds": 3,
                                  "mean_f1": {k: statistics.mean(v) for k, v in runs.items()}, "runs": runs}  # fmt: skip
    print(
        "re-check estimate (mean B3 F1, 3 shuffles):",
        {k: round(statistics.mean(v), 3) for k, v in runs.items()},
    )
    out = B.HERE / "results" / "stories_snn.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print("->", out)


if __name__ == "__main__":
    main()
