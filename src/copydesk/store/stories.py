"""The stories half of the store: writing stories with their page data, and what the pages read.

``put_stories`` writes a story's data, its page data (``render.pageview``), its list columns
(size, outlets, independent sources, latest activity and publication date) and its members in
one transaction; the reads here (a story, its page data, list pages by keyset, running counts,
cache stamps) are index lookups whatever the store's size. :class:`Stories` is mixed into
:class:`copydesk.store.base.Store`, which provides the connection and transactions.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from copydesk import codec
from copydesk.compare.families import independent_sources
from copydesk.identity import identify
from copydesk.model import Annotated, Story
from copydesk.render import pageview, storypage
from copydesk.store import clusters, rows
from copydesk.store.sql import IN_CHUNK, by_ids, count, now


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


class Stories:
    """The store's story methods (a mixin of :class:`copydesk.store.base.Store`)."""

    conn: Any
    _NO_LIMIT: int | None

    def transaction(self) -> AbstractContextManager[Any]:
        raise NotImplementedError

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
            found = (row for i in range(0, len(ids), IN_CHUNK) for row in self.conn.execute(
                "SELECT story_id, article_id FROM story_articles WHERE story_id IN "
                f"({','.join('?' * len(ids[i : i + IN_CHUNK]))}) ORDER BY story_id, pos", ids[i : i + IN_CHUNK]))  # fmt: skip
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
        written = now()
        with self.transaction() as tx:
            if if_grouping is not None and clusters.version(tx) != if_grouping:
                return False
            ids = [s.id for s in stories]
            old = {sid: (created, data, page, version) for sid, created, data, page, version
                   in by_ids(tx, "id, created_at, data, view, page_version", "stories", ids)}  # fmt: skip
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
                created, old_data, old_page, old_version = old.get(story.id, (written, None, None, None))
                outlets = sorted({o for a in story.articles if (o := outlet_of.get(a))})
                independent = independent_sources(story)
                # The page data and the rendered page go with the story's data, in the same
                # statement: never stale.
                its = [items[a] for a in story.articles if a in items]
                page = pageview.build(story, its, independent)
                if old_data != data or old_page != page or old_version != storypage.VERSION:
                    body = storypage.build(pageview.load(page), {a.id: a.text for a in its})
                    row = (story.id, story.title, len(story.articles), json.dumps(outlets, ensure_ascii=False),
                           independent, created, written, data, page, body, storypage.VERSION)  # fmt: skip
                    if old_data is None:
                        tx.execute(
                            "INSERT INTO stories (id, title, size, outlets, independent, created_at, updated_at, "
                            "data, view, page, page_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            row,
                        )
                    elif old_data != data:
                        tx.execute(
                            "UPDATE stories SET title=?, size=?, outlets=?, independent=?, updated_at=?, data=?, "
                            "view=?, page=?, page_version=? WHERE id=?",
                            (*row[1:5], written, data, page, body, storypage.VERSION, story.id),
                        )
                    else:  # same story; page data of an older shape or rendered by other code (or none yet)
                        tx.execute(
                            "UPDATE stories SET view=?, page=?, page_version=? WHERE id=?",
                            (page, body, storypage.VERSION, story.id),
                        )
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
        """Write the page data and rendered page of stories that have none, or of an older shape or
        code (a store from before migration 0007 or 0012, or another copydesk version); return
        how many. Each story is rewritten as it is (``put_stories``)."""
        done = 0
        while True:
            stale = [sid for (sid,) in self.conn.execute(
                "SELECT id FROM stories WHERE view IS NULL OR substr(view, 1, ?) != ? OR page_version IS NULL "
                "OR page_version != ? ORDER BY id LIMIT 100",
                (len(pageview.PREFIX), pageview.PREFIX, storypage.VERSION))]  # fmt: skip
            if not stale:
                return done
            stories = [codec.loads(Story, d) for _, d in by_ids(self.conn, "id, data", "stories", stale)]
            self.put_stories(stories)
            done += len(stale)

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
            return count(self.conn, "stories")
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

    def story_page(self, story_id: str) -> tuple[str | None, bytes | None] | None:
        """A story's rendered page (``render.storypage``) and the version that rendered it
        (None, None when it has none yet), or None when there is no such story."""
        row = self.conn.execute("SELECT page_version, page FROM stories WHERE id = ?", (story_id,)).fetchone()
        return (row[0], None if row[1] is None else bytes(row[1])) if row else None

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

    def story_of(self, article_id: str) -> Story | None:
        """The story an article belongs to, or None if it is not stored or not grouped yet."""
        row = self.conn.execute(
            "SELECT s.data FROM story_articles sa JOIN stories s ON s.id = sa.story_id WHERE sa.article_id = ?",
            (article_id,),
        ).fetchone()
        return codec.loads(Story, row[0]) if row else None
