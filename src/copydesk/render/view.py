"""What the Markdown and HTML reports share: reader-facing names, snippets and orderings.

Both renderers present the same sections in the same order; keeping the choices here (how
an article is named, how claims are ranked, how quotes are grouped) keeps them in step.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from copydesk import identity
from copydesk.model import Analysis, Annotated, Claim, Quote, Relation, Story
from copydesk.readers import language

STATUS_ORDER = {"corroborated": 0, "disputed": 1, "single_source": 2}


def article_labels(analysis: Analysis) -> dict[str, str]:
    """Article id -> its reader-facing name (:mod:`copydesk.identity`): outlet, else file name or URL.

    Labels are unique within a story, in the story's order, so the report, the Markdown and
    the web pages (which load one story at a time) name each article the same way.
    """
    labels: dict[str, str] = {}
    for story in analysis.stories:
        labels.update(identity.labels(story_members(analysis, story)))
    rest = [a for a in analysis.articles if a.id not in labels]
    labels.update(identity.labels(rest))
    return labels


def outlet_of(item: Annotated) -> str | None:
    """The outlet that ran the article, as :func:`copydesk.identity.identify` reads it."""
    return identity.identify(item).outlet


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


def outlets(analysis: Analysis, items: list[Annotated] | None = None) -> list[str]:
    """Distinct outlet names of ``items`` (default: every article), sorted."""
    names = (outlet_of(a) for a in (analysis.articles if items is None else items))
    return sorted({n for n in names if n})


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


TERM_WORDS = 2  # a quote this short is a quoted term ("alleged leaks"), whoever is named for it


def is_term(q: Quote) -> bool:
    """A scare-quoted word or phrase, or a title: not a statement, so not among quotations."""
    return q.kind == "term" or len(q.text.split()) <= TERM_WORDS


@dataclass(frozen=True, slots=True)
class QuotedTerm:
    """One quoted term of a story, with every place it is quoted."""

    text: str
    quotes: tuple[Quote, ...]


def quoted_terms(story: Story) -> list[QuotedTerm]:
    """The story's quoted terms (``is_term``), one entry per wording; the most used first."""
    by_text: dict[str, list[Quote]] = defaultdict(list)
    for q in story.quotes:
        if is_term(q):
            by_text[_term_text(q.text).lower()].append(q)
    terms = [QuotedTerm(_term_text(qs[0].text), tuple(qs)) for qs in by_text.values()]
    return sorted(terms, key=lambda t: -len({q.article for q in t.quotes}))  # stable: story order next


def _term_text(text: str) -> str:
    """The term without the sentence punctuation caught inside the marks ("leaks." -> "leaks")."""
    return " ".join(text.split()).strip(" .,;:!?")


def quotes_by_speaker(story: Story) -> list[SpeakerQuotes]:
    """Quotes grouped by variant group, then by speaker; the most-quoted speakers first, unattributed last.

    Quoted terms (``is_term``: scare-quoted words such as “long”, titles) are not statements:
    they are listed apart (``quoted_terms``).

    A group whose outlets name different speakers (or one names none) is listed once, under
    the name most of its variants give.
    """
    by_group: dict[str, list[Quote]] = defaultdict(list)
    for q in story.quotes:
        if is_term(q):  # a scare-quoted word or a title: nobody's statement
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


# Page furniture kinds (readers/visible.py, annotate/boilerplate.py) as a reader names them.
FURNITURE_WORDS = {
    "nav": "site navigation", "header": "page header", "footer": "page footer", "aside": "sidebar",
    "caption": "photo caption", "credit": "photo credit", "byline": "byline", "author": "author note",
    "comments": "reader comments", "ad": "advertisement", "share": "share buttons",
    "teaser": "link to another story", "provenance": "source line", "dateline": "dateline",
    "section": "section name", "standfirst": "standfirst", "masthead": "masthead", "body": "article body",
}  # fmt: skip


def furniture_word(kind: str | None) -> str:
    """A furniture kind in words ("caption" -> "photo caption"); unknown kinds as they read."""
    if not kind or kind == "boilerplate":
        return "page furniture"
    return FURNITURE_WORDS.get(kind, kind.replace("_", " "))


def furniture_summary(item: Annotated) -> str:
    """What was dimmed in an article, counted in words: "2 photo captions, 1 page footer"."""
    counts = Counter(furniture_word(s.kind) for s in item.boilerplate)
    return ", ".join(plural(n, word) for word, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def independent_pairs(story: Story) -> list[Relation]:
    """The story's pairs judged independent (no copying either way)."""
    return [r for r in story.relations if r.type == "independent"]


def language_note(item: Annotated) -> str | None:
    """For an article not in English, a sentence saying so and what was not read; else None."""
    if language.english_model_applies(item.article.language):
        return None
    from babel import Locale, UnknownLocaleError

    code = item.article.language or ""
    try:
        name = Locale("en").languages.get(code.split("-")[0].lower()) or code
    except UnknownLocaleError:  # pragma: no cover - "en" always exists
        name = code
    return f"Written in {name} ({code}): names, speakers and entities are not read (English model only)."
@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The other end of a cross-story relation, as readers see it."""

    article: str  # its id
    label: str  # its outlet (or file name / URL)
    story_id: str | None
    story_title: str | None


@dataclass(frozen=True, slots=True)
class ReuseLine:
    """One line on a story's page about text shared with an article of another story."""

    member_id: str  # this story's article
    member: str  # ... labelled
    verb: str  # "reuses a passage first published in", "was reused by", "shares a passage with"…
    other: Elsewhere
    relation: Relation

    @property
    def text(self) -> str:
        where = f", “{self.other.story_title}”" if self.other.story_title else ""
        return f"{self.member} {self.verb} {self.other.label}{where}"


def reuse_lines(story: Story, labels: dict[str, str], elsewhere: Callable[[str], Elsewhere]) -> list[ReuseLine]:
    """The story's cross-story relations as sentences, strongest first: which member took text
    from which outlet and story, or had its text taken (direction from the relation)."""
    members = set(story.articles)
    out = []
    for r in sorted(story.reuse, key=lambda r: (-r.score, r.a, r.b)):
        mine, other = (r.a, r.b) if r.a in members else (r.b, r.a)
        source = {"a->b": r.a, "b->a": r.b}.get(r.direction or "")
        what = "a passage" if r.type == "partial_reuse" else "the text"
        if source == other:
            verb = f"reuses {what} first published in"
        elif source == mine:
            verb = f"had {what} reused by"
        else:
            verb = f"shares {what} with"
        out.append(ReuseLine(mine, labels.get(mine, mine), verb, elsewhere(other), r))
    return out


def elsewhere_in(analysis: Analysis, labels: dict[str, str]) -> Callable[[str], Elsewhere]:
    """``reuse_lines``' lookup over a whole analysis (``copydesk analyze``)."""
    story_of = {aid: s for s in analysis.stories for aid in s.articles}

    def find(aid: str) -> Elsewhere:
        s = story_of.get(aid)
        return Elsewhere(aid, labels.get(aid, aid), s.id if s else None, s.title if s else None)

    return find


def cite_helpers(labels: dict[str, str], texts: dict[str, str], on_page: set[str]) -> dict[str, object]:
    """Template helpers that turn a citation into a label, a link and a snippet."""

    def label(article_id: str) -> str:
        return labels.get(article_id, article_id)

    def href(article_id: str, start: int | None = None, end: int | None = None) -> str:
        anchor = f"#{anchor_id(article_id, start, end)}" if start is not None else ""
        return anchor if article_id in on_page and anchor else f"/articles/{article_id}{anchor}"

    def cite(article_id: str, start: int, end: int) -> str:
        text = texts.get(article_id)
        return "" if text is None else snippet(text, start, end)

    return {"label": label, "href": href, "cite": cite}
