"""Ingest into a store of either backend: duplicates, batches, a process killed mid-ingest, concurrent ingests."""

import os
import signal
import subprocess
import sys
import time

from copydesk.ingest import ingest
from copydesk.store import Store


def test_repeated_files_in_one_call_are_stored_once(tmp_path, db, example_dir):
    src = example_dir / "002_83e9eba0623523ef.txt"
    (tmp_path / "copy.txt").write_bytes(src.read_bytes())  # the same text under another name
    result = ingest([src, src, tmp_path / "copy.txt"], db)
    assert len(result.added) == 2 and len(result.duplicates) == 1
    with Store(db) as store:
        assert store.count_articles() == 2


def test_a_copy_ingested_later_under_another_name_is_stored_with_the_id_analyze_gives_it(tmp_path, db, example_dir):
    from copydesk import analyze

    src = example_dir / "002_83e9eba0623523ef.txt"
    copy = tmp_path / "copy.txt"
    copy.write_bytes(src.read_bytes())
    first, second, again = ingest([src], db), ingest([copy], db), ingest([copy, src], db)
    assert len(first.added) == 1 and len(second.added) == 1 and second.duplicates == []
    assert sorted(again.duplicates) == sorted(first.added + second.added) and again.added == []
    with Store(db) as store:
        stored = {a.id: a.article.source for a in store.articles()}
    assert stored == {a.id: a.article.source for a in analyze([src, copy]).articles}


def test_batches_are_saved_and_rerun_finishes_after_a_kill(db, example_dir):
    # A child ingests one article per batch and is killed after the first batch lands.
    code = (
        "import sys, time\n"
        "import copydesk.ingest as ing\n"
        "from copydesk.store import Store\n"
        "orig = Store.add_articles\n"
        "def slow(self, items, within=None):\n"
        "    r = orig(self, items, within)\n"
        "    print('saved', flush=True); time.sleep(60)\n"
        "    return r\n"
        "Store.add_articles = slow\n"
        f"ing.ingest([{str(example_dir)!r}], {str(db)!r}, batch=1)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 120
        line = ""
        while time.time() < deadline and "saved" not in line:
            line = child.stdout.readline()
        assert "saved" in line
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with Store(db) as store:
        assert store.count_articles() == 1  # the landed batch is whole, nothing half-written
        assert len(store.pending_stories()) == 1 and store.count_stories() == 0  # placed, not analysed yet
    result = ingest([example_dir], db)
    assert len(result.added) == 4 and len(result.duplicates) == 1
    with Store(db) as store:
        assert store.count_articles() == 5
        assert sum(len(s.articles) for s in store.stories(limit=None)) == 5  # the killed run's story too
    _invariants(db)


QUAKE = (
    "Strong earthquake shakes southern Peru\n\n"
    "LIMA — A magnitude 6.8 earthquake struck southern Peru on Sunday, damaging dozens of adobe homes "
    "in the Arequipa region and cutting power to several towns, the country's civil defence institute said.\n\n"
    "No deaths were reported. Firefighters said at least 12 people were treated for light injuries.\n"
)


def test_later_articles_join_their_story_and_only_changed_stories_are_analysed_again(tmp_path, db, example_dir):
    files = sorted(example_dir.iterdir())
    first = ingest(files[:3], db)
    assert len(first.updated) == 1 and sum(founded for _, _, founded in first.joined) == 1
    (story_id,) = first.updated
    (tmp_path / "quake.txt").write_text(QUAKE, encoding="utf-8")
    second = ingest([*files[3:], tmp_path / "quake.txt"], db)
    joined = {aid: sid for aid, sid, _ in second.joined}
    with Store(db) as store:
        live = store.resolve_story(story_id) or story_id  # a new founder may have renamed it
        assert len(store.story(live).articles) == 5
        assert store.count_stories() == 2
        quake_story = store.story_of(next(a for a, sid in joined.items() if sid != live))
    assert quake_story.articles == tuple(a for a, sid in joined.items() if sid != live)  # alone
    assert sum(sid == live for sid in joined.values()) == 2  # the two NATO articles join
    assert sorted(second.updated) == sorted(set(joined.values()))  # only the stories that changed


def _invariants(db):
    """Every stored article in exactly one story, in the grouping and in the analysed stories alike."""
    from copydesk.store import clusters

    with Store(db) as store:
        articles = {r[0] for r in store.conn.execute("SELECT id FROM articles")}
        placed = [r[0] for r in store.conn.execute("SELECT article_id FROM story_vectors")]
        in_stories = [r[0] for r in store.conn.execute("SELECT article_id FROM story_articles")]
        graph = clusters.load(store.conn)
        memberships = store.story_memberships()
        pending = store.pending_stories()
    assert pending == []  # the stories are in step with the grouping: nothing left for the next update
    assert sorted(placed) == sorted(articles) == sorted(in_stories)
    assert memberships == {sid: tuple(m) for sid, m in graph.stories.items()}


def test_overlapping_concurrent_ingests_share_stories_and_leave_a_consistent_store(tmp_path, db, example_dir):
    import threading

    files = sorted(example_dir.iterdir())
    (tmp_path / "quake.txt").write_text(QUAKE, encoding="utf-8")
    runs = [[*files[:3], tmp_path / "quake.txt"], files[1:]]  # overlapping halves
    errors = []

    def run(paths):
        try:
            ingest(paths, db, batch=1)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(p,)) for p in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not errors
    _invariants(db)
    with Store(db) as store:
        assert store.count_articles() == 6 and store.count_stories() == 2  # one NATO story, one quake
    again = ingest([example_dir], db)  # a later ingest still works
    assert len(again.added) == 0 and len(again.duplicates) == 5
    _invariants(db)


def test_stories_are_written_as_the_ingest_goes_not_only_at_the_end(db, example_dir, monkeypatch):
    import copydesk.ingest as ing

    real = ing.iter_annotated

    def dies_after_three(articles, progress, n_process, **kw):
        for n, item in enumerate(real(articles, progress, n_process, **kw)):
            if n == 3:
                raise KeyboardInterrupt  # the process is stopped mid-run
            yield item

    monkeypatch.setattr(ing, "UPDATE_EVERY", 2)
    monkeypatch.setattr(ing, "iter_annotated", dies_after_three)
    try:
        ing.ingest([example_dir], db, batch=1)
    except KeyboardInterrupt:
        pass
    with Store(db) as store:
        assert store.count_articles() == 3
        analysed = store.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    assert analysed >= 2  # the update after the second batch landed


def test_repair_places_unplaced_articles_and_brings_stories_up_to_date(db, example_dir):
    from copydesk.ingest import repair
    from copydesk.pipeline import annotate_articles, read_inputs

    articles, _, _ = read_inputs([example_dir])
    with Store(db) as store:  # articles stored without stories, as a crash or an old version leaves them
        store.add_articles(annotate_articles(articles))
    result = repair(db)
    assert result.stories == 1 and len(result.updated) == 1
    _invariants(db)
    with Store(db) as store:  # a story lost behind the grouping's back: repair compares every story
        store.conn.execute("DELETE FROM stories")
    assert len(repair(db).updated) == 1
    _invariants(db)
    assert repair(db).updated == []  # nothing left to do


_INGEST_PROCESS = """
import sys
from copydesk.ingest import ingest
result = ingest(sys.argv[2:], sys.argv[1], batch=1)
print(len(result.added), flush=True)
"""


def test_two_processes_ingesting_into_one_postgresql_store_give_each_article_one_story(tmp_path, pg, example_dir):
    # Two machines' worth of ingest (separate processes, separate connections) racing on one
    # database, overlapping on three articles: the writer lock serialises the story updates.
    db = pg.new_db()
    files = sorted(example_dir.iterdir())
    (tmp_path / "quake.txt").write_text(QUAKE, encoding="utf-8")
    runs = [[*files[:3], tmp_path / "quake.txt"], files[1:]]
    Store(db).close()  # migrated once up front, like `serve` does
    procs = [
        subprocess.Popen([sys.executable, "-c", _INGEST_PROCESS, db, *map(str, paths)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for paths in runs
    ]  # fmt: skip
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err[-2000:] for _, err in outs]
    assert sum(int(out.split()[-1]) for out, _ in outs) == 6  # each article added by exactly one of them
    _invariants(db)
    with Store(db) as store:
        assert store.count_articles() == 6 and store.count_stories() == 2
        sizes = sorted(len(s.articles) for s in store.stories(limit=None))
    assert sizes == [1, 5]  # the five NATO articles together, the quake alone
