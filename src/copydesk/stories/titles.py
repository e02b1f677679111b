"""Story titles: the headline of the member that best represents the story."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.model import Annotated
from copydesk.stories.represent import represent_many

UNTITLED = "(untitled story)"


def central_title(titles: Sequence[str | None], scores: np.ndarray) -> str:
    """The title of the best-scoring member that has one (ties: the earliest member)."""
    order = sorted(range(len(titles)), key=lambda i: (-round(float(scores[i]), 6), i))
    for i in order:
        if titles[i]:
            return titles[i]
    return UNTITLED


def story_title(members: Sequence[Annotated]) -> str:
    """The headline (or lead sentence) of the member closest to the story's centroid."""
    reps = represent_many(members)
    vectors = [dict(zip(r.term_ids.tolist(), r.term_weights.tolist(), strict=True)) for r in reps]
    total: dict[int, float] = {}
    for v in vectors:
        for k, w in v.items():
            total[k] = total.get(k, 0.0) + w
    scores = np.array([sum(w * total[k] for k, w in v.items()) for v in vectors]) if vectors else np.zeros(0)
    return central_title([r.title for r in reps], scores)
