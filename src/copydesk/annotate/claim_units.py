"""Claim sentences of one article: body sentences, long enough, not mostly quotation.

Chosen once per article: the frames stage reads only these sentences, and claim alignment
(``compare/claims.py``) compares them across a story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from copydesk.model import Annotated
from copydesk.text.sentences import pieces
from copydesk.text.words import WORD_RE, content_words

MIN_WORDS = 6
MAX_QUOTED = 0.6  # a sentence more than this share quotation is a quote, not a claim
_QUOTE_RE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


@dataclass(frozen=True, slots=True)
class Unit:
    """One candidate claim sentence of one article, with what alignment compares."""

    article: str
    start: int
    end: int
    text: str
    words: frozenset[str]
    names: frozenset[str]
    numbers: frozenset[float]


def units(item: Annotated) -> list[Unit]:
    """The claim sentences of one article: body sentences, long enough, not mostly quotation."""
    text = item.text
    quoted = [(q.start, q.end) for q in item.quotes] or [(m.start(), m.end()) for m in _QUOTE_RE.finditer(text)]
    out = []
    for start, end in pieces(text, item.sentences):
        sent = text[start:end]
        if len(WORD_RE.findall(sent)) < MIN_WORDS or not re.search(r"[.!?…”\"’]\s*$", sent):
            continue  # headings, captions, fragments
        inside = sum(max(0, min(e, end) - max(b, start)) for b, e in quoted)
        if inside > MAX_QUOTED * (end - start):
            continue
        names = frozenset(
            _fold(e.text_of(text)).split()[-1] for e in item.entities if start <= e.start < end and _fold(e.text_of(text))
        )
        nums = frozenset(
            float(q.value) for q in item.quantities
            if start <= q.start < end and isinstance(q.value, (int, float)) and q.unit != "date"
        )
        out.append(Unit(item.id, start, end, sent, content_words(sent), names, nums))
    return out


def _fold(s: str) -> str:
    return re.sub(r"[^a-z0-9 ]+", "", s.lower().replace("’s", "").replace("'s", "")).strip()
