"""A self-contained HTML report of an ``Analysis``: inline CSS, a few lines of JS, no external URLs.

Each section is its own Jinja2 partial under ``templates/`` (autoescape on). Article text is
shown as received, with spans highlighted from their offsets: the text is cut at every span
boundary and each piece escaped and wrapped on its own, so overlapping spans cannot break
the markup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from copydesk import __version__, identity
from copydesk.model import Analysis, Annotated, Story
from copydesk.render import copies, timeline, view

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted region of an article's text, ready to wrap."""

    start: int
    end: int
    cls: str  # CSS class for every piece of text inside
    label: str | None = None  # shown once, before the region (boilerplate kind, signal value)
    title: str | None = None  # tooltip
    anchor: str | None = None  # element id placed at the start, for links from other sections


# Past this many articles (and with more than one story) `--html` writes an index page plus one
# page per story: a report is ~20 kB per article, so 100 articles is ~2 MB, about what a browser
# still opens at once; the 569 articles of ECB+ dev made one 12 MB page.
MAX_ONE_PAGE_ARTICLES = 100


def render(analysis: Analysis, generated: str | None = None, title: str | None = None) -> str:
    """The whole report as one HTML document (deterministic: no timestamp unless ``generated``)."""
    return _page(analysis, analysis.stories, _orphans(analysis), {}, None, generated, title)


def pages(analysis: Analysis, name: str = "report.html", generated: str | None = None) -> dict[str, str]:
    """The report as files: relative path -> HTML.

    One page (``name``) up to ``MAX_ONE_PAGE_ARTICLES`` articles or for a single story; beyond,
    ``name`` is an index of the stories and each story is its own self-contained page under
    ``<stem>_files/`` (articles in no story on ``<stem>_files/unplaced.html``).
    """
    if len(analysis.articles) <= MAX_ONE_PAGE_ARTICLES or len(analysis.stories) <= 1:
        return {name: render(analysis, generated)}
    folder = Path(name).stem + "_files"
    links = {s.id: f"{folder}/story-{view.safe_id(s.id)}.html" for s in analysis.stories}
    orphans = _orphans(analysis)
    out = {name: _page(analysis, [], [], links, None, generated, None,
                       orphans_href=f"{folder}/unplaced.html" if orphans else None)}  # fmt: skip
    back = f"../{Path(name).name}"
    for story in analysis.stories:
        out[links[story.id]] = _page(analysis, [story], [], {}, back, generated, story.title)
    if orphans:
        out[f"{folder}/unplaced.html"] = _page(analysis, [], orphans, {}, back, generated, "Articles in no story")
    return out


def write(analysis: Analysis, path: Path, generated: str | None = None) -> list[Path]:
    """Write the report at ``path`` (plus its story pages when it is split); returns the files, ``path`` first."""
    written = []
    for rel, html in pages(analysis, path.name, generated).items():
        target = path.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


def _orphans(analysis: Analysis) -> list[Annotated]:
    in_story = {i for s in analysis.stories for i in s.articles}
    return [a for a in analysis.articles if a.id not in in_story]


def _page(
    analysis: Analysis,
    stories: list[Story],
    orphans: list[Annotated],
    links: dict[str, str],
    back: str | None,
    generated: str | None,
    title: str | None,
    orphans_href: str | None = None,
) -> str:
    """One HTML page: ``stories`` and ``orphans`` in full; with ``links`` an index to story pages;
    with ``back`` a story page that links to its index."""
    labels = view.article_labels(analysis)
    cited = cited_spans(analysis)
    shown = [m for s in stories for m in view.story_members(analysis, s)] + orphans
    texts = {a.id: highlight(a.text, marks_for(a, cited.get(a.id, ()))) for a in shown}
    return (
        _env()
        .get_template("report.html")
        .render(
            analysis=analysis,
            stories=stories,
            toc_stories=[] if back else analysis.stories,
            story_links=links or {s.id: f"#story-{view.safe_id(s.id)}" for s in stories},
            index_href=back,
            orphans_href=orphans_href,
            labels=labels,
            texts=texts,
            orphans=orphans,
            outlets=view.outlets(analysis),
            version=__version__,
            generated=generated,
            title=title or _title(analysis),
            heading=title or "copydesk report",
        )
    )


def _story_timeline(analysis: Analysis, story: Story, labels: dict[str, str]) -> timeline.Timeline:
    return timeline.timeline(story, view.story_members(analysis, story), labels,
                             lambda i: f"#art-{view.safe_id(i)}")  # fmt: skip


def _story_date(analysis: Analysis, story: Story) -> str:
    """The day a story ran: the median of its articles' publication dates (one misread date, such
    as a birth date taken for the publication date, does not move it)."""
    times = sorted(t for m in view.story_members(analysis, story) if (t := timeline.published_at(m)))
    return times[(len(times) - 1) // 2].strftime("%Y-%m-%d") if times else ""


def highlight(text: str, marks: Iterable[Mark]) -> Markup:
    """``text`` as HTML with every mark wrapped; pieces are escaped one by one.

    A sweep over the sorted span boundaries keeps the set of marks covering each piece, so
    the output is a flat run of ``<span class="…">`` elements that never nest or cross.
    """
    n = len(text)
    marks = sorted(
        (m for m in marks if 0 <= m.start <= m.end <= n),
        key=lambda m: (m.start, -m.end),  # stable: ties keep the layer order of marks_for
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


def cited_spans(analysis: Analysis) -> dict[str, set[tuple[int, int]]]:
    """Per article, every span another section links to (summary, claims, divergences, quotes, signals, evidence)."""
    out: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for s in analysis.stories:
        refs = [src for sent in s.summary for src in sent.sources]
        refs += [src for c in s.claims for src in c.sources]
        refs += [v for d in s.divergences for v in d.variants]
        refs += list(s.quotes)
        for ref in refs:
            out[ref.article].add((ref.start, ref.end))
        for a in view.story_members(analysis, s):
            out[a.id].update((x.start, x.end) for x in a.signals)
        for r in s.relations:
            for e in r.evidence:
                out[r.a].add((e.a_start, e.a_end))
                out[r.b].add((e.b_start, e.b_end))
    return out


def marks_for(item: Annotated, cited: Iterable[tuple[int, int]] = ()) -> list[Mark]:
    """The marks of one article's view: boilerplate, signals, quotes, quantities, entities, citations."""
    marks = [
        Mark(s.start, s.end, "bp", view.furniture_word(s.kind), f"page furniture: {view.furniture_word(s.kind)}")
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
        marks.append(Mark(start, end, "cited", None, None, view.anchor_id(item.id, start, end)))
    return marks


def _title(analysis: Analysis) -> str:
    if len(analysis.stories) == 1:
        return analysis.stories[0].title
    return "copydesk report"


def _story_outlets(analysis: Analysis, story: Story) -> int:
    return len(view.outlets(analysis, view.story_members(analysis, story)))


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        anchor=view.anchor_id,
        safe_id=view.safe_id,
        cited_text=view.cited_text,
        snippet=view.snippet,
        quoted=view.quoted,
        plural=view.plural,
        members=view.story_members,
        families=view.families_of,
        ranked_claims=view.ranked_claims,
        ranked_relations=view.ranked_relations,
        quotes_by_speaker=view.quotes_by_speaker,
        quoted_terms=view.quoted_terms,
        signal_summary=view.signal_summary,
        direction_text=view.direction_text,
        story_outlets=_story_outlets,
        copy_families=copies.families,
        copy_lineage=copies.lineage,
        identify=identity.identify,
        copy_relations=copies.copies,
        copy_graph=copies.graph_svg,
        aligned_passages=copies.aligned,
        relation_arrow=copies.arrow,
        independent_of_all=copies.independent_of_all,
        independent_pairs=view.independent_pairs,
        furniture_summary=view.furniture_summary,
        language_note=view.language_note,
        story_timeline=_story_timeline,
        story_date=_story_date,
        reuse_lines=view.reuse_lines,
        elsewhere_in=view.elsewhere_in,
    )
    return env
