"""The store's interface and everything both backends share: articles, stories, redirects.

A store is opened from a path (a SQLite file, the default) or a ``postgres://`` /
``postgresql://`` URL (a PostgreSQL database): ``Store(db)`` returns the backend's subclass, so
every caller (ingest, the CLI, the web app) works on either. The queries here are portable SQL
with ``?`` placeholders (``ON CONFLICT`` upserts, which SQLite 3.24+ and PostgreSQL share); what
differs between the two engines (connecting, transactions and the writer lock, migrations,
full-text search) lives in ``sqlite.py`` and ``postgres.py``. Every write is one transaction: a
batch of articles lands whole or not at all, so a killed ingest leaves the store consistent and
a re-run finishes the job.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copydesk import codec
from copydesk.compare.families import independent_sources
from copydesk.identity import identify
from copydesk.model import Analysis, Annotated, Article, Story, republished_id
from copydesk.render import pageview
from copydesk.store import clusters, rows
from copydesk.store.search import TOP_K, SearchHit, SearchPage

_IN_CHUNK = 500  # ids per "IN (...)" query, well under SQLite's variable limit
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


@dataclass(frozen=True, slots=True)
class StoryRow:
    """What the stories list shows, read without decoding the story's findings."""

    id: str
    title: str
    size: int
    outlets: tuple[str, ...]
    independent: int
    activity: str | None
    updated_at: str
    published: str | None = None  # latest publication date among its articles (when ordered by it)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


class Store:
    """A copydesk store: ``Store("news.db")`` (SQLite; ``":memory:"`` works too, for tests) or
    ``Store("postgresql://user@host/dbname")`` (PostgreSQL, extra ``postgres``).

    >>> with Store("news.db") as store:                      # doctest: +SKIP
    ...     store.add_articles(annotated).added
    """

    path: str  # the file or the URL (without its password): a cache key for the web app
    conn: Any  # executes the shared, ``?``-placeholder SQL: sqlite3.Connection or its PostgreSQL twin
    IntegrityError: type[Exception]  # what a broken foreign key or unique constraint raises
    _NO_LIMIT: int | None  # the LIMIT value meaning "all rows"
    search_depth = TOP_K  # matches ranked per search: the newest this many

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
        """Full-text search over article titles, texts and quotes, best first.

        Any string is a valid query: words must all match, "quoted text" as a phrase, a word
        ending in ``*`` as a prefix. Only the newest ``search_depth`` matches are ranked.
        """
        return self.search_page(q, limit, offset).hits

    def search_page(self, q: str, limit: int = 20, offset: int = 0) -> SearchPage:
        """:meth:`search`'s hits with the number of matches in all (estimated past ``search_depth``)."""
        return self._search(q, limit, offset)

    def _search(self, q: str, limit: int, offset: int) -> SearchPage:
        raise NotImplementedError

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
        return _count(self.conn, "articles")

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
        added_at = _now()
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
        for i in range(0, len(unique), _IN_CHUNK):
            out.update((a.id, a) for a in rows.load(self.conn, unique[i : i + _IN_CHUNK]))
        return [out[i] for i in unique if i in out]

    # -- stories ------------------------------------------------------------------------

    def replace_stories(self, stories: Sequence[Story]) -> None:
        """Make ``stories`` the store's whole set of stories, in one transaction."""
        keep = {s.id for s in stories}
        gone = [sid for (sid,) in self.conn.execute("SELECT id FROM stories") if sid not in keep]
        self.put_stories(stories, remove=gone)

    def story_memberships(self, ids: Sequence[str] | None = None) -> dict[str, tuple[str, ...]]:
        """Each stored story's article ids, in story order (of the stories ``ids`` only, when
        given): what an update compares against."""
        out: dict[str, list[str]] = {}
        if ids is None:
            found: Iterator[tuple] = self.conn.execute(
                "SELECT story_id, article_id FROM story_articles ORDER BY story_id, pos"
            )
        else:
            found = (row for i in range(0, len(ids), _IN_CHUNK) for row in self.conn.execute(
                "SELECT story_id, article_id FROM story_articles WHERE story_id IN "
                f"({','.join('?' * len(ids[i : i + _IN_CHUNK]))}) ORDER BY story_id, pos", ids[i : i + _IN_CHUNK]))  # fmt: skip
        for sid, aid in found:
            out.setdefault(sid, []).append(aid)
        return {sid: tuple(members) for sid, members in out.items()}

    def pending_stories(self) -> list[str]:
        """Stories the grouping changed or retired since an update last brought them in step."""
        return [sid for (sid,) in self.conn.execute("SELECT story_id FROM stories_pending ORDER BY story_id")]

    def put_stories(
        self,
        stories: Sequence[Story],
        remove: Sequence[str] = (),
        if_grouping: str | None = None,
        redirects: Sequence[tuple[str, str]] = (),
        members: Mapping[str, Annotated] | None = None,
        settled: Sequence[str] = (),
    ) -> bool:
        """Insert or update ``stories`` and delete the ``remove`` ids, in one transaction.

        A story whose id survives keeps its ``created_at``; ``updated_at`` moves only when its
        content changed. Every article a story names must be stored (foreign keys check it).
        With ``if_grouping``, nothing is written (and False returned) unless the store's story
        grouping is still that version (``store.clusters.version``). ``redirects`` (old id, new
        id) are added where the old id has none yet. ``members``: the stories' articles the caller
        has in hand (by id); the others are read, since the page data needs every member.
        ``settled``: pending stories (``pending_stories``) this write brings in step with the grouping.
        """
        now = _now()
        with self.transaction() as tx:
            if if_grouping is not None and clusters.version(tx) != if_grouping:
                return False
            ids = [s.id for s in stories]
            old = {sid: (created, data, page) for sid, created, data, page
                   in _by_ids(tx, "id, created_at, data, view", "stories", ids)}  # fmt: skip
            wanted = {a for s in stories for a in s.articles}
            items = {a: members[a] for a in wanted if a in members} if members else {}
            missing = sorted(wanted - items.keys())
            items |= {item.id: item for item in rows.load(tx, missing)} if missing else {}
            # The outlet readers see (identity.py: metadata, domain, sign-off…), as every output names it.
            outlet_of = {aid: identify(item).outlet for aid, item in items.items()}
            for sid in [*remove, *ids]:
                tx.execute("DELETE FROM story_articles WHERE story_id = ?", (sid,))
            tx.executemany("DELETE FROM stories WHERE id = ?", [(sid,) for sid in remove])
            tx.executemany(
                "INSERT INTO story_redirects (old_id, new_id) VALUES (?, ?) ON CONFLICT DO NOTHING", redirects
            )
            for story in stories:
                data = codec.dumps(story)
                created, old_data, old_page = old.get(story.id, (now, None, None))
                outlets = sorted({o for a in story.articles if (o := outlet_of.get(a))})
                independent = independent_sources(story)
                # The page data goes with the story's data, in the same statement: never stale.
                page = pageview.build(story, [items[a] for a in story.articles if a in items], independent)
                row = (story.id, story.title, len(story.articles), json.dumps(outlets, ensure_ascii=False),
                       independent, created, now, data, page)  # fmt: skip
                if old_data is None:
                    tx.execute(
                        "INSERT INTO stories (id, title, size, outlets, independent, created_at, updated_at, data, "
                        "view) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        row,
                    )
                elif old_data != data:
                    tx.execute(
                        "UPDATE stories SET title=?, size=?, outlets=?, independent=?, updated_at=?, data=?, view=? "
                        "WHERE id=?",
                        (*row[1:5], now, data, page, story.id),
                    )
                elif old_page != page:  # same story, page data of an older shape (or none yet)
                    tx.execute("UPDATE stories SET view=? WHERE id=?", (page, story.id))
                tx.executemany(
                    "INSERT INTO story_articles (story_id, article_id, pos) VALUES (?, ?, ?)",
                    [(story.id, aid, pos) for pos, aid in enumerate(story.articles)],
                )
            # Python compares str by code point, as SQLite's BINARY and PostgreSQL's "C" order do.
            published = {s.id: max((p for a in s.articles if (p := items[a].article.published) is not None),
                                   default=None) for s in stories}  # fmt: skip
            tx.executemany(
                "UPDATE stories SET activity = (SELECT max(a.added_at) FROM story_articles sa "
                "JOIN articles a ON a.id = sa.article_id WHERE sa.story_id = stories.id), published = ? WHERE id = ?",
                [(published[sid], sid) for sid in ids],
            )
            tx.execute("UPDATE store_counts SET value = (SELECT count(*) FROM stories) WHERE name = 'stories'")
            tx.executemany("DELETE FROM stories_pending WHERE story_id = ?", [(sid,) for sid in settled])
        return True

    def fill_views(self) -> int:
        """Write the page data of stories that have none or an older shape (a store from before
        migration 0007); return how many. Each story is rewritten as it is (``put_stories``)."""
        done = 0
        while True:
            stale = [sid for (sid,) in self.conn.execute(
                "SELECT id FROM stories WHERE view IS NULL OR substr(view, 1, ?) != ? ORDER BY id LIMIT 100",
                (len(pageview.PREFIX), pageview.PREFIX))]  # fmt: skip
            if not stale:
                return done
            stories = [codec.loads(Story, d) for _, d in _by_ids(self.conn, "id, data", "stories", stale)]
            self.put_stories(stories)
            done += len(stale)

    def analysis(self) -> Analysis:
        """Every stored article and story in the JSON contract's shape, stories in the order
        ``copydesk analyze`` gives them (by founder: earliest dated first, then by id)."""
        cur = self.conn.execute(
            "SELECT s.data FROM stories s JOIN story_articles sa ON sa.story_id = s.id AND sa.pos = 0 "
            "LEFT JOIN story_vectors v ON v.article_id = sa.article_id "
            "ORDER BY v.time IS NULL, v.time, sa.article_id"
        )
        return Analysis(articles=self.articles(), stories=[codec.loads(Story, d) for (d,) in cur])

    def resolve_story(self, story_id: str) -> str | None:
        """The live id an old story id now lives on (following redirects), or None."""
        seen = {story_id}
        sid = story_id
        while (row := self.conn.execute("SELECT new_id FROM story_redirects WHERE old_id = ?", (sid,)).fetchone()):
            sid = row[0]
            if sid in seen:
                return None
            seen.add(sid)
        if sid == story_id:
            return None
        exists = self.conn.execute("SELECT 1 FROM stories WHERE id = ?", (sid,)).fetchone()
        return sid if exists else None

    def count_stories(self, min_size: int = 1) -> int:
        if min_size <= 1:  # every story: the running count, not a scan
            return _count(self.conn, "stories")
        return self.conn.execute("SELECT count(*) FROM stories WHERE size >= ?", (min_size,)).fetchone()[0]

    def stories(self, limit: int | None = 50, offset: int = 0) -> list[Story]:
        """Stories, newest activity first (``limit=None`` for all of them)."""
        cur = self.conn.execute(
            "SELECT data FROM stories ORDER BY activity DESC, id LIMIT ? OFFSET ?",
            (self._NO_LIMIT if limit is None else limit, offset),
        )
        return [codec.loads(Story, data) for (data,) in cur]

    def story_rows(
        self,
        limit: int | None = 50,
        offset: int = 0,
        by_published: bool = False,
        min_size: int = 1,
        after: tuple[str | None, ...] | None = None,
    ) -> list[StoryRow]:
        """The stories list's columns, newest activity first (``by_published``: latest publication
        date first, undated last), stories of at least ``min_size`` articles, without decoding each story.

        ``after``: the sort key of the last row of the previous page, (activity, id) or with
        ``by_published`` (published, activity, id) (keyset paging: the index seeks there, however
        deep the page); otherwise ``offset`` rows are skipped.
        """
        # Undated stories last: SQLite sorts NULL lowest, PostgreSQL needs NULLS LAST (either way
        # the order of the index stories_by_published, migration 0010).
        order = "published DESC NULLS LAST, activity DESC, id" if by_published else "activity DESC, id"
        where, params = "size >= ?", [min_size]
        if after is not None:
            *published, activity, story_id = after
            later = "(activity < ? OR (activity = ? AND id > ?))"
            if not by_published:
                where += f" AND {later}"
            elif published[0] is None:  # undated rows come last, so the cursor is among them
                where += f" AND published IS NULL AND {later}"
            else:
                where += f" AND (published IS NULL OR published < ? OR (published = ? AND {later}))"
                params += [published[0], published[0]]
            params += [activity, activity, story_id]
        cur = self.conn.execute(
            f"SELECT id, title, size, outlets, independent, activity, updated_at, "
            f"{'published' if by_published else 'NULL'} FROM stories WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?",
            (*params, self._NO_LIMIT if limit is None else limit, offset if after is None else 0),
        )
        return [StoryRow(i, t, n, tuple(json.loads(o)), ind, act, up, pub) for i, t, n, o, ind, act, up, pub in cur]

    def story(self, story_id: str) -> Story | None:
        row = self.conn.execute("SELECT data FROM stories WHERE id = ?", (story_id,)).fetchone()
        return codec.loads(Story, row[0]) if row else None

    def story_view(self, story_id: str) -> tuple[str, str | None] | None:
        """A story's ``updated_at`` and page data (``render.pageview``; None when it has none yet)."""
        row = self.conn.execute("SELECT updated_at, view FROM stories WHERE id = ?", (story_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def texts(self, ids: Sequence[str]) -> dict[str, str]:
        """The texts of the stored articles among ``ids``."""
        return dict(_by_ids(self.conn, "id, text", "articles", list(dict.fromkeys(ids))))

    def story_updated_at(self, story_id: str) -> str | None:
        """When a story last changed (None if there is no such story): a cheap cache key."""
        row = self.conn.execute("SELECT updated_at FROM stories WHERE id = ?", (story_id,)).fetchone()
        return row[0] if row else None

    def story_stamp_of(self, article_id: str) -> tuple[str, str] | None:
        """The id and ``updated_at`` of an article's story, without decoding it: a cheap cache key."""
        row = self.conn.execute(
            "SELECT s.id, s.updated_at FROM story_articles sa JOIN stories s ON s.id = sa.story_id "
            "WHERE sa.article_id = ?",
            (article_id,),
        ).fetchone()
        return (row[0], row[1]) if row else None

    def stories_version(self) -> tuple[int, str | None]:
        """Changes whenever the set of stories does (count and latest ``updated_at``): a cache key.
        Two index lookups (``store_counts``, ``stories_by_update``), however many stories."""
        return self.count_stories(), self.conn.execute("SELECT max(updated_at) FROM stories").fetchone()[0]

    def articles_version(self) -> int:
        """The last article's insertion number: articles are immutable and never deleted, so this
        changes exactly when the set of articles (and so any search result) does."""
        return self.conn.execute("SELECT coalesce(max(n), 0) FROM articles").fetchone()[0]

    def story_of(self, article_id: str) -> Story | None:
        """The story an article belongs to, or None if it is not stored or not grouped yet."""
        row = self.conn.execute(
            "SELECT s.data FROM story_articles sa JOIN stories s ON s.id = sa.story_id WHERE sa.article_id = ?",
            (article_id,),
        ).fetchone()
        return codec.loads(Story, row[0]) if row else None

def _count(conn: Any, name: str) -> int:
    """A running count kept by the writes (``store_counts``): no scan of the table."""
    return conn.execute("SELECT value FROM store_counts WHERE name = ?", (name,)).fetchone()[0]


def _has(conn: Any, article_id: str) -> bool:
    return conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None


def _by_ids(conn: Any, columns: str, table: str, ids: Sequence[str]) -> Iterator[tuple]:
    """Rows of ``table`` whose id is in ``ids``, queried in chunks below either engine's parameter limit.

    ``columns`` and ``table`` are this module's own constants, never user input.
    """
    for i in range(0, len(ids), _IN_CHUNK):
        chunk = ids[i : i + _IN_CHUNK]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", chunk)
