"""Story records: what a stories list shows about each story the clusterer holds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from copydesk.stories.cluster import Clusterer

UNTITLED = "(untitled story)"


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """One story: id, title, size, outlets, first/last seen (ISO or None), key entities."""

    id: str
    title: str
    size: int
    outlets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    entities: tuple[str, ...]
    articles: tuple[str, ...]


def central_title(titles: Sequence[str | None], scores: np.ndarray) -> str:
    """The title of the best-scoring member that has one (ties: the earliest member)."""
    order = sorted(range(len(titles)), key=lambda i: (-round(float(scores[i]), 6), i))
    for i in order:
        if titles[i]:
            return titles[i]
    return UNTITLED


def _iso(days: float | None) -> str | None:
    if days is None:
        return None
    return datetime.fromtimestamp(days * 86400.0, UTC).isoformat(timespec="seconds")


def record(c: Clusterer, sid: str, entities: int = 8) -> StoryRecord:
    """The record of one live story of ``c``."""
    s = c.stories[c.resolve(sid)]
    embs = np.array([c.embeddings[a] for a in s.members], np.float32)
    title = central_title([c.titles.get(a) for a in s.members], embs @ s.emb_sum)
    names = [n for n, _ in sorted(s.entities.items(), key=lambda t: (-t[1], t[0]))[:entities]]
    outlets = tuple(o for o, _ in sorted(s.outlets.items(), key=lambda t: (-t[1], t[0])))
    return StoryRecord(
        s.id,
        title,
        len(s.members),
        outlets,
        _iso(s.first_seen),
        _iso(s.last_seen),
        tuple(names),
        tuple(s.members),
    )


def records(c: Clusterer) -> list[StoryRecord]:
    """Every live story's record, latest activity first (undated last), then biggest."""
    out = [record(c, sid) for sid in c.stories]
    dated = sorted((r for r in out if r.last_seen), key=lambda r: (r.last_seen, r.size, r.id), reverse=True)
    undated = sorted((r for r in out if not r.last_seen), key=lambda r: (-r.size, r.id))
    return dated + undated
