"""Ingest into a store: read, annotate only new articles, place them in stories, update those stories.

Each batch of new articles is saved, and placed by the incremental story clusterer, in one
transaction: a process killed mid-ingest leaves every saved batch whole and nothing
half-written. Afterwards only the stories whose membership changed are analysed again
(provenance, quotes, claims, summary); comparing the clusterer's stories with the analysed
ones, rather than remembering what this run touched, is what lets a re-run after a kill
finish the job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from copydesk.compare.reuse import attach
from copydesk.model import Annotated, Article
from copydesk.pipeline import Progress, _quiet, analyze_story, iter_annotated, read_inputs
from copydesk.store import Store, clusters, is_url
from copydesk.store import reuse as reuse_index
from copydesk.stories.graph import StoryGraph, story_id

BATCH = 64
UPDATE_EVERY = 16  # batches between story updates: a killed run leaves at most this much unanalysed


@dataclass(slots=True)
class IngestResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids already stored, or sources repeated
    problems: list[str] = field(default_factory=list)
    joined: list[tuple[str, str, bool]] = field(default_factory=list)  # (article, story, founded it)
    updated: list[str] = field(default_factory=list)  # stories analysed again
    reused: list[tuple[str, str]] = field(default_factory=list)  # (earlier, later) copy pairs the reuse index found
    stories: int = 0
    graph: StoryGraph | None = None  # the grouping as this run left it: pass it to the next run


def ingest(
    inputs: Iterable[str | Path | Article],
    db: str | Path,
    progress: Progress = _quiet,
    n_process: int = 1,
    batch: int = BATCH,
    graph: StoryGraph | None = None,
) -> IngestResult:
    """Add ``inputs`` to the store at ``db`` (a SQLite path or a PostgreSQL URL) and bring its
    stories up to date.

    ``graph``: the grouping a previous run returned (``result.graph``); a long-lived caller such
    as the web app passes it back so the store is not loaded again, unless it changed meanwhile.
    """
    articles, problems, repeats = read_inputs(inputs)
    result = IngestResult(problems=problems, duplicates=list(repeats))
    if not is_url(db):
        Path(db).parent.mkdir(parents=True, exist_ok=True)
    with Store(db) as store:
        fresh = []
        for a in articles:
            known_as, stored = store.reading_id(a)  # a copy of a stored text from elsewhere is new
            if stored:
                result.duplicates.append(known_as)
            else:
                fresh.append(replace(a, id=known_as))
        graph = clusters.current(store.conn, graph)  # once; reloaded later only if another process wrote
        pending, updated, saved = [], set(), 0
        for item in iter_annotated(fresh, progress, n_process, problems=result.problems):
            pending.append(item)
            if len(pending) == batch:
                graph = add_and_place(store, pending, graph, result)
                pending, saved = [], saved + 1
                if saved % UPDATE_EVERY == 0:
                    done, graph = update_stories(store, graph, progress, touched_articles(result))
                    updated.update(done)
        if pending:
            graph = add_and_place(store, pending, graph, result)
        done, graph = update_stories(store, graph, progress, touched_articles(result))
        result.updated = sorted(updated.union(done) & set(graph.stories))
        result.joined = [(aid, sid, sid == story_id(aid)) for aid in result.added
                         if (sid := graph.story_of.get(aid))]  # fmt: skip
        result.stories = store.count_stories()
        result.graph = graph
    return result


def touched_articles(result: IngestResult) -> set[str]:
    """The articles of the copy pairs the reuse index found: their stories get the relations."""
    return {aid for pair in result.reused for aid in pair}


def add_and_place(store: Store, items: list[Annotated], graph: StoryGraph, result: IngestResult) -> StoryGraph:
    """Store ``items``, place the new ones in stories and index their passages, in one
    transaction (all land or none); note them in ``result``; return the grouping as it is
    afterwards. The reuse look-up and its verification run before, outside the write lock."""
    placed = graph
    found = reuse_index.look_up(store.conn, items)

    def place(tx, added) -> None:  # noqa: ANN001 - runs inside the batch's transaction
        nonlocal placed
        placed = clusters.assign(tx, added, placed)
        result.reused.extend((r.a, r.b) for r in reuse_index.record(tx, found, added))

    saved = store.add_articles(items, within=place)
    result.added.extend(saved.added)
    result.duplicates.extend(saved.duplicates)
    return placed


def repair(db: str | Path, progress: Progress = _quiet) -> IngestResult:
    """Bring a store to a consistent state: place stored articles that have no story (a store
    from an older version, or one left by a crash) and analyse every story whose stored analysis
    differs from the grouping, and give every story its page data. Safe to run at any time,
    also while other processes ingest."""
    result = IngestResult()
    with Store(db) as store:
        with store.transaction() as tx:
            graph = clusters.assign(tx, [])
        missing = reuse_index.unindexed(store.conn)  # a store from before the reuse index
        for k in range(0, len(missing), BATCH):
            batch = store.articles(missing[k : k + BATCH])
            found = reuse_index.look_up(store.conn, batch)
            with store.transaction() as tx:
                result.reused.extend((r.a, r.b) for r in reuse_index.record(tx, found, batch))
        touched = reuse_index.related_articles(store.conn)  # every story with a reuse relation
        result.updated, result.graph = update_stories(store, graph, progress, touched, every=True)
        store.fill_views()  # page data or rendered pages missing (migrations 0007, 0012) or of other code
        result.stories = store.count_stories()
    return result


def update_stories(
    store: Store,
    graph: StoryGraph | None = None,
    progress: Progress = _quiet,
    touched: Iterable[str] = (),
    attempts: int = 5,
    every: bool = False,
) -> tuple[list[str], StoryGraph]:
    """Analyse again every story whose members differ from its stored analysis; drop retired ones.

    The stories compared are those the grouping changed since an update last brought them in
    step (``Store.pending_stories``: written with the grouping, so a run killed in between
    leaves them for the next); ``every``: all stories (repair).

    Analysed stories, and the stories of ``touched`` articles (new reuse relations), get the
    reuse relations their members have with articles of other stories.

    The analyses are written only if the grouping did not change meanwhile (another process
    placing articles): otherwise the plan is made again on the new grouping, so the stories
    table always matches one grouping and never holds an article twice.
    """
    for _ in range(attempts):
        graph = clusters.current(store.conn, graph)
        pending = store.pending_stories()
        stored = store.story_memberships(None if every else pending)
        live = {sid: tuple(m) for sid, m in graph.stories.items()}
        candidates = (live.keys() | stored.keys()) if every else set(pending)
        stale = sorted(sid for sid in candidates if sid in live and stored.get(sid) != live[sid])
        gone = sorted(sid for sid in candidates if sid in stored and sid not in live)
        stories, loaded = [], {}
        for n, sid in enumerate(stale, 1):
            members = store.articles(live[sid])
            stories.append(analyze_story(members, story_id=sid))
            loaded |= {m.id: m for m in members}  # so put_stories need not read them again
            progress("stories", n, len(stale))
        again = sorted({graph.story_of[a] for a in touched if a in graph.story_of} - set(stale) - set(gone))
        stories += [s for sid in again if (s := store.story(sid)) is not None and s.articles == live[sid]]
        stories = attach([replace(s, reuse=()) for s in stories],
                         reuse_index.relations_of(store.conn, [a for s in stories for a in s.articles]))  # fmt: skip
        # Ids that left the grouping before it kept redirects (an older store) point to where
        # most of their articles are now.
        redirects = []
        for sid in gone:
            if sid not in graph.redirects:
                votes = Counter(graph.story_of[a] for a in stored[sid] if a in graph.story_of)
                if votes:
                    redirects.append((sid, min(votes, key=lambda s: (-votes[s], s))))
        if store.put_stories(stories, remove=gone, if_grouping=graph.version, redirects=redirects, members=loaded,
                             settled=pending):  # fmt: skip
            return stale, graph
    raise RuntimeError("the store's stories kept changing under this update; run `copydesk ingest` again")
