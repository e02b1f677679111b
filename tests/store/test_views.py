"""What the web pages read instead of working it out: each story's page data, running counts,
keyset pages and bounded search. Page data written with a story must follow every change of it."""

from __future__ import annotations

from copydesk import codec
from copydesk.model import Story
from copydesk.render import pageview
from copydesk.store import Store, independent_sources
from copydesk.store.search import estimate_total

from .conftest import TEXT, make_item, variant


def assert_views_fresh(store: Store) -> None:
    """Every story's stored page data is what its current story and articles give."""
    rows = store.conn.execute("SELECT id, data, view FROM stories").fetchall()
    assert rows
    for sid, data, page in rows:
        story = codec.loads(Story, data)
        assert page == pageview.build(story, store.articles(story.articles), independent_sources(story)), sid


# The home page's order as pages worked it out before migration 0010: a subquery per story.
ORDER_BEFORE = (
    "SELECT s.id, (SELECT max(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id "
    "WHERE sa.story_id = s.id) AS published FROM stories s "
    "ORDER BY published IS NULL, published DESC, s.activity DESC, s.id"
)


def assert_home_order_kept(store: Store) -> None:
    """The stored, indexed publication date gives the rows and order the subquery gave."""
    rows = store.story_rows(limit=None, by_published=True)
    assert rows and [(r.id, r.published) for r in rows] == [tuple(r) for r in store.conn.execute(ORDER_BEFORE)]


def test_page_data_follows_the_story_through_growth_regrouping_and_removal(db, item):
    one, two = variant(1), variant(2)
    with Store(db) as store:
        store.add_articles([item, one, two])
        store.replace_stories([Story("s-a", "Strike", (item.id,))])
        assert_views_fresh(store)
        store.replace_stories([Story("s-a", "Strike spreads", (item.id, one.id))])  # the story grew
        assert_views_fresh(store)
        page = pageview.load(store.story_view("s-a")[1])
        assert page.story.title == "Strike spreads" and [m.id for m in page.members] == [item.id, one.id]
        assert dict(page.labels).keys() == {item.id, one.id}
        # regrouped: one article leaves for a new story, which takes another
        store.replace_stories([Story("s-a", "Strike", (item.id,)), Story("s-b", "Updates", (one.id, two.id))])
        assert_views_fresh(store)
        assert [m.id for m in pageview.load(store.story_view("s-a")[1]).members] == [item.id]
        store.replace_stories([Story("s-b", "Updates", (one.id, two.id))])
        assert store.story_view("s-a") is None
        assert store.count_stories() == 1


def test_a_story_stored_without_page_data_gets_it_from_fill_views(db, item):
    with Store(db) as store:
        store.add_articles([item, variant(1)])
        store.replace_stories([Story("s-a", "Strike", (item.id,)), Story("s-b", "Update", (variant(1).id,))])
        stamp = store.story_view("s-a")[0]
        store.conn.execute("UPDATE stories SET view = NULL WHERE id = 's-a'")  # as migration 0007 leaves it
        store.conn.execute("UPDATE stories SET view = '{\"v\":1}' WHERE id = 's-b'")  # an older shape
        assert pageview.load(store.story_view("s-a")[1]) is None
        assert store.fill_views() == 2 and store.fill_views() == 0
        assert_views_fresh(store)
        assert store.story_view("s-a")[0] == stamp  # the story itself did not change


def test_running_counts_follow_adds_and_removals(db, item):
    with Store(db) as store:
        assert (store.count_articles(), store.count_stories()) == (0, 0)
        store.add_articles([item, variant(1)])
        store.add_articles([item, variant(2)])  # one duplicate: not counted twice
        store.replace_stories([Story(f"s-{n}", "x", (a.id,)) for n, a in enumerate([item, variant(1)])])
        assert store.count_articles() == 3 == store.conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert store.count_stories() == 2
        store.replace_stories([Story("s-0", "x", (item.id,))])
        assert store.count_stories() == 1


def test_keyset_pages_are_the_offset_pages(db):
    items = [variant(n) for n in range(7)]
    with Store(db) as store:
        for a in items:  # one batch each: distinct activity times
            store.add_articles([a])
        store.replace_stories([Story(f"s-{n}", "x", (a.id,)) for n, a in enumerate(items)])
        everything = store.story_rows(limit=None)
        pages, after = [], None
        while rows := store.story_rows(limit=3, after=after):
            pages += rows
            after = (rows[-1].activity, rows[-1].id)
        assert [r.id for r in pages] == [r.id for r in everything] == [f"s-{n}" for n in reversed(range(7))]


def test_keyset_pages_by_publication_date_of_larger_stories_are_the_offset_pages(db):
    # ties on the date, undated stories (they come last) and single-article stories (left out)
    dates = ["2024-03-02", "2024-03-01", None, "2024-03-02", None, "2024-03-01", None, None, None, None, "2024-03-02"]
    items = [make_item(variant(n).text, title=f"Strike update {n}", published=d) for n, d in enumerate(dates)]
    with Store(db) as store:
        for a in items:
            store.add_articles([a])
        pairs = [Story(f"pair-{n}", "x", (items[n].id, items[n + 1].id)) for n in range(0, 10, 2)]
        store.replace_stories([*pairs, Story("single", "x", (items[10].id,))])
        everything = store.story_rows(limit=None, by_published=True, min_size=2)
        pages, after = [], None
        while rows := store.story_rows(limit=1, by_published=True, min_size=2, after=after):
            pages += rows
            after = (rows[-1].published, rows[-1].activity, rows[-1].id)
        assert [r.id for r in pages] == [r.id for r in everything] == ["pair-2", "pair-0", "pair-4", "pair-8", "pair-6"]
        assert [r.published for r in everything] == ["2024-03-02", "2024-03-02", "2024-03-01", None, None]
        assert store.count_stories(2) == 5 and store.count_stories() == 6


def test_publication_date_follows_regrouping_and_fills_an_older_store(db):
    dates = ["2024-03-01", "2024-03-04", None, "2024-03-02", "2024-03-04T09:00:00Z"]
    items = [make_item(variant(n).text, title=f"Strike update {n}", published=d) for n, d in enumerate(dates)]
    a, b, c, d, e = (i.id for i in items)
    with Store(db) as store:
        for item in items:
            store.add_articles([item])
        store.replace_stories([Story("s-a", "x", (a, b)), Story("s-c", "x", (c,)), Story("s-d", "x", (d, e))])
        assert [r.id for r in store.story_rows(limit=None, by_published=True)] == ["s-d", "s-a", "s-c"]
        assert_home_order_kept(store)
        # regrouped: the latest dated article moves to the undated story, the 04 one leaves s-a
        store.replace_stories([Story("s-a", "x", (a,)), Story("s-c", "x", (c, e)), Story("s-d", "x", (b, d))])
        assert [(r.id, r.published) for r in store.story_rows(limit=None, by_published=True)] == [
            ("s-c", "2024-03-04T09:00:00Z"), ("s-d", "2024-03-04"), ("s-a", "2024-03-01")]  # fmt: skip
        assert_home_order_kept(store)
        # a store from before migration 0010: the migration works the dates out
        store.conn.execute("DROP INDEX stories_by_published")
        store.conn.execute("ALTER TABLE stories DROP COLUMN published")
        store.conn.execute("DELETE FROM migrations WHERE name = '0010_story_published.sql'")
    with Store(db) as store:
        assert "0010_story_published.sql" in store.migrations()
        assert_home_order_kept(store)


def test_search_lists_the_newest_matches_first_and_estimates_how_many_there_are(db):
    items = [make_item(TEXT.replace("3,000", f"{3000 + n:,}") + "Harbour closed.\n", title=f"Port {n}")
             for n in range(12)]  # fmt: skip
    with Store(db) as store:
        store.add_articles(items)
        exact = store.search_page("harbour", limit=20)
        assert (exact.total, exact.exact, len(exact.hits), exact.more) == (12, True, 12, False)
        assert [h.article_id for h in exact.hits] == [a.id for a in reversed(items)]  # newest first
        first = store.search_page("harbour", limit=5, count=False)  # the web's: no row past the page
        assert first.more and not first.exact and [h.article_id for h in first.hits] == [a.id for a in items[:-6:-1]]
        last = store.search_page("harbour", limit=5, offset=10, count=False)
        assert (last.total, last.exact, last.more, len(last.hits)) == (12, True, False, 2)
        store.search_depth = 5
        bounded = store.search_page("harbour", limit=3)
        assert not bounded.exact and 10 <= bounded.total <= 14  # 12, from how densely the newest 5 lie
        assert len(bounded.hits) == 3
        assert {h.article_id for h in bounded.hits} <= {a.id for a in items[-5:]}  # the newest five only
        assert all("Harbour" in "".join(t for t, on in h.parts if on) for h in bounded.hits)
        assert store.search_page("harbour", limit=3, offset=5).hits == []  # past the depth


def test_estimate_total():
    assert estimate_total(3, 10, 40, k=5) == (3, True)
    assert estimate_total(5, 31, 40, k=5) == (20, False)  # 5 matches in the newest 10 rows of 40
    assert estimate_total(5, 1, 5, k=5) == (5, False)
