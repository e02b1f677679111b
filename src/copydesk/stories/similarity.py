"""How alike two articles are as reports of one event: the cosine of their term vectors, damped
when both are dated far apart.

The settings were chosen by cross-validation over ecbplus-dev and basil-dev together
(``bench/stories.py``). Dates are soft evidence: reports of one event come days apart, and
follow-ups weeks apart (ECB+ stories span up to six weeks), so nothing is damped within
``grace`` days; beyond it the similarity decays, so that two events of one kind months apart
cannot join. An undated article is compared on its words alone.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from copydesk.stories.represent import Representation


@dataclass(frozen=True, slots=True)
class Params:
    """Story settings: two stories join when their mean similarity over article pairs clears ``threshold``."""

    threshold: float = 0.2
    grace_days: float = 30.0  # no damping within this gap
    decay_days: float = 30.0  # beyond it, the similarity falls by e every ``decay_days``

    def reach_days(self) -> float:
        """The date gap beyond which no pair can clear the threshold (cosines are at most 1)."""
        return self.grace_days + self.decay_days * math.log(1.0 / self.threshold)


def date_factor(gap: np.ndarray, params: Params) -> np.ndarray:
    """Damping of the similarity for date gaps in days (NaN: a side is undated, no damping)."""
    gap = np.abs(np.asarray(gap, np.float64))
    over = np.nan_to_num(gap - params.grace_days, nan=0.0)
    return np.exp(-np.maximum(over, 0.0) / params.decay_days)


def times(reps: Sequence[Representation]) -> np.ndarray:
    """Publication times in epoch days, NaN where undated."""
    return np.array([np.nan if r.time is None else r.time for r in reps], np.float64)


def term_matrix(reps: Sequence[Representation]) -> sparse.csr_matrix:
    """The unit term vectors as rows of one sparse matrix (columns: the terms these reps use)."""
    ids = np.concatenate([r.term_ids for r in reps]) if reps else np.zeros(0, np.int64)
    cols, inverse = np.unique(ids, return_inverse=True)
    rows = np.repeat(np.arange(len(reps)), [len(r.term_ids) for r in reps])
    vals = np.concatenate([r.term_weights for r in reps]).astype(np.float64) if reps else np.zeros(0)
    return sparse.csr_matrix((vals, (rows, inverse)), shape=(len(reps), max(len(cols), 1)))


def matrix(reps: Sequence[Representation], params: Params) -> np.ndarray:
    """Pairwise similarities of ``reps`` (dense, symmetric, ones on the diagonal)."""
    m = term_matrix(reps)
    sim = (m @ m.T).toarray()
    t = times(reps)
    sim *= date_factor(t[:, None] - t[None, :], params)
    np.fill_diagonal(sim, 1.0)
    return sim
