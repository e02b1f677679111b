"""The store's interface and everything both backends share: opening, articles, search.

A store is opened from a path (a SQLite file, the default) or a ``postgres://`` /
``postgresql://`` URL (a PostgreSQL database): ``Store(db)`` returns the backend's subclass, so
every caller (ingest, the CLI, the web app) works on either. The queries here are portable SQL
with ``?`` placeholders (``ON CONFLICT`` upserts, which SQLite 3.24+ and PostgreSQL share); what
differs between the two engines (connecting, transactions and the writer lock, migrations,
full-text search) lives in ``sqlite.py`` and ``postgres.py``; the stories half in ``stories.py``. Every write is one transaction: a
batch of articles lands whole or not at all, so a killed ingest leaves the store consistent and
a re-run finishes the job.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from copydesk import codec
from copydesk.compare.families import independent_sources
from copydesk.model import Analysis, Annotated, Article, Story, republished_id
from copydesk.store import rows
from copydesk.store.search import TOP_K, SearchHit, SearchPage
from copydesk.store.sql import IN_CHUNK, by_ids, count, last_article, now
from copydesk.store.stories import Stories, StoryRow

__all__ = ["AddResult", "Store", "StoryRow", "URL_SCHEMES", "independent_sources", "is_url", "now", "shown"]

URL_SCHEMES = ("postgres://", "postgresql://")


def is_url(db: str | Path) -> bool:
    """Whether ``db`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(db, str) and db.startswith(URL_SCHEMES)


def shown(db: str | Path) -> str:
    """``db`` as it may be printed or logged: a URL loses its password."""
    return re.sub(r"^(\w+://[^:@/]*):[^@/]*@", r"\1:***@", db) if is_url(db) else str(db)


@dataclass(slots=True)
class AddResult:
    """Ids stored by :meth:`Store.add_articles`, and ids that were already there."""

    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


class Store(Stories):
    """A copydesk store: ``Store("news.db")`` (SQLite; ``":memory:"`` works too, for tests) or
    ``Store("postgresql://user@host/dbname")`` (PostgreSQL, extra ``postgres``).

    >>> with Store("news.db") as store:                      # doctest: +SKIP
    ...     store.add_articles(annotated).added
    """

    path: str  # the file or the URL (without its password): a cache key for the web app
    conn: Any  # executes the shared, ``?``-placeholder SQL: sqlite3.Connection or its PostgreSQL twin
    IntegrityError: type[Exception]  # what a broken foreign key or unique constraint raises
    _NO_LIMIT: int | None  # the LIMIT value meaning "all rows"
    search_depth = TOP_K  # matches a search reaches by paging: the newest this many

    def __new__(cls, db: str | Path, *args: Any, **kwargs: Any) -> Store:
        if cls is Store:
            if is_url(db):
                from copydesk.store.postgres import PostgresStore as cls
            else:
                from copydesk.store.sqlite import SQLiteStore as cls
        return super().__new__(cls)

    @classmethod
    def open(cls, db: str | Path) -> Store:
        """Open (creating and migrating if needed) the store at ``db``."""
        return cls(db)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what each backend provides ----------------------------------------------------

    def transaction(self) -> AbstractContextManager[Any]:
        """One write transaction, writers one at a time: everything inside commits together or
        not at all. Yields the connection to write through."""
        raise NotImplementedError

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded in the ``migrations`` table; return their names."""
        raise NotImplementedError

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in the order they were applied."""
        raise NotImplementedError

    def search(self, q: str, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over article titles, texts and quotes, newest first.

        Any string is a valid query: words must all match, "quoted text" as a phrase, a word
        ending in ``*`` as a prefix. Paging reaches the newest ``search_depth`` matches.
        """
        return self.search_page(q, limit, offset, count=False).hits

    def search_page(self, q: str, limit: int = 20, offset: int = 0, count: bool = True) -> SearchPage:
        """:meth:`search`'s hits, whether a later page has more, and the number of matches in all:
        counted up to a bound and estimated past it, or (``count=False``, which reads no row past
        the page's) known only when there is no later page."""
        return self._search(q, limit, offset, count)

    def _search(self, q: str, limit: int, offset: int, count: bool) -> SearchPage:
        raise NotImplementedError

    def _rows_to_read(self, limit: int, offset: int) -> int:
        """The rows a backend reads for a page: one past it (is there a next page?), none past
        ``search_depth``."""
        return max(0, min(limit + 1, self.search_depth - offset))

    def _page(self, found: list[SearchHit], limit: int, offset: int, count: bool,
              counted: Callable[[], tuple[int, bool]]) -> SearchPage:  # fmt: skip
        """A page from the hits a backend read for it (up to ``limit + 1``, the extra one telling
        that there are more): the total exact when nothing follows the page, else ``counted()``
        when ``count``, else a lower bound."""
        more = len(found) > limit and offset + limit < self.search_depth
        hits = found[:limit]
        if not more and (hits or offset == 0):
            return SearchPage(hits, offset + len(hits), True, more)
        seen = (offset if hits else 0) + len(hits) + more  # matches known to exist
        if not count:
            return SearchPage(hits, seen, False, more)
        total, exact = counted()
        return SearchPage(hits, max(total, seen), exact, more)

    # -- articles -----------------------------------------------------------------------

    def has(self, article_id: str) -> bool:
        return _has(self.conn, article_id)

    def reading_id(self, article: Article) -> tuple[str, bool]:
        """(the id this reading of ``article`` has in the store, whether it is stored already).

        The same text read from another source is another publication, stored under
        ``model.republished_id``; which reading got the plain id depends on the order they were
        read in, so both ways round are looked up: the id this source's reading holds, else the
        plain id when no other source holds it, else this source's republished id.
        """
        for (stored_id,) in self.conn.execute("SELECT id FROM articles WHERE source = ?", (article.source,)):
            if article.id in (stored_id, republished_id(stored_id, article.source)):
                return stored_id, True
        row = self.conn.execute("SELECT source FROM articles WHERE id = ?", (article.id,)).fetchone()
        if row is None or row[0] == article.source:
            return article.id, row is not None
        again = republished_id(article.id, article.source)
        return again, _has(self.conn, again)

    def count_articles(self) -> int:
        return count(self.conn, "articles")

    def add_articles(
        self,
        items: Sequence[Annotated],
        within: Callable[[Any, list[Annotated]], None] | None = None,
    ) -> AddResult:
        """Store annotated articles in one transaction; ids already stored are reported, not rewritten.

        ``within(tx, added)`` runs inside the same transaction with the articles actually
        added (to place them in stories, say), so both land together or not at all.
        """
        result = AddResult()
        added_at = now()
        with self.transaction() as tx:
            added = []
            for item in items:
                if item.id in result.added or _has(tx, item.id):  # through tx: a pool lends no second connection
                    result.duplicates.append(item.id)
                    continue
                rows.insert(tx, item, added_at)
                result.added.append(item.id)
                added.append(item)
            if within is not None and added:
                within(tx, added)
        return result

    def article(self, article_id: str) -> Annotated | None:
        found = self.articles([article_id])
        return found[0] if found else None

    def articles(self, ids: Sequence[str] | None = None) -> list[Annotated]:
        """Stored articles with all their annotations: all of them in insertion order, or the
        given ids in the given order (unknown ids are left out)."""
        if ids is None:
            return rows.load(self.conn, None)
        out: dict[str, Annotated] = {}
        unique = list(dict.fromkeys(ids))
        for i in range(0, len(unique), IN_CHUNK):
            out.update((a.id, a) for a in rows.load(self.conn, unique[i : i + IN_CHUNK]))
        return [out[i] for i in unique if i in out]

    # -- what needs articles and stories alike --------------------------------------

    def analysis(self) -> Analysis:
        """Every stored article and story in the JSON contract's shape, stories in the order
        ``copydesk analyze`` gives them (by founder: earliest dated first, then by id)."""
        cur = self.conn.execute(
            "SELECT s.data FROM stories s JOIN story_articles sa ON sa.story_id = s.id AND sa.pos = 0 "
            "LEFT JOIN story_vectors v ON v.article_id = sa.article_id "
            "ORDER BY v.time IS NULL, v.time, sa.article_id"
        )
        return Analysis(articles=self.articles(), stories=[codec.loads(Story, d) for (d,) in cur])

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The texts of the stored articles among ``ids``."""
        return dict(by_ids(self.conn, "id, text", "articles", list(dict.fromkeys(ids))))

    def articles_version(self) -> int:
        """The last article's insertion number: articles are immutable and never deleted, so this
        changes exactly when the set of articles (and so any search result) does."""
        return last_article(self.conn)


def _has(conn: Any, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None
