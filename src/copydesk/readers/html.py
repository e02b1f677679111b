"""HTML pages -> Article: the whole visible text, with everything outside the body marked.

The article text is what a reader of the page sees (``visible.visible_text``). trafilatura
finds the story body (``html_meta`` reads the title, authors and date); its body paragraphs
are located in our text in order, and every visible region outside them becomes a
``boilerplate`` mark named after the page element it came from (nav, footer, caption…).
Nothing is removed, so offsets stay valid.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from itertools import islice

import numpy as np
import trafilatura
from lxml import etree
from lxml import html as lxml_html

from copydesk.model import Article, Span, content_id
from copydesk.readers import html_meta, language
from copydesk.readers.decode import ReadError, declared_charset, decode
from copydesk.readers.lenient import flat_page
from copydesk.readers.locate import Squeezed, locate
from copydesk.readers.visible import Visible, visible_text

MAX_TEXT_CHARS = 2_000_000  # visible text beyond this is not an article (spaCy's limit is 1M)
MAX_EXTRACT_ELEMENTS = 150_000  # larger trees skip trafilatura's body search (it would take minutes)
# Elements that carry no visible text: dropped before trafilatura sees the tree.
_HEAVY = ("script", "style", "svg", "template")
_BODY_LEAVES = frozenset(("p", "head", "item", "cell", "code", "quote", "list", "table", "row", "div"))
_INLINE_CODE_IN = frozenset(("p", "head", "item", "cell", "quote"))  # <code> in these is inline
_PARSER = lxml_html.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A doctype naming a DTD by URL (XHTML) makes libxml2 drop unicode input (lxml bug 1955915).
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*/[^>]*>", re.I)
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def parse(html: str | bytes) -> etree._Element:
    """Parse a page (or a fragment) into an lxml tree; raise ``ReadError`` if nothing parses.

    Same options as trafilatura's own parser, plus ``huge_tree``: libxml2 otherwise drops all
    text nested deeper than 256 elements, which broken pages with unclosed tags reach.
    """
    if isinstance(html, bytes):
        html = decode(html, declared_charset(html))
    doctype = _DOCTYPE.match(html)
    if doctype:  # sliced off only when needed: a copy of a multi-MB page is not free
        html = html[doctype.end() :]
    html = _INVALID_XML.sub("", html)
    if not html.strip():
        raise ReadError("HTML page has no visible text")
    try:
        try:
            return lxml_html.document_fromstring(html, parser=_PARSER)
        except ValueError:  # a str with an XML encoding declaration: lxml wants bytes
            return lxml_html.document_fromstring(html.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError) as e:
        raise ReadError(f"not parseable as HTML ({_one_line(str(e))})") from e


def _one_line(s: str) -> str:
    return " ".join(s.split())[:160]


def html_to_text(html: str | bytes) -> str:
    """The visible text of an HTML page or fragment (feed entries use this)."""
    if isinstance(html, str) and "<" not in html:
        return html
    return visible_text(parse(html)).text


def from_html(html: str | bytes, source: str, url: str | None = None) -> Article:
    """An ``Article`` from one HTML page: visible text, boilerplate marks, metadata.

    Raises ``ReadError`` when the page has no visible text or too much of it.
    """
    if isinstance(html, bytes):
        html = decode(html, declared_charset(html))
    tree = parse(html)
    visible = visible_text(tree)
    text = visible.text
    if not text.strip():
        # libxml2 lost the page (an unclosed <title>, nesting past its depth limit): read the
        # text with a streaming parser instead, as a browser still shows it
        flat = flat_page(html)
        if flat is None:
            raise ReadError("HTML page has no visible text")
        tree = parse(flat)
        visible = visible_text(tree)
        text = visible.text
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(
            f"HTML page too large: {len(text):,} characters of visible text (limit {MAX_TEXT_CHARS:,})"
        )
    doc = _extract(tree, url)
    outlet = html_meta.clean(getattr(doc, "sitename", None))
    paragraphs = _body_paragraphs(doc.body) if doc is not None and doc.body is not None else []
    squeezed = Squeezed(text)
    body = locate(squeezed, paragraphs)
    head = html_meta.head_lines(text, body)
    title = html_meta.title_of(tree, head, html_meta.clean(getattr(doc, "title", None)), outlet)
    authors = html_meta.split_authors(getattr(doc, "author", None)) or html_meta.byline_shown(head)
    marks = _marks(visible, body, _headline(squeezed, title, body)) if body else ()
    if body:  # where the body runs: evidence later stages weigh against their line rules
        marks = (*marks, Span(body[0][0], body[-1][1], "body", "reader"))
    return Article(
        id=content_id(text),
        source=source,
        text=text,
        title=title,
        outlet=outlet,
        url=url or html_meta.clean(getattr(doc, "url", None)),
        published=html_meta.clean(getattr(doc, "date", None)) or html_meta.date_fallback(tree, doc),
        authors=authors,
        language=language.declared(tree) or language.detect(" ".join(paragraphs) or text),
        marks=marks,
    )


def _extract(tree: etree._Element, url: str | None):  # noqa: ANN202 - trafilatura Document | None
    """trafilatura's body and metadata (None if it finds none), on ``tree`` slimmed in place.

    Our text is already taken from the tree, so scripts and styles can go: trafilatura drops
    them too, but its metadata search reads them first, which takes seconds on big bundles.
    """
    for el in list(tree.iter(*_HEAVY)):
        if el.tag == "script" and "json" in (el.get("type") or ""):
            continue  # JSON-LD carries the headline, authors and dates
        if el.getparent() is not None:
            el.drop_tree()  # keeps the tail text
    if next(islice(tree.iter(), MAX_EXTRACT_ELEMENTS, None), None) is not None:  # too many elements
        return None
    try:
        meta = html_meta.metadata(tree, url)
        doc = trafilatura.bare_extraction(
            tree, url=url or meta.url, include_comments=False, with_metadata=False, include_tables=True,
            favor_recall=True,  # readability-dev: precision and recall both rose (bench/extraction.py)
        )
    except Exception:  # noqa: BLE001 - a body we cannot find is not a reason to drop the page
        return None
    if doc is not None:
        # trafilatura read its own copy: the byline search may now prune ours, unless the
        # headline fallback (``html_meta.title_of``) still needs it whole
        meta.author = meta.author or html_meta.byline(tree, in_place=html_meta.clean(meta.title) is not None)
        meta.clean_and_trim()
        doc.title, doc.sitename, doc.url, doc.date, doc.author = (
            meta.title, meta.sitename, meta.url, meta.date, meta.author
        )
    return doc


def _body_paragraphs(body: etree._Element) -> list[str]:
    """The text of each block of trafilatura's body, in order, split where blocks nest.

    Text between nested blocks (a list item's lead-in, the words after an inline ``<code>``)
    is a paragraph of its own; a ``<code>`` inside a paragraph is inline, not a block.
    Iterative, so a deeply nested body cannot hit the recursion limit.
    """
    out: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        words = " ".join(parts).split()
        if words:
            out.append(" ".join(words))
        parts.clear()

    for event, el in etree.iterwalk(body, events=("start", "end")):
        block = el is body or (
            el.tag in _BODY_LEAVES and not (el.tag == "code" and el.getparent().tag in _INLINE_CODE_IN)
        )
        if event == "start":
            if block:
                flush()
            parts.append(el.text or "")
        else:
            if block:
                flush()
            if el is not body:
                parts.append(el.tail or "")
    return out


def _headline(sq: Squeezed, title: str | None, body: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the headline shows last before the body: story text, not boilerplate."""
    needle = "".join(title.split()) if title else ""
    if not needle or not body:
        return None
    body_start = int(np.searchsorted(sq.where, body[0][0]))
    at = sq.text.rfind(needle, 0, body_start)
    return sq.original(at, at + len(needle)) if at >= 0 else None


def _marks(
    visible: Visible, body: list[tuple[int, int]], headline: tuple[int, int] | None
) -> tuple[Span, ...]:
    """Boilerplate spans for every visible region outside the body ranges and the headline."""
    text = visible.text
    keep = sorted([*body, headline] if headline else body)
    gaps = []
    pos = 0
    for start, end in keep:
        if start > pos:
            gaps.append((pos, start))
        pos = max(pos, end)
    if pos < len(text):
        gaps.append((pos, len(text)))
    spans = []
    for gap_start, gap_end in gaps:
        # between two body paragraphs, text in no furniture element is the story's (a list,
        # a short line trafilatura dropped): the page's markup outvotes the extractor there
        inner = body[0][0] <= gap_start and gap_end <= body[-1][1]
        blocks = [(m[0], m[1], kind) for run_start, run_end, kind in visible.kind_runs(gap_start, gap_end)
                  if not (inner and kind == "page" and _story_like(text[run_start:run_end]))
                  for m in _blocks(text, run_start, run_end)]
        # next to the body, prose in no furniture element is the story's too (a paragraph the
        # extractor dropped as a repeat, the author's note under the story): the markup, the
        # shape of the text and the extractor's body agree there, outvoting its edge alone
        if gap_end == body[0][0]:
            while blocks and _story_prose(text, blocks[-1]):
                blocks.pop()
        if gap_start == body[-1][1]:
            while blocks and _story_prose(text, blocks[0]):
                blocks.pop(0)
        spans += [Span(b[0], b[1], "boilerplate", b[2]) for b in blocks]
    return tuple(spans)


_PROSE_WORDS = 15  # a sentence of the story, not a link, a label or a headline
_SHORT_GAP_LINES = 4  # a list or a subhead between two body paragraphs


def _story_like(gap: str) -> bool:
    """A gap between two body paragraphs that reads as the story's: a few lines (a list, a
    subhead), or mostly sentences; not a long run of link labels (a gallery, a pager)."""
    lines = [ln.split() for ln in gap.split("\n") if ln.strip()]
    if len(lines) <= _SHORT_GAP_LINES:
        return True
    words = sum(len(w) for w in lines)
    prose = sum(len(w) for w in lines if len(w) >= 8 and w[-1][-1] in ".!?\"”’):;")
    return prose >= 0.5 * words


def _story_prose(text: str, block: tuple[int, int, str]) -> bool:
    start, end, kind = block
    words = text[start:end].split()
    return kind == "page" and len(words) >= _PROSE_WORDS and text[end - 1] in ".!?\"”’)"


def _blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Non-blank stretches of ``text[start:end]``, split at blank lines, trimmed of whitespace."""
    for chunk in re.finditer(r"\S(?:.*\S)?(?:\n(?!\s*\n)\s*\S(?:.*\S)?)*", text[start:end]):
        yield start + chunk.start(), start + chunk.end()


