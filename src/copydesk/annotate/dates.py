"""Dates and relative times ("late Tuesday", "last week", "Feb. 16-17"), resolved against publication.

News copy dates events relative to the day it is published, so "on Wednesday" means the
Wednesday of that week: we resolve weekday names to the latest such day on or before the
reference date (or the next one when the verb looks ahead: "will meet", "is scheduled").
Each date becomes a ``Quantity`` with unit ``"date"``; its value is ISO 8601 (a day
``2022-02-01``, a week ``2022-W04``, a month ``2021-12``, a range ``2022-02-16/2022-02-17``)
or, with no reference date, the weekday name or a year-less ``--02-16``. The span is
always the words as written. Own arithmetic rather than dateparser: it reads relative
phrases against a reference day in a few microseconds and never guesses a year.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from copydesk.model import Annotated, Article, Quantity

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
     ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
     ("oct", "october"), ("nov", "november"), ("dec", "december")], 1) for m in names}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DAY_PART = r"(early|late|later|earlier|mid|midday)?[\s-]*(?:on\s+)?(?:this\s+|last\s+|next\s+|past\s+)?"
FUTURE_AUX = {"will", "'ll", "shall"}
FUTURE_LEMMAS = {"schedule", "plan", "expect", "due", "set", "slate", "intend", "hope"}
_FULL_DATE = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b", re.I)


def reference_date(article: Article) -> date | None:
    """The day an article speaks from: its ``published`` metadata, else a full date near its top."""
    if article.published:
        try:
            return date.fromisoformat(article.published[:10])
        except ValueError:
            pass
    m = _FULL_DATE.search(article.text[:400])  # a masthead or dateline ("Wednesday, February 2, 2022")
    if not m:
        return None
    try:
        if m.group(1):
            return date(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)))
        return date(int(m.group(4)), int(m.group(5)), int(m.group(6)))
    except (ValueError, KeyError):
        return None


def extract(item: Annotated, doc, reference: date | None = None) -> tuple[Quantity, ...]:  # noqa: ANN001
    """Every resolvable date or relative time in ``item``'s body, as ``Quantity(unit="date")``."""
    ref = reference or reference_date(item.article)
    out = []
    for ent in doc.ents:
        if ent.label_ not in {"DATE", "TIME"} or re.fullmatch(r"\d{4}", ent.text.strip()):
            continue  # bare years are quantities (unit "year")
        if item.in_boilerplate(ent.start_char, ent.end_char):
            continue
        verb = _governor(ent.root)
        got = resolve(ent.text, ref, future=_looks_ahead(verb))
        if got is None:
            continue
        value, qualifier = got
        out.append(Quantity(
            article=item.id, start=ent.start_char, end=ent.end_char, text=item.text[ent.start_char:ent.end_char],
            value=value, unit="date", about=verb.lemma_ if verb is not None else None, qualifier=qualifier,
        ))
    return tuple(out)


def resolve(text: str, ref: date | None, future: bool = False) -> tuple[str, str | None] | None:
    """``(ISO value, qualifier)`` for one date phrase, or None when it names no point in time."""
    s = " ".join(text.lower().replace("\u00a0", " ").split())
    s = re.sub(r"^(the|on|in|at|by)\s+", "", s)
    part = re.match(r"(early|late|later|earlier|mid|midday)[\s-]+", s)
    qualifier = part.group(1) if part else None
    if qualifier == "later":
        qualifier = "late"
    if qualifier == "earlier":
        qualifier = "early"
    core = s[part.end():] if part else s
    for resolver in (_weekday, _relative, _month_day, _month):
        got = resolver(core, ref, future)
        if got is not None:
            return got, qualifier
    m = re.fullmatch(r"(\w+) years? ago", core)
    if m and ref is not None:
        from copydesk.annotate.numbers import words_value

        n = words_value(m.group(1))
        if n is not None:
            return str(ref.year - int(n)), "about"
    return None


def _weekday(s: str, ref: date | None, future: bool) -> str | None:
    m = re.fullmatch(r"(?:(this|last|next|past)\s+)?(" + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?", s)
    if not m:
        return None
    want = WEEKDAYS.index(m.group(2))
    if ref is None:
        return m.group(2).capitalize()
    if m.group(1) == "next" or (future and m.group(1) != "last"):
        return (ref + timedelta(days=(want - ref.weekday()) % 7 or 7)).isoformat()
    back = (ref.weekday() - want) % 7
    if m.group(1) == "last" and back == 0:
        back = 7
    return (ref - timedelta(days=back)).isoformat()


def _relative(s: str, ref: date | None, future: bool) -> str | None:
    if ref is None:
        return None
    days = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
            "yesterday": -1, "last night": -1, "tomorrow": 1}
    if s in days:
        return (ref + timedelta(days=days[s])).isoformat()
    m = re.fullmatch(r"(this|last|next) (week|month|year)", s)
    if not m:
        return None
    step = {"this": 0, "last": -1, "next": 1}[m.group(1)]
    if m.group(2) == "week":
        y, w, _ = (ref + timedelta(weeks=step)).isocalendar()
        return f"{y}-W{w:02d}"
    if m.group(2) == "month":
        month0 = ref.year * 12 + ref.month - 1 + step
        return f"{month0 // 12}-{month0 % 12 + 1:02d}"
    return str(ref.year + step)


def _month_day(s: str, ref: date | None, future: bool) -> str | None:
    m = re.fullmatch(_MONTH + r"\s+(\d{1,2})(?:\s*(?:-|–|to)\s*(\d{1,2}))?(?:,?\s+(\d{4}))?", s)
    if not m:
        m2 = re.fullmatch(r"(\d{1,2})(?:\s*(?:-|–)\s*(\d{1,2}))?\s+" + _MONTH + r"(?:,?\s+(\d{4}))?", s)
        if not m2:
            return None
        month_name, d1, d2, year = m2.group(3), m2.group(1), m2.group(2), m2.group(4)
    else:
        month_name, d1, d2, year = m.group(1), m.group(2), m.group(3), m.group(4)
    month = MONTHS[month_name]
    y = int(year) if year else _nearest_year(month, ref)
    try:
        days = [date(y, month, int(d)) if y else None for d in (d1, d2) if d]
    except ValueError:
        return None
    if y is None:
        iso = [f"--{month:02d}-{int(d):02d}" for d in (d1, d2) if d]
    else:
        iso = [d.isoformat() for d in days if d]
    return "/".join(iso)


def _month(s: str, ref: date | None, future: bool) -> str | None:
    m = re.fullmatch(_MONTH + r"(?:,?\s+(\d{4}))?", s)
    if not m or (len(m.group(1)) == 3 and s.startswith("may") and s != "may" and not m.group(2)):
        return None
    month = MONTHS[m.group(1)]
    y = int(m.group(2)) if m.group(2) else _nearest_year(month, ref, future)
    return f"{y}-{month:02d}" if y else f"--{month:02d}"


def _nearest_year(month: int, ref: date | None, future: bool = False) -> int | None:
    """The year that puts ``month`` closest to the reference date (news rarely looks > 6 months away)."""
    if ref is None:
        return None
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    delta = month - ref.month
    if delta > 6:
        return ref.year - 1
    if delta < -6:
        return ref.year + 1
    return ref.year


def _governor(tok):  # noqa: ANN001, ANN202 - spacy Token -> Token | None
    """The verb a time expression dates: up through prepositions and nouns, at most three steps."""
    for _ in range(3):
        if tok.pos_ in {"VERB", "AUX"}:
            return tok
        if tok.head is tok:
            return None
        tok = tok.head
    return tok if tok.pos_ in {"VERB", "AUX"} else None


def _looks_ahead(verb) -> bool:  # noqa: ANN001 - spacy Token or None
    """True for a verb about the future: "will meet", "is scheduled to attend", "plans to"."""
    if verb is None:
        return False
    if any(c.lower_ in FUTURE_AUX for c in verb.children) or verb.lemma_ in FUTURE_LEMMAS:
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and (head.lemma_ in FUTURE_LEMMAS or any(c.lower_ in FUTURE_AUX for c in head.children))
