"""RSS and Atom feeds -> one Article per entry (full content when the feed carries it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from copydesk.model import Article, content_id
from copydesk.readers import ReadProblem
from copydesk.readers.decode import ReadError
from copydesk.readers.html import html_to_text
from copydesk.readers.html_meta import split_authors

_RSS_AUTHOR = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")


def read_feed(feed: str | bytes, source: str) -> Iterator[Article | ReadProblem]:
    """Each entry of an RSS/Atom feed as an article; ``source`` of each is ``file#link``."""
    parsed = feedparser.parse(feed, sanitize_html=True, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo"):
            reason = " ".join(str(parsed.get("bozo_exception", "")).split())[:160]
            raise ReadError(f"not a readable feed ({reason})")
        raise ReadError("feed has no entries")
    outlet = _clean(parsed.get("feed", {}).get("title"))
    for i, entry in enumerate(entries):
        link = _clean(entry.get("link"))
        where = f"{source}#{link or _clean(entry.get('id')) or i}"
        text = _entry_text(entry)
        if not text.strip():
            yield ReadProblem(where, "feed entry has no text (no content or summary)")
            continue
        yield Article(
            id=content_id(text),
            source=where,
            text=text,
            title=_clean(entry.get("title")),
            outlet=outlet,
            url=link,
            published=_published(entry),
            authors=_authors(entry),
        )


def _entry_text(entry: Any) -> str:
    """The fullest body an entry has: content:encoded / atom content, else the summary."""
    candidates = list(entry.get("content") or [])
    if entry.get("summary"):
        candidates.append(entry.get("summary_detail") or {"value": entry["summary"], "type": "text/html"})
    best = max(candidates, key=lambda c: len(c.get("value") or ""), default=None)
    if not best:
        return ""
    value = best.get("value") or ""
    ctype = (best.get("type") or "text/html").lower()
    if ctype in _HTML_TYPES or "<" in value:
        return html_to_text(value)
    return value


def _published(entry: Any) -> str | None:
    """ISO datetime (UTC) of publication, or of the last update when that is all there is."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            return datetime(*t[:6], tzinfo=UTC).isoformat()
    return None


def _authors(entry: Any) -> tuple[str, ...]:
    raw = entry.get("author") or ""
    # RSS <author> is "email (Name)"; read it ourselves, feedparser's email pattern truncates
    # some domains and takes the rest for the name
    m = _RSS_AUTHOR.match(raw)
    if m:
        return split_authors(m.group(1))
    names = [a.get("name") for a in entry.get("authors") or [] if isinstance(a, dict) and a.get("name")]
    return split_authors([n for n in names if "@" not in n] or ([raw] if "@" not in raw else []))


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None
