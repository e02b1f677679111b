"""The story grouping in the store (tables of migration 0006), kept in step with the articles.

``load`` rebuilds the :class:`StoryGraph` from the store (read only); ``assign`` places a batch
of new articles, and first any stored article that has no story yet (a store written by an
older version, or left behind by a crash), and saves what changed, inside the caller's write
transaction. Every save bumps ``story_graph_meta.version``: a process whose graph is older than
the store's (another ingest or web worker wrote in between) brings it up to date inside the
write lock before placing anything, so concurrent writers see each other's articles and never
overwrite each other's stories. Up to date means caught up: the articles placed since are
added to the kept graph (stories are a function of the set of articles, so that gives the
other writer's stories), checked against the stories the store holds, and only reloaded whole
when they differ or when there are too many to be cheaper than a load.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import numpy as np

from copydesk.model import Annotated
from copydesk.store import rows
from copydesk.store.sql import Connection, by_ids, count, last_article
from copydesk.stories import copies
from copydesk.stories.graph import StoryGraph
from copydesk.stories.represent import Representation, represent_many
from copydesk.stories.similarity import Params
from copydesk.text import minhash as fp


def version(conn: Connection) -> str:
    """The store's grouping version: a fresh random token at every save, so equal means "this save"."""
    row = conn.execute("SELECT value FROM story_graph_meta WHERE key = 'version'").fetchone()
    return row[0] if row else ""


def load(conn: Connection, params: Params | None = None) -> StoryGraph:
    """The grouping as saved in the store (read only; ``assign`` places articles it lacks)."""
    g = StoryGraph(params)
    # The token first: if another writer commits while the rows below are read, this copy
    # carries the older token, so the next check under the writer lock catches it up.
    token = version(conn)
    g.upto = last_article(conn)
    reps, stories, roots = [], {}, {}
    for aid, tids, tw, time, sid, root in conn.execute(
        "SELECT article_id, term_ids, term_weights, time, story_id, component FROM story_vectors"
    ):
        reps.append(Representation(aid, np.frombuffer(tids, np.int64).copy(),
                                   np.frombuffer(tw, np.float32).copy(), time))  # fmt: skip
        stories.setdefault(sid, []).append(aid)
        roots[aid] = root
    g.restore(reps, stories, roots, conn.execute("SELECT a, b FROM story_copies"),
              conn.execute("SELECT old_id, new_id FROM story_redirects"))  # fmt: skip
    g.version = token
    return g


def current(conn: Connection, g: StoryGraph | None, params: Params | None = None, placing: int = 0) -> StoryGraph:
    """``g`` if it is as new as the store's grouping, or caught up with it; else the store's
    grouping loaded afresh. ``placing``: articles the caller stored in this transaction and is
    about to place."""
    if g is not None and not g.dirty():
        token = version(conn)
        if g.version == token or _caught_up(conn, g, token, placing):
            return g
    return load(conn, params if g is None else g.params)


CATCH_UP_LIMIT = 2000  # articles placed by others past which a fresh load is the cheaper way


def _caught_up(conn: Connection, g: StoryGraph, token: str, placing: int) -> bool:
    """Add to ``g`` the articles other writers placed since it was loaded or caught up, and
    say whether it now holds the store's stories (False: ``g`` is spoiled, load afresh)."""
    upto = last_article(conn)
    rows = conn.execute(
        "SELECT v.article_id, v.term_ids, v.term_weights, v.time FROM articles a "
        "JOIN story_vectors v ON v.article_id = a.id WHERE a.n > ? AND a.n <= ? ORDER BY a.n LIMIT ?",
        (g.upto, upto, CATCH_UP_LIMIT + 1),
    ).fetchall()
    if len(rows) > CATCH_UP_LIMIT:
        return False
    new = [Representation(aid, np.frombuffer(tids, np.int64).copy(), np.frombuffer(tw, np.float32).copy(), time)
           for aid, tids, tw, time in rows if aid not in g.reps]  # fmt: skip
    ids = [r.article for r in new]
    g.add(new, by_ids(conn, "a, b", "story_copies", ids, key="a"))  # a placed article is a copy pair's first
    changed, _, _ = g.take_changes()
    # Every other article placed (none left unplaced by a crash, none placed out of order), and
    # each changed story's members where the store has them.
    if count(conn, "articles") != len(g.reps) + placing:
        return False
    check = sorted({a for sid in changed for a in g.stories.get(sid, ())} | set(ids))
    stored = by_ids(conn, "article_id, story_id", "story_vectors", check, key="article_id")
    if any(g.story_of.get(aid) != sid for aid, sid in stored):
        return False
    g.version, g.upto = token, upto
    return True


def assign(conn: Connection, items: Sequence[Annotated], graph: StoryGraph | None = None) -> StoryGraph:
    """Place ``items`` (stored in this transaction) in stories and save; return the graph.

    ``graph``: the caller's copy, kept across batches so a run loads the store once; it is
    reloaded here when the store moved on. Call inside the store's write transaction
    (``with store.transaction() as tx: assign(tx, items)``) so the articles, their stories and
    the copy index land together.
    """
    g = current(conn, graph, placing=len({i.id for i in items}))
    _place(conn, g, _unplaced(conn, g, items) + list(items))
    return g


def _unplaced(conn: Connection, g: StoryGraph, items: Sequence[Annotated]) -> list[Annotated]:
    """Stored articles with no story other than ``items`` (a store from an older version, or
    articles stored by a process killed before placing them): placed first, oldest first."""
    stored = count(conn, "articles")  # a running count: no scan
    if stored <= len(g.reps) + len(items):
        return []
    skip = {i.id for i in items}
    ids = [aid for (aid,) in conn.execute("SELECT id FROM articles ORDER BY n") if aid not in g.reps and aid not in skip]
    return [a for i in range(0, len(ids), 256) for a in rows.load(conn, ids[i : i + 256])]


def _place(conn: Connection, g: StoryGraph, items: Sequence[Annotated]) -> None:
    items = [i for i in items if i.id not in g.reps]
    reps = represent_many(items)
    sigs = copies.signatures(items)
    pairs: list[tuple[str, str]] = []
    batch = fp.LSHIndex()
    for rep, sig in zip(reps, sigs, strict=True):
        aid = rep.article
        if copies.is_empty(sig):
            continue
        stored = sorted(h for h in _stored_candidates(conn, sig) if h != aid and h in g.reps)
        jaccard = _jaccards(conn, sig, stored)
        pairs += [(aid, h) for h in stored if jaccard.get(h, 0.0) >= copies.COPY_JACCARD]
        pairs += [(aid, h) for h in batch.query(sig, copies.COPY_JACCARD) if h != aid]
        batch.add(aid, sig)
        _index(conn, aid, sig)
    g.add(reps, pairs)
    save(conn, g, reps, pairs)


def save(conn: Connection, g: StoryGraph, new: Sequence[Representation] = (),
         pairs: Sequence[tuple[str, str]] = ()) -> None:  # fmt: skip
    """Write the new articles' vectors and every change since the last save; bump the version."""
    changed, removed, moved = g.take_changes()
    conn.executemany(
        "INSERT INTO story_vectors (article_id, term_ids, term_weights, time, story_id, component) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET term_ids = excluded.term_ids, "
        "term_weights = excluded.term_weights, time = excluded.time, story_id = excluded.story_id, "
        "component = excluded.component",
        [(r.article, r.term_ids.astype(np.int64).tobytes(), r.term_weights.astype(np.float32).tobytes(),
          r.time, g.story_of[r.article], g.find(r.article)) for r in new],
    )  # fmt: skip
    fresh = {r.article for r in new}
    conn.executemany(
        "UPDATE story_vectors SET story_id = ?, component = ? WHERE article_id = ?",
        [(g.story_of[a], g.find(a), a) for a in sorted(moved - fresh)],
    )
    conn.executemany("INSERT INTO story_copies (a, b) VALUES (?, ?) ON CONFLICT DO NOTHING", pairs)
    # What the next story update must look at (migration 0011): it reads only these stories.
    conn.executemany(
        "INSERT INTO stories_pending (story_id) VALUES (?) ON CONFLICT DO NOTHING", [(s,) for s in sorted(changed | removed)]
    )
    conn.executemany("DELETE FROM story_redirects WHERE old_id = ?", [(s,) for s in sorted(changed)])
    conn.executemany(
        "INSERT INTO story_redirects (old_id, new_id) VALUES (?, ?) "
        "ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id",
        [(s, g.redirects[s]) for s in sorted(removed) if s in g.redirects],
    )
    g.version = uuid.uuid4().hex
    conn.execute(
        "INSERT INTO story_graph_meta (key, value) VALUES ('version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(g.version),),
    )


def _signed(keys: np.ndarray) -> list[int]:
    """uint64 band keys as signed 64-bit integers (SQLite INTEGER, PostgreSQL BIGINT)."""
    return keys.astype(np.uint64).view(np.int64).tolist()


def _stored_candidates(conn: Connection, sig: np.ndarray) -> set[str]:
    """Stored articles sharing an LSH band with ``sig`` (one query for all the bands)."""
    keys = _signed(fp.band_keys(sig)[0])
    marks = ", ".join("(?, ?)" for _ in keys)
    params = [v for band, key in enumerate(keys) for v in (band, key)]
    return {r[0] for r in conn.execute(f"SELECT article_id FROM minhash_bands WHERE (band, key) IN (VALUES {marks})", params)}


def _jaccards(conn: Connection, sig: np.ndarray, others: Sequence[str]) -> dict[str, float]:
    """Estimated Jaccard of ``sig`` with each stored article of ``others`` (one query)."""
    if not others:
        return {}
    marks = ", ".join("?" * len(others))
    rows = conn.execute(f"SELECT article_id, signature FROM minhash WHERE article_id IN ({marks})", list(others))
    return {aid: fp.jaccard(sig, fp.from_bytes(bytes(blob))) for aid, blob in rows}


def _index(conn: Connection, aid: str, sig: np.ndarray) -> None:
    """Add a stored article's signature to the MinHash/LSH tables (skipped for unstored ids)."""
    if conn.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone() is None:
        return
    conn.execute(
        "INSERT INTO minhash (article_id, signature) VALUES (?, ?) ON CONFLICT DO NOTHING", (aid, fp.to_bytes(sig))
    )
    conn.executemany(
        "INSERT INTO minhash_bands (band, key, article_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        [(b, k, aid) for b, k in enumerate(_signed(fp.band_keys(sig)[0]))],
    )
