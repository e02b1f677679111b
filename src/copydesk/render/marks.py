"""An article's text as HTML with its spans marked: the one answer for the report and the web pages.

Which spans a story's sections cite (``cited_spans``), which marks an article shows
(``article_marks``) and how they become HTML (``highlight``) live here only, so the report's
article texts and the web app's story and article pages mark the same spans the same way.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup, escape

from copydesk.model import Annotated, Story
from copydesk.render.view import anchor_id, furniture_word


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted region of an article's text, ready to wrap."""

    start: int
    end: int
    cls: str  # CSS class for every piece of text inside
    label: str | None = None  # shown once, before the region (boilerplate kind, signal value)
    title: str | None = None  # tooltip
    anchor: str | None = None  # element id placed at the start, for links from other sections


def cited_spans(story: Story, members: Iterable[Annotated]) -> dict[str, set[tuple[int, int]]]:
    """Per article, every span a section of ``story`` links to: summary, claims, divergences,
    quotes, the ``members``' signals and relation evidence (what the story carries of it)."""
    out: dict[str, set[tuple[int, int]]] = defaultdict(set)
    refs = [src for sent in story.summary for src in sent.sources]
    refs += [src for c in story.claims for src in c.sources]
    refs += [v for d in story.divergences for v in d.variants]
    refs += list(story.quotes)
    for ref in refs:
        out[ref.article].add((ref.start, ref.end))
    for a in members:
        out[a.id].update((x.start, x.end) for x in a.signals)
    for r in story.relations:
        for e in r.evidence:
            out[r.a].add((e.a_start, e.a_end))
            out[r.b].add((e.b_start, e.b_end))
    return out


def article_marks(item: Annotated, cited: Iterable[tuple[int, int]] = ()) -> list[Mark]:
    """The marks of one article's text: boilerplate, signals, quotes, quantities, entities, citations."""
    marks = [
        Mark(s.start, s.end, "bp", furniture_word(s.kind), f"page furniture: {furniture_word(s.kind)}")
        for s in item.boilerplate
    ]
    for s in item.signals:
        label = f"{s.kind}: {s.value}" if s.value else s.kind
        marks.append(Mark(s.start, s.end, "sig", label, f"signal {label}"))
    for q in item.quotes:
        marks.append(
            Mark(q.start, q.end, "q", None, f"quote ({q.kind})" + (f" — {q.speaker}" if q.speaker else ""))
        )
        if q.speaker_start is not None and q.speaker_end is not None:
            marks.append(Mark(q.speaker_start, q.speaker_end, "spk", None, "speaker"))
    for q in item.quantities:
        reading = " ".join(str(x) for x in (q.qualifier, q.value, q.unit) if x not in (None, ""))
        marks.append(Mark(q.start, q.end, "num", None, f"quantity: {reading}" if reading else "quantity"))
    for e in item.entities:
        kind = re.sub(r"[^A-Za-z0-9_]", "", e.kind)
        marks.append(Mark(e.start, e.end, f"ent ent-{kind}" if kind else "ent", None, e.kind or None))
    for start, end in sorted(cited):
        marks.append(Mark(start, end, "cited", None, None, anchor_id(item.id, start, end)))
    return marks


def marked_text(item: Annotated, cited: Iterable[tuple[int, int]] = ()) -> Markup:
    """``item``'s text as HTML with every mark of ``article_marks`` wrapped."""
    return highlight(item.text, article_marks(item, cited))


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as HTML with every mark wrapped; pieces are escaped one by one.

    A sweep over the sorted span boundaries keeps the set of marks covering each piece, so
    the output is a flat run of ``<span class="…">`` elements that never nest or cross.
    """
    n = len(text)
    marks = sorted(
        (m for m in marks if 0 <= m.start <= m.end <= n),
        key=lambda m: (m.start, -m.end),  # stable: ties keep the layer order of article_marks
    )
    starts: dict[int, list[Mark]] = defaultdict(list)
    ends: dict[int, list[Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
        ends[m.end].append(m)
    cuts = sorted({0, n, *starts, *ends})
    active: dict[int, Mark] = {}  # id(mark) -> mark, insertion order = start order
    out: list[str] = []
    anchors_done: set[str] = set()
    for i, pos in enumerate(cuts):
        for m in ends.get(pos, ()):
            active.pop(id(m), None)
        for m in starts.get(pos, ()):
            if m.anchor and m.anchor not in anchors_done:
                anchors_done.add(m.anchor)
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
            if m.label:
                out.append(f'<span class="tag {escape(m.cls)}-tag" data-label="{escape(m.label)}"></span>')
            if m.end > m.start:
                active[id(m)] = m
        if i + 1 == len(cuts):
            break
        piece = escape(text[pos : cuts[i + 1]])
        if not active:
            out.append(str(piece))
            continue
        out.append(_open(active.values()) + str(piece) + "</span>")
    return Markup("".join(out))


def _open(marks: Iterable[Mark]) -> str:
    classes, titles, cites = [], [], []
    for m in marks:
        classes += [c for c in m.cls.split() if c not in classes]
        if m.title and m.title not in titles:
            titles.append(m.title)
        if m.anchor:
            cites.append(m.anchor)
    attrs = f' class="{escape(" ".join(classes))}"'
    if titles:
        attrs += f' title="{escape(" · ".join(titles))}"'
    if cites:
        attrs += f' data-cite="{escape(" ".join(cites))}"'
    return f"<span{attrs}>"
