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
    split_marked,
)
from copydesk.store.sql import now

__all__ = ["AddResult", "SQLiteStore", "Store", "StoryRow", "independent_sources"]

BUSY_TIMEOUT_S = 30.0
TOKENIZE = "porter unicode61 remove_diacritics 2"  # the search table's (migrations/0001_initial.sql)


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

    def _search(self, q: str, limit: int, offset: int) -> SearchPage:
        match = fts_query(q)
        if match is None:
            return SearchPage([], 0, True)
        # The newest search_depth matches (FTS5 walks its doclists in rowid order and stops there),
        # ranked by bm25; snippets only for the rows of the page asked for.
        top = self.conn.execute(
            "SELECT rowid, bm25(search) FROM search WHERE search MATCH ? ORDER BY rowid DESC LIMIT ?",
            (match, self.search_depth),
        ).fetchall()
        newest = top[0][0] if top else 0
        if len(top) == self.search_depth:
            newest = self.conn.execute("SELECT rowid FROM search ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        total, exact = estimate_total(len(top), top[-1][0] if top else 0, newest, self.search_depth)
        page = sorted(top, key=lambda t: (t[1], -t[0]))[offset : offset + limit]
        if not page:
            return SearchPage([], total, exact)
        rank = dict(page)
        hits = []
        for rowid, kind, aid, title, start, end, title_marked, snippet in self._marked(match, list(rank)):
            parts = split_marked(snippet)
            if kind == "article" and not any(h for _, h in parts) and title_marked:
                parts = split_marked(title_marked)  # matched in the title only
            hits.append((rank[rowid], -rowid, SearchHit(kind, aid, title, parts, start, end, rank[rowid])))
        return SearchPage([h for *_, h in sorted(hits, key=lambda t: t[:2])], total, exact)

    def _marked(self, match: str, rowids: list[int]) -> list[tuple]:
        """The search rows ``rowids`` with their title highlighted and a snippet of the text.

        FTS5 marks them in a temporary index of just these rows, with the store's tokenizer: the
        same marks, at a cost that does not grow with the store (marking in place walks the whole
        index's lists of the query's words for every row). The temporary index reads its text
        from the search table itself (external content), so it holds no copy, and is emptied with
        'delete-all' instead of re-tokenizing the previous page's rows to delete them.
        """
        self.conn.execute("CREATE TEMP VIEW IF NOT EXISTS page_source AS SELECT rowid AS n, title, body FROM main.search")
        self.conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.page_rows USING fts5(title, body, content = 'page_source', "
            f"content_rowid = 'n', tokenize = '{TOKENIZE}')"
        )
        self.conn.execute("INSERT INTO temp.page_rows (page_rows) VALUES ('delete-all')")
        self.conn.execute(
            "INSERT INTO temp.page_rows (rowid, title, body) SELECT rowid, title, body FROM search "
            f"WHERE rowid IN ({','.join('?' * len(rowids))})",
            rowids,
        )
        return self.conn.execute(
            'SELECT p.rowid, s.kind, s.article_id, a.title, s.start, s."end", '
            "highlight(page_rows, 0, ?, ?), snippet(page_rows, 1, ?, ?, '…', 24) "
            "FROM temp.page_rows p JOIN search s ON s.rowid = p.rowid JOIN articles a ON a.id = s.article_id "
            "WHERE page_rows MATCH ?",
            (OPEN, CLOSE, OPEN, CLOSE, match),
        ).fetchall()


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
