"""The headline as the page shows it, chosen among the page's title candidates.

A page names its story in several places: the metadata title (Open Graph, JSON-LD, Dublin
Core), the ``<title>`` tag (often with the site's name after a separator), and ``<h1>``
elements (sometimes a section or site banner rather than the story). The headline a reader
sees is the candidate printed as a line of its own nearest to where the body starts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copydesk.text.words import fold

LINES_BEFORE = 12  # visible lines above the body searched for the headline
LINES_INTO = 3  # and the first lines of the body (an extractor may keep the headline in it)
# "Headline | Site", "Headline - Site", "Headline · Site", "标题_栏目_网站"
_SEPARATOR = re.compile(r"\s+[|\-–—·:»/\\]\s+|\s*[|_]\s*(?=\S)")
_MAX_WORDS = 30  # a longer line is a standfirst or a caption, not a headline


def title_variants(title: str, outlet: str | None) -> list[str]:
    """``title`` and its parts around site separators (prefixes first), without the outlet's
    own name and without parts too short to be a headline."""
    parts = _SEPARATOR.split(title)
    out = [title]
    out += [" - ".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
    out += [" - ".join(parts[k:]) for k in range(1, len(parts))]
    site = fold(outlet or "")
    return [v.strip() for v in out if _headline_sized(v) and fold(v) != site]


def _headline_sized(s: str) -> bool:
    words = s.split()
    return len(words) >= 3 or (len(words) >= 1 and len(s.strip()) >= 8 and not s.isascii())


def shown(lines: Sequence[str], body_line: int, candidates: Sequence[str]) -> str | None:
    """The candidate printed as a whole line nearest to ``lines[body_line]`` (the first body
    line), looking up to ``LINES_BEFORE`` lines above it and ``LINES_INTO`` into it; ties go to
    the earlier candidate. None when no candidate is printed there."""
    wanted: dict[str, int] = {}
    for rank, c in enumerate(candidates):
        if len(c.split()) <= _MAX_WORDS:
            wanted.setdefault(fold(c), rank)
    wanted.pop("", None)
    best: tuple[int, int, int] | None = None  # (distance, candidate rank, line)
    lo, hi = max(0, body_line - LINES_BEFORE), min(len(lines), body_line + LINES_INTO)
    for i in range(lo, hi):
        rank = wanted.get(fold(lines[i]))
        if rank is not None:
            key = (abs(i - body_line) if i < body_line else i - body_line, rank, i)
            best = min(best, key) if best else key
    return None if best is None else " ".join(lines[best[2]].split())


def names_another_page(meta: str, shown_title: str) -> bool:
    """True when the metadata title shares no content word with the headline shown (a
    section name, the site's slogan, a promo): a title that is only worded differently (an
    SEO title, the ``<title>`` with the site's name) shares some, and is kept."""
    return not (_content(meta) & _content(shown_title))


def _content(s: str) -> set[str]:
    words = set(fold(s).split())
    return {w for w in words if len(w) >= 4} | {c for w in words for c in w if not c.isascii() and c.isalpha() and ord(c) > 0x2E80}
