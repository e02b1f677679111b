"""The data model: articles, standoff spans over their text, and what a story holds.

Every annotation is an offset pair into ``Article.text`` (the text as received, nothing
removed), so any output can cite its source exactly. All classes are plain frozen
dataclasses: stages return new values, they never mutate.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

_NOT_NEWLINE = re.compile(r"[^\n]")


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on ``parts`` (same input, same id, any machine)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


def content_id(text: str) -> str:
    """An article id derived from its content: re-reading the same article gives the same id.

    The text is NFC-normalised and its whitespace folded first, so a copy that differs only
    in line endings or trailing spaces is recognised as the same article.
    """
    folded = " ".join(unicodedata.normalize("NFC", text).split())
    return stable_id(folded)


# What an article or story id may be: content ids are hex; an id a JSON record gives may be
# richer, but must fit in a URL path segment as is (the web app's routes use the same pattern).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"
ID_RULE = "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit"


def republished_id(article_id: str, source: str) -> str:
    """The id of a text already read from another source, read again from ``source``: the
    same words at another address are another publication (a verbatim copy), not a re-read.
    The Spark job computes the same (``scale/job.py``)."""
    return stable_id(article_id, source)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` narrowed so that ``text[start:end]`` neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled region ``text[start:end]`` of one article.

    ``label`` is the layer (``boilerplate``, ``signal``, ``sentence``, ``entity``, ``body``);
    ``kind`` the sort within it (``caption``, ``wire``, ``PERSON``…); ``value`` a normalised
    reading where there is one (the outlet a ``republished_from`` signal names, say).
    """

    start: int
    end: int
    label: str
    kind: str = ""
    value: str | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span offsets ({self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


@dataclass(frozen=True, slots=True)
class Article:
    """One article as read: metadata plus the text every offset refers to.

    ``marks`` are spans the reader already knows from the page structure (for HTML: the
    regions outside the body trafilatura found); the boilerplate stage merges them.
    """

    id: str
    source: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO 8601 date or datetime
    authors: tuple[str, ...] = ()
    language: str | None = None  # BCP 47 tag as the page declares it, else ISO 639-1 as detected
    marks: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted passage of one article and who it is attributed to."""

    article: str
    start: int
    end: int
    text: str
    kind: str  # speech | document | partial | term
    speaker: str | None = None  # canonical name once resolved across the story
    speaker_start: int | None = None
    speaker_end: int | None = None
    group: str | None = None  # shared by the variants of one quote across outlets


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step of a word-level diff: ``op`` is equal | replace | delete | insert."""

    op: str
    a: str = ""  # the reference variant's words
    b: str = ""  # this variant's words


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One outlet's wording of a quote, with its diff against the group's reference."""

    article: str
    start: int
    end: int
    text: str
    diff: tuple[DiffOp, ...] = ()  # empty for the reference (the first variant)


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """The variants of one quote across outlets; ``id`` is the ``Quote.group`` they share."""

    id: str
    speaker: str | None
    variants: tuple[QuoteVariant, ...]


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit and what it counts, or a date, found in one article."""

    article: str
    start: int
    end: int
    text: str
    value: float | int | str | None
    unit: str | None = None
    about: str | None = None
    qualifier: str | None = None  # "more than", "about", "up to", "range", "late"…: value is not exact
    high: float | int | None = None  # upper bound of a range ("10-12 people": value 10, high 12)


@dataclass(frozen=True, slots=True)
class Evidence:
    """One aligned passage: ``a.text[a_start:a_end]`` corresponds to ``b.text[b_start:b_end]``."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Relation:
    """The verdict on one compared pair of articles, with the passages that support it."""

    a: str
    b: str
    type: str  # verbatim_copy | syndicated_copy | partial_reuse | rewritten_copy | independent
    score: float
    evidence: tuple[Evidence, ...] = ()
    direction: str | None = None  # "a->b", "b->a" or "common_source" when the evidence says
    why: str | None = None


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A citation: a span of one article."""

    article: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    sources: tuple[SourceRef, ...]
    independent_sources: int
    status: str  # corroborated | single_source | disputed
    why: str | None = None


@dataclass(frozen=True, slots=True)
class Variant:
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Divergence:
    what: str
    variants: tuple[Variant, ...]
    between: str = "independent"  # independent | copies (a copy's edits against its source)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True, slots=True)
class Frame:
    """One act in one sentence: ``verb`` (lemma) done by ``agent`` to an object (from the parse).

    ``start``/``end`` span the clause from agent to end of object; ``agent_words`` are the
    agent's content lemmas (cut to 5 letters), ``obj_words`` the object's key nouns, ``obj``
    its head word as written.
    """

    verb: str
    start: int
    end: int
    agent: str
    agent_words: tuple[str, ...]
    obj_words: tuple[str, ...]
    obj: str = ""


@dataclass(frozen=True, slots=True)
class Annotated:
    """An article with everything the per-article stages found in it."""

    article: Article
    boilerplate: tuple[Span, ...] = ()
    signals: tuple[Span, ...] = ()
    sentences: tuple[Span, ...] = ()
    entities: tuple[Span, ...] = ()
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    frames: tuple[Frame, ...] = ()  # predicate frames of the body sentences (annotate/frames.py)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def text(self) -> str:
        return self.article.text

    def in_boilerplate(self, start: int, end: int) -> bool:
        """True when most of ``[start, end)`` is boilerplate: the one rule by which every stage
        leaves out what it found there (sentences, entities, quantities, dates)."""
        covered = sum(max(0, min(end, b.end) - max(start, b.start)) for b in self.boilerplate)
        return covered * 2 >= (end - start)

    def body_mask(self) -> list[bool]:
        """Per character: True where the text is story body (not boilerplate)."""
        mask = [True] * len(self.article.text)
        for s in self.boilerplate:
            mask[s.start : s.end] = [False] * (s.end - s.start)
        return mask

    def body_text(self) -> str:
        """The text with boilerplate blanked to spaces: same length, so offsets still hold."""
        text = self.article.text
        if not self.boilerplate:
            return text
        parts, pos = [], 0
        for s in sorted(self.boilerplate, key=lambda b: b.start):
            start, end = max(s.start, pos), s.end
            if end <= start:
                continue
            parts += [text[pos:start], _NOT_NEWLINE.sub(" ", text[start:end])]
            pos = end
        parts.append(text[pos:])
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class Story:
    """A set of articles about one event, and what the cross-article stages found in it."""

    id: str
    title: str
    articles: tuple[str, ...]
    quotes: tuple[Quote, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    relations: tuple[Relation, ...] = ()
    families: tuple[tuple[str, ...], ...] = ()
    claims: tuple[Claim, ...] = ()
    divergences: tuple[Divergence, ...] = ()
    summary: tuple[SummarySentence, ...] = ()
    quote_groups: tuple[QuoteGroup, ...] = ()  # quotes reported by 2+ variants, with diffs
    reuse: tuple[Relation, ...] = ()  # copy relations with articles of other stories (one side is a member)


@dataclass(slots=True)
class Analysis:
    """The result of ``copydesk.analyze``: annotated articles and the stories they form."""

    articles: list[Annotated] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per input that was skipped

    def article(self, article_id: str) -> Annotated:
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)
