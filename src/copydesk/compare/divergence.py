"""Divergences: the same slot filled with different values by different outlets, each variant cited.

Four kinds of slot, each found from annotations the per-article stages already made:

* a number: quantities with the same unit inside sentences aligned as one claim;
* a day or date: date mentions dating the same event (same verb, sentences sharing
  context words) that resolve to different days;
* a name: one year naming a thing ("the 1997 …") followed by different names;
* a quote's wording: variants of one quote (similar words, or the same speaker's quote in
  aligned sentences) that are not simply a longer or shorter cut of each other;
* who did it: the same act on the same thing credited to different agents (``frames``).

``between`` is ``"copies"`` when every variant sits in one copy family (a rewriter's edits),
else ``"independent"``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from rapidfuzz import fuzz

from copydesk.compare import frames
from copydesk.compare.counts import compatible, counts, same_unit
from copydesk.compare.families import family_of
from copydesk.model import Annotated, Claim, Divergence, Quantity, Quote, Variant
from copydesk.text.components import components
from copydesk.text.words import REPORTING_CORE, STOP, content_words

QUOTE_SIMILAR = 72  # rapidfuzz ratio on folded words above which two quotes are variants of one
_QUOTE_RE = re.compile(r"[“\"]([^”\"]{3,})[”\"]")
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def find(
    members: Sequence[Annotated],
    families: Sequence[Sequence[str]] | None,
    claims: Sequence[Claim],
    story_quotes: Sequence[Quote] | None = None,
) -> tuple[Divergence, ...]:
    """Every divergence of one story: numbers, days and dates, names, quote wording, agents.

    ``story_quotes`` are the story's quotes with speakers resolved and variant groups set;
    without them each article's own quotes (or its quotation marks) are used.
    """
    by_id = {m.id: m for m in members}
    fam = family_of(families, [m.id for m in members])
    if story_quotes:
        members = [replace(m, quotes=tuple(q for q in story_quotes if q.article == m.id)) for m in members]
    found = (numbers(by_id, claims) + days(members, claims) + names(members) + quotes(members, claims)
             + frames.agent_divergences(members))
    return tuple(x for d in found for x in _split_by_family(d, fam))


def _split_by_family(d: Divergence, fam: dict[str, int]) -> list[Divergence]:
    """A copy's edits against its source apart from differences between independent sources."""
    def differ(vs) -> bool:  # noqa: ANN001
        return len({_qfold(v.text) for v in vs}) > 1

    groups: dict[int, list[Variant]] = {}
    for v in d.variants:
        groups.setdefault(fam[v.article], []).append(v)
    out = []
    if len(groups) > 1:
        # Independent only if two families really say it differently, not just a copy's edit.
        keys = {k: {_qfold(v.text) for v in vs} for k, vs in groups.items()}
        if any(keys[a] != keys[b] and not (keys[a] & keys[b]) for a in keys for b in keys if a < b):
            out.append(Divergence(d.what, d.variants, "independent"))
    for vs in groups.values():
        if len({v.article for v in vs}) > 1 and differ(vs):
            out.append(Divergence(d.what, tuple(vs), "copies"))
    return out


def _variant(item: Annotated, start: int, end: int) -> Variant:
    return Variant(item.id, start, end, item.text[start:end])


def _sentence(item: Annotated, pos: int) -> tuple[int, int]:
    for s in item.sentences:
        if s.start <= pos < s.end:
            return s.start, s.end
    return max(0, pos - 100), min(len(item.text), pos + 100)


def numbers(by_id: dict[str, Annotated], claims: Sequence[Claim]) -> list[Divergence]:
    """Within each aligned claim, counts of the same unit that do not agree."""
    out = []
    for c in claims:
        by_unit: dict[str, list[Quantity]] = {}
        for s in c.sources:
            for q in counts(by_id[s.article], s):
                key = next((u for u in by_unit if same_unit(u, q.unit)), q.unit or "")
                by_unit.setdefault(key, []).append(q)
        for unit, qs in sorted(by_unit.items()):
            if len({q.article for q in qs}) < 2:
                continue
            if all(compatible(a, b) for a, b in combinations(qs, 2) if a.article != b.article):
                continue
            variants = tuple(Variant(q.article, q.start, q.end, q.text) for q in qs)
            out.append(Divergence(f"number of {unit}", variants))
    return out


# --- days and dates ------------------------------------------------------------------------------------

def _day_key(q: Quantity) -> str:
    """A comparable day: the ISO day, or the weekday name when no reference date resolved it."""
    v = str(q.value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v
    return v.lower()


def _same_day(a: Quantity, b: Quantity) -> bool:
    x, y = _day_key(a), _day_key(b)
    if x == y:
        return True
    from datetime import date

    # One resolved, one not: compare weekdays.
    for iso, name in ((x, y), (y, x)):
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso) and name in WEEKDAYS:
            return WEEKDAYS[date.fromisoformat(iso).weekday()] == name
    return False


def days(members: Sequence[Annotated], claims: Sequence[Claim] = ()) -> list[Divergence]:
    """Date mentions that date one event to different days.

    One event: the same verb in sentences that share context words, or any non-reporting
    verb in sentences aligned as one claim ("struck down on Thursday" / "ruled on Wednesday").
    """
    claim_of = {(s.article, s.start, s.end): c.id for c in claims for s in c.sources if len(c.sources) > 1}
    mentions = []
    for m in members:
        for q in m.quantities:
            if q.unit != "date" or not q.about or q.about in REPORTING_CORE or q.value is None:
                continue
            if not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(q.value)) or str(q.value).lower() in WEEKDAYS):
                continue
            s, e = _sentence(m, q.start)
            context = content_words(m.text[s:e]) - content_words(q.text)
            claim = next((cid for (a, cs, ce), cid in claim_of.items() if a == m.id and cs <= q.start < ce), None)
            mentions.append((m, q, context, claim))

    def same_event(i: int, j: int) -> bool:
        (mi, qi, ci, ki), (mj, qj, cj, kj) = mentions[i], mentions[j]
        # The verb alone is too weak ("announced Tuesday"): the sentences must share what happened.
        return mi.id != mj.id and ((qi.about == qj.about and len(ci & cj) >= 3) or (ki is not None and ki == kj))

    pairs = combinations(range(len(mentions)), 2)
    out = []
    for g in components(range(len(mentions)), ((i, j) for i, j in pairs if same_event(i, j))):
        qs = [mentions[i][1] for i in g]
        if len({q.article for q in qs}) < 2 or all(_same_day(a, b) for a, b in combinations(qs, 2)):
            continue
        variants = tuple(_variant(mentions[i][0], *_event_span(mentions[i][0], mentions[i][1])) for i in g)
        out.append(Divergence(f"day of the event ({qs[0].about})", variants))
    return out


def _event_span(item: Annotated, q: Quantity) -> tuple[int, int]:
    """The date with the verb it dates when the verb is close before it ("published late Tuesday")."""
    s, _ = _sentence(item, q.start)
    left = item.text[max(s, q.start - 40) : q.start]
    m = re.search(r"\b(" + re.escape(q.about[:4]) + r"\w*)\b[^.;]*$", left, re.I) if q.about else None
    start = q.start - len(left) + m.start() if m else q.start
    return start, q.end


# --- names ---------------------------------------------------------------------------------------------

def names(members: Sequence[Annotated]) -> list[Divergence]:
    """One year naming a thing ("the 1997 …") with names that share no word across outlets."""
    named: dict[int, list[tuple[Annotated, Quantity, int, int]]] = {}
    for m in members:
        for q in m.quantities:
            if q.unit != "year" or not q.about or str(q.value) not in q.about or q.about == q.text:
                continue
            s, e = _sentence(m, q.start)
            i = m.text.find(q.about, s, e)
            start, end = (i, i + len(q.about)) if 0 <= i <= q.start else (q.start, q.end)
            named.setdefault(int(q.value), []).append((m, q, start, end))
    out = []
    for year, hits in sorted(named.items()):
        words = [_name_words(q.about or "", year) for _, q, _, _ in hits]
        clash = any(
            hits[i][0].id != hits[j][0].id and words[i] and words[j] and not (words[i] & words[j])
            for i, j in combinations(range(len(hits)), 2)
        )
        if clash:
            variants = tuple(_variant(m, s, e) for m, _, s, e in hits)
            out.append(Divergence(f"name of the {year} {' / '.join(sorted({q.about or '' for _, q, _, _ in hits}))}"[:120], variants))
    return out


def _name_words(about: str, year: int) -> frozenset[str]:
    """The name's own words: after the year, before any appositive or relative clause."""
    tail = about.split(str(year), 1)[1]
    tail = re.split(r",| known | which | that | from | between ", tail)[0]
    return frozenset(w for w in content_words(tail) if w not in STOP)


# --- quote wording -------------------------------------------------------------------------------------

def _quotes_of(item: Annotated) -> list[tuple[int, int, str | None]]:
    if item.quotes:
        return [(q.start, q.end, q.speaker) for q in item.quotes if len(q.text.split()) >= 3]
    return [(m.start(1), m.end(1), None) for m in _QUOTE_RE.finditer(item.text) if len(m.group(1).split()) >= 3
            and not any(b.start < m.end() and m.start() < b.end for b in item.boilerplate)]


def _qfold(s: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", s.lower().replace("’", "'").replace("n't", " not")).split())


def _speaker_names(item: Annotated, start: int, spk: str | None) -> set[str]:
    """Surnames that may have said a quote: its resolved speaker, else the people named in its sentence."""
    if spk:
        return {spk.split()[-1].lower()}
    s, e = _sentence(item, start)
    return {e_.text_of(item.text).split()[-1].lower() for e_ in item.entities
            if e_.kind == "PERSON" and s <= e_.start < e and e_.text_of(item.text).split()}


@dataclass(frozen=True, slots=True)
class _Quoted:
    """One quote of one article, with its wording folded for comparison."""

    item: Annotated
    start: int
    end: int
    speaker: str | None
    folded: str


def _same_speaker(a: _Quoted, b: _Quoted) -> bool:
    return bool(_speaker_names(a.item, a.start, a.speaker) & _speaker_names(b.item, b.start, b.speaker))


def quotes(members: Sequence[Annotated], claims: Sequence[Claim]) -> list[Divergence]:
    """Variants of one quote whose wording differs beyond a longer or shorter cut."""
    qs = [_Quoted(m, s, e, spk, _qfold(m.text[s:e])) for m in members for s, e, spk in _quotes_of(m)]
    claim_of: dict[tuple[str, int], str] = {}
    for c in claims:
        for src in c.sources:
            for k, q in enumerate(qs):
                if q.item.id == src.article and src.start <= q.start < src.end:
                    claim_of[(q.item.id, k)] = c.id
    group_of = {}
    for m in members:
        for q in m.quotes:
            if q.group:
                group_of[(m.id, q.start)] = q.group
    links = []
    for i, j in combinations(range(len(qs)), 2):
        a, b = qs[i], qs[j]
        if a.item.id == b.item.id:
            continue
        # Whole-quote similarity, or one quote a near-exact cut of the other ("partial" alone
        # matches any short quote somewhere inside a long one).
        short = min(len(a.folded), len(b.folded))
        same = short >= 15 and (
            fuzz.ratio(a.folded, b.folded) >= QUOTE_SIMILAR or (fuzz.partial_ratio(a.folded, b.folded) >= 90 and short >= 25)
        )
        ga = group_of.get((a.item.id, a.start))
        same = same or (ga is not None and ga == group_of.get((b.item.id, b.start)))
        # The same fact's sentences quoting someone: the quotes are that fact's words.
        ci, cj = claim_of.get((a.item.id, i)), claim_of.get((b.item.id, j))
        same = same or (ci is not None and ci == cj and _same_speaker(a, b))
        if same:
            links.append((i, j))
    out = []
    for g in components(range(len(qs)), links):
        if len({qs[i].item.id for i in g}) < 2:
            continue
        differs = any(
            qs[i].item.id != qs[j].item.id and qs[i].folded not in qs[j].folded and qs[j].folded not in qs[i].folded
            for i, j in combinations(g, 2)
        )
        if differs:
            variants = tuple(_variant(qs[i].item, qs[i].start, qs[i].end) for i in g)
            speaker = next((qs[i].speaker for i in g if qs[i].speaker), None)
            head = qs[g[0]]
            first = " ".join(head.item.text[head.start : head.end].split()[:6])
            out.append(Divergence(f"wording of a quote{' by ' + speaker if speaker else ''}: “{first}…”", variants))
    return out
