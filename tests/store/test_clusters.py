import numpy as np

from copydesk.model import Annotated, Article, content_id
from copydesk.store import Store, clusters
from copydesk.stories.cluster import Clusterer, Params
from copydesk.stories.represent import Representation, to_sparse

PARAMS = Params(threshold=0.3, blend=0.0)


def rep(name, terms, time=None):
    ids, w = to_sparse(terms)
    e = np.zeros(256, np.float32)
    e[hash(name) % 256] = 1.0
    return Representation(name, ids, w, e, time=time, title=f"Title {name}", outlet="Wire")


STREAM = [
    rep("a1", {"x": 1, "y": 1}, 19000.0),
    rep("b1", {"z": 1, "w": 1}, 19000.5),
    rep("a2", {"x": 1, "y": 1, "z": 1, "w": 1}, 19001.0),  # merges b into a
    rep("c1", {"q": 1}, 19002.0),
    rep("c2", {"q": 1, "r": 1}, 19002.5),
]


def add_in_runs(db, parts, params):
    """Feed each part in its own run: load the clusterer from the store, add, save."""
    got = []
    for part in parts:
        with Store(db) as store, store.transaction() as tx:
            c = clusters.load(tx, params)
            got += [c.add(r) for r in part]
            clusters.save(tx, c)
    return got


def test_saved_state_reloads_and_continues_like_the_uninterrupted_stream(tmp_path):
    whole = Clusterer(PARAMS)
    expected = [whole.add(r) for r in STREAM]
    db = tmp_path / "s.db"
    assert add_in_runs(db, (STREAM[:3], STREAM[3:]), PARAMS) == expected
    with Store(db) as store:
        c = clusters.load(store.conn, PARAMS)
    assert c.groups() == whole.groups()
    assert c.resolve(expected[1].story_id) == expected[0].story_id  # the redirect survived
    assert c.titles["c2"] == "Title c2" and c.stories[expected[3].story_id].outlets["Wire"] == 2


def test_assign_reports_the_story_each_article_joined(tmp_path):
    text_a = (
        "A magnitude 6.1 earthquake struck northern Chile on Monday, damaging homes in Iquique, Onemi said."
    )
    text_b = "Onemi said a 6.1 earthquake damaged homes in Iquique in northern Chile on Monday."
    items = [Annotated(Article(id=content_id(t), source="t", text=t)) for t in (text_a, text_b)]
    with Store(tmp_path / "s.db") as store, store.transaction() as tx:
        first = clusters.assign(tx, items[:1])
    with Store(tmp_path / "s.db") as store, store.transaction() as tx:
        second = clusters.assign(tx, items[1:])
    assert first[0].new and not second[0].new
    assert second[0].story_id == first[0].story_id


def test_a_copy_in_a_later_batch_joins_its_source_through_the_stored_minhash_index(tmp_path):
    wire = (
        "Firefighters battled a blaze at a Waitrose supermarket in Banstead, Surrey, on Saturday night. "
        "More than 50 firefighters were sent to the High Street store after the fire broke out on the roof, "
        "and police said they were treating it as potentially suspicious. Nobody was hurt, Surrey Fire and "
        "Rescue Service said, but neighbouring homes were evacuated as a precaution."
    )
    copy = "From our wires: " + wire + " Tell us what you saw: email the newsdesk."
    other = (
        "A fire gutted a Waitrose store in Wellington, Somerset, early on Sunday. Eight crews fought the "
        "flames and the town centre was closed; Devon and Somerset Fire Service said the cause was unknown."
    )
    items = [Annotated(Article(id=content_id(t), source="t", text=t)) for t in (wire, other, copy)]
    strict = Params(threshold=1.01)  # similarity alone never joins: only the copy link can
    placed = {}

    def place(tx, added):
        placed.update((a.article, a.story_id) for a in clusters.assign(tx, added, strict))

    with Store(tmp_path / "s.db") as store:
        store.add_articles(items[:2], within=place)
        store.add_articles(items[2:], within=place)
        stored = store.conn.execute("SELECT COUNT(*) FROM minhash").fetchone()[0]
    assert placed[items[2].id] == placed[items[0].id] != placed[items[1].id]
    assert stored == 3  # every placed article is in the index for later batches


def test_recheck_moves_are_saved_and_reload_as_they_were(tmp_path):
    params = Params(threshold=0.3, blend=0.0, recheck=32, snn=0.0, eject=False)
    stream = [rep("a1", {"quake": 1, "chile": 1}), rep("x", {"quake": 1, "peru": 1, "lima": 1}),
              rep("p1", {"peru": 1, "lima": 1, "toll": 1, "rescue": 1})]  # fmt: skip
    db = tmp_path / "s.db"
    with Store(db) as store, store.transaction() as tx:
        c = clusters.load(tx, params)
        moved = [c.add(r) for r in stream][-1].moved
        clusters.save(tx, c)
    assert moved and moved[0][0] == "x"  # x left the quake story for the Peru one
    with Store(db) as store:
        again = clusters.load(store.conn, params)
        row = store.conn.execute(
            "SELECT story_id FROM story_cluster_articles WHERE article_id = 'x'"
        ).fetchone()
    assert again.groups() == c.groups() == [["a1"], ["p1", "x"]]
    assert row[0] == moved[0][2] and again.story_for("x") == moved[0][2]


def test_the_recheck_state_survives_restarts_so_split_ingests_equal_one_stream(tmp_path):
    rng = np.random.default_rng(3)
    words = [f"w{i}" for i in range(24)]
    stream = [rep(f"a{k}", {w: 1.0 for w in rng.choice(words, 4, replace=False)}) for k in range(60)]
    params = Params(threshold=0.3, blend=0.0, recheck=8, snn=0.5, snn_k=4, eject=True)
    whole = Clusterer(params)
    expected = [whole.add(r) for r in stream]
    assert any(a.moved for a in expected)  # the re-check is at work in this stream
    db = tmp_path / "s.db"
    assert add_in_runs(db, (stream[:20], stream[20:41], stream[41:]), params) == expected
    with Store(db) as store:
        c = clusters.load(store.conn, params)
        recent = {r[0] for r in store.conn.execute("SELECT article_id FROM story_recent")}
    assert c.groups() == whole.groups()
    assert recent == set(whole.reps) and c.neighbours.lists == whole.neighbours.lists
    assert len(recent) <= 8 * len(whole.stories)  # bounded by stories, not by articles
