"""Wires the stages: ``analyze(inputs) -> Analysis``.

Reading and per-article stages run article by article (pure functions, no I/O beyond the
readers); cross-article stages run on one story at a time. The CLI, the store and the web
app all go through the functions here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from copydesk import budget
from copydesk.annotate import boilerplate, nlp, signals
from copydesk.annotate import dates as dates_stage
from copydesk.annotate import frames as frames_stage
from copydesk.annotate import quantities as quantities_stage
from copydesk.annotate import quotes as quotes_stage
from copydesk.compare import claims as claims_stage
from copydesk.compare import divergence as divergence_stage
from copydesk.compare import provenance, quote_groups, reuse, speakers
from copydesk.compare.vectors import SentenceVectors
from copydesk.model import Analysis, Annotated, Article, Story, republished_id
from copydesk.readers import ReadProblem, language, read
from copydesk.stories import grouping, titles
from copydesk.stories.represent import Representation, represent_many
from copydesk.summarize import summarize

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


def read_inputs(inputs: Iterable[str | Path | Article]) -> tuple[list[Article], list[str], list[str]]:
    """Read paths (files or directories) and pass ``Article`` objects through.

    Returns the articles (each once), one line per input that could not be read or is over
    the per-article size budget, and the sources of inputs that repeat an article already read
    from the same source. The same text from another source (another file, page or URL) is
    another publication of it, the copies this project is about: it is kept, under the id
    ``model.republished_id`` gives it.
    """
    articles: list[Article] = []
    problems: list[str] = []
    first_source: dict[str, str] = {}  # id -> the source it was first read from
    paths: list[str | Path] = []
    for item in inputs:
        if isinstance(item, Article):
            articles.append(item)
        else:
            paths.append(item)
    for got in read(paths):
        if isinstance(got, ReadProblem):
            problems.append(_displayable(str(got)))
        else:
            articles.append(replace(got, source=_displayable(got.source)))
    too_long = {a.id: reason for a in articles if (reason := budget.size_problem(a))}
    problems += too_long.values()
    articles = [a for a in articles if a.id not in too_long]
    unique, repeats = [], []
    for a in articles:
        if a.id in first_source and first_source[a.id] != a.source:
            a = replace(a, id=republished_id(a.id, a.source))
        if a.id in first_source:
            repeats.append(a.source)
            continue
        first_source[a.id] = a.source
        unique.append(a)
    return unique, problems, repeats


def _displayable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (surrogate escapes) as ``\\xNN``: a source
    must be writable as UTF-8 to JSON, the store and the terminal."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def clean(article: Article) -> Annotated:
    """Mark boilerplate and provenance signals (nothing is removed from the text)."""
    found = signals.find(article)
    return Annotated(article, boilerplate=boilerplate.mark(article, found), signals=found)


def annotate_articles(
    articles: Sequence[Article], progress: Progress = _quiet, n_process: int = 1, problems: list[str] | None = None
) -> list[Annotated]:
    """Run every per-article stage: clean, sentences and entities, quotes, quantities."""
    return list(iter_annotated(articles, progress, n_process, problems))


def iter_annotated(
    articles: Sequence[Article], progress: Progress = _quiet, n_process: int = 1, problems: list[str] | None = None
) -> Iterator[Annotated]:
    """The annotated articles one by one, in input order, as they are ready.

    With ``n_process > 1`` chunks of articles go to one pool of worker processes, each
    loading the models once: the stages are pure, so only articles go in and annotations
    come out (no spaCy ``Doc`` crosses a process boundary). A caller that saves as it goes
    (ingest) keeps the same pool for the whole run. An article whose stages run over the time
    budget is left out, with its reason appended to ``problems``.
    """
    chunks = [list(articles[i : i + POOL_CHUNK]) for i in range(0, len(articles), POOL_CHUNK)]
    done = 0
    for chunk in _in_pool(chunks, n_process) if n_process > 1 and len(chunks) > 1 else map(_annotate, chunks):
        for item in chunk:
            done += 1
            progress("annotate", done, len(articles))
            if isinstance(item, Skipped):
                if problems is not None:
                    problems.append(item.reason)
                continue
            yield item


POOL_CHUNK = 16  # articles per task: small enough to balance, large enough for spaCy's batching


@dataclass(frozen=True, slots=True)
class Skipped:
    """An article the per-article stages gave up on, and why (crosses the pool like an article)."""

    reason: str


def _annotate(articles: list[Article]) -> list[Annotated | Skipped]:
    """The per-article stages on a chunk, within the time budget; over it, article by article."""
    try:
        with budget.time_limit(budget.SECONDS):
            return _stages(articles)
    except budget.OverBudget:
        if len(articles) > 1:  # find the slow one; the others still get their full budget
            return [out for a in articles for out in _annotate([a])]
        return [Skipped(f"{articles[0].source}: per-article stages took over {budget.SECONDS:g} s")]


def _stages(articles: list[Article]) -> list[Annotated]:
    cleaned = [clean(a) for a in articles]
    budget.check()  # where no timer signal can interrupt (threads), stop at stage boundaries
    out = []
    for item, doc in nlp.parse(cleaned):
        out.append(_after_parse(item, doc))
        budget.check()
    return out


def _in_pool(chunks: list[list[Article]], n_process: int) -> Iterator[list[Annotated]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: a forked child would inherit whatever threads and model state the
    # parent holds (the web server, a loaded pipeline) in an undefined state.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
        yield from pool.map(_annotate, chunks)


def _after_parse(item: Annotated, doc) -> Annotated:  # noqa: ANN001 - spacy Doc
    """The per-article stages that reuse the spaCy parse: quantities, dates, quotes, predicate frames."""
    found = quantities_stage.extract(item, doc) + dates_stage.extract(item, doc)
    item = replace(item, quantities=tuple(sorted(found, key=lambda q: (q.start, q.end))))
    if not language.english_model_applies(item.article.language):
        return _without_english_readings(item, doc)
    item = replace(item, quotes=quotes_stage.extract(item, doc))
    return replace(item, frames=frames_stage.extract(item, doc))


def _without_english_readings(item: Annotated, doc) -> Annotated:  # noqa: ANN001 - spacy Doc
    """A non-English article: quotes by their marks, but no entities and no speakers, which the
    English model would read from words it does not know ("Il", "propongono")."""
    quotes = tuple(
        replace(q, speaker=None, speaker_start=None, speaker_end=None)
        for q in quotes_stage.extract(replace(item, entities=()), doc)
    )
    return replace(item, entities=(), quotes=quotes)


def build_stories(items: Sequence[Annotated], progress: Progress = _quiet) -> list[Story]:
    """Group articles into stories, run the cross-article stages on each story, and find the
    passages articles reuse from other stories."""
    by_id = {a.id: a for a in items}
    made = represent_many(items)  # once: grouping and titles both read them
    reps = {r.article: r for r in made}
    groups = grouping.group(items, reps=made)
    stories = []
    for i, member_ids in enumerate(groups, 1):
        members = [by_id[m] for m in member_ids]
        stories.append(analyze_story(members, reps=[reps[m] for m in member_ids]))
        progress("stories", i, len(groups))
    story_of = {aid: s.id for s in stories for aid in s.articles}
    return reuse.attach(stories, reuse.across_stories(items, story_of))


def analyze_story(
    members: Sequence[Annotated], story_id: str | None = None, reps: Sequence[Representation] | None = None
) -> Story:
    """Cross-article stages for one story's articles (founder first); the id derives from the
    founder unless the caller's story clusterer gives one. ``reps``: the members' term vectors
    when grouping made them."""
    story = Story(
        id=story_id or grouping.story_id([m.id for m in members]),
        title="",  # once provenance says which members are copies
        articles=tuple(m.id for m in members),
    )
    resolved = speakers.resolve([q for m in members for q in m.quotes], members)
    grouped, groups = quote_groups.group(resolved)
    story = replace(story, quotes=grouped, quote_groups=groups)
    story = replace(story, quantities=tuple(q for m in members for q in m.quantities))
    vectors = SentenceVectors()  # each sentence text embedded once for the story: copies, then claims
    relations, copy_families = provenance.relate(members, vectors)
    story = replace(story, relations=relations, families=copy_families, title=titles.story_title(members, relations, reps))
    families = story.families or tuple((m.id,) for m in members)  # no copy families known: each its own
    claims = claims_stage.align(members, families, vectors=vectors)
    divergences = divergence_stage.find(members, families, claims, story.quotes)
    story = replace(story, claims=claims, divergences=divergences, summary=summarize(members, claims, families))
    return story


def analyze(
    inputs: Iterable[str | Path | Article],
    progress: Progress = _quiet,
    n_process: int = 1,
) -> Analysis:
    """Read ``inputs`` (paths, directories or ``Article`` objects) and analyse them in memory.

    >>> analysis = analyze(["examples/nato-leak-2022"])        # doctest: +SKIP
    >>> [len(s.articles) for s in analysis.stories]            # doctest: +SKIP
    [5]
    """
    articles, problems, repeats = read_inputs(inputs)
    problems += [f"{source}: same article as one already read, skipped" for source in repeats]
    annotated = annotate_articles(articles, progress=progress, n_process=n_process, problems=problems)
    stories = build_stories(annotated, progress=progress)
    return Analysis(articles=annotated, stories=stories, problems=problems)
