"""Article text cut into segments for display: each piece knows which spans cover it.

Spans overlap freely (a quote inside a sentence inside the body, a citation across a quote),
so the text is cut at every span boundary and each piece carries the classes of the spans
covering it. The text itself is never altered: the template escapes each piece as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from copydesk.model import Annotated, Story
from copydesk.render.view import anchor_id

MAX_SPANS = 20_000  # past this the page would be unreadable anyway; keep the cost bounded


@dataclass(frozen=True, slots=True)
class Mark:
    """A span to show: its class, and an anchor ref when something cites it."""

    start: int
    end: int
    cls: str
    ref: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    classes: str = ""
    refs: str = ""  # space-separated anchor refs covering this piece (for the highlight script)
    anchors: tuple[str, ...] = ()  # refs that start here: the page puts their ids here
    title: str | None = None


def segments(text: str, marks: Iterable[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; return the pieces in order, covering all of it."""
    n = len(text)
    spans = [m for m in marks if 0 <= m.start < m.end <= n][:MAX_SPANS]
    cuts = sorted({0, n, *(m.start for m in spans), *(m.end for m in spans)})
    starts: dict[int, list[Mark]] = {}
    for m in spans:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        active = [m for m in active if m.end > lo] + starts.get(lo, [])
        if not active:
            out.append(Segment(text[lo:hi]))
            continue
        classes = " ".join(sorted({m.cls for m in active}))
        refs = " ".join(sorted({m.ref for m in active if m.ref}))
        anchors = tuple(sorted({m.ref for m in starts.get(lo, []) if m.ref}))
        title = next((m.title for m in reversed(active) if m.title), None)
        out.append(Segment(text[lo:hi], classes, refs, anchors, title))
    return out


def cited_spans(story: Story | None, summary_only: bool = False) -> dict[str, set[tuple[int, int]]]:
    """Per article, the (start, end) spans that the story's findings cite (``summary_only``: the
    summary's citations alone, what the article page highlights)."""
    out: dict[str, set[tuple[int, int]]] = {}
    if story is None:
        return out

    def add(article: str, start: int, end: int) -> None:
        out.setdefault(article, set()).add((start, end))

    for s in story.summary:
        for ref in s.sources:
            add(ref.article, ref.start, ref.end)
    if summary_only:
        return out
    for c in story.claims:
        for ref in c.sources:
            add(ref.article, ref.start, ref.end)
    for d in story.divergences:
        for v in d.variants:
            add(v.article, v.start, v.end)
    for q in story.quotes:
        add(q.article, q.start, q.end)
    return out  # relation evidence is shown side by side on the article page, not marked here


def article_marks(item: Annotated, cited: set[tuple[int, int]], detail: bool = False) -> list[Mark]:
    """The marks to show on one article: boilerplate (dimmed), signals, quotes and cited spans;
    with ``detail`` also entities and quantities (the article page)."""
    marks = [Mark(s.start, s.end, "bp", title=f"boilerplate: {s.kind}") for s in item.boilerplate]
    marks += [
        Mark(s.start, s.end, "sig", title=f"{s.kind}: {s.value}" if s.value else s.kind) for s in item.signals
    ]
    quoted = {(q.start, q.end) for q in item.quotes}
    for q in item.quotes:
        who = f"quote ({q.kind}) — {q.speaker}" if q.speaker else f"quote ({q.kind})"
        marks.append(Mark(q.start, q.end, "quote", anchor_id(item.id, q.start, q.end), who))
    for start, end in sorted(cited - quoted):
        marks.append(Mark(start, end, "cited", anchor_id(item.id, start, end)))
    if detail:
        marks += [Mark(s.start, s.end, "ent", title=s.kind) for s in item.entities]
        marks += [Mark(q.start, q.end, "qty", title=_quantity_title(q)) for q in item.quantities]
    return marks


def _quantity_title(q) -> str:  # noqa: ANN001 - Quantity
    unit = f" {q.unit}" if q.unit else ""
    about = f" ({q.about})" if q.about else ""
    return f"{q.value}{unit}{about}"


def passage(text: str, start: int, end: int, limit: int = 600) -> str:
    """An evidence passage as shown side by side: the exact text, cut past ``limit`` characters."""
    s = text[start:end].strip()  # blank lines at the edges only push the pair apart
    return s if len(s) <= limit else s[:limit].rstrip() + " …"


def members_in_order(story: Story, items: Sequence[Annotated]) -> list[Annotated]:
    by_id = {a.id: a for a in items}
    return [by_id[i] for i in story.articles if i in by_id]
