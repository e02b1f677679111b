"""The passage reuse index in the store: ``compare.reuse``'s posting index as SQL tables.

Reads and writes the tables of migration ``0008_reuse_index.sql`` through the store's
connection, inside the caller's transaction: ``index`` looks each new article up against every
article indexed before it (one indexed lookup per kept hash, so the cost per article does not
grow with the store), adds it, and keeps the candidates that passage alignment confirms as
copy relations, in whatever stories the two articles are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from copydesk import codec
from copydesk.compare import provenance
from copydesk.compare import reuse as passages
from copydesk.model import Annotated, Relation
from copydesk.store import rows
from copydesk.store.sql import Connection

_IN_CHUNK = 500


def _signed(hashes: np.ndarray) -> list[int]:
    """uint64 hashes as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""
    return hashes.astype(np.uint64).view(np.int64).tolist()


def lookup(conn: Connection, hashes: np.ndarray, exclude: str = "") -> list[tuple[str, int]]:
    """Indexed articles sharing at least ``MIN_SHARED`` of ``hashes``: ``(id, shared)``, best first."""
    sql = "SELECT article_id FROM reuse_hashes WHERE hash = ? LIMIT ?"
    cap = passages.MAX_POSTINGS + 1  # enough to see that a posting is over-full
    return passages.rank(([r[0] for r in conn.execute(sql, (h, cap))] for h in _signed(hashes)), exclude)


def _add(tx: Connection, article_id: str, hashes: np.ndarray) -> None:
    tx.executemany(
        "INSERT INTO reuse_hashes (hash, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(h, article_id) for h in _signed(hashes)],
    )
    tx.execute("INSERT INTO reuse_indexed (article_id) VALUES (?) ON CONFLICT DO NOTHING", (article_id,))


def _indexed(conn: Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM reuse_indexed WHERE article_id = ?", (article_id,)).fetchone() is not None


def index(tx: Connection, items: Sequence[Annotated]) -> list[Relation]:
    """Index ``items`` (stored already; each also finds those before it) and return the copy
    relations verified between them and earlier articles, which are stored too. An article
    indexed before is left as it is."""
    pairs = []
    for item in items:
        if _indexed(tx, item.id):
            continue
        hashes = passages.passage_hashes(item)
        pairs += [(aid, item.id) for aid, _ in lookup(tx, hashes, item.id)]
        _add(tx, item.id, hashes)
    by_id = {i.id: i for i in items}
    others = sorted({a for a, _ in pairs} - set(by_id))
    for k in range(0, len(others), _IN_CHUNK):
        by_id.update((a.id, a) for a in rows.load(tx, others[k : k + _IN_CHUNK]))
    prepared: dict[str, provenance.Item] = {}

    def item_of(aid: str) -> provenance.Item:
        if aid not in prepared:
            prepared[aid] = provenance.prepare(by_id[aid])
        return prepared[aid]

    found = passages.verify(pairs, item_of)
    tx.executemany(
        "INSERT INTO reuse_relations (a, b, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(r.a, r.b, codec.dumps(r)) for r in found],
    )
    return found


def relations_of(conn: Connection, article_ids: Iterable[str]) -> list[Relation]:
    """Stored reuse relations with one of ``article_ids`` on either side, in (a, b) order."""
    ids = sorted(set(article_ids))
    out: dict[tuple[str, str], Relation] = {}
    for k in range(0, len(ids), _IN_CHUNK):
        chunk = ids[k : k + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        for side in ("a", "b"):
            for a, b, data in conn.execute(f"SELECT a, b, data FROM reuse_relations WHERE {side} IN ({marks})", chunk):
                out[(a, b)] = codec.loads(Relation, data)
    return [out[k] for k in sorted(out)]


def unindexed(conn: Connection) -> list[str]:
    """Stored articles not in the reuse index yet (a store from before migration 0008), oldest first."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM reuse_indexed r WHERE r.article_id = a.id) "
        "ORDER BY n"
    )]  # fmt: skip
