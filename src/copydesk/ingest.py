"""Ingest into a store: read, annotate only new articles, save in batches, update stories.

Each batch is saved in one transaction, so a process killed mid-ingest leaves every saved
batch whole and nothing half-written; running the same ingest again skips what is stored
and finishes the job.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from copydesk.model import Article
from copydesk.pipeline import Progress, _quiet, annotate_articles, build_stories, read_inputs
from copydesk.store import Store

BATCH = 64


@dataclass(slots=True)
class IngestResult:
    added: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)  # ids already stored, or sources repeated
    problems: list[str] = field(default_factory=list)
    joined: list[tuple[str, str]] = field(default_factory=list)  # (article id, story id) for added ones
    stories: int = 0


def ingest(
    inputs: Iterable[str | Path | Article],
    db: str | Path,
    progress: Progress = _quiet,
    n_process: int = 1,
    batch: int = BATCH,
) -> IngestResult:
    """Add ``inputs`` to the store at ``db`` and regroup its stories."""
    articles, problems, repeats = read_inputs(inputs)
    result = IngestResult(problems=problems, duplicates=list(repeats))
    with Store(db) as store:
        fresh = []
        for a in articles:
            if store.has(a.id):
                result.duplicates.append(a.id)
            else:
                fresh.append(a)
        for i in range(0, len(fresh), batch):
            chunk = fresh[i : i + batch]
            annotated = annotate_articles(
                chunk, progress=lambda s, d, t, i=i: progress(s, i + d, len(fresh)), n_process=n_process
            )
            saved = store.add_articles(annotated)
            result.added.extend(saved.added)
            result.duplicates.extend(saved.duplicates)
        if result.added or not store.stories(limit=1):
            stories = build_stories(store.articles(), progress=progress)
            store.replace_stories(stories)
        story_of = {aid: s.id for s in store.stories(limit=None) for aid in s.articles}
        result.joined = [(aid, story_of[aid]) for aid in result.added if aid in story_of]
        result.stories = len(set(story_of.values()))
    return result
