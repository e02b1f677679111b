"""What the Markdown and HTML reports share: reader-facing names, snippets and orderings.

Both renderers present the same sections in the same order; keeping the choices here (how
an article is named, how claims are ranked, how quotes are grouped) keeps them in step.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from copydesk.model import Analysis, Annotated, Claim, Quote, Relation, Story

STATUS_ORDER = {"corroborated": 0, "disputed": 1, "single_source": 2}


def article_labels(analysis: Analysis) -> dict[str, str]:
    """Article id -> a short name for readers: its outlet, else "article n" (1-based input order).

    Two articles from one outlet get "(2)", "(3)"… so every label names one article.
    """
    labels: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for n, item in enumerate(analysis.articles, 1):
        base = (item.article.outlet or "").strip() or f"article {n}"
        seen[base] += 1
        labels[item.id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return labels


def snippet(text: str, start: int, end: int, limit: int = 160) -> str:
    """``text[start:end]`` on one line, shortened in the middle past ``limit`` characters."""
    s = " ".join(text[start:end].split())
    if len(s) <= limit:
        return s
    half = (limit - 3) // 2
    return s[:half].rstrip() + " … " + s[-half:].lstrip()


QUOTE_MARKS = "\"'“”‘’«»„"


def quoted(text: str) -> str:
    """A quote on one line inside curly quotes, unless the span already carries its own marks."""
    s = " ".join(text.split())
    return s if s[:1] in QUOTE_MARKS else f"“{s}”"


def plural(n: int, word: str, many: str | None = None) -> str:
    """Count and noun, for headers: "1 story", "2 stories"."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def cited_text(analysis: Analysis, article_id: str, start: int, end: int, limit: int = 160) -> str:
    """The snippet a citation points at, or "" when the article is not in the analysis."""
    try:
        item = analysis.article(article_id)
    except KeyError:
        return ""
    return snippet(item.text, start, end, limit)


def anchor_id(article_id: str, start: int, end: int) -> str:
    """The HTML id of a cited span: ``a-<article>-<start>-<end>`` (id made safe for attributes)."""
    return f"a-{safe_id(article_id)}-{start}-{end}"


def safe_id(article_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", article_id)


def story_members(analysis: Analysis, story: Story) -> list[Annotated]:
    """The story's articles in the story's order (ids missing from the analysis are skipped)."""
    by_id = {a.id: a for a in analysis.articles}
    return [by_id[i] for i in story.articles if i in by_id]


def outlets(analysis: Analysis) -> list[str]:
    """Distinct outlet names, sorted."""
    return sorted({a.article.outlet for a in analysis.articles if a.article.outlet})


def ranked_claims(story: Story) -> list[Claim]:
    """Claims by corroboration: corroborated first, then disputed, then single-source."""
    return sorted(
        story.claims,
        key=lambda c: (STATUS_ORDER.get(c.status, 3), -c.independent_sources, -len(c.sources), c.id),
    )


def ranked_relations(story: Story) -> list[Relation]:
    """Copies first (strongest score first), independent pairs last."""
    return sorted(story.relations, key=lambda r: (r.type == "independent", -r.score, r.a, r.b))


@dataclass(frozen=True, slots=True)
class ReportedQuote:
    """One quote as the story reports it: its variants across outlets (a quote with no group stands alone).

    Not :class:`copydesk.model.QuoteGroup`, which holds the variants' word diffs."""

    key: str
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker: str | None
    groups: tuple[ReportedQuote, ...]

    @property
    def count(self) -> int:
        return sum(len(g.quotes) for g in self.groups)


def quotes_by_speaker(story: Story) -> list[SpeakerQuotes]:
    """Quotes grouped by variant group, then by speaker; the most-quoted speakers first, unattributed last.

    Terms (scare-quoted words such as “long”, titles) are not statements and are left out.

    A group whose outlets name different speakers (or one names none) is listed once, under
    the name most of its variants give.
    """
    by_group: dict[str, list[Quote]] = defaultdict(list)
    for q in story.quotes:
        if q.kind == "term":  # a scare-quoted word or a title: nobody's statement
            continue
        by_group[q.group or f"{q.article}:{q.start}:{q.end}"].append(q)
    groups: dict[str | None, dict[str, list[Quote]]] = defaultdict(dict)
    for key, quotes in by_group.items():
        names = Counter(q.speaker for q in quotes if q.speaker)
        speaker = min(names, key=lambda n: (-names[n], n)) if names else None
        groups[speaker][key] = quotes
    out = [
        SpeakerQuotes(speaker, tuple(ReportedQuote(k, tuple(v)) for k, v in keyed.items()))
        for speaker, keyed in groups.items()
    ]
    out.sort(key=lambda s: (s.speaker is None, -s.count, s.speaker or ""))
    return out


def families_of(story: Story) -> list[tuple[str, ...]]:
    """Copy families with more than one member (a lone article is not a family)."""
    return [f for f in story.families if len(f) > 1]


def signal_summary(item: Annotated) -> list[str]:
    """Each provenance signal as "kind: value" (or the kind alone)."""
    return [f"{s.kind}: {s.value}" if s.value else s.kind for s in item.signals]


def direction_text(direction: str | None, a: str, b: str) -> str:
    """A relation's direction with article labels: "source → copy" or "common source"."""
    if direction == "a->b":
        return f"{a} → {b}"
    if direction == "b->a":
        return f"{b} → {a}"
    if direction == "common_source":
        return "common source"
    return direction or ""
