"""The passage reuse index in the store: ``compare.reuse``'s posting index as SQL tables.

Reads and writes the tables of migration ``0008_reuse_index.sql`` through the store's
connection. Indexing a batch is two steps, so the costly part holds no lock: ``look_up``
(read-only, before the write transaction) looks each new article up against every article
indexed before it (one indexed lookup per kept hash, so the cost per article does not grow
with the store) and against the batch's earlier articles, and verifies the candidates by
passage alignment; ``record`` (inside the writer's transaction) adds the batch and the
confirmed copy relations, in whatever stories the two articles are. A running count of
indexed articles tells ``record`` whether another writer indexed articles in between; only
then does it look again under the lock, and verify only the pairs that are new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from copydesk import codec
from copydesk.compare import provenance
from copydesk.compare import reuse as passages
from copydesk.model import Annotated, Article, Relation, Span
from copydesk.store import rows
from copydesk.store.sql import Connection

_IN_CHUNK = 500
_COUNT = "reuse_indexed"  # the store_counts row counting records: did another writer index since a look-up?


def _signed(hashes: np.ndarray) -> list[int]:
    """uint64 hashes as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""
    return hashes.astype(np.uint64).view(np.int64).tolist()


def _holders(conn: Connection, signed: int) -> list[str]:
    """The indexed articles holding one hash, enough of them to see that a posting is over-full."""
    sql = "SELECT article_id FROM reuse_hashes WHERE hash = ? LIMIT ?"
    return [r[0] for r in conn.execute(sql, (signed, passages.MAX_POSTINGS + 1))]


def lookup(conn: Connection, hashes: np.ndarray, exclude: str = "") -> list[tuple[str, int]]:
    """Indexed articles sharing at least ``MIN_SHARED`` of ``hashes``: ``(id, shared)``, best first."""
    return passages.rank((_holders(conn, h) for h in _signed(hashes)), exclude)


@dataclass(frozen=True, slots=True)
class Found:
    """What ``look_up`` found for a batch, for ``record`` to write."""

    indexed: int  # the store's count of indexed articles when the lookup began
    hashes: dict[str, np.ndarray]  # each new article's passage hashes, in batch order
    checked: frozenset[tuple[str, str]]  # candidate pairs (earlier, later) verified
    relations: dict[tuple[str, str], Relation]  # ... and the copies among them


def look_up(conn: Connection, items: Sequence[Annotated]) -> Found:
    """Read-only: the batch's passage hashes, candidates and verified copy relations. Run it
    before the write transaction; an article indexed before is left out."""
    indexed = _indexed_count(conn)  # first: a record after this read changes it
    hashes = {i.id: passages.passage_hashes(i) for i in items if not _indexed(conn, i.id)}
    pairs = _candidates(conn, hashes)
    return Found(indexed, hashes, frozenset(pairs), _verify(conn, pairs, items))


def record(tx: Connection, found: Found, added: Sequence[Annotated]) -> list[Relation]:
    """Inside the writer's transaction: index the batch's ``added`` articles (those stored
    now) and store the copy relations between them and earlier articles; return those."""
    hashes = {i.id: found.hashes[i.id] if i.id in found.hashes else passages.passage_hashes(i)
              for i in added if not _indexed(tx, i.id)}  # fmt: skip
    if _indexed_count(tx) == found.indexed and hashes.keys() <= found.hashes.keys():
        relations = {p: r for p, r in found.relations.items() if p[1] in hashes}
    else:  # another writer indexed articles since the look-up: look again, verify what is new
        pairs = _candidates(tx, hashes)
        relations = {p: found.relations[p] for p in pairs if p in found.relations}
        relations |= _verify(tx, [p for p in pairs if p not in found.checked], added)
    for aid, h in hashes.items():
        _add(tx, aid, h)
    if hashes:
        tx.execute(
            "INSERT INTO store_counts (name, value) VALUES (?, ?) "
            "ON CONFLICT (name) DO UPDATE SET value = store_counts.value + excluded.value",
            (_COUNT, len(hashes)),
        )
    present = _present(tx, {a for a, _ in relations} - hashes.keys()) | hashes.keys()  # nothing removes
    # articles today; a relation to one that is gone would be a dangling row, so check, in one read
    order = {aid: k for k, aid in enumerate(hashes)}
    kept = [relations[p] for p in sorted(relations, key=lambda p: (order[p[1]], p[0])) if p[0] in present]
    tx.executemany(
        "INSERT INTO reuse_relations (a, b, data) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(r.a, r.b, codec.dumps(r)) for r in kept],
    )
    return kept


def _candidates(conn: Connection, hashes: Mapping[str, np.ndarray]) -> list[tuple[str, str]]:
    """``(earlier, later)``: each article of ``hashes`` (in order) looked up against the index
    and against the articles of ``hashes`` before it, as if each were added after its lookup."""
    batch: dict[int, list[str]] = {}  # postings of the batch's earlier articles
    pairs = []
    for aid, h in hashes.items():
        signed = _signed(h)
        postings = (_holders(conn, x) + batch.get(x, []) for x in signed)
        pairs += [(other, aid) for other, _ in passages.rank(postings, aid)]
        for x in signed:
            batch.setdefault(x, []).append(aid)
    return pairs


def _verify(
    conn: Connection, pairs: Sequence[tuple[str, str]], items: Sequence[Annotated]
) -> dict[tuple[str, str], Relation]:
    """The copy relations among ``pairs``, by pair; articles not among ``items`` are read."""
    by_id = {i.id: i for i in items}
    others = sorted({a for pair in pairs for a in pair} - set(by_id))
    for k in range(0, len(others), _IN_CHUNK):
        by_id.update((a.id, a) for a in rows.load(conn, others[k : k + _IN_CHUNK]))
    prepared: dict[str, provenance.Item] = {}

    def item_of(aid: str) -> provenance.Item:
        if aid not in prepared:
            prepared[aid] = provenance.prepare(by_id[aid])
        return prepared[aid]

    return {(r.a, r.b): r for r in passages.verify([p for p in pairs if p[0] in by_id], item_of)}


def _add(tx: Connection, article_id: str, hashes: np.ndarray) -> None:
    tx.executemany(
        "INSERT INTO reuse_hashes (hash, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(h, article_id) for h in _signed(hashes)],
    )
    tx.execute("INSERT INTO reuse_indexed (article_id) VALUES (?) ON CONFLICT DO NOTHING", (article_id,))


def _indexed(conn: Connection, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM reuse_indexed WHERE article_id = ?", (article_id,)).fetchone() is not None


def _indexed_count(conn: Connection) -> int:
    row = conn.execute("SELECT value FROM store_counts WHERE name = ?", (_COUNT,)).fetchone()
    return row[0] if row else 0


def _present(conn: Connection, ids: Iterable[str]) -> set[str]:
    ids = sorted(ids)
    out = set()
    for k in range(0, len(ids), _IN_CHUNK):
        chunk = ids[k : k + _IN_CHUNK]
        out.update(r[0] for r in conn.execute(f"SELECT id FROM articles WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


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


def other_ends(conn: Connection, article_ids: Iterable[str]) -> dict[str, tuple[Annotated, str | None, str | None]]:
    """What a reuse line says about the article at its other end: the article's metadata and
    provenance signals (enough for ``identity``; no other annotation), and the id and title of
    its story as stored now. Two indexed reads, whatever the size of the article or its story."""
    ids = sorted(set(article_ids))
    out: dict[str, tuple[Annotated, str | None, str | None]] = {}
    for k in range(0, len(ids), _IN_CHUNK):
        chunk = ids[k : k + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        signals: dict[str, list[Span]] = {}
        for aid, start, end, label, kind, value in conn.execute(
            f'SELECT article_id, start, "end", label, kind, value FROM spans WHERE field = \'signals\' '
            f"AND article_id IN ({marks}) ORDER BY article_id, seq", chunk,
        ):  # fmt: skip
            signals.setdefault(aid, []).append(Span(start, end, label, kind, value))
        for aid, source, outlet, url, text, story, title in conn.execute(
            "SELECT a.id, a.source, a.outlet, a.url, a.text, s.id, s.title FROM articles a "
            "LEFT JOIN story_articles sa ON sa.article_id = a.id LEFT JOIN stories s ON s.id = sa.story_id "
            f"WHERE a.id IN ({marks})", chunk,
        ):  # fmt: skip
            article = Article(aid, source, text, outlet=outlet, url=url)
            out[aid] = (Annotated(article, signals=tuple(signals.get(aid, ()))), story, title)
    return out


def ends_stamp(conn: Connection, story_id: str) -> tuple[tuple[str, str], ...]:
    """The id and ``updated_at`` of every other story a story's reuse relations reach: part of
    its page's cache key, since its reuse lines name those stories as they are now. Indexed
    reads only (the story's members, their relations, the other ends' stories)."""
    sql = (
        "SELECT s.id, s.updated_at FROM story_articles me "
        "JOIN reuse_relations r ON r.{mine} = me.article_id "
        "JOIN story_articles other ON other.article_id = r.{theirs} "
        "JOIN stories s ON s.id = other.story_id "
        "WHERE me.story_id = ? AND other.story_id <> me.story_id"
    )
    rows = conn.execute(f"{sql.format(mine='a', theirs='b')} UNION {sql.format(mine='b', theirs='a')}",
                        (story_id, story_id)).fetchall()  # fmt: skip
    return tuple(sorted((sid, stamp) for sid, stamp in rows))


def related_articles(conn: Connection) -> set[str]:
    """Every article on either side of a stored reuse relation."""
    return {aid for pair in conn.execute("SELECT a, b FROM reuse_relations") for aid in pair}


def unindexed(conn: Connection) -> list[str]:
    """Stored articles not in the reuse index yet (a store from before migration 0008), oldest first."""
    return [r[0] for r in conn.execute(
        "SELECT id FROM articles a WHERE NOT EXISTS (SELECT 1 FROM reuse_indexed r WHERE r.article_id = a.id) "
        "ORDER BY n"
    )]  # fmt: skip
