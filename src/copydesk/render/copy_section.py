"""The copy section of the reports: copy families, a copy graph, aligned passages with word diffs.

Shared by the HTML and Markdown renderers so both name the same origin and show the same
passages. The graph is plain inline SVG (no script, no external file) and every piece of
article text is escaped before it goes into markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from copydesk import identity
from copydesk.compare.provenance import sources_and_copies
from copydesk.compare.quote_groups import word_diff
from copydesk.model import Analysis, Relation, Story
from copydesk.render import view

SHORT_TYPE = {
    "verbatim_copy": "verbatim",
    "syndicated_copy": "syndicated",
    "partial_reuse": "partial",
    "rewritten_copy": "rewritten",
}
EDGE_COLOUR = {
    "verbatim_copy": "#c0392b",
    "syndicated_copy": "#d35400",
    "partial_reuse": "#7f8c8d",
    "rewritten_copy": "#8e44ad",
}
NODE_FILLS = ("#dbe9ff", "#ffe3c2", "#e3f5d8", "#f3dcf5", "#fff2b3", "#d8f1f3")
MAX_NODES = 40  # a larger story shows the articles that take part in copy relations only


@dataclass(frozen=True, slots=True)
class Family:
    """A copy family in the story's order, with its origin when a relation's direction shows it."""

    members: tuple[str, ...]
    origin: str | None


def copies(story: Story) -> list[Relation]:
    """The story's copy relations (every type but ``independent``), strongest first."""
    return [r for r in view.ranked_relations(story) if r.type != "independent"]


def families(story: Story) -> list[Family]:
    """Copy families of two or more articles; ``origin`` is a member others copy and that copies none."""
    sources, copied = sources_and_copies(copies(story))
    out = []
    for fam in view.families_of(story):
        origins = [m for m in fam if m in sources and m not in copied]
        out.append(Family(tuple(fam), origins[0] if len(origins) == 1 else None))
    return out


# how a family member got the text, strongest first; a member that says whose text it is was republished
VERBS = (
    ("verbatim_copy", "republished verbatim by"),
    ("syndicated_copy", "syndicated by"),
    ("rewritten_copy", "rewritten by"),
    ("partial_reuse", "reused in part by"),
)


@dataclass(frozen=True, slots=True)
class Lineage:
    """A copy family told as a sentence: where the text comes from, then who ran it and how."""

    origin: str | None  # a name (an outlet the text names, or the origin member's label)
    origin_article: str | None  # the member that is the origin, when the relations show one
    ways: tuple[tuple[str, tuple[str, ...]], ...]  # ("rewritten by", (article ids…)), in VERBS order

    def text(self, labels: dict[str, str]) -> str:
        """"The New York Times → republished verbatim by A; rewritten by B"."""
        ways = "; ".join(f"{verb} {', '.join(labels.get(i, i) for i in ids)}" for verb, ids in self.ways)
        return f"{self.origin or 'Origin not known'} → {ways}"


def lineage(analysis: Analysis, story: Story, fam: Family, labels: dict[str, str]) -> Lineage:
    """Who a family's text comes from and how each other member took it.

    The origin is the outlet a member's provenance line names ("Source : Nytimes"), else the
    member the others copy; a member that names the origin republished it, the others are
    described by their strongest copy relation inside the family.
    """
    ids = {}
    for i in fam.members:
        try:
            ids[i] = identity.identify(analysis.article(i))
        except KeyError:
            continue
    named = [ids[i].origin for i in fam.members if i in ids and ids[i].origin]
    origin = named[0] if named else (labels.get(fam.origin, fam.origin) if fam.origin else None)
    inside = set(fam.members)
    strongest: dict[str, int] = {}
    rank = {t: k for k, (t, _) in enumerate(VERBS)}
    for r in copies(story):
        if r.a in inside and r.b in inside and r.type in rank:
            for m in (r.a, r.b):
                strongest[m] = min(strongest.get(m, len(VERBS)), rank[r.type])
    ways: dict[str, list[str]] = {verb: [] for _, verb in VERBS}
    for m in fam.members:
        if (m == fam.origin and not named) or (m in ids and named and ids[m].outlet == origin):
            continue  # the origin itself
        says_origin = m in ids and ids[m].origin is not None and ids[m].origin == origin
        k = 0 if says_origin else strongest.get(m, rank["partial_reuse"])
        ways[VERBS[k][1]].append(m)
    return Lineage(origin, None if named else fam.origin,
                   tuple((verb, tuple(ms)) for verb, ms in ways.items() if ms))


def independent_of_all(story: Story) -> list[str]:
    """Articles in no copy family: their own reporting as far as the text shows."""
    inside = {m for f in view.families_of(story) for m in f}
    return [a for a in story.articles if a not in inside]


def arrow(r: Relation, labels: dict[str, str]) -> str:
    """"source → copy", "A ⇠ common source ⇢ B" or "A – B" with reader labels."""
    a, b = labels.get(r.a, r.a), labels.get(r.b, r.b)
    if r.direction == "a->b":
        return f"{a} → {b}"
    if r.direction == "b->a":
        return f"{b} → {a}"
    if r.direction == "common_source":
        return f"{a} and {b} (common source)"
    return f"{a} – {b}"


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """One evidence passage side by side: A's words with deletions marked, B's with insertions."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    left: Markup
    right: Markup
    changed: int  # words that differ (both sides)
    score: float | None


def aligned(analysis: Analysis, r: Relation, limit: int = 6, chars: int = 700) -> list[AlignedPassage]:
    """The first ``limit`` evidence passages of a relation with their word differences marked up."""
    try:
        ta, tb = analysis.article(r.a).text, analysis.article(r.b).text
    except KeyError:
        return []
    out = []
    for e in r.evidence[:limit]:
        a, b = ta[e.a_start : e.a_end][:chars], tb[e.b_start : e.b_end][:chars]
        left, right, changed = [], [], 0
        for op in word_diff(a, b):
            if op.op == "equal":
                left.append(str(escape(op.a)))
                right.append(str(escape(op.b or op.a)))
                continue
            if op.a:
                left.append(f"<del>{escape(op.a)}</del>")
                changed += len(op.a.split())
            if op.b:
                right.append(f"<ins>{escape(op.b)}</ins>")
                changed += len(op.b.split())
        if e.a_end - e.a_start > chars or e.b_end - e.b_start > chars:  # long passage: shown in part
            left.append("…")
            right.append("…")
        out.append(
            AlignedPassage(e.a_start, e.a_end, e.b_start, e.b_end, Markup(" ".join(left)), Markup(" ".join(right)),
                           changed, e.score)
        )
    return out


def brief_evidence(analysis: Analysis, r: Relation, limit: int = 70) -> tuple[str, str] | None:
    """The longest evidence passage of a relation as two short snippets (A's and B's words)."""
    if not r.evidence:
        return None
    e = max(r.evidence, key=lambda x: (x.a_end - x.a_start, -x.a_start))
    return (view.cited_text(analysis, r.a, e.a_start, e.a_end, limit),
            view.cited_text(analysis, r.b, e.b_start, e.b_end, limit))


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _rows(story: Story, ids: list[str], per_row: int) -> list[list[str]]:
    """One row per copy family (origin first), then the articles in no family, wrapped to fit."""
    rows, placed = [], set()
    for fam in families(story):
        members = [m for m in fam.members if m in ids]
        for k in range(0, len(members), per_row):
            rows.append(members[k : k + per_row])
        placed.update(members)
    rest = [i for i in ids if i not in placed]
    rows += [rest[k : k + per_row] for k in range(0, len(rest), per_row)]
    return rows


def graph_svg(
    analysis: Analysis, story: Story, labels: dict[str, str], width: int = 760,
    href: Callable[[str], str] | None = None,
) -> Markup:
    """An inline SVG of the story: a row per copy family (origin first), copy relations as curved
    edges with the type written on them and an arrow from source to copy when the direction is known.
    ``href(article_id)`` is where a box links to (default: the report's article section)."""
    href = href or (lambda i: f"#art-{view.safe_id(i)}")
    rels = copies(story)
    ids = list(story.articles)
    if len(ids) > MAX_NODES:
        linked = {i for r in rels for i in (r.a, r.b)}
        ids = [i for i in ids if i in linked][:MAX_NODES]
    if not ids:
        return Markup("")
    titles = {}
    for i in ids:
        try:
            titles[i] = analysis.article(i).article.title or ""
        except KeyError:
            titles[i] = ""
    box, gap, row_gap, arc_room = 160, 36, 76, 80
    rows = _rows(story, ids, max(1, (width - 20) // (box + gap)))
    pos, y = {}, 20.0
    for r, row in enumerate(rows):
        inside = set(row)
        arcs = any(x.a in inside and x.b in inside for x in rels)  # same-row edges arc above the boxes
        y += (row_gap if r else 24) + (arc_room if arcs else 0)
        x0 = (width - len(row) * box - (len(row) - 1) * gap) / 2 + box / 2
        for k, i in enumerate(row):
            pos[i] = (x0 + k * (box + gap), y)
    height = int(y + 40)
    fam_of = {m: k for k, f in enumerate(view.families_of(story)) for m in f}
    parts = [
        f'<svg class="copy-graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" role="img" aria-label="copy relations between the articles of this story">',
        "<defs>",
    ]
    for kind, colour in EDGE_COLOUR.items():
        parts.append(
            f'<marker id="arr-{kind}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    for r in rels:
        if r.a not in pos or r.b not in pos:
            continue
        (x1, y1), (x2, y2) = pos[r.a], pos[r.b]
        if r.direction == "b->a":
            (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
        if y1 == y2:  # same row: an arc above the boxes
            y1 = y2 = y1 - 24
            cx, cy = (x1 + x2) / 2, y1 - min(30 + 0.2 * abs(x2 - x1), 80)
            lx, ly = cx, (y1 + 2 * cy) / 3 - 4
        else:  # between rows: from the bottom of the upper box to the top of the lower one
            down = 1 if y2 > y1 else -1
            y1, y2 = y1 + 24 * down, y2 - 24 * down
            cx, cy = (x1 + x2) / 2 + 30, (y1 + y2) / 2
            lx, ly = cx, cy
        colour = EDGE_COLOUR.get(r.type, "#555")
        dash = ' stroke-dasharray="6 4"' if r.direction == "common_source" or r.type == "partial_reuse" else ""
        head = f' marker-end="url(#arr-{r.type})"' if r.direction in {"a->b", "b->a"} else ""
        tip = f"{arrow(r, labels)}: {r.type}, score {r.score:.2f}"
        label = SHORT_TYPE.get(r.type, r.type) + (" (common source)" if r.direction == "common_source" else "")
        parts.append(
            f'<g class="edge"><title>{escape(tip)}</title><path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} '
            f'{x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}{head}/>'
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="middle" class="edge-label" fill="{colour}">'
            f"{escape(label)}</text></g>"
        )
    for i in ids:
        x, y = pos[i]
        fill = NODE_FILLS[fam_of[i] % len(NODE_FILLS)] if i in fam_of else "#ffffff"
        name, title = _short(labels.get(i, i), 18), _short(titles[i], 24)
        parts.append(
            f'<a href="{escape(href(i))}"><g class="node"><title>{escape(labels.get(i, i))}: '
            f'{escape(titles[i])}</title><rect x="{x - box / 2:.1f}" y="{y - 24:.1f}" width="{box}" height="48" '
            f'rx="8" fill="{fill}" stroke="#555"/><text x="{x:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'class="node-name">{escape(name)}</text><text x="{x:.1f}" y="{y + 14:.1f}" text-anchor="middle" '
            f'class="node-title">{escape(title)}</text></g></a>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
