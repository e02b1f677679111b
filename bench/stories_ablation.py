"""Which similarity separates two events of one kind? Pairwise AUC and oracle clustering on ECB+ dev.

Cheap evidence for choosing story features before wiring them into the incremental clusterer:

- ``auc``: ROC AUC of the pair similarity for same-event vs sibling-event pairs (same topic,
  different event: the pairs a story clusterer gets wrong);
- ``hac_oracle``: best B-cubed F1 of offline average / complete-link clustering over a grid of
  cut heights. The cut is chosen on the data, so it is an upper bound, not a held-out figure.

usage: python bench/stories_ablation.py      -> bench/results/stories_ablation.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stories import HERE, load  # noqa: E402

from copydesk import pipeline  # noqa: E402
from copydesk.annotate import nlp  # noqa: E402
from copydesk.stories import represent as R  # noqa: E402
from copydesk.stories.metrics import bcubed  # noqa: E402

PLACES = ("GPE", "LOC", "FAC")


def term_matrix(reps: list[R.Representation]) -> np.ndarray:
    """Cosine similarities of the reps' unit term vectors."""
    cols = np.unique(np.concatenate([r.term_ids for r in reps]))
    rows = np.repeat(np.arange(len(reps)), [len(r.term_ids) for r in reps])
    m = sparse.csr_matrix(
        (np.concatenate([r.term_weights for r in reps]), (rows, np.searchsorted(cols, np.concatenate([r.term_ids for r in reps])))),
        shape=(len(reps), len(cols)),
    )  # fmt: skip
    return (m @ m.T).toarray()


def conflict(sets: list[set[str]]) -> np.ndarray:
    """1 - overlap coefficient where both articles name something, else 0: 'they name different ones'."""
    n = len(sets)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if sets[i] and sets[j]:
                out[i, j] = 1 - len(sets[i] & sets[j]) / min(len(sets[i]), len(sets[j]))
    return out


def second_order(s: np.ndarray, k: int) -> np.ndarray:
    """Cosine of the articles' top-k similarity profiles (shared nearest neighbours)."""
    p = s.copy()
    np.fill_diagonal(p, 0)
    p = np.where(p >= -np.sort(-p, axis=1)[:, k - 1 : k], p, 0)
    p /= np.linalg.norm(p, axis=1, keepdims=True)
    out = p @ p.T
    np.fill_diagonal(out, 1)
    return out


def main() -> None:
    articles, gold = load()
    items = [it for it, _ in nlp.parse([pipeline.clean(a) for a in articles])]
    reps = R.represent_many(items)
    ids = [r.article for r in reps]
    event = {a: k for k, members in gold.items() for a in members}
    topic = np.array([event[a].split("/")[0] for a in ids])
    ev = np.array([event[a] for a in ids])
    iu = np.triu_indices(len(ids), 1)
    sibling_or_same = (topic[:, None] == topic[None, :])[iu]
    same = (ev[:, None] == ev[None, :])[iu]
    terms = term_matrix(reps)
    emb = np.stack([r.embedding for r in reps]) @ np.stack([r.embedding for r in reps]).T
    blend = 0.8 * terms + 0.2 * emb
    places = [
        {" ".join(R._WORD.findall(e.text_of(i.text).lower())) for e in i.entities if e.kind in PLACES}
        for i in items
    ]
    numbers = [{w for w in R._WORD.findall(R.body_of(i)) if w[0].isdigit() and len(w) > 1} for i in items]  # fmt: skip
    variants = {
        "terms": terms,
        "embedding": emb,
        "blend 0.2 (shipped)": blend,
        "blend - 0.1 x place conflict": blend - 0.1 * conflict(places),
        "blend - 0.1 x number conflict": blend - 0.1 * conflict(numbers),
        "second-order k=10": second_order(blend, 10),
        "0.5 blend + 0.5 second-order k=10": 0.5 * blend + 0.5 * second_order(blend, 10),
        "0.5 blend + 0.5 second-order k=20": 0.5 * blend + 0.5 * second_order(blend, 20),
    }
    result = {}
    for name, s in variants.items():
        row = {"auc_same_vs_sibling": float(roc_auc_score(same[sibling_or_same], s[iu][sibling_or_same]))}
        d = np.clip(1 - s, 0, None)
        np.fill_diagonal(d, 0)
        for method in ("average", "complete"):
            z = linkage(squareform(d, checks=False), method)
            best = 0.0
            for cut in np.arange(0.3, 1.2, 0.025):
                lab = fcluster(z, cut, "distance")
                groups = [[ids[i] for i in np.flatnonzero(lab == c)] for c in np.unique(lab)]
                best = max(best, bcubed(groups, list(gold.values()))["f1"])
            row[f"hac_{method}_oracle_f1"] = best
        result[name] = row
        print(f"{name:36s} AUC {row['auc_same_vs_sibling']:.3f}  oracle HAC F1 avg "
              f"{row['hac_average_oracle_f1']:.3f} complete {row['hac_complete_oracle_f1']:.3f}")  # fmt: skip
    out = HERE / "results" / "stories_ablation.json"
    out.write_text(json.dumps({"data": "ecbplus-dev, 413 articles", "variants": result}, indent=1) + "\n")
    print("->", out)


if __name__ == "__main__":
    main()
