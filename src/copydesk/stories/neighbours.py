"""Shared-nearest-neighbour (SNN) evidence for the story clusterer, kept incrementally.

Two reports of one event are near the same other reports; two events of one kind (a second
quake, another shooting) share words but not neighbours. Each article keeps a short list of
its nearest earlier articles (blended cosine); when a later article is near it, the later one
enters its list too, so after a stream the lists are the ones a batch kNN would give over the
articles each was compared with. The SNN similarity of two articles is the cosine of their
neighbour profiles (sparse vectors of neighbour -> similarity), computed a block at a time for
the articles one re-check compares. Only articles the re-check can still move (each story's
latest members) keep a vector (their ``terms`` heaviest terms) and a list (``k`` neighbours),
so memory is bounded by the live stories, not by the store.
"""

from __future__ import annotations

import numpy as np

from copydesk.stories.represent import Representation, sparse_dot


class Neighbours:
    """Per-article truncated term vectors, embeddings and nearest-neighbour lists."""

    def __init__(self, k: int = 10, floor: float = 0.0, blend: float = 0.2, terms: int = 128) -> None:
        self.k = k  # longest neighbour list
        self.floor = floor  # a neighbour must be at least this similar: lists shrink in sparse areas
        self.blend = blend  # embedding weight in the article-article similarity
        self.terms = terms
        self.vectors: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self.lists: dict[str, dict[str, float]] = {}
        self.changed: set[str] = set()  # articles whose list changed since the last save

    def vector(self, rep: Representation) -> tuple[np.ndarray, np.ndarray]:
        """The article's heaviest ``terms`` terms (ids sorted), the rest dropped to bound memory."""
        ids, w = rep.term_ids, rep.term_weights
        if len(ids) > self.terms:
            top = np.sort(np.argpartition(-w, self.terms)[: self.terms])
            ids, w = ids[top], w[top]
        return ids.astype(np.int64), w.astype(np.float32)

    def similarities(
        self, rep: Representation, pool: list[str], embeddings: dict[str, np.ndarray]
    ) -> np.ndarray:
        """Blended cosine of ``rep`` with each pooled article (truncated terms, stored embeddings)."""
        if not pool:
            return np.zeros(0)
        ids, w = self.vector(rep)
        terms = np.array([sparse_dot(ids, w, *self.vectors[a]) for a in pool])
        emb = np.stack([embeddings[a] for a in pool]).astype(np.float32) @ rep.embedding
        return self.blend * emb + (1 - self.blend) * terms

    def add(self, rep: Representation, pool: list[str], sims: np.ndarray) -> None:
        """Record ``rep``'s neighbours among ``pool`` and offer it to each pooled article's list."""
        self.vectors[rep.article] = self.vector(rep)
        ok = np.flatnonzero(sims >= self.floor)
        # Most similar first; ties broken by pool order (the caller's stable order), not by hash.
        best = ok[np.argsort(-sims[ok], kind="stable")][: self.k]
        self.lists[rep.article] = {pool[i]: float(sims[i]) for i in best}
        self.changed.add(rep.article)
        for i in ok:
            self._offer(pool[i], rep.article, float(sims[i]))

    def _offer(self, owner: str, other: str, sim: float) -> None:
        lst = self.lists.setdefault(owner, {})
        if len(lst) < self.k:
            lst[other] = sim
        else:
            worst = min(lst, key=lambda a: (lst[a], a))
            if sim <= lst[worst]:
                return
            del lst[worst]
            lst[other] = sim
        self.changed.add(owner)

    def block(self, articles: list[str]) -> np.ndarray:
        """SNN similarities among ``articles`` at once (a dense square matrix; 0 without a list)."""
        from scipy import sparse

        cols: dict[str, int] = {}
        rows, idx, vals = [], [], []
        for i, a in enumerate(articles):
            for z, v in self.lists.get(a, {}).items():
                rows.append(i)
                idx.append(cols.setdefault(z, len(cols)))
                vals.append(v)
        if not vals:
            return np.zeros((len(articles), len(articles)))
        m = sparse.csr_matrix((vals, (rows, idx)), shape=(len(articles), len(cols)))
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        m = sparse.diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ m
        return (m @ m.T).toarray()

    def forget(self, article: str) -> None:
        """Drop an article's vector and list (it left every story's latest members)."""
        self.vectors.pop(article, None)
        if self.lists.pop(article, None) is not None:
            self.changed.add(article)
