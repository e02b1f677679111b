"""Who published what when: a story's dated articles on a time axis, as inline SVG.

One row per dated article, earliest first, its dot coloured by copy family (the copy graph's
colours), so a reader sees who ran a text first and who followed. Articles without a
publication date are named below the figure by the template. Every label is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from markupsafe import Markup, escape

from copydesk.model import Annotated, Story
from copydesk.render import view
from copydesk.render.copy_section import NODE_FILLS

EDGE = "#555"
MAX_ROWS = 60  # a larger story shows its first 60 dated articles


@dataclass(frozen=True, slots=True)
class Timeline:
    svg: Markup  # empty when fewer than two articles are dated
    dated: tuple[str, ...]  # article ids on the axis, earliest first
    undated: tuple[str, ...]  # article ids with no readable publication date


def published_at(item: Annotated) -> datetime | None:
    """The article's publication time as a naive UTC datetime, or None when it has none we can read."""
    raw = (item.article.published or "").strip()
    if not raw:
        return None
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def timeline(
    story: Story, members: list[Annotated], labels: dict[str, str], href: Callable[[str], str], width: int = 760
) -> Timeline:
    """The story's publication timeline; ``href(article_id)`` is where a dot links to."""
    times = {m.id: t for m in members if (t := published_at(m)) is not None}
    dated = sorted(times, key=lambda i: (times[i], story.articles.index(i) if i in story.articles else 0))
    undated = tuple(m.id for m in members if m.id not in times)
    if len(dated) < 2:
        return Timeline(Markup(""), tuple(dated), undated)
    shown = dated[:MAX_ROWS]
    first, last = times[shown[0]], times[shown[-1]]
    span = (last - first).total_seconds() or 1.0
    left, right, top, row_h = 210, 30, 34, 22
    axis = width - left - right
    height = top + row_h * len(shown) + 10

    def x(t: datetime) -> float:
        return left + axis * (t - first).total_seconds() / span

    fam_of = {m: k for k, f in enumerate(view.families_of(story)) for m in f}
    days = span >= 2 * 86400
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'role="img" aria-label="when each article of this story was published">',
        f'<line x1="{left}" y1="{top - 8}" x2="{left + axis}" y2="{top - 8}" stroke="#999"/>',
    ]
    for k in range(5):  # five ticks, dates when the story spans days, else times
        t = first + (last - first) * k / 4
        tx = x(t)
        text = t.strftime("%Y-%m-%d") if days else t.strftime("%m-%d %H:%M")
        parts.append(
            f'<line x1="{tx:.1f}" y1="{top - 12}" x2="{tx:.1f}" y2="{height - 6}" stroke="#e4e4e8"/>'
            f'<text x="{tx:.1f}" y="{top - 16}" text-anchor="middle" class="tick">{escape(text)}</text>'
        )
    for r, i in enumerate(shown):
        y = top + row_h * r + row_h / 2
        cx = x(times[i])
        fill = NODE_FILLS[fam_of[i] % len(NODE_FILLS)] if i in fam_of else "#ffffff"
        name = labels.get(i, i)
        when = times[i].strftime("%Y-%m-%d %H:%M").removesuffix(" 00:00")
        parts.append(
            f'<a href="{escape(href(i))}"><g class="row"><title>{escape(name)}, {escape(when)}</title>'
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" class="who">{escape(_short(name, 28))}</text>'
            f'<line x1="{left}" y1="{y:.1f}" x2="{cx:.1f}" y2="{y:.1f}" stroke="#d9d9de" stroke-dasharray="2 3"/>'
            f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="6" fill="{fill}" stroke="{EDGE}" stroke-width="1.5"/></g></a>'
        )
    parts.append("</svg>")
    return Timeline(Markup("".join(parts)), tuple(dated), undated)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
