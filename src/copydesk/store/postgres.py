"""The PostgreSQL backend (extra ``postgres``): a store many machines share, over psycopg 3.

``Store("postgresql://user@host/dbname")`` opens it (the database must exist; its owner may
create everything else). The shared SQL of ``base``/``rows``/``clusters`` runs through
:class:`PgConnection`, which only swaps ``?`` placeholders for psycopg's ``%s``; everything
else PostgreSQL-specific is here or in ``migrations/postgres/*.sql`` (the same migration names
as SQLite's): the writer lock, migrations, and full-text search (a generated ``tsvector`` with a
GIN index, unaccented and stemmed, queried with ``phraseto_tsquery``, snippets by
``ts_headline``). With ``pool_size`` one store serves many threads over a ``psycopg_pool`` pool.

Writers go one at a time, as in SQLite: every write transaction first takes a transaction-level
advisory lock (``pg_advisory_xact_lock``), released at commit or rollback. Story assignment
(load the grouping, check its version token, place, save) therefore runs under that lock, so
concurrent ingests from several machines serialise their story updates, and a writer holding an
old grouping sees the newer version token once it has the lock and reloads
(``clusters.current``). Reads take no lock (each statement sees the last commit).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from typing import Any

try:
    import psycopg
except ImportError as e:  # pragma: no cover - depends on the extras installed
    raise ImportError(
        "a postgresql:// store needs psycopg 3: pip install 'copydesk[postgres]'"
    ) from e

from psycopg.types.string import StrDumperUnknown, TextLoader

from copydesk.store.base import Store, shown
from copydesk.store.search import (
    CLOSE,
    OPEN,
    SearchHit,
    SearchPage,
    estimate_total,
    probe_depth,
    split_marked,
    terms,
)
from copydesk.store.sql import now

# pg_advisory_xact_lock key of the store's one writer; advisory locks are per database, so
# stores in other databases of the same server never wait on each other.
WRITER_LOCK = 0x636F70796465736B  # "copydesk"
CONNECT_TIMEOUT_S = 10
TS_CONFIG = "copydesk"  # the text search configuration migration 0001 creates
_HEADLINE = f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords=24, MinWords=12'
_TITLE_HEADLINE = f'StartSel="{OPEN}", StopSel="{CLOSE}", HighlightAll=true'


# PostgreSQL text cannot hold NUL, which an article's text may (a stray byte in a page is
# kept: offsets must stay valid). Every str goes in with NUL as U+FFFF, a noncharacter, and
# every text value comes back with U+FFFF as NUL, so the text round-trips exactly; a U+FFFF of
# the input itself would come back as NUL.
_NUL, _STANDIN = "\x00", "\uffff"


class _NulSafeDumper(StrDumperUnknown):
    def dump(self, obj: str) -> Any:
        return super().dump(obj.replace(_NUL, _STANDIN) if _NUL in obj else obj)


class _NulSafeLoader(TextLoader):
    def load(self, data: Any) -> str:
        text = super().load(data)
        return text.replace(_STANDIN, _NUL) if _STANDIN in text else text


def _configure(pg: psycopg.Connection) -> None:
    pg.adapters.register_dumper(str, _NulSafeDumper)
    pg.adapters.register_loader("text", _NulSafeLoader)


@lru_cache(maxsize=512)
def _pg_sql(sql: str) -> str:
    """The shared SQL with psycopg's placeholders (a literal % doubled, ``?`` → ``%s``).

    The shared queries never hold a ``?`` inside a string literal."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """A psycopg connection that runs the store's shared ``?``-placeholder SQL."""

    def __init__(self, pg: psycopg.Connection) -> None:
        self.pg = pg

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor:
        return self.pg.execute(_pg_sql(sql), params) if params else self.pg.execute(sql)

    def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        params = list(params)
        if params:
            with self.pg.cursor() as cur:
                cur.executemany(_pg_sql(sql), params)

    def close(self) -> None:
        self.pg.close()


class _Rows(list):
    """A query's rows, fetched before its connection went back to the pool."""

    def fetchone(self) -> Any:
        return self[0] if self else None

    def fetchall(self) -> list[Any]:
        return list(self)


class PooledConnection:
    """The same interface over a psycopg_pool pool: each statement borrows a connection, so one
    store serves many threads (the web app). Transactions hold one connection throughout."""

    def __init__(self, pool: Any) -> None:
        self.pool = pool

    def execute(self, sql: str, params: Sequence[Any] = ()) -> _Rows:
        with self.pool.connection() as pg:
            cur = PgConnection(pg).execute(sql, params)
            return _Rows(cur.fetchall() if cur.description else ())

    def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        with self.pool.connection() as pg:
            PgConnection(pg).executemany(sql, params)

    def close(self) -> None:
        self.pool.close()


class PostgresStore(Store):
    """A copydesk store in a PostgreSQL database.

    ``pool_size``: share the store between threads through a ``psycopg_pool`` pool of at most
    that many connections (what the web app does); without it, one connection, one thread.
    """

    IntegrityError = psycopg.IntegrityError
    _NO_LIMIT = None  # LIMIT NULL: all rows

    def __init__(self, url: str, pool_size: int | None = None) -> None:
        self.url = url
        self.path = shown(url)
        options = {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S}
        self.conn: PgConnection | PooledConnection
        if pool_size:
            from psycopg_pool import ConnectionPool

            pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs=options, configure=_configure, open=False)
            pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
            self.conn = PooledConnection(pool)
        else:
            pg = psycopg.connect(url, **options)
            _configure(pg)
            self.conn = PgConnection(pg)
        self.migrate()

    @contextmanager
    def _session(self) -> Iterator[psycopg.Connection]:
        """One connection for a unit of work: the store's own, or one borrowed from its pool."""
        if isinstance(self.conn, PgConnection):
            yield self.conn.pg
        else:
            with self.conn.pool.connection() as pg:
                yield pg

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One write transaction under the store's writer lock (held until commit or rollback)."""
        with self._session() as pg, pg.transaction():
            pg.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield PgConnection(pg)

    # -- migrations ---------------------------------------------------------------------

    def migrate(self) -> list[str]:
        folder = resources.files("copydesk.store") / "migrations" / "postgres"
        scripts = sorted((p.name, p) for p in folder.iterdir() if p.name.endswith(".sql"))
        if self._pending([name for name, _ in scripts]) == []:
            return []  # the usual case: no lock taken, so opening never waits on a writer
        applied = []
        with self.transaction() as tx:  # the lock first: two processes opening a new store do not race
            tx.pg.execute(
                "CREATE TABLE IF NOT EXISTS migrations (seq BIGINT GENERATED ALWAYS AS IDENTITY, "
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for name, script in scripts:
            with self.transaction() as tx:
                if name not in self._pending([name], tx):
                    continue  # another process got there while we waited
                sql = script.read_text(encoding="utf-8")
                if _has_statements(sql):
                    tx.pg.execute(sql)  # no parameters: several statements in one go
                tx.pg.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, now()))
            applied.append(name)
        return applied

    def _pending(self, names: list[str], conn: PgConnection | PooledConnection | None = None) -> list[str]:
        conn = conn or self.conn
        if conn.execute("SELECT to_regclass('migrations')").fetchone()[0] is None:
            return names
        done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
        return [n for n in names if n not in done]

    def migrations(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM migrations ORDER BY seq")]

    # -- search -------------------------------------------------------------------------

    def _search(self, q: str, limit: int, offset: int, count: bool) -> SearchPage:
        query, params = tsquery(q)
        if query is None:
            return SearchPage([], 0, True)
        found = terms(q)
        # ts_headline marks every word of the query, also outside a phrase: as FTS5 does, keep
        # only runs at least as long as the shortest phrase, unless a lone word was asked for.
        shortest = min(len(re.findall(r"\w+", t)) if not p else 1 for t, p in found)
        # Newest first (store/search.py says why), one row past the page to tell there are more;
        # ts_headline (which re-parses the text) only for those rows.
        with self._session() as pg:
            rows = pg.execute(
                f"WITH q AS (SELECT {query} AS q) "
                "SELECT m.n, m.kind, m.article_id, a.title, m.start, m.\"end\", "
                f"ts_headline('{TS_CONFIG}', m.title, q.q, %s), ts_headline('{TS_CONFIG}', m.body, q.q, %s) "
                "FROM (SELECT s.* FROM search s, q WHERE s.tsv @@ q.q ORDER BY s.n DESC LIMIT %s OFFSET %s) m "
                "JOIN articles a ON a.id = m.article_id, q ORDER BY m.n DESC",
                (*params, _TITLE_HEADLINE, _HEADLINE, self._rows_to_read(limit, offset), offset),
            ).fetchall()  # fmt: skip
        hits = []
        for _, kind, aid, title, start, end, title_marked, snippet in rows:
            parts = marked_runs(split_marked(snippet), shortest)
            if kind == "article" and not any(h for _, h in parts) and OPEN in title_marked:
                parts = marked_runs(split_marked(title_marked), shortest)  # matched in the title only
            hits.append(SearchHit(kind, aid, title, parts, start, end))
        return self._page(hits, limit, offset, count, lambda: self._count(query, params, offset + limit))

    def _count(self, query: str, params: tuple[str, ...], page_end: int) -> tuple[int, bool]:
        """How many matches there are and whether exactly: counted up to ``probe_depth``, past
        it estimated from how densely the newest of them lie."""
        fetch = probe_depth(page_end, self.search_depth)
        with self._session() as pg:
            top = [n for (n,) in pg.execute(
                f"WITH q AS (SELECT {query} AS q) SELECT s.n FROM search s, q WHERE s.tsv @@ q.q "
                "ORDER BY s.n DESC LIMIT %s", (*params, fetch)).fetchall()]  # fmt: skip
            newest = top[0] if top else 0
            if len(top) == fetch:
                newest = pg.execute("SELECT max(n) FROM search").fetchone()[0]
        return estimate_total(len(top), top[-1] if top else 0, newest, fetch)


def tsquery(q: str) -> tuple[str | None, tuple[str, ...]]:
    """The SQL tsquery expression for a user's query (every term must match) and its parameters.

    Each word or "phrase" is ``phraseto_tsquery`` of a bound parameter; a ``prefix*`` is
    ``to_tsquery`` of its words (letters, digits only) with ``:*`` on the last.
    """
    parts, params = [], []
    for text, prefix in terms(q):
        words = re.findall(r"\w+", text)
        if prefix and words:
            parts.append(f"to_tsquery('{TS_CONFIG}', %s)")
            params.append(" <-> ".join(f"'{w}'" for w in words) + ":*")
        else:
            parts.append(f"phraseto_tsquery('{TS_CONFIG}', %s)")
            params.append(text)
    return (" && ".join(parts) if parts else None), tuple(params)


def marked_runs(parts: tuple[tuple[str, bool], ...], shortest: int) -> tuple[tuple[str, bool], ...]:
    """Join marked words separated only by spaces or punctuation into one marked run, and unmark
    runs of fewer than ``shortest`` words (query words that occur outside the phrase)."""
    pieces: list[tuple[str, bool]] = []
    i = 0
    while i < len(parts):
        text, marked = parts[i]
        if not marked:
            pieces.append((text, False))
            i += 1
            continue
        words, i = 1, i + 1
        while (i + 1 < len(parts) and not parts[i][1] and parts[i + 1][1]
               and not re.search(r"\w", parts[i][0]) and "\n" not in parts[i][0]):  # fmt: skip
            text += parts[i][0] + parts[i + 1][0]
            words, i = words + 1, i + 2
        pieces.append((text, words >= shortest))
    out: list[tuple[str, bool]] = []
    for text, marked in pieces:
        if out and out[-1][1] == marked:
            out[-1] = (out[-1][0] + text, marked)
        else:
            out.append((text, marked))
    return tuple(out)


def _has_statements(sql: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines())
