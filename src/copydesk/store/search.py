"""Turn what a user typed into safe search terms, and marked snippets into parts.

User text never reaches query syntax: every word or "quoted phrase" becomes a quoted FTS5
string (inner quotes doubled) for SQLite, or a bound parameter of ``phraseto_tsquery`` for
PostgreSQL, so operators, parentheses, colons or stray quotes in a query are searched for as
text instead of raising a syntax error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Private-use characters mark highlighted stretches inside snippets; the web layer escapes
# the text and only then turns these into <mark> elements.
OPEN, CLOSE = "\ue000", "\ue001"
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
# A shorter prefix is searched as the word: one letter's words are most of the store, and the
# SQLite search table indexes prefixes of 2-4 characters (migration 0013).
MIN_PREFIX = 2
# Hits come newest first (the order a news archive is read in): the newest matches are the
# first ones the full-text index yields, so a page costs the rows it reads whatever the store's
# size. Relevance ranking (bm25, ts_rank) counts every match of every term first: 5-10 ms per
# query at 100k articles. Results past TOP_K are not reached by paging.
TOP_K = 1000
# Matches read to estimate how many there are in all, when the page itself needs fewer.
COUNT_PROBE = 200

_TERM = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One match: an article (title + text) or one of its quotes, with a marked snippet."""

    kind: str  # article | quote
    article_id: str
    title: str | None
    parts: tuple[tuple[str, bool], ...]  # (text, highlighted) pieces of the snippet
    start: int | None = None  # the quote's span in the article's text
    end: int | None = None

    @property
    def snippet(self) -> str:
        return "".join(text for text, _ in self.parts)


@dataclass(frozen=True, slots=True)
class SearchPage:
    """One page of hits and how many matches there are in all."""

    hits: list[SearchHit]
    total: int  # exact when ``exact``; else estimated from how densely the newest matches lie
    exact: bool
    more: bool = False  # a later page has hits (paging stops at the store's search_depth)


def probe_depth(page_end: int, depth: int = TOP_K) -> int:
    """How many of the newest matches to read for a page ending at ``page_end``: enough for the
    page and for the estimate of the total (``COUNT_PROBE``), never past ``depth``."""
    return min(depth, max(page_end, COUNT_PROBE))


def estimate_total(found: int, oldest: int, newest: int, k: int = TOP_K) -> tuple[int, bool]:
    """The number of matches, from the ``found`` newest ones (at most ``k``) whose oldest row
    number is ``oldest``, in a table whose rows are numbered 1..``newest``: exact when fewer than
    ``k`` were found, otherwise their density carried over the whole table."""
    if found < k:
        return found, True
    return max(found, round(found * newest / max(1, newest - oldest + 1))), False


def terms(q: str) -> list[tuple[str, bool]]:
    """What a user typed as search terms: ``(text, is_prefix)``, all of which must match.

    Words are matched as words, "double-quoted text" as a phrase, and a word ending in ``*``
    as a prefix (returned without the ``*``) when it has ``MIN_PREFIX`` characters or more.
    Terms with nothing a tokenizer would keep are dropped: they could only match nothing. Both
    backends build their query from these.
    """
    out = []
    for m in _TERM.finditer(clean_query(q[:MAX_QUERY_CHARS])):
        phrase, word = m.group(1), m.group(2)
        text = phrase if phrase is not None else word
        prefix = word is not None and word.endswith("*") and len(word) > 1
        if prefix:
            text = text.rstrip("*")
            prefix = len(text) >= MIN_PREFIX
        if not re.search(r"\w", text):
            continue
        out.append((text, prefix))
        if len(out) == MAX_TERMS:
            break
    return out


def fts_query(q: str) -> str | None:
    """The FTS5 MATCH expression for a user's query (all terms must match), or None if empty."""
    quoted = ['"' + text.replace('"', '""') + '"' + ("*" if prefix else "") for text, prefix in terms(q)]
    return " ".join(quoted) if quoted else None


def clean_query(q: str) -> str:
    """``q`` with control, format, surrogate, private-use and unassigned characters as spaces.

    FTS5 reads a NUL as the end of the query ("unterminated string"), PostgreSQL refuses a NUL
    in a text parameter, and none of these
    characters is part of a word the tokenizer indexes, so they can only break a query.
    """
    return "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in q)


def split_marked(snippet: str) -> tuple[tuple[str, bool], ...]:
    """Split an FTS5 snippet written with OPEN/CLOSE markers into (text, highlighted) parts."""
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(re.split(f"[{OPEN}{CLOSE}]", snippet)):
        if piece:
            parts.append((piece, i % 2 == 1))
    return tuple(parts)
