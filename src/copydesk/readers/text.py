"""Plain-text articles: headline first, then the body, with whatever page furniture a scrape left.

Metadata comes from the furniture itself: the headline line, a masthead ("- The Washington
Times - Wednesday, February 2, 2022"), a date line near the top, "By …" bylines, contact
lines and "A reported from X" credits. The text is kept exactly as given.
"""

from __future__ import annotations

import re
from functools import lru_cache

from copydesk import outlets
from copydesk.model import Article, content_id
from copydesk.readers.language import detect
from copydesk.text.furniture import (
    BYLINE,
    CONTACT,
    DATE,
    REPORTED,
    Line,
    masthead,
    read_head,
    split_lines,
)

_SPLIT_NAMES = re.compile(r"\s*(?:,|\band\b|&)\s*")
_CREDIT_MORE = re.compile(r"\band\s+(?P<name>[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’\-]+)){1,3})\s+(?:from|in)\s+[A-Z]")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?P<name>[A-Z][\w.&'’\- ]{2,60}?)"
                        r"(?:,?\s+(?:LLC|Inc|Ltd|Limited|PLC|Corp|Co|GmbH|S\.A)\b\.?|[.,]|\s+All rights|$)", re.I)
_COMPANY_SUFFIX = re.compile(r",?\s+(?:LLC|Inc|Ltd|Limited|PLC|Corp|GmbH)\.?$", re.I)


def _names(raw: str) -> list[str]:
    """ "Jane Doe and John Roe, Reuters" -> ["Jane Doe", "John Roe"] (agencies and roles dropped)."""
    out = []
    raw = re.split(r"(?i)\s+(?:for|in|at)\s+|\s*[|;]\s*", raw.strip())[0]  # "… FOR MAILONLINE", "… in Melbourne"
    for part in _SPLIT_NAMES.split(raw):
        part = part.strip(" .;:")
        if len(part.split()) < 2 or outlets.canonical(part) or not part[0].isupper():
            continue
        out.append(part.title() if part.isupper() else part)
    return out


def _authors(lines: list[Line], byline_idx: tuple[int, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for i in byline_idx:
        m = BYLINE.match(lines[i].text)
        if m:
            found += _names(m.group("names"))
    for ln in lines[-8:]:
        m = CONTACT.match(ln.text) or BYLINE.match(ln.text)
        if m:
            found += _names(m.group("names"))
            continue
        m = REPORTED.match(ln.text)
        if m and "contributed" not in ln.text[: m.end()]:
            found += _names(m.group("names"))
            # "… and Andrew E. Kramer from Kyiv": further reporters of the same sentence
            first = re.split(r"(?<=[a-z])\.\s+(?=[A-Z])", ln.text, maxsplit=1)[0]
            found += [x.group("name") for x in _CREDIT_MORE.finditer(first)]
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=256)
def _iso(date_text: str) -> str | None:
    import dateparser  # slow to import; only readers that find a date pay for it

    got = dateparser.parse(date_text, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if got is None:
        return None
    has_time = re.search(r"\d{1,2}[:.]\d{2}", date_text) is not None
    return got.isoformat() if has_time else got.date().isoformat()


def _outlet_and_date(lines: list[Line], mast_idx: tuple[int, ...]) -> tuple[str | None, str | None]:
    outlet = date = None
    for i in mast_idx:
        name, when = masthead(lines[i].text) or (None, None)
        outlet = outlet or (outlets.canonical(name) or name if name else None)
        date = date or (_iso(when) if when else None)
    if date is None:  # a date line near the top that the head reader did not take
        for ln in lines[:6]:
            m = DATE.search(ln.text)
            if m and ln.words <= 16:
                date = _iso(m.group(0))
                if date:
                    break
    if outlet is None:  # "Copyright © 2024 The Washington Times, LLC." at the foot
        for ln in lines[-8:]:
            m = _COPYRIGHT.search(ln.text)
            if m and ln.words <= 25:
                name = _COMPANY_SUFFIX.sub("", m.group("name").strip())
                if name and name.lower() not in {"all rights reserved"}:
                    outlet = outlets.canonical(name) or name
                    break
    return outlet, date


def from_text(text: str, source: str) -> Article:
    """An ``Article`` from already-decoded plain text; metadata read from the text itself."""
    lines = split_lines(text)
    head = read_head(lines)
    title = lines[head.title].text if head.title is not None else None
    outlet, published = _outlet_and_date(lines, head.masthead)
    return Article(
        id=content_id(text),
        source=source,
        text=text,
        title=title,
        outlet=outlet,
        published=published,
        authors=_authors(lines, head.byline),
        language=detect(text),
    )
