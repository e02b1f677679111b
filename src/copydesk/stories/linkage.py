"""Average-link clustering of a small set of articles, cut where the mean similarity of two
groups falls under the threshold.

Average link is the rule the incremental grouping keeps exactly: two groups merge only when
their mean pairwise similarity clears the threshold, which needs at least one pair that clears
it, so clustering each connected component of the "clears the threshold" graph on its own gives
the same partition as clustering everything at once (``stories.graph`` relies on it).
"""

from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

EPS = 1e-9  # float noise: a mean that clears the threshold by rounding only still counts


def average_link(sim: np.ndarray, threshold: float) -> list[list[int]]:
    """Groups of row indices, each in ascending order, ordered by their first index.

    ``sim`` must be symmetric; give rows in a canonical order (the caller sorts articles by
    date and id) so that ties resolve the same way on every path.
    """
    n = len(sim)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    dist = np.clip(1.0 - (sim + sim.T) / 2.0, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, 1.0 - threshold + EPS, criterion="distance")
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    return sorted(groups.values(), key=lambda g: g[0])
