"""The SQLite backend: one file, WAL mode, FTS5 search.

WAL mode lets readers never block the writer; foreign keys are on; a busy timeout makes
concurrent processes wait instead of failing. ``BEGIN IMMEDIATE`` takes SQLite's one write
lock, so writers (and with them story assignment) go one at a time. Schema changes are the
named migrations in ``migrations/*.sql``, applied once, in order.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from copydesk.store.base import AddResult, Store, StoryRow, independent_sources
from copydesk.store.search import (
    CLOSE,
    OPEN,
    SearchHit,
    SearchPage,
    estimate_total,
    fts_query,
    probe_depth,
    split_marked,
)
from copydesk.store.sql import now

__all__ = ["AddResult", "SQLiteStore", "Store", "StoryRow", "independent_sources"]

BUSY_TIMEOUT_S = 30.0


class SQLiteStore(Store):
    """A copydesk store in one SQLite file (``":memory:"`` works too, for tests)."""

    IntegrityError = sqlite3.IntegrityError
    _NO_LIMIT = -1

    def __init__(self, path: str | Path, timeout: float = BUSY_TIMEOUT_S) -> None:
        self.path = str(path)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) below.
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != ":memory:":
            self._use_wal(timeout)
            self.conn.execute("PRAGMA synchronous = NORMAL")  # WAL: still crash-consistent
        self.migrate()

    def _use_wal(self, timeout: float) -> None:
        """Switch to WAL. Two processes opening a brand-new store at once race for the switch,
        and SQLite answers the loser "locked" without its busy handler: wait and try again."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- migrations ---------------------------------------------------------------------

    def migrate(self) -> list[str]:
        self.conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        folder = resources.files("copydesk.store") / "migrations"
        scripts = sorted((p.name, p) for p in folder.iterdir() if p.name.endswith(".sql"))
        applied = []
        for name, script in scripts:
            if self._applied(name):
                continue
            with self.transaction() as tx:
                if self._applied(name):  # another process got there while we waited
                    continue
                for statement in _statements(script.read_text(encoding="utf-8")):
                    tx.execute(statement)
                tx.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
            applied.append(name)
        return applied

    def _applied(self, name: str) -> bool:
        return self.conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone() is not None

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY rowid")]

    # -- search -------------------------------------------------------------------------

    def _search(self, q: str, limit: int, offset: int, count: bool) -> SearchPage:
        match = fts_query(q)
        if match is None:
            return SearchPage([], 0, True)
        # Newest first: FTS5 walks its doclists in rowid order and stops at the LIMIT, marking
        # only the rows it returns, so a page costs the rows it reads whatever the store's size
        # (bm25 would count every match of every term first). One row past the page says
        # whether there is a next one.
        rows = self.conn.execute(
            'SELECT m.rowid, m.kind, m.article_id, a.title, m.start, m."end", m.title_marked, m.snippet FROM '
            '(SELECT rowid, kind, article_id, start, "end", highlight(search, 0, ?, ?) AS title_marked, '
            "snippet(search, 1, ?, ?, '…', 24) AS snippet FROM search WHERE search MATCH ? "
            "ORDER BY rowid DESC LIMIT ? OFFSET ?) m JOIN articles a ON a.id = m.article_id ORDER BY m.rowid DESC",
            (OPEN, CLOSE, OPEN, CLOSE, match, self._rows_to_read(limit, offset), offset),
        ).fetchall()
        hits = []
        for _, kind, aid, title, start, end, title_marked, snippet in rows:
            parts = split_marked(snippet)
            if kind == "article" and not any(h for _, h in parts) and title_marked:
                parts = split_marked(title_marked)  # matched in the title only
            hits.append(SearchHit(kind, aid, title, parts, start, end))
        return self._page(hits, limit, offset, count, lambda: self._count(match, offset + limit))

    def _count(self, match: str, page_end: int) -> tuple[int, bool]:
        """How many matches there are and whether exactly: counted up to ``probe_depth``, past
        it estimated from how densely the newest of them lie."""
        fetch = probe_depth(page_end, self.search_depth)
        rows = [r for (r,) in self.conn.execute(
            "SELECT rowid FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?", (match, fetch))]  # fmt: skip
        newest = rows[0] if rows else 0
        if len(rows) == fetch:
            newest = self.conn.execute("SELECT rowid FROM search ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        return estimate_total(len(rows), rows[-1] if rows else 0, newest, fetch)


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements, so they run inside our transaction
    (``executescript`` would commit first)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buf.splitlines()):
        raise ValueError(f"migration ends with an incomplete statement: {buf[:80]!r}")
