"""Persist the story clusterer in the SQLite store (tables of migrations 0003 and 0005).

Migration 0005 keeps what the re-check needs to move the latest members of each story after a
restart (their representations and neighbour lists), so ingesting in several runs gives the
stories one run gives.

``load`` rebuilds a :class:`Clusterer` from the store; ``save`` writes only what changed since
the last save, so assigning a batch of new articles costs the batch, not the store.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Sequence

import numpy as np

from copydesk.compare import fingerprints as fp
from copydesk.model import Annotated
from copydesk.stories import copies
from copydesk.stories.cluster import DIM, Assignment, Clusterer, Params, StoryState, feed_order
from copydesk.stories.represent import Representation, represent_many


def load(conn: sqlite3.Connection, params: Params | None = None) -> Clusterer:
    """The clusterer as last saved in the store (empty for a new store)."""
    c = Clusterer(params)
    meta = dict(conn.execute("SELECT key, value FROM story_cluster_meta"))
    c._seq = int(meta.get("seq", 0))
    c.newest = float(meta["newest"]) if meta.get("newest") else None
    rows = conn.execute(
        "SELECT id, seq, members, term_ids, term_sum, emb_sum, first_seen, last_seen, outlets, entities "
        "FROM story_clusters ORDER BY seq"
    )
    for sid, seq, members, tids, tsum, emb, first, last, outlets, entities in rows:
        c.stories[sid] = StoryState(
            sid, seq, json.loads(members),
            np.frombuffer(tids, np.int64).copy(), np.frombuffer(tsum, np.float32).copy(),
            np.frombuffer(emb, np.float32).copy(), first, last,
            Counter(json.loads(outlets)), Counter(json.loads(entities)),
        )  # fmt: skip
        c.revive(sid)
    for aid, sid, title, emb in conn.execute(
        "SELECT article_id, story_id, title, embedding FROM story_cluster_articles"
    ):
        c.story_of_article[aid] = sid
        c.titles[aid] = title
        c.embeddings[aid] = np.frombuffer(emb, np.float16).copy()
    c.redirects.update(conn.execute("SELECT old_id, new_id FROM story_redirects"))
    for row in conn.execute(
        "SELECT article_id, term_ids, term_weights, embedding, time, outlet, title, entities, pinned, "
        "neighbours FROM story_recent ORDER BY article_id"
    ):
        aid, tids, tw, emb, time, outlet, title, entities, pinned, neighbours = row
        rep = Representation(
            aid, np.frombuffer(tids, np.int64).copy(), np.frombuffer(tw, np.float32).copy(),
            np.frombuffer(emb, np.float32).copy(), time, outlet, title, tuple(json.loads(entities)),
        )  # fmt: skip
        c.reps[aid] = rep
        if pinned:
            c.pinned.add(aid)
        if c.params.snn:
            c.neighbours.vectors[aid] = c.neighbours.vector(rep)
            c.neighbours.lists[aid] = json.loads(neighbours)
    c.neighbours.changed.clear()
    c._retire_old()
    return c


def save(conn: sqlite3.Connection, c: Clusterer) -> None:
    """Write what changed since the last save (call inside the store's transaction)."""
    conn.executemany("DELETE FROM story_clusters WHERE id = ?", [(sid,) for sid in sorted(c.removed)])
    conn.executemany(
        "INSERT OR REPLACE INTO story_clusters (id, seq, members, term_ids, term_sum, emb_sum, first_seen, "
        "last_seen, outlets, entities) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_row(c.stories[sid]) for sid in sorted(c.dirty) if sid in c.stories],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_cluster_articles (article_id, story_id, title, embedding) VALUES (?, ?, ?, ?)",
        [
            (a, c.story_of_article[a], c.titles.get(a), c.embeddings[a].astype(np.float16).tobytes())
            for a in c.fresh
        ],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO story_redirects (old_id, new_id) VALUES (?, ?)", sorted(c.redirects.items())
    )
    conn.executemany("DELETE FROM story_recent WHERE article_id = ?", [(a,) for a in sorted(c.forgotten)])
    recent = sorted((set(c.fresh) | c.neighbours.changed) & set(c.reps))
    conn.executemany(
        "INSERT OR REPLACE INTO story_recent (article_id, term_ids, term_weights, embedding, time, outlet, "
        "title, entities, pinned, neighbours) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [_recent_row(c, c.reps[a]) for a in recent],
    )
    meta = {"seq": str(c._seq), "newest": "" if c.newest is None else repr(c.newest)}
    conn.executemany(
        "INSERT OR REPLACE INTO story_cluster_meta (key, value) VALUES (?, ?)", sorted(meta.items())
    )
    c.dirty.clear()
    c.removed.clear()
    c.fresh.clear()  # moved articles are in it too: their article -> story rows were rewritten
    c.moves.clear()
    c.forgotten.clear()
    c.neighbours.changed.clear()


def _recent_row(c: Clusterer, r: Representation) -> tuple:
    return (
        r.article, r.term_ids.astype(np.int64).tobytes(), r.term_weights.astype(np.float32).tobytes(),
        r.embedding.astype(np.float32).tobytes(), r.time, r.outlet, r.title,
        json.dumps(list(r.entities), ensure_ascii=False), int(r.article in c.pinned),
        json.dumps(c.neighbours.lists.get(r.article, {})),
    )  # fmt: skip


def _row(s: StoryState) -> tuple:
    assert s.emb_sum.shape == (DIM,)
    return (
        s.id, s.seq, json.dumps(s.members), s.term_ids.astype(np.int64).tobytes(),
        s.term_sum.astype(np.float32).tobytes(), s.emb_sum.astype(np.float32).tobytes(),
        s.first_seen, s.last_seen, json.dumps(dict(s.outlets), ensure_ascii=False),
        json.dumps(dict(s.entities), ensure_ascii=False),
    )  # fmt: skip


def assign(
    conn: sqlite3.Connection,
    items: Sequence[Annotated],
    params: Params | None = None,
    clusterer: Clusterer | None = None,
) -> list[Assignment]:
    """Add ``items`` in publication order to the clusterer, save; return where each went.

    ``clusterer``: the state as loaded from this store by the caller, which keeps it across
    batches instead of reloading every story per batch; loaded here when not given.

    An item whose body largely repeats a stored or earlier item (a likely copy, found through
    the stored MinHash/LSH index of migration 0004) joins that item's story. Call it inside
    one store transaction (``with store.transaction() as tx: assign(tx, items)``) so the
    stories, the index and the articles stay in step.
    """
    c = clusterer if clusterer is not None else load(conn, params)
    reps = represent_many(items)
    sigs = copies.signatures(items)
    batch = fp.LSHIndex()
    done = {}
    for i in feed_order(reps):
        aid, sig = reps[i].article, sigs[i]
        source = None
        if not copies.is_empty(sig):
            found = [(_jaccard(conn, sig, h), h) for h in _stored_candidates(conn, sig) if h != aid]
            found += [(fp.jaccard(sig, batch.signature(h)), h) for h in batch.query(sig) if h != aid]
            found = [(-j, h) for j, h in found if j >= copies.COPY_JACCARD and h in c.story_of_article]
            source = min(found)[1] if found else None
            batch.add(aid, sig)
            _index(conn, aid, sig)
        done[aid] = c.add(reps[i], source)
    save(conn, c)
    return [done[r.article] for r in reps]


def _signed(keys: np.ndarray) -> list[int]:
    """uint64 band keys as SQLite's signed 64-bit integers (as store.fingerprints keeps them)."""
    return keys.astype(np.uint64).view(np.int64).tolist()


def _stored_candidates(conn: sqlite3.Connection, sig: np.ndarray) -> set[str]:
    """Stored articles sharing an LSH band with ``sig``."""
    found: set[str] = set()
    for band, key in enumerate(_signed(fp.band_keys(sig)[0])):
        found.update(r[0] for r in conn.execute(
            "SELECT article_id FROM minhash_bands WHERE band = ? AND key = ?", (band, key)
        ))  # fmt: skip
    return found


def _jaccard(conn: sqlite3.Connection, sig: np.ndarray, other: str) -> float:
    row = conn.execute("SELECT signature FROM minhash WHERE article_id = ?", (other,)).fetchone()
    return fp.jaccard(sig, fp.from_bytes(row[0])) if row else 0.0


def _index(conn: sqlite3.Connection, aid: str, sig: np.ndarray) -> None:
    """Add a stored article's signature to the MinHash/LSH tables (skipped for unstored ids)."""
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone() is None:
        return
    conn.execute(
        "INSERT OR IGNORE INTO minhash (article_id, signature) VALUES (?, ?)", (aid, fp.to_bytes(sig))
    )
    conn.executemany(
        "INSERT OR IGNORE INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?)",
        [(b, k, aid) for b, k in enumerate(_signed(fp.band_keys(sig)[0]))],
    )
