"""The story grouping in the store: split runs equal one, copies through the stored index,
concurrent writers, and stores with articles but no grouping."""

from copydesk.model import Annotated, Article, content_id
from copydesk.store import Store, clusters
from copydesk.stories import graph
from copydesk.stories.represent import represent_many
from copydesk.stories.similarity import Params

QUAKE = [
    "A magnitude 6.1 earthquake struck northern Chile on Monday, damaging homes in Iquique, Onemi said.",
    "Onemi said a 6.1 earthquake damaged homes in Iquique in northern Chile on Monday.",
    "Power was cut in Iquique after the 6.1 quake in northern Chile, the emergency office Onemi said.",
]
FIRE = [
    "A fire gutted a Waitrose store in Wellington, Somerset, early on Sunday, Devon fire service said.",
    "Eight crews fought a fire at the Waitrose store in Wellington, Somerset, on Sunday morning.",
]


def _items(texts, published=None):
    return [Annotated(Article(id=content_id(t), source="t", text=t, published=published)) for t in texts]


def _store_in_runs(db, items, size):
    with Store(db) as store:
        g = None
        for i in range(0, len(items), size):
            with store.transaction() as tx:
                store_rows(tx, items[i : i + size])
                g = clusters.assign(tx, items[i : i + size], g)
        return clusters.load(store.conn)


def store_rows(tx, items):
    from copydesk.store import rows

    for it in items:
        rows.insert(tx, it, "2024-01-01T00:00:00")


def test_runs_of_any_size_give_the_batch_grouping_and_ids(make_db):
    items = _items(QUAKE[:1] + FIRE + QUAKE[1:])
    expected = graph.group(represent_many(items))
    assert sorted(map(sorted, expected)) == sorted(sorted(a.id for a in _items(t)) for t in (QUAKE, FIRE))
    for size in (1, 2, len(items)):
        loaded = _store_in_runs(make_db(f"s{size}"), items, size)
        assert loaded.groups() == expected
        assert sorted(loaded.stories) == sorted(graph.story_id(m[0]) for m in expected)


def test_a_copy_in_a_later_batch_joins_its_source_through_the_stored_minhash_index(make_db):
    wire = (
        "Firefighters battled a blaze at a Waitrose supermarket in Banstead, Surrey, on Saturday night. "
        "More than 50 firefighters were sent to the High Street store after the fire broke out on the roof, "
        "and police said they were treating it as potentially suspicious. Nobody was hurt, Surrey Fire and "
        "Rescue Service said, but neighbouring homes were evacuated as a precaution."
    )
    copy = "From our wires: " + wire + " Tell us what you saw: email the newsdesk."
    items = _items([wire, FIRE[0], copy])
    strict = graph.StoryGraph(Params(threshold=1.01))  # similarity alone never joins: only the copy link
    strict.version = "0"
    with Store(make_db()) as store:
        g = strict
        for part in (items[:2], items[2:]):
            with store.transaction() as tx:
                store_rows(tx, part)
                g = clusters.assign(tx, part, g)
        stored = store.conn.execute("SELECT COUNT(*) FROM minhash").fetchone()[0]
    assert g.params.threshold == 1.01  # the caller's settings were kept, not reloaded
    assert g.story_of[items[2].id] == g.story_of[items[0].id] != g.story_of[items[1].id]
    assert stored == 3  # every placed article is in the index for later batches


def test_a_writer_with_an_old_copy_reloads_and_sees_the_other_writers_articles(make_db):
    db = make_db()
    quake = _items(QUAKE)
    with Store(db) as a, Store(db) as b:
        ga = clusters.load(a.conn)  # a loads, then b writes two reports of the quake
        with b.transaction() as tx:
            store_rows(tx, quake[:2])
            clusters.assign(tx, quake[:2])
        with a.transaction() as tx:
            store_rows(tx, quake[2:])
            ga = clusters.assign(tx, quake[2:], ga)
        assert len(ga.stories) == 1 and len(ga.reps) == 3  # joined b's story, not a story of its own
        loaded = clusters.load(a.conn)
    assert loaded.groups() == ga.groups()
    [(n, once)] = Store(db).conn.execute(
        "SELECT count(*), count(DISTINCT article_id) FROM story_vectors"
    ).fetchall()
    assert n == once == 3


def test_writers_taking_turns_catch_up_with_each_other_instead_of_reloading(make_db):
    """Two writers (two web workers) alternate: each keeps its graph and adds what the other
    placed since (no reload), ending with the stories a load of the store gives."""
    db = make_db()
    items = _items([QUAKE[0], FIRE[0], QUAKE[1], FIRE[1], QUAKE[2]])
    with Store(db) as a, Store(db) as b:
        kept = {"a": clusters.load(a.conn), "b": clusters.load(b.conn)}
        for n, item in enumerate(items):
            who, store = ("a", a) if n % 2 == 0 else ("b", b)
            with store.transaction() as tx:
                store_rows(tx, [item])
                placed = clusters.assign(tx, [item], kept[who])
            assert placed is kept[who]  # caught up and placed in the same object: not reloaded
        loaded = clusters.load(a.conn)
        for g in kept.values():
            assert clusters.current(a.conn, g) is g  # the one a turn behind catches up too
            assert g.groups() == loaded.groups() and g.story_of == loaded.story_of
        assert sorted(map(sorted, loaded.groups())) == sorted(sorted(i.id for i in _items(t)) for t in (QUAKE, FIRE))
        # An article stored but not placed when a's graph was caught up (a writer killed in
        # between), placed later by b: its number is behind a's, so catching up cannot see it;
        # the count says so and a loads afresh.
        late = _items(["Onemi said the Iquique earthquake left 300 people without power in northern Chile.",
                       "Devon fire service said the Wellington Waitrose fire started in a storeroom."])  # fmt: skip
        with b.transaction() as tx:
            store_rows(tx, late[:1])
        assert clusters.current(a.conn, kept["a"]) is kept["a"]  # nothing placed since: as new as the store
        kept["a"].upto = a.conn.execute("SELECT max(n) FROM articles").fetchone()[0]  # as a catch-up now would
        with b.transaction() as tx:
            store_rows(tx, late[1:])
            clusters.assign(tx, late[1:], kept["b"])  # places the left-behind one first
        fresh = clusters.current(a.conn, kept["a"])
        assert fresh is not kept["a"] and {i.id for i in late} <= fresh.story_of.keys()
        assert fresh.groups() == clusters.load(a.conn).groups()


def test_stored_articles_without_a_story_are_placed_by_the_next_assign(make_db):
    db = make_db()
    quake = _items(QUAKE)
    with Store(db) as store:
        with store.transaction() as tx:  # stored, never placed (an older store, or a crash)
            store_rows(tx, quake[:2])
        with store.transaction() as tx:
            store_rows(tx, quake[2:])
            g = clusters.assign(tx, quake[2:])
    assert g.groups() == graph.group(represent_many(quake))
