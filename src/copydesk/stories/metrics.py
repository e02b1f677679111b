"""Clustering quality: B-cubed precision/recall/F1 and the adjusted Rand index against gold."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence


def _labels(groups: Sequence[Sequence[str]]) -> dict[str, int]:
    return {item: g for g, members in enumerate(groups) for item in members}


def bcubed(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> dict[str, float]:
    """B-cubed precision, recall and F1 over the items present in both partitions."""
    p_of, g_of = _labels(predicted), _labels(gold)
    items = [i for i in g_of if i in p_of]
    if not items:
        return {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    pair = Counter((p_of[i], g_of[i]) for i in items)
    p_size = Counter(p_of[i] for i in items)
    g_size = Counter(g_of[i] for i in items)
    precision = sum(pair[p_of[i], g_of[i]] / p_size[p_of[i]] for i in items) / len(items)
    recall = sum(pair[p_of[i], g_of[i]] / g_size[g_of[i]] for i in items) / len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def ari(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> float:
    """Adjusted Rand index over the items present in both partitions."""
    from sklearn.metrics import adjusted_rand_score

    p_of, g_of = _labels(predicted), _labels(gold)
    items = [i for i in g_of if i in p_of]
    return float(adjusted_rand_score([g_of[i] for i in items], [p_of[i] for i in items]))
