"""The store on both backends: migrations, idempotent transactional ingest, exact round-trips, stories."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from copydesk.model import Claim, Divergence, Evidence, Relation, SourceRef, Story, SummarySentence, Variant
from copydesk.store import Store, independent_sources

from .conftest import TEXT, make_item, variant

# Every migration the package ships, in the order they apply (PostgreSQL has its own twin of each).
SHIPPED = sorted(p.name for p in (resources.files("copydesk.store") / "migrations").iterdir() if p.name.endswith(".sql"))
PG_SHIPPED = sorted(
    p.name for p in (resources.files("copydesk.store") / "migrations" / "postgres").iterdir() if p.name.endswith(".sql")
)


def test_both_backends_ship_the_same_named_migrations():
    assert PG_SHIPPED == SHIPPED


def test_migrations_are_recorded_and_applied_once(db):
    with Store(db) as store:
        assert store.migrations() == SHIPPED
    with Store(db) as store:
        assert store.migrate() == []  # nothing left to apply on reopen
        assert store.migrations() == SHIPPED


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    with Store(tmp_path / "m.db") as store:
        mode = store.conn.execute("PRAGMA journal_mode").fetchone()[0]
        fk = store.conn.execute("PRAGMA foreign_keys").fetchone()[0]
    assert (mode, fk) == ("wal", 1)


def test_a_url_opens_postgresql_and_a_path_sqlite(tmp_path, pg):
    from copydesk.store.postgres import PostgresStore
    from copydesk.store.sqlite import SQLiteStore

    url = pg.new_db()
    with Store(url) as a, Store(tmp_path / "s.db") as b, Store(url.replace("postgresql://", "postgres://")) as c:
        assert (type(a), type(b), type(c)) == (PostgresStore, SQLiteStore, PostgresStore)


def test_add_is_idempotent_and_reports_duplicates(db, item):
    with Store(db) as store:
        first = store.add_articles([item, variant(1)])
        again = store.add_articles([variant(2), item, variant(2)])
        assert first.added == [item.id, variant(1).id] and first.duplicates == []
        assert again.added == [variant(2).id]
        assert again.duplicates == [item.id, variant(2).id]
        assert store.count_articles() == 3
        assert store.has(item.id) and not store.has("nope")


def test_every_field_round_trips_exactly(db, item):
    bare = make_item(
        "Short wire item.\n(AP)\n", title=None, outlet=None, url=None, published=None, authors=()
    )
    bare = replace(bare, boilerplate=(), quotes=(), quantities=(), article=replace(bare.article, marks=()))
    with Store(db) as store:
        store.add_articles([item, bare])
    with Store(db) as store:
        assert store.article(item.id) == item
        assert store.articles() == [item, bare]  # insertion order
        assert store.articles([bare.id, "missing", item.id]) == [bare, item]
        assert store.article("missing") is None
    values = [q.value for q in item.quantities]
    assert {type(v) for v in values} == {int, str, float}  # JSON keeps number types apart


def test_an_error_inside_a_batch_leaves_nothing_behind(db, item):
    broken = replace(variant(1), quotes=(None,))  # fails while writing the second article
    with Store(db) as store:
        with pytest.raises(AttributeError):
            store.add_articles([item, broken])
        assert store.count_articles() == 0
        assert store.conn.execute("SELECT count(*) FROM spans").fetchone()[0] == 0
        assert store.search("strike") == []
        assert store.add_articles([item, variant(1)]).added == [item.id, variant(1).id]


_KILLED_WRITER = """
import sys, time
from copydesk.store import Store
sys.path.insert(0, {tests!r})
from store.conftest import make_item, TEXT

def items():  # the batch stalls after 100 rows are written, inside its transaction
    for i in range(200):
        if i == 100:
            print("inside", flush=True)
            time.sleep(60)
        yield make_item(TEXT + "x" * i, title=f"t{{i}}")

with Store({db!r}) as store:
    store.add_articles([make_item(TEXT + "x" * 0, title="t0")])
    store.add_articles(items())
"""


def test_sigkill_during_a_batch_keeps_the_store_consistent(db):
    tests = os.path.dirname(os.path.dirname(__file__))
    code = _KILLED_WRITER.format(tests=tests, db=str(db))
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "inside"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with Store(db) as store:
        assert store.count_articles() == 1  # the first batch only: the killed one left nothing
        orphans = store.conn.execute(
            "SELECT count(*) FROM spans WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert orphans.fetchone()[0] == 0
        if isinstance(db, Path):
            assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert len(store.search("strike")) == 1
        result = store.add_articles([make_item(TEXT + "x" * i, title=f"t{i}") for i in range(200)])
        assert len(result.added) == 199 and len(result.duplicates) == 1
        assert store.count_articles() == 200


def _story(ids, **kw) -> Story:
    return Story(id="s-" + ids[0][:6], title="Strike talks", articles=tuple(ids), **kw)


def test_stories_round_trip_with_every_finding(db, item):
    other = variant(1)
    story = _story(
        [item.id, other.id],
        quotes=item.quotes,
        quantities=item.quantities,
        relations=(
            Relation(
                item.id,
                other.id,
                "rewritten_copy",
                0.83,
                (Evidence(0, 10, 2, 12, 0.9), Evidence(5, 9, 5, 9)),
                direction="a->b",
                why="same quotes, reordered",
            ),
        ),  # fmt: skip
        families=((item.id, other.id),),
        claims=(Claim("c1", "3,000 will strike", (SourceRef(item.id, 65, 99),), 1, "single_source"),),
        divergences=(
            Divergence("count", (Variant(item.id, 1, 2, "3,000"), Variant(other.id, 1, 2, "3,001"))),
        ),
        summary=(SummarySentence("Unions say 3,000 will strike.", (SourceRef(item.id, 65, 99),)),),
    )
    single = _story([variant(2).id])
    with Store(db) as store:
        store.add_articles([item, other, variant(2)])
        store.replace_stories([story, single])
        assert store.story(story.id) == story
        assert store.story_of(other.id) == story
        assert store.story_of("unknown") is None
        assert set(store.stories(limit=None)) == {story, single}
        assert len(store.stories(limit=1)) == 1 and len(store.stories(limit=1, offset=1)) == 1
        rows = {r.id: r for r in store.story_rows()}
        assert rows[story.id].size == 2 and rows[story.id].outlets == ("The Daily Example",)
        assert rows[story.id].independent == 1  # one copy family


def test_replace_stories_is_transactional_and_keeps_created_at(db, item):
    with Store(db) as store:
        store.add_articles([item, variant(1)])
        a, b = _story([item.id]), _story([variant(1).id])
        store.replace_stories([a, b])
        created = dict(store.conn.execute("SELECT id, created_at FROM stories"))
        with pytest.raises(store.IntegrityError):
            store.replace_stories([_story([item.id, "not-stored"])])  # foreign key refuses it
        assert set(store.stories(limit=None)) == {a, b}
        merged = _story([item.id, variant(1).id])  # same id as a: a grew
        store.replace_stories([merged])
        assert store.stories(limit=None) == [merged]
        assert store.count_stories() == 1
        assert store.conn.execute("SELECT created_at FROM stories").fetchone()[0] == created[a.id]
        assert store.story_of(variant(1).id) == merged


def test_stories_list_newest_activity_first(db, item):
    with Store(db) as store:
        store.add_articles([item])
        store.add_articles([variant(1)])  # a later batch: newer activity
        old, new = _story([item.id]), _story([variant(1).id])
        store.replace_stories([old, new])
        assert [s.id for s in store.stories()] == [new.id, old.id]


def test_independent_sources_from_relations_when_no_families():
    rel = [Relation("a", "b", "verbatim_copy", 1.0), Relation("a", "c", "independent", 0.1)]
    assert independent_sources(Story("s", "t", ("a", "b", "c"), relations=tuple(rel))) == 2
    assert independent_sources(Story("s", "t", ("a", "b", "c"))) == 3
    # families list only groups of two or more: the others are independent on their own
    assert independent_sources(Story("s", "t", ("a", "b", "c", "d"), families=(("b", "d"),))) == 3
    # a borrowed paragraph does not make one source, as in the claims' count by copy family
    reuse = (Relation("a", "b", "partial_reuse", 0.4),)
    assert independent_sources(Story("s", "t", ("a", "b", "c"), relations=reuse)) == 3


def test_optional_model_fields_round_trip(db, item):
    # Fields without a column of their own (like Quantity.qualifier/high) come back too.
    q = replace(item.quantities[0], qualifier="more than", high=3500)
    rich = replace(item, quantities=(q, *item.quantities[1:]))
    with Store(db) as store:
        store.add_articles([rich])
        back = store.article(rich.id)
    assert back == rich and back.quantities[0].high == 3500


def test_migrations_upgrade_a_sqlite_store_made_before_the_second_one(tmp_path, item):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    first = (resources.files("copydesk.store") / "migrations" / "0001_initial.sql").read_text()
    conn.executescript(first + "CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);")
    conn.execute("INSERT INTO migrations VALUES ('0001_initial.sql', 'then')")
    conn.execute(
        "INSERT INTO articles (id, source, text, added_at) VALUES ('old1', 'a.txt', 'Old text.', 'then')"
    )
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.migrations() == SHIPPED
        assert store.article("old1").text == "Old text."  # rows without the new columns still read
        store.add_articles([item])
        assert store.article(item.id) == item


def test_a_pooled_postgresql_store_serves_many_threads_at_once(pg, item):
    # The web app's mode: one store, a pool of 3 connections, 12 threads reading and writing.
    from concurrent.futures import ThreadPoolExecutor

    with Store(pg.new_db(), pool_size=3) as store:
        store.add_articles([item])

        def work(n: int) -> tuple:
            store.add_articles([variant(n)])
            return store.article(item.id) == item, len(store.search('"no choice"')) >= 2, store.has(variant(n).id)

        with ThreadPoolExecutor(12) as pool:
            results = list(pool.map(work, range(1, 25)))
        assert results == [(True, True, True)] * 24
        assert store.count_articles() == 25
        assert store.migrations() == SHIPPED


def test_a_nul_in_the_text_round_trips_and_is_searchable(db):
    # A stray NUL byte in a page is kept (offsets stay valid); PostgreSQL text cannot hold one.
    odd = make_item(TEXT.replace("would walk", "would\x00 walk"), title="Strike\x00 talks")
    with Store(db) as store:
        store.add_articles([odd])
        assert store.article(odd.id) == odd
        assert [h.article_id for h in store.search("walk")] == [odd.id]
