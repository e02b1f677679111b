"""The search index of live stories: one unit embedding row per story, with its time span.

Rows are swap-removed when a story retires (two windows behind the newest article) or merges
away, so a search costs the live stories, not the store. Brute-force numpy is exact and, at the
few thousand live stories a week of news holds, faster than an approximate index.
"""

from __future__ import annotations

import numpy as np

DIM = 256


class StoryIndex:
    """Live stories' normalised embedding sums and first/last seen times, searchable by window."""

    def __init__(self) -> None:
        self.rows = np.zeros((64, DIM), np.float32)
        self.first = np.full(64, np.nan)
        self.last = np.full(64, np.nan)
        self.ids: list[str] = []
        self.row_of: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def put(self, sid: str, emb_sum: np.ndarray, first_seen: float | None, last_seen: float | None) -> None:
        """Insert or update a story's row."""
        row = self.row_of.get(sid)
        if row is None:
            row = len(self.ids)
            if row == len(self.rows):  # grow by doubling: amortised O(1)
                self.rows = np.concatenate([self.rows, np.zeros_like(self.rows)])
                self.first = np.concatenate([self.first, np.full(row, np.nan)])
                self.last = np.concatenate([self.last, np.full(row, np.nan)])
            self.ids.append(sid)
            self.row_of[sid] = row
        norm = float(np.linalg.norm(emb_sum))
        self.rows[row] = emb_sum / norm if norm else 0.0
        self.first[row] = np.nan if first_seen is None else first_seen
        self.last[row] = np.nan if last_seen is None else last_seen

    def drop(self, sid: str) -> None:
        """Remove a story's row (the last row moves into the hole)."""
        row = self.row_of.pop(sid, None)
        if row is None:
            return
        last = len(self.ids) - 1
        if row != last:
            moved = self.ids[last]
            self.rows[row], self.first[row], self.last[row] = (
                self.rows[last],
                self.first[last],
                self.last[last],
            )
            self.ids[row] = moved
            self.row_of[moved] = row
        self.ids.pop()

    def retire(self, before: float) -> None:
        """Drop the stories last seen before ``before`` (they stay stored, out of the search)."""
        n = len(self.ids)
        for row in sorted(np.flatnonzero(self.last[:n] < before), reverse=True):  # from the end
            self.drop(self.ids[row])

    def nearest(self, embedding: np.ndarray, time: float | None, window: float, k: int | None) -> list[str]:
        """Stories whose span is within ``window`` days of ``time`` (undated: all), top ``k`` by embedding."""
        n = len(self.ids)
        if not n:
            return []
        ok = np.ones(n, bool)
        if time is not None and window:
            first, last = self.first[:n], self.last[:n]
            ok = np.isnan(first) | ((first - window <= time) & (time <= last + window))
        idx = np.flatnonzero(ok)
        if k is not None and len(idx) > k:
            dense = self.rows[:n] @ embedding if len(idx) == n else self.rows[idx] @ embedding
            idx = idx[np.argpartition(-dense, k)[:k]]
        return [self.ids[i] for i in idx]
