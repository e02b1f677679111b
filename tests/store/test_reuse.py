"""The passage reuse index in a store of either backend: found across stories at ingest, on
both stories' pages, and for a store from before the index (upgraded in place, then repaired)."""

from __future__ import annotations

from compare.texts import BUDGET, FOOTBALL, SOURCE
from fastapi.testclient import TestClient
from markupsafe import escape

from copydesk.ingest import ingest, repair
from copydesk.model import Article, content_id
from copydesk.pipeline import clean
from copydesk.store import Store
from copydesk.store import reuse as reuse_index
from copydesk.web.app import create_app


def _article(text: str, outlet: str, published: str) -> Article:
    return Article(content_id(text), f"{outlet}.txt", text, outlet=outlet, published=published)


FLOOD = _article(SOURCE, "Yorkshire Post", "2024-01-04T08:00")
MATCH = _article(FOOTBALL, "The Press", "2024-01-06T18:00")
LATER = _article(BUDGET, "York Mix", "2024-02-20T09:00")  # weeks later, lifts two paragraphs of FLOOD as background


def _reuse_of(store: Store, article_id: str):
    return store.story_of(article_id).reuse


def test_a_passage_lifted_from_another_story_is_found_at_ingest_and_shown_on_both_stories(db):
    ingest([FLOOD, MATCH], db)
    second = ingest([LATER], db)
    assert second.reused == [(FLOOD.id, LATER.id)]
    with Store(db) as store:
        flood_story, budget_story = store.story_of(FLOOD.id), store.story_of(LATER.id)
        assert flood_story.id != budget_story.id  # different stories: provenance.relate never compared them
        assert not any(LATER.id in (r.a, r.b) for r in flood_story.relations)
        [rel] = flood_story.reuse
        assert budget_story.reuse == (rel,)
        assert (rel.a, rel.b, rel.type, rel.direction) == (FLOOD.id, LATER.id, "partial_reuse", "a->b")
        assert any("three rest centres" in BUDGET[e.b_start : e.b_end] for e in rel.evidence)
        assert _reuse_of(store, MATCH.id) == ()
    client = TestClient(create_app(db))
    flood_page = client.get(f"/stories/{flood_story.id}").text
    assert "Yorkshire Post</a> had a passage reused by" in " ".join(flood_page.split())
    assert f'href="/stories/{budget_story.id}"' in flood_page
    budget_page = " ".join(client.get(f"/stories/{budget_story.id}").text.split())
    assert "reuses a passage first published in" in budget_page and "Yorkshire Post</a>" in budget_page


def test_a_store_from_before_the_index_upgrades_in_place_and_repair_indexes_it(db):
    ingest([FLOOD, MATCH, LATER], db)
    with Store(db) as store, store.transaction() as tx:  # as a store made before migration 0008
        for table in ("reuse_relations", "reuse_indexed", "reuse_hashes"):
            tx.execute(f"DROP TABLE {table}")
        tx.execute("DELETE FROM migrations WHERE name = '0008_reuse_index.sql'")
    with Store(db) as store:
        assert "0008_reuse_index.sql" in store.migrations()  # applied again on open
        assert sorted(reuse_index.unindexed(store.conn)) == sorted([FLOOD.id, MATCH.id, LATER.id])
    result = repair(db)
    assert result.reused == [(FLOOD.id, LATER.id)]
    with Store(db) as store:
        assert reuse_index.unindexed(store.conn) == []
        assert [r.b for r in _reuse_of(store, FLOOD.id)] == [LATER.id]


def test_a_look_up_made_before_another_writer_indexed_looks_again_under_the_lock(db):
    flood, later = clean(FLOOD), clean(LATER)
    with Store(db) as store:
        first = reuse_index.look_up(store.conn, [flood])
        second = reuse_index.look_up(store.conn, [later])  # read while the flood report is not indexed yet
        assert second.relations == {}
        store.add_articles([flood], within=lambda tx, added: reuse_index.record(tx, first, added))
        found = []
        store.add_articles([later], within=lambda tx, added: found.extend(reuse_index.record(tx, second, added)))
        assert [(r.a, r.b, r.type) for r in found] == [(FLOOD.id, LATER.id, "partial_reuse")]
        assert [(r.a, r.b) for r in reuse_index.relations_of(store.conn, [LATER.id])] == [(FLOOD.id, LATER.id)]
        assert reuse_index.unindexed(store.conn) == []


# The same council budget as LATER, reported the evening before by another paper: it joins
# LATER's story and, being earlier, founds it anew (another id, maybe another title).
EVE = _article(
    """Harrogate councillors back 4 per cent council tax rise

Harrogate Borough Council is set to approve a council tax rise of 4 per cent after opposition members failed to
block the increase, which the leader of the council said would protect adult social care and keep three libraries open.

The budget also raises parking charges in the city centre by 20 pence an hour from April and borrows to buy six
electric buses for the park and ride service. Care homes run by the council will receive an extra 1.2 million pounds.

The finance director warned of a gap of 11 million pounds over the next three years. Members were expected to vote
24 to 19 for the budget, and the opposition group said it would table an amendment on road repairs.
""",
    "Harrogate Advertiser",
    "2024-02-19T21:00",
)


def test_a_reuse_line_names_the_other_story_as_it_is_now(db):
    ingest([FLOOD, MATCH, LATER], db)
    client = TestClient(create_app(db))
    with Store(db) as store:
        flood_story, before = store.story_of(FLOOD.id).id, store.story_of(LATER.id)
    assert f'href="/stories/{before.id}"' in client.get(f"/stories/{flood_story}").text  # rendered and cached
    ingest([EVE], db)
    with Store(db) as store:
        now = store.story_of(LATER.id)
        assert store.story_of(FLOOD.id).id == flood_story
    assert set(now.articles) == {EVE.id, LATER.id} and now.id != before.id  # regrouped under a new founder
    page = " ".join(client.get(f"/stories/{flood_story}").text.split())
    assert f'<a href="/stories/{now.id}">{escape(now.title)}</a>' in page  # the story it is in now, by its title
    assert f'href="/stories/{before.id}"' not in page
