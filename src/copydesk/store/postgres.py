"""The PostgreSQL backend (extra ``postgres``): a store many machines share, over psycopg 3.

``Store("postgresql://user@host/dbname")`` opens it (the database must exist; its owner may
create everything else). The shared SQL of ``base``/``rows``/``clusters`` runs through
:class:`PgConnection`, which only swaps ``?`` placeholders for psycopg's ``%s``; everything
else PostgreSQL-specific is here or in ``migrations/postgres/*.sql`` (the same migration names
as SQLite's): the writer lock, migrations, and full-text search (a generated ``tsvector`` with a
GIN index, unaccented and stemmed, queried with ``phraseto_tsquery``, snippets by
``ts_headline``).

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

from copydesk.store.base import Store, _now, shown
from copydesk.store.search import CLOSE, OPEN, SearchHit, split_marked, terms

# pg_advisory_xact_lock key of the store's one writer; advisory locks are per database, so
# stores in other databases of the same server never wait on each other.
WRITER_LOCK = 0x636F70796465736B  # "copydesk"
CONNECT_TIMEOUT_S = 10
TS_CONFIG = "copydesk"  # the text search configuration migration 0001 creates
_HEADLINE = f'StartSel="{OPEN}", StopSel="{CLOSE}", MaxWords=24, MinWords=12'
_TITLE_HEADLINE = f'StartSel="{OPEN}", StopSel="{CLOSE}", HighlightAll=true'


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


class PostgresStore(Store):
    """A copydesk store in a PostgreSQL database."""

    IntegrityError = psycopg.IntegrityError
    _NO_LIMIT = None  # LIMIT NULL: all rows

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = shown(url)
        pg = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S)
        self.conn = PgConnection(pg)
        self.migrate()

    @property
    def pg(self) -> psycopg.Connection:
        return self.conn.pg

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One write transaction under the store's writer lock (held until commit or rollback)."""
        with self.pg.transaction():
            self.pg.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield self.conn

    # -- migrations ---------------------------------------------------------------------

    def migrate(self) -> list[str]:
        folder = resources.files("copydesk.store") / "migrations" / "postgres"
        scripts = sorted((p.name, p) for p in folder.iterdir() if p.name.endswith(".sql"))
        if self._pending([name for name, _ in scripts]) == []:
            return []  # the usual case: no lock taken, so opening never waits on a writer
        applied = []
        with self.transaction():  # the lock first: two processes opening a new store do not race
            self.pg.execute(
                "CREATE TABLE IF NOT EXISTS migrations (seq BIGINT GENERATED ALWAYS AS IDENTITY, "
                "name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
        for name, script in scripts:
            with self.transaction():
                if name not in self._pending([name]):
                    continue  # another process got there while we waited
                sql = script.read_text(encoding="utf-8")
                if _has_statements(sql):
                    self.pg.execute(sql)  # no parameters: several statements in one go
                self.pg.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, _now()))
            applied.append(name)
        return applied

    def _pending(self, names: list[str]) -> list[str]:
        if self.pg.execute("SELECT to_regclass('migrations')").fetchone()[0] is None:
            return names
        done = {r[0] for r in self.pg.execute("SELECT name FROM migrations")}
        return [n for n in names if n not in done]

    def migrations(self) -> list[str]:
        return [r[0] for r in self.pg.execute("SELECT name FROM migrations ORDER BY seq")]

    # -- search -------------------------------------------------------------------------

    def search(self, q: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        query, params = tsquery(q)
        if query is None:
            return []
        # Rank and page first, then write snippets for the page's rows only (ts_headline re-parses).
        cur = self.pg.execute(
            f"WITH q AS (SELECT {query} AS q), "
            "hits AS (SELECT s.kind, s.article_id, s.start, s.\"end\", s.title, s.body, s.n, "
            "-ts_rank_cd(s.tsv, q.q) AS rank FROM search s, q WHERE s.tsv @@ q.q "
            "ORDER BY rank, s.n LIMIT %s OFFSET %s) "
            f"SELECT h.kind, h.article_id, a.title, h.start, h.\"end\", h.rank, "
            f"ts_headline('{TS_CONFIG}', h.title, q.q, %s), ts_headline('{TS_CONFIG}', h.body, q.q, %s) "
            "FROM hits h JOIN articles a ON a.id = h.article_id, q ORDER BY h.rank, h.n",
            (*params, limit, offset, _TITLE_HEADLINE, _HEADLINE),
        )
        hits = []
        for kind, aid, title, start, end, rank, title_marked, snippet in cur:
            parts = split_marked(snippet)
            if kind == "article" and not any(h for _, h in parts) and OPEN in title_marked:
                parts = split_marked(title_marked)  # matched in the title only
            hits.append(SearchHit(kind, aid, title, parts, start, end, float(rank)))
        return hits


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


def _has_statements(sql: str) -> bool:
    return any(line.strip() and not line.strip().startswith("--") for line in sql.splitlines())
