"""The connection interface the store's shared SQL runs on, and the small helpers that SQL uses.

``rows``, ``clusters``, ``base`` and ``stories`` write portable SQL with ``?``
placeholders and ``INSERT ... ON CONFLICT`` upserts, which both engines accept. A
``sqlite3.Connection`` is such a connection as it is; ``postgres.PgConnection`` adapts a
psycopg 3 connection to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

IN_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's variable limit


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...


def now() -> str:
    """The time a write stamps on its rows: ISO 8601, UTC, microseconds (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def count(conn: Connection, name: str) -> int:
    """A running count kept by the writes (``store_counts``): no scan of the table."""
    return conn.execute("SELECT value FROM store_counts WHERE name = ?", (name,)).fetchone()[0]


def last_article(conn: Connection) -> int:
    """The last stored article's insertion number (``articles.n``; 0 when there is none)."""
    return conn.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]


def by_ids(conn: Connection, columns: str, table: str, ids: Sequence[str], key: str = "id") -> Iterator[tuple]:
    """Rows of ``table`` whose ``key`` is in ``ids``, queried in chunks below either engine's parameter limit.

    ``columns``, ``table`` and ``key`` are the store's own constants, never user input.
    """
    for i in range(0, len(ids), IN_CHUNK):
        chunk = ids[i : i + IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(f"SELECT {columns} FROM {table} WHERE {key} IN ({marks})", chunk)
