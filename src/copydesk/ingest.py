"""Ingest into a store: read, annotate only new articles, place them in stories, update those stories.

Each batch of new articles is saved, and placed by the incremental story clusterer, in one
transaction: a process killed mid-ingest leaves every saved batch whole and nothing
half-written. Afterwards only the stories whose membership changed are analysed again
(provenance, quotes, claims, summary); comparing the clusterer's stories with the analysed
ones, rather than remembering what this run touched, is what lets a re-run after a kill
finish the job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.model import Article
from copydesk.pipeline import Progress, _quiet, analyze_story, iter_annotated, read_inputs
from copydesk.store import Store, clusters
from copydesk.stories.cluster import Clusterer

BATCH = 64


@dataclass(slots=True)
class IngestResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids already stored, or sources repeated
    problems: list[str] = field(default_factory=list)
    joined: list[tuple[str, str, bool]] = field(default_factory=list)  # (article, story, founded it)
    updated: list[str] = field(default_factory=list)  # stories analysed again
    stories: int = 0


def ingest(
    inputs: Iterable[str | Path | Article],
    db: str | Path,
    progress: Progress = _quiet,
    n_process: int = 1,
    batch: int = BATCH,
) -> IngestResult:
    """Add ``inputs`` to the store at ``db`` and bring its stories up to date."""
    articles, problems, repeats = read_inputs(inputs)
    result = IngestResult(problems=problems, duplicates=list(repeats))
    with Store(db) as store:
        fresh = []
        for a in articles:
            if store.has(a.id):
                result.duplicates.append(a.id)
            else:
                fresh.append(a)
        state = clusters.load(store.conn)  # once: each batch adds to it and saves what changed
        placed: dict[str, tuple[str, bool]] = {}

        def place(tx, added) -> None:  # noqa: ANN001 - runs inside the batch's transaction
            for a in clusters.assign(tx, added, clusterer=state):
                placed[a.article] = (a.story_id, a.new)

        def save(annotated: list) -> None:  # noqa: ANN001
            saved = store.add_articles(annotated, within=place)
            result.added.extend(saved.added)
            result.duplicates.extend(saved.duplicates)

        pending = []
        for item in iter_annotated(fresh, progress, n_process):
            pending.append(item)
            if len(pending) == batch:
                save(pending)
                pending = []
        if pending:
            save(pending)
        result.updated = update_stories(store, state, progress)
        result.joined = [(aid, state.resolve(placed[aid][0]), placed[aid][1]) for aid in result.added]
        result.stories = store.count_stories()
    return result


def update_stories(store: Store, state: Clusterer, progress: Progress = _quiet) -> list[str]:
    """Analyse again every story whose members differ from its stored analysis; drop merged-away ones."""
    stored = store.story_memberships()
    live = {sid: tuple(s.members) for sid, s in state.stories.items()}
    stale = sorted(sid for sid, members in live.items() if stored.get(sid) != members)
    gone = sorted(sid for sid in stored if sid not in live)
    stories = []
    for n, sid in enumerate(stale, 1):
        stories.append(analyze_story(store.articles(live[sid]), story_id=sid))
        progress("stories", n, len(stale))
    store.put_stories(stories, remove=gone)
    return stale
