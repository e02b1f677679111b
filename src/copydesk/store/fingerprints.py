"""The copy-candidate index in the store: MinHash signatures and LSH band keys per article.

Kept apart from the store's backends: it only reads and writes the two tables of migration
``0004_minhash.sql`` through the store's connection. ``index`` adds articles and returns,
for each, the stored articles whose bands collide with it, best estimated Jaccard first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.compare import fingerprints as fp
from copydesk.model import Annotated
from copydesk.store.base import Store


def _signed(keys: np.ndarray) -> list[int]:
    """uint64 band keys as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""
    return keys.astype(np.uint64).view(np.int64).tolist()


def signature(store: Store, article_id: str) -> np.ndarray | None:
    """The stored signature of an article, or None."""
    row = store.conn.execute("SELECT signature FROM minhash WHERE article_id = ?", (article_id,)).fetchone()
    return fp.from_bytes(row[0]) if row else None


def candidates(store: Store, sig: np.ndarray, threshold: float = 0.0) -> list[tuple[str, float]]:
    """Stored articles sharing a band with ``sig``: ``(id, estimated Jaccard)``, best first."""
    keys = _signed(fp.band_keys(sig)[0])
    found: set[str] = set()
    for band, key in enumerate(keys):
        found.update(r[0] for r in store.conn.execute(
            "SELECT article_id FROM minhash_bands WHERE band = ? AND key = ?", (band, key)
        ))
    scored = []
    for aid in found:
        other = signature(store, aid)
        if other is not None:
            scored.append((aid, fp.jaccard(sig, other)))
    return sorted((s for s in scored if s[1] >= threshold), key=lambda t: (-t[1], t[0]))


def index(store: Store, items: Sequence[Annotated]) -> dict[str, list[tuple[str, float]]]:
    """Add the items' signatures (articles must already be stored); map each to its earlier collisions.

    Items are added in order, so an item also finds the ones before it in the same call.
    Re-indexing an article already indexed changes nothing and returns its collisions.
    """
    hasher = fp.MinHasher()
    sigs = hasher.signatures([fp.shingle_hashes(fp.body_words(i)) for i in items])
    out: dict[str, list[tuple[str, float]]] = {}
    for item, sig in zip(items, sigs, strict=True):
        out[item.id] = [c for c in candidates(store, sig) if c[0] != item.id]
        with store.transaction() as tx:
            tx.execute(
                "INSERT INTO minhash (article_id, signature) VALUES (?, ?) ON CONFLICT DO NOTHING", (item.id, fp.to_bytes(sig))
            )
            tx.executemany(
                "INSERT INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                [(b, k, item.id) for b, k in enumerate(_signed(fp.band_keys(sig)[0]))],
            )
    return out
