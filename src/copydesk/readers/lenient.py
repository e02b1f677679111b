"""A last-resort reading of broken HTML, for pages libxml2 reads as empty.

An unclosed ``<title>`` swallows the whole page in libxml2's parser, and text nested deeper
than its depth limit (~2,000 open elements) is dropped. Browsers and readers still show such
pages. Python's streaming ``html.parser`` has neither failure: this module takes the text from
it, block by block, and rebuilds a flat page that the normal reader can take from there.
An unclosed ``<script>`` or ``<style>`` swallows the rest of the page in every parser (its
content is raw text up to the closing tag); here it is closed where the page's own markup
starts again, as the page's author meant.
"""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

_SKIP = frozenset(("script", "style", "noscript", "template", "svg", "head"))
_RAW_OPEN = re.compile(r"<(script|style|textarea|xmp)\b[^>]*>", re.I)
# where the page's markup starts again after an unclosed raw-text element
_MARKUP_AGAIN = re.compile(r"</head\s*>|<body\b|<(?:p|div|article|main|section|table|h[1-6])\b[^>]*>", re.I)
_BLOCK = frozenset(
    "p div br li tr td th h1 h2 h3 h4 h5 h6 table ul ol dl dt dd section article header footer "
    "nav aside main blockquote pre figure figcaption form hr title body html".split()
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[list[str]] = [[]]
        self.title: list[str] = []
        self.skip = 0  # depth inside never-shown elements
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:  # noqa: ARG002 - attributes unused
        if tag == "title":
            self.in_title = True
        elif self.in_title:
            self.in_title = False  # a tag inside <title>: the title was never closed
        if tag in _SKIP and tag != "head":
            self.skip += 1
        if tag in _BLOCK:
            self.blocks.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP and tag != "head" and self.skip:
            self.skip -= 1
        if tag in _BLOCK:
            self.blocks.append([])

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title.append(data)
            return
        self.blocks[-1].append(data)


def close_raw_text(html: str) -> str:
    """``html`` with each ``<script>``/``<style>`` that is never closed closed before the next
    block of markup (``</head>``, ``<body>``, ``<p>``, ``<div>`` …)."""
    pos, out = 0, []
    for m in _RAW_OPEN.finditer(html):
        if m.start() < pos:
            continue
        tag = m.group(1).lower()
        if re.compile(rf"</{tag}\s*>", re.I).search(html, m.end()):
            continue
        again = _MARKUP_AGAIN.search(html, m.end())
        if again is None:
            continue
        out += [html[pos : again.start()], f"</{tag}>"]
        pos = again.start()
    return "".join(out) + html[pos:] if out else html


def flat_page(html: str) -> str | None:
    """A simple page holding ``html``'s title and text blocks, or None when it has no text."""
    html = close_raw_text(html)
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - this is the fallback: nothing further to fall back to
        return None
    blocks = [" ".join("".join(b).split()) for b in parser.blocks]
    blocks = [b for b in blocks if b]
    if not blocks:
        return None
    title = " ".join("".join(parser.title).split())
    head = f"<head><title>{escape(title)}</title></head>" if title else ""
    return f"<html>{head}<body>" + "".join(f"<p>{escape(b)}</p>" for b in blocks) + "</body></html>"
