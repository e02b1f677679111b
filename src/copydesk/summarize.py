"""A short, neutral, cited summary of one story, built from its most corroborated claims.

Extractive on purpose: every sentence is one of the sources' own sentences (at most a
leading connective such as "But" dropped), so the summary says nothing they do not say, and
each cites the spans of its claim that state it. A claim groups sentences that are alike as a
whole (compare/claims.py), which is not the same as each of them stating the wording shown:
"NATO said it doesn't comment on leaks" can sit in one claim with "Russia declined to comment
on the leaks, but Lavrov predicted…". So a span is cited only when it ``supports`` the
sentence, and claims are ranked by how many independent sources support their wording.
Redundant claims are skipped, and a wording that uses a loaded word only one outlet uses
gives way to another outlet's wording of the same fact, or the fact is left out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from copydesk.compare.families import family_of
from copydesk.model import Annotated, Claim, SourceRef, SummarySentence
from copydesk.text.words import content_words

MIN_SENTENCES, MAX_SENTENCES = 4, 8
REDUNDANT = 0.5  # share of content words two summary sentences may have in common
MAX_WORDS = 45  # longer sentences are hard to read in a summary
# A cited span must hold this share of the summary sentence's content words: on the example,
# spans that state the sentence hold 0.4 or more, spans of its claim that only share the topic
# ("Romania", "Poland", "missiles" in a sentence about Putin's worries) 0.35 or less…
SUPPORT = 0.4
# …and this share of the span's own words must be the sentence's: a long span that has a short
# sentence's words in passing ("comment", "leaks", "NATO") is about something else.
FOCUS = 0.2
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
PERSONAL_START = re.compile(r"^(?:He|She|It|They|His|Her|Its|Their)\b")  # out of its article: who?
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
PRONOUN_RE = re.compile(r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er)\b")


def summarize(
    members: Sequence[Annotated],
    claims: Sequence[Claim],
    families: Sequence[Sequence[str]] | None = None,
    max_sentences: int = MAX_SENTENCES,
) -> tuple[SummarySentence, ...]:
    """4–8 cited sentences from the best supported claims, in the order the story tells them.

    ``families`` are the story's copy families: copies of one text count as one source.
    """
    by_id = {m.id: m for m in members}
    fam = family_of(families, [m.id for m in members])
    outlets_using = _loaded_usage(members)
    options = []
    for claim in claims:
        if claim.status == "disputed":
            continue
        chosen = _wording(claim, by_id, outlets_using, fam)
        if chosen is not None:
            text, cited = chosen
            options.append((len({fam[s.article] for s in cited}), _position(cited, by_id), text, cited))
    options.sort(key=lambda o: (-o[0], -len(o[3]), o[1]))
    picked: list[tuple[float, SummarySentence, frozenset[str]]] = []
    for independent, position, text, cited in options:
        if len(picked) >= max_sentences:
            break
        if len(picked) >= MIN_SENTENCES and independent < 2:
            break  # enough said; the rest has only one source behind it
        words = content_words(text)
        if any(len(words & w) > REDUNDANT * min(len(words), len(w)) for _, _, w in picked):
            continue
        picked.append((position, SummarySentence(text, cited), words))
    picked.sort(key=lambda p: p[0])
    return tuple(s for _, s, _ in picked)


def supports(sentence: str, span: str) -> bool:
    """Does ``span`` state ``sentence``? It holds SUPPORT of the sentence's content words, FOCUS
    of its own content words are the sentence's, and not only names are shared.

    Names and numbers are content words too, so a span naming other people or other figures
    falls short; sharing only names ("City Council Member Jumaane Williams") says the span is
    about the same people, not that it says the same of them.
    """
    need, have = content_words(sentence), content_words(span)
    shared = need & have
    said = content_words(" ".join(w for w in sentence.split()[1:] if not w[:1].isupper()))
    return (bool(shared & said) and len(shared) >= SUPPORT * len(need)
            and len(shared) >= FOCUS * len(have))


def _loaded_usage(members: Sequence[Annotated]) -> dict[str, int]:
    """For each loaded word, how many articles of the story use it."""
    count: dict[str, int] = {}
    for m in members:
        for w in {w.lower() for w in _WORD.findall(m.body_text())} & LOADED:
            count[w] = count.get(w, 0) + 1
    return count


def _wording(
    claim: Claim, by_id: dict[str, Annotated], usage: dict[str, int], fam: dict[str, int]
) -> tuple[str, tuple[SourceRef, ...]] | None:
    """The claim's best source wording and the claim's spans that support it.

    Best: most independent sources support it; then a named subject, no quotation, short. A
    wording with a loaded word only one outlet uses is not a candidate.
    """
    options = []
    for src in claim.sources:
        text = _clean(_span(by_id, src))
        words = {w.lower() for w in _WORD.findall(text)}
        lone = sum(1 for w in words & LOADED if usage.get(w, 0) <= 1)
        if lone:
            continue
        n = len(text.split())
        if n > MAX_WORDS or n < 6 or PERSONAL_START.match(text) or _dangling_pronoun(by_id[src.article], src.start, src.end):
            continue
        cited = tuple(s for s in claim.sources if s == src or supports(text, _span(by_id, s)))
        independent = len({fam[s.article] for s in cited})
        options.append(((-independent, -len(cited), bool(PRONOUN_START.match(text)),
                         text.count("“") + text.count('"'), n, text), cited))
    if not options:
        return None
    key, cited = min(options, key=lambda o: o[0])
    return key[-1], cited


def _span(by_id: dict[str, Annotated], src: SourceRef) -> str:
    return by_id[src.article].text[src.start : src.end]


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


def _position(sources: Sequence[SourceRef], by_id: dict[str, Annotated]) -> float:
    """Where the sentence sits in its sources, 0 = lede, 1 = last line: news puts the most important first."""
    return float(np.mean([_relative(s, by_id) for s in sources]))


def _relative(src: SourceRef, by_id: dict[str, Annotated]) -> float:
    return src.start / max(1, len(by_id[src.article].text))
