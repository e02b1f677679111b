"""Who ran an article and whose text it is: the one place every output takes an article's name from.

An article's *outlet* is the site or paper that ran it: its page metadata, masthead or
copyright line (read by the readers), else its URL's domain, else a note in the text that
names the outlet running it ("…not been edited by NDTV staff…", "With Post wires"). Its
*origin* is whose text it is when the text says it comes from elsewhere ("Source : Nytimes",
"WASHINGTON (AP) —"). Its *label* is the outlet, else its file name or URL, never a number,
and :func:`labels` keeps labels unique within a story.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from copydesk import outlets
from copydesk.model import Annotated, Span

# a wire signal that adds agency copy to the outlet's own reporting, not one that hands over the text
_CONTRIBUTES = re.compile(r"\b(?:with|inputs?|reporting|contributed)\b", re.I)
_HOUSE_SIGNOFF = re.compile(r"^\(?\s*with\s+(?P<name>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2})\s+wires?\b", re.I)
_URL_LABEL = 60


@dataclass(frozen=True, slots=True)
class Identity:
    """An article's outlet (who ran it), origin (whose text it is) and the name readers see."""

    outlet: str | None
    origin: str | None
    name: str
    how: str  # where the outlet came from: metadata, domain, syndication note, sign-off; else "source"


def identify(item: Annotated) -> Identity:
    """The outlet, origin and reader-facing name of one article, from its metadata, URL and signals."""
    origin = _origin(item)
    outlet, how = _outlet(item)
    if outlet and outlet == origin and how != "metadata":
        outlet, how = None, "source"  # a note naming the origin does not say who ran the copy
    return Identity(outlet, origin, outlet or source_name(item.article.url or item.article.source), how)


def _outlet(item: Annotated) -> tuple[str | None, str]:
    a = item.article
    given = (a.outlet or "").strip()
    if given:
        return outlets.canonical(given) or given, "metadata"
    if a.url:
        name = outlets.from_url(a.url)
        if name:
            return name, "domain"
    for s in item.signals:
        if s.kind == "syndicated" and s.value:
            return s.value, "syndication note"
    for s in item.signals:
        m = _HOUSE_SIGNOFF.match(s.text_of(a.text)) if s.kind == "wire" else None
        name = outlets.house_wires(m.group("name")) if m else None
        if name:
            return name, "sign-off"
    return None, "source"


def _origin(item: Annotated) -> str | None:
    for s in item.signals:
        if s.kind == "republished_from" and s.value:
            return s.value
    for s in item.signals:
        if s.kind == "wire" and _hands_over(s, item.article.text):
            return s.value
    return None


def _hands_over(s: Span, text: str) -> bool:
    """A wire signal that says the whole text is the agency's ("(AP)", "Source: Reuters", "— AFP")."""
    if not s.value or s.value == "wire services" or "," in s.value:
        return False
    return not _CONTRIBUTES.search(s.text_of(text))


def source_name(source: str) -> str:
    """A readable name for where an article came from: its file name, or its URL without the scheme."""
    src = source.strip().removeprefix("upload:")
    if "#" in src and "://" in src.split("#", 1)[1]:  # a feed entry: "feed.xml#https://…"
        src = src.split("#", 1)[1]
    if "://" in src:
        short = src.split("://", 1)[1].removeprefix("www.").rstrip("/")
        return short if len(short) <= _URL_LABEL else short[: _URL_LABEL - 1] + "…"
    name = PureWindowsPath(src).name if "\\" in src else PurePosixPath(src).name
    return name or src or "(unnamed)"


def labels(items: Iterable[Annotated]) -> dict[str, str]:
    """Article id -> its name, unique among ``items`` (one story): a second NDTV article is "NDTV (2)"."""
    out: dict[str, str] = {}
    seen: dict[str, int] = defaultdict(int)
    for item in items:
        base = identify(item).name
        seen[base] += 1
        out[item.id] = base if seen[base] == 1 else f"{base} ({seen[base]})"
    return out
