"""An inverted index over the articles' term vectors: every stored article that clears the
join threshold with a new one, found exactly.

Exact, not approximate: whether two articles are linked must not depend on which of them came
first, or ingesting in another order would give other stories. The cost of a query is the
length of the postings of its terms (rare terms have short lists; the commonest words never
enter a vector), not the size of the store times the vector length.
"""

from __future__ import annotations

import numpy as np

from copydesk.stories import similarity
from copydesk.stories.represent import Representation

_START = 8  # first capacity of a posting list; lists double as they grow
SLACK = 1e-4  # float32 postings: accept pairs this close under the threshold


class TermIndex:
    """Postings (article rows, weights) per term, and each row's time."""

    def __init__(self) -> None:
        self.articles: list[str] = []
        self.row_of: dict[str, int] = {}
        self._times = np.full(1024, np.nan)
        self._postings: dict[int, list] = {}  # term -> [rows int32 array, weights float32 array, length]

    def __len__(self) -> int:
        return len(self.articles)

    def __contains__(self, article: str) -> bool:
        return article in self.row_of

    def add(self, rep: Representation) -> None:
        """Index one article (a repeated id is ignored)."""
        if rep.article in self.row_of:
            return
        row = len(self.articles)
        self.articles.append(rep.article)
        self.row_of[rep.article] = row
        if row == len(self._times):
            self._times = np.concatenate([self._times, np.full(row, np.nan)])
        self._times[row] = np.nan if rep.time is None else rep.time
        for term, weight in zip(rep.term_ids.tolist(), rep.term_weights.tolist(), strict=True):
            post = self._postings.get(term)
            if post is None:
                post = self._postings[term] = [np.empty(_START, np.int32), np.empty(_START, np.float32), 0]
            rows, weights, n = post
            if n == len(rows):
                post[0] = rows = np.concatenate([rows, np.empty(n, np.int32)])
                post[1] = weights = np.concatenate([weights, np.empty(n, np.float32)])
            rows[n] = row
            weights[n] = weight
            post[2] = n + 1

    def add_many(self, reps: list[Representation]) -> None:
        """Index many articles; into an empty index in one vectorised pass (loading a store)."""
        if self.articles:
            for rep in reps:
                self.add(rep)
            return
        reps = list({r.article: r for r in reps}.values())
        self.articles = [r.article for r in reps]
        self.row_of = {a: i for i, a in enumerate(self.articles)}
        self._times = np.array([np.nan if r.time is None else r.time for r in reps] + [np.nan], np.float64)
        if not reps:
            return
        ids = np.concatenate([r.term_ids for r in reps])
        weights = np.concatenate([r.term_weights for r in reps]).astype(np.float32)
        rows = np.repeat(np.arange(len(reps), dtype=np.int32), [len(r.term_ids) for r in reps])
        order = np.argsort(ids, kind="stable")  # rows stay ascending within a term
        ids, weights, rows = ids[order], weights[order], rows[order]
        terms, starts = np.unique(ids, return_index=True)
        ends = np.append(starts[1:], len(ids))
        for term, a, b in zip(terms.tolist(), starts.tolist(), ends.tolist(), strict=True):
            self._postings[term] = [rows[a:b].copy(), weights[a:b].copy(), b - a]

    def neighbours(self, rep: Representation, params: similarity.Params) -> list[str]:
        """Indexed articles (other than ``rep`` itself) whose similarity with ``rep`` clears the threshold.

        A little slack below the threshold (float32 postings) only adds pairs that average link
        will not join anyway, so the groups stay exact (see ``stories.linkage``).
        """
        parts_rows, parts_w = [], []
        for term, weight in zip(rep.term_ids.tolist(), rep.term_weights.tolist(), strict=True):
            post = self._postings.get(term)
            if post is not None:
                n = post[2]
                parts_rows.append(post[0][:n])
                parts_w.append(post[1][:n] * np.float64(weight))
        if not parts_rows:
            return []
        rows = np.concatenate(parts_rows)
        scores = np.bincount(rows, weights=np.concatenate(parts_w), minlength=len(self.articles))
        floor = params.threshold - SLACK
        hit = np.flatnonzero(scores >= floor)
        if rep.time is not None and len(hit):
            hit = hit[scores[hit] * similarity.date_factor(self._times[hit] - rep.time, params) >= floor]
        own = self.row_of.get(rep.article)
        return [self.articles[i] for i in hit.tolist() if i != own]
