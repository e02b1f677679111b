"""The connection interface the store's shared SQL runs on.

``rows``, ``clusters`` and ``base`` write portable SQL with ``?``
placeholders and ``INSERT ... ON CONFLICT`` upserts, which both engines accept. A
``sqlite3.Connection`` is such a connection as it is; ``postgres.PgConnection`` adapts a
psycopg 3 connection to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Cursor(Protocol):
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, params: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, params: Iterable[Sequence[Any]], /) -> Any: ...
