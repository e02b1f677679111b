"""WordLlama vectors of one story's sentences: each distinct text embedded once.

Copy detection (``rewrite``) and claim alignment (``claims``) both embed the story's sentences,
and copies repeat their source's sentences word for word; one cache per story serves them all.
WordLlama embeds each text on its own (a batch gives the same rows), so reuse changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.nlp_models import word_embedder


class SentenceVectors:
    """Raw WordLlama rows by text, filled on demand (one per story: its texts, not a global cache)."""

    def __init__(self) -> None:
        self._rows: dict[str, np.ndarray] = {}

    def of(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order (the embedder's own dtype)."""
        todo = [t for t in dict.fromkeys(texts) if t not in self._rows]
        if todo:
            self._rows.update(zip(todo, np.asarray(word_embedder().embed(todo)), strict=True))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._rows[t] for t in texts])
