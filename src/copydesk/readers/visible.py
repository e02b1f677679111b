"""The visible text of an HTML tree, as a browser would render it, with where each run came from.

Script, style and other never-shown elements are dropped; block elements start new lines;
whitespace collapses as under CSS ``white-space: normal`` (NBSP is not whitespace there, so it
stays). Each run of text remembers the page region it sits in (nav, footer, caption…), which
the HTML reader uses to name the boilerplate spans it marks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

# Never rendered, or rendered from attributes rather than text.
_SKIP = frozenset(
    "head script style noscript template svg math canvas iframe object embed video audio select "
    "datalist button input textarea map title meta link base".split()
)
_PARA = frozenset("p h1 h2 h3 h4 h5 h6 blockquote figure pre table ul ol dl hr".split())
_BLOCK = _PARA | frozenset(
    "address article aside body center dd details dialog dir div dt fieldset figcaption footer form "
    "header hgroup html legend li main menu nav noframes section summary tbody thead tfoot tr caption "
    "option optgroup".split()
)
_CELL = frozenset(("td", "th"))
_PRE = frozenset(("pre", "plaintext", "xmp", "listing"))
_TAG_KIND = {
    "nav": "nav",
    "footer": "footer",
    "header": "header",
    "aside": "aside",
    "figcaption": "caption",
    "menu": "nav",
}
_ROLE_KIND = {
    "navigation": "nav",
    "contentinfo": "footer",
    "banner": "header",
    "complementary": "aside",
    "menu": "nav",
    "menubar": "nav",
}
# class/id tokens -> kind; tokens are split on '-', '_' and spaces, so "ad-slot" -> "ad".
_TOKEN_KIND = {
    "nav": "nav",
    "navbar": "nav",
    "navigation": "nav",
    "menu": "nav",
    "breadcrumb": "nav",
    "breadcrumbs": "nav",
    "footer": "footer",
    "header": "header",
    "masthead": "header",
    "sidebar": "aside",
    "related": "aside",
    "aside": "aside",
    "caption": "caption",
    "figcaption": "caption",
    "credit": "credit",
    "credits": "credit",
    "byline": "byline",
    "comment": "comments",
    "comments": "comments",
    "disqus": "comments",
    "ad": "ad",
    "ads": "ad",
    "advert": "ad",
    "advertisement": "ad",
    "adslot": "ad",
    "sponsored": "ad",
    "promo": "ad",
    "dfp": "ad",
    "share": "share",
    "sharing": "share",
    "social": "share",
    "newsletter": "promo",
}
_TOKENS = re.compile(r"[A-Za-z0-9]+")
_SPACE = re.compile(r"[ \t\n\r\f]+")  # CSS whitespace: NBSP is not in it
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@dataclass(frozen=True, slots=True)
class Visible:
    """Visible text plus ``regions``: (start, kind) change points, sorted by start."""

    text: str
    regions: tuple[tuple[int, str], ...]

    def kind_runs(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The (start, end, kind) runs that cover ``text[start:end]``."""
        out = []
        regions = self.regions
        # linear scan from a bisected start keeps this cheap for many small gaps
        lo, hi = 0, len(regions)
        while lo < hi:
            mid = (lo + hi) // 2
            if regions[mid][0] <= start:
                lo = mid + 1
            else:
                hi = mid
        i = max(lo - 1, 0)
        while i < len(regions) and regions[i][0] < end:
            run_start = max(regions[i][0], start)
            run_end = min(regions[i + 1][0] if i + 1 < len(regions) else end, end)
            if run_end > run_start:
                out.append((run_start, run_end, regions[i][1]))
            i += 1
        return out


def _kind_of(el: etree._Element, tag: str) -> str | None:
    kind = _TAG_KIND.get(tag)
    if kind:
        return kind
    role = el.get("role")
    if role and role.lower() in _ROLE_KIND:
        return _ROLE_KIND[role.lower()]
    names = el.get("class")
    kind = _names_kind(names) if names else None
    if kind is None:
        names = el.get("id")
        kind = _names_kind(names) if names else None
    return kind


_NAMES_SEEN: dict[str, str | None] = {}  # class/id value -> kind: pages repeat the same few


def _names_kind(names: str) -> str | None:
    if names in _NAMES_SEEN:
        return _NAMES_SEEN[names]
    kind = next(filter(None, map(_TOKEN_KIND.get, _TOKENS.findall(names.lower()))), None)
    if len(_NAMES_SEEN) > 100_000:  # a long run over many sites must not grow without bound
        _NAMES_SEEN.clear()
    _NAMES_SEEN[names] = kind
    return kind


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


class _Writer:
    """Appends text runs, collapsing whitespace and placing line breaks like a browser."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.breaks = 0  # line breaks owed before the next text
        self.space = False  # a collapsed space owed before the next text
        self.at_line_start = True
        self.regions: list[tuple[int, str]] = []
        self.kind = "page"

    def _put(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def block(self, n: int) -> None:
        self.breaks = max(self.breaks, n)
        self.space = False

    def line_break(self) -> None:
        """A ``<br>``: forced, so it adds to a pending break rather than merging with it."""
        if self.length == 0:
            return
        self.breaks += 1
        self.space = False

    def text(self, s: str, kind: str, pre: bool = False) -> None:
        if not s:
            return
        if not pre:
            leading = s[0] in " \t\n\r\f"
            trailing = s[-1] in " \t\n\r\f"
            s = _SPACE.sub(" ", s).strip(" ")
            if not s:
                if leading and not self.at_line_start:
                    self.space = True
                return
            if leading and not self.at_line_start:
                self.space = True
        if self.breaks and self.length:
            self._put("\n" * self.breaks)
            self.at_line_start = True
            self.space = False
        self.breaks = 0
        if self.space and not self.at_line_start:
            self._put(" ")
        self.space = False
        if kind != self.kind or not self.regions:
            self.regions.append((self.length, kind))
            self.kind = kind
        self._put(s)
        self.at_line_start = pre and s.endswith("\n")
        if not pre and trailing:
            self.space = True


def visible_text(root: etree._Element) -> Visible:
    """The text a browser shows for ``root``, with the page region of every run.

    ``root`` must come from a parser that drops comments (trafilatura's, or ``parse_fragment``):
    lxml's walk does not visit comments, so text after one would otherwise be lost.
    """
    w = _Writer()
    # iterative walk: deeply nested broken HTML must not hit Python's recursion limit
    stack: list[tuple[str, bool, bool]] = []  # (kind, pre, skipped) before each open element
    kind, pre = "page", False
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            skipped = tag in _SKIP or not tag or _hidden(el)
            stack.append((kind, pre, skipped))
            if skipped:
                walk.skip_subtree()
                continue
            kind = _kind_of(el, tag) or kind
            pre = pre or tag in _PRE
            if tag in _BLOCK:
                w.block(2 if tag in _PARA else 1)
            elif tag in _CELL:
                w.text(" ", kind)
            elif tag == "br":
                w.line_break()
            if el.text:
                w.text(el.text, kind, pre)
        else:
            kind, pre, skipped = stack.pop()
            if not skipped:
                if tag in _BLOCK:
                    w.block(2 if tag in _PARA else 1)
                elif tag in _CELL:
                    w.text(" ", kind)
            if el.tail and el is not root:
                w.text(el.tail, kind, pre)
    return Visible("".join(w.parts), tuple(w.regions))


_FRAGMENT_PARSER = lxml_html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True
)


def parse_fragment(html: str) -> etree._Element:
    """Parse an HTML fragment (a feed entry's content) into one element."""
    return lxml_html.fragment_fromstring(html, create_parent="div", parser=_FRAGMENT_PARSER)
