"""An HTML page's metadata: title, authors, date, site name (trafilatura's metadata search, trimmed).

``readers/html.py`` finds the text and the body; this module reads who wrote the page, when,
where and under which headline, from the tree and from the lines around the body's start.
"""

from __future__ import annotations

import logging
import re
from itertools import islice

from htmldate import find_date
from lxml import etree
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_metainfo,
    extract_sitename,
    extract_title,
    extract_url,
    normalize_authors,
)
from trafilatura.settings import Document
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS

from copydesk.readers import headline
from copydesk.text.furniture import BYLINE

_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|&|\band\b|\|)\s*", re.I)
_BY = re.compile(r"^(?:by|von|par|por)\s+", re.I)

logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# htmldate's extensive search scans the whole page text for date-like strings: on news pages
# the markup (meta tags, JSON-LD, <time>) already carries the date, and the scan costs a third
# of the reading time (bench/ingest.py).
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def metadata(tree: etree._Element, url: str | None) -> Document:
    """trafilatura's ``extract_metadata`` for the fields we keep (title, site, url, date, authors).

    Its categories, tags, licence and host-name lookups are skipped: they cost a fifth of the
    reading time and no field of ``Article`` holds them.
    """
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a handle or a one-word name: trafilatura drops it too
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # noqa: BLE001 - malformed JSON-LD
        pass
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, url)
    meta.date = find_date(tree, url=meta.url, **_DATE_SEARCH)
    meta.sitename = meta.sitename or extract_sitename(tree)
    if meta.sitename:
        meta.sitename = meta.sitename.lstrip("@")
        if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
            meta.sitename = meta.sitename.title()
    elif meta.url:
        host = META_URL.match(meta.url)
        if host:
            meta.sitename = host[1]
    return meta


def byline(tree: etree._Element, in_place: bool) -> str | None:
    """trafilatura's ``extract_author``, without its copy of the whole tree when ``in_place``."""
    if not in_place:
        return extract_author(tree)
    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None



def split_authors(raw: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """Author names from "A and B", "A, B", "A; B" or a list; "By " dropped, order kept."""
    if not raw:
        return ()
    items = [raw] if isinstance(raw, str) else list(raw)
    names: list[str] = []
    for item in items:
        if not isinstance(item, str):
            continue
        for name in _AUTHOR_SPLIT.split(_BY.sub("", item.strip())):
            name = _name_only(_BY.sub("", " ".join(name.split())).strip(" ."))
            if name and name not in names and any(c.isalpha() for c in name) and name.lower() not in _NOT_NAMES:
                names.append(name)
    return tuple(names)


_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_ROLES = frozenset("editor reporter correspondent writer columnist contributor staff producer".split())
_PARTICLES = frozenset("de da del della di van von der den la le du bin al dos das y e".split())
# form labels and placeholders that author fields of page templates hold instead of a name
_NOT_NAMES = frozenset("username user name password email e-mail admin administrator author authors autor auteur 作者 著者".split())


def _name_only(name: str) -> str:
    """``name`` without what page templates glue after it: a date's month ("Jane Doe July"),
    a lower-case word ("… před" of "3 hours ago"), a job title ("Ben Smith Games Editor")."""
    words = name.split()
    while len(words) > 2 and (words[-1].lower().strip(",.") in _MONTHS
                              or (words[-1].islower() and words[-1] not in _PARTICLES)):
        words.pop()
    if len(words) > 2 and words[-1].lower() in _ROLES:
        words.pop()
        if len(words) > 2:
            words.pop()  # the beat before the role: "Games Editor", "Science Writer"
    return " ".join(words)


def clean(value: str | None) -> str | None:
    if not value or not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None



def head_lines(text: str, body: list[tuple[int, int]]) -> tuple[list[str], int] | None:
    """The non-blank lines around where the body starts (headline, byline, standfirst) and
    the index of the first body line among them; None without a body."""
    if not body:
        return None
    above = [ln for ln in text[: body[0][0]].split("\n")[:-1] if ln.strip()][-headline.LINES_BEFORE :]
    start = text.rfind("\n", 0, body[0][0]) + 1
    into = [ln for ln in text[start : body[0][0] + 4000].split("\n") if ln.strip()][: headline.LINES_INTO]
    return above + into, len(above)


def byline_shown(head: tuple[list[str], int] | None) -> tuple[str, ...]:
    """Authors from a "By …" line shown around the body's start, when the metadata has none."""
    for line in head[0] if head else ():
        m = BYLINE.match(line.strip())
        if m and len(line.split()) <= 20:
            return split_authors(m["names"])
    return ()


def title_of(
    tree: etree._Element, head: tuple[list[str], int] | None, meta: str | None, outlet: str | None
) -> str | None:
    """The metadata title, unless the page shows another headline where its body starts
    (``headline.shown`` among the metadata title, the ``<h1>`` elements and the ``<title>``
    tag's parts) and the metadata title names another page; without either, the first
    ``<h1>`` or ``<title>``. A metadata title worded unlike the headline (an SEO title, a site
    suffix) is kept: on readability-dev the gold keeps it 7 times in 10 (bench/extraction.py)."""
    if head:
        h1s = [t for el in islice(tree.iter("h1"), 8) if (t := clean(el.text_content()))]
        tags = [t for el in islice(tree.iter("title"), 1) if (t := clean(el.text_content()))]
        candidates = [*([meta] if meta else []), *h1s]
        for t in [*tags, *([meta] if meta else [])]:
            candidates += headline.title_variants(t, outlet)
        found = headline.shown(*head, candidates)
        if found and (not meta or headline.names_another_page(meta, found)):
            return found
    return meta or _page_title(tree)


def _page_title(tree: etree._Element) -> str | None:
    for path in ("//h1", "//title"):
        found = tree.xpath(path)
        if found:
            title = clean(found[0].text_content())
            if title:
                return title
    return None



def date_fallback(tree: etree._Element, doc) -> str | None:  # noqa: ANN001
    """htmldate on the page when trafilatura found no body (it dates pages it extracts)."""
    if doc is not None:
        return None
    try:
        return find_date(tree, extensive_search=False)
    except Exception:  # noqa: BLE001
        return None
