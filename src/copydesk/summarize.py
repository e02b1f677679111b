"""A short, neutral, cited summary of one story, built from its most corroborated claims.

Extractive on purpose: every sentence is one of the sources' own sentences (at most a
leading connective such as "But" dropped), so the summary says nothing they do not say, and
each carries the spans of every article that states it. Redundant claims are skipped, and a
wording that uses a loaded word only one outlet uses gives way to another outlet's wording
of the same fact, or the fact is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from copydesk.compare.claims import content_words
from copydesk.model import Annotated, Claim, SourceRef, SummarySentence

MIN_SENTENCES, MAX_SENTENCES = 4, 8
REDUNDANT = 0.5  # share of content words two summary sentences may have in common
MAX_WORDS = 45  # longer sentences are hard to read in a summary
# Words that judge or dramatise rather than report: the genre's usual suspects.
LOADED = frozenset("""
slam slams slammed blast blasts blasted rip rips ripped lash lashes lashed bombshell shocking shock stunning
stunned outrage outrageous outraged furious fury brutal brutally massive huge horrific horrifying disaster
disastrous chaos chaotic scandal scandalous regime thug thugs radical extremist extremists terror
so-called alleged notorious infamous disgraced embattled beleaguered controversial admits admitted admit
claims claimed insists insisted boasts boasted caves caved meltdown debacle fiasco humiliating humiliation
crushing devastating explosive sweeping dramatic dramatically spectacular sinister desperate desperately
""".split())
CONNECTIVE = re.compile(r"^(?:But|And|However|Meanwhile|Instead|Also|Still|Yet|So|Moreover|Indeed)\b,?\s+")
PRONOUN_START = re.compile(r"^(?:He|She|It|They|This|That|These|Those|His|Her|Its|Their)\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er)\b")


def summarize(
    members: Sequence[Annotated], claims: Sequence[Claim], max_sentences: int = MAX_SENTENCES
) -> tuple[SummarySentence, ...]:
    """4–8 cited sentences from the most corroborated claims, in the order the story tells them."""
    by_id = {m.id: m for m in members}
    outlets_using = _loaded_usage(members)
    picked: list[tuple[float, SummarySentence, frozenset[str]]] = []
    ranked = sorted(
        (c for c in claims if c.status != "disputed"),
        key=lambda c: (-c.independent_sources, -len(c.sources), _position(c, by_id)),
    )
    for claim in ranked:
        if len(picked) >= max_sentences:
            break
        if len(picked) >= MIN_SENTENCES and claim.independent_sources < 2:
            break  # enough said; the rest has only one source behind it
        text = _wording(claim, by_id, outlets_using)
        if text is None:
            continue
        words = content_words(text)
        if any(len(words & w) > REDUNDANT * min(len(words), len(w)) for _, _, w in picked):
            continue
        picked.append((_position(claim, by_id), SummarySentence(text, claim.sources), words))
    picked.sort(key=lambda p: p[0])
    return tuple(s for _, s, _ in picked)


def _loaded_usage(members: Sequence[Annotated]) -> dict[str, int]:
    """For each loaded word, how many articles of the story use it."""
    count: dict[str, int] = {}
    for m in members:
        for w in {w.lower() for w in _WORD.findall(m.body_text())} & LOADED:
            count[w] = count.get(w, 0) + 1
    return count


def _wording(claim: Claim, by_id: dict[str, Annotated], usage: dict[str, int]) -> str | None:
    """The claim's best source wording: no loaded word only one outlet uses, a named subject, short."""
    options = []
    for src in claim.sources:
        text = _clean(by_id[src.article].text[src.start : src.end])
        words = {w.lower() for w in _WORD.findall(text)}
        lone = sum(1 for w in words & LOADED if usage.get(w, 0) <= 1)
        if lone:
            continue
        n = len(text.split())
        if n > MAX_WORDS or n < 6 or _dangling_pronoun(by_id[src.article], src.start, src.end):
            continue
        options.append((bool(PRONOUN_START.match(text)), text.count("“") + text.count('"'), n, text))
    if not options:
        return None
    return min(options)[3]


def _dangling_pronoun(item: Annotated, start: int, end: int) -> bool:
    """A he/she before any person is named: out of its article the sentence does not say who ("he suggested")."""
    m = PRONOUN_RE.search(item.text, start, end)
    if m is None:
        return False
    return not any(e.kind == "PERSON" and start <= e.start < m.start() for e in item.entities)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    text = CONNECTIVE.sub("", text)
    return text[:1].upper() + text[1:]


def _position(claim: Claim, by_id: dict[str, Annotated]) -> float:
    """Where the claim sits in its sources, 0 = lede, 1 = last line: news puts the most important first."""
    return float(np.mean([_relative(s, by_id) for s in claim.sources]))


def _relative(src: SourceRef, by_id: dict[str, Annotated]) -> float:
    return src.start / max(1, len(by_id[src.article].text))
