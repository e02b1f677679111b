"""Boilerplate spans (captions, credits, footers, teasers, bylines): marked, never removed.

Each line is read for features of page furniture: where it sits (head, foot, after a tail
cue), its shape (length, closing punctuation, capitalised words), credit and byline
patterns, widget cue phrases, and whether it repeats another paragraph. The body is what
is left; precision matters more than recall, because a body paragraph marked as furniture
is lost to every later stage.
"""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.annotate import signals
from copydesk.model import Article, Span
from copydesk.text.furniture import (
    BYLINE,
    CONTACT,
    DATELINE,
    REPORTED,
    REPORTING_CUE,
    Line,
    cue,
    masthead,
    read_head,
    split_lines,
    trailing_credit,
    trailing_fragment,
)
from copydesk.text.words import fold

_CAPTION_MAX_WORDS = 50  # a caption is a sentence or two; a body paragraph ending in a credit is not


def _span(line: Line, kind: str, lo: int = 0, hi: int | None = None) -> Span:
    """A boilerplate span over ``line.text[lo:hi]`` with the whitespace at its edges left out."""
    seg = line.text[lo:hi]
    lo += len(seg) - len(seg.lstrip())
    hi = line.start + (len(line.text) if hi is None else hi) - (len(seg) - len(seg.rstrip()))
    return Span(line.start + lo, hi, "boilerplate", kind)


def _head_spans(lines: list[Line]) -> tuple[list[Span], int]:
    head = read_head(lines)
    out = [_span(lines[i], "section") for i in head.section]
    for i in head.masthead:
        outlet, _ = masthead(lines[i].text) or (None, None)
        out.append(_span(lines[i], "masthead" if outlet else "date"))
    # The headline is not marked: it is the outlet's own words about the story (metadata in
    # Article.title, and text that claims and quotes may cite), not page furniture.
    out += [_span(lines[i], "standfirst") for i in head.standfirst]
    out += [_span(lines[i], "byline") for i in head.byline]
    return out, head.body


def _foot_byline(line: Line, near_end: bool) -> bool:
    """Reporter credits and contacts: "A reported from X and B from Y.", "• A can be reached at"."""
    t = line.text
    if CONTACT.match(t) or (BYLINE.match(t) and line.words <= 20):
        return True
    if not near_end or line.words > 80:
        return False
    if t.rstrip().endswith(":"):  # "The New York Times reports:" introduces a quote, credits no one
        return False
    return bool(REPORTED.match(t)) or (REPORTING_CUE.search(t) is not None and line.words <= 40)


def _caption_spans(line: Line, duplicated: bool) -> list[Span]:
    """Photo captions: a short line ending in a credit, or a label glued after the last sentence."""
    at = trailing_credit(line.text)
    if at is not None:
        spans = [_span(line, "credit", at)]
        head = line.text[:at].strip()
        if head and (len(head.split()) <= _CAPTION_MAX_WORDS or duplicated):
            spans.insert(0, _span(line, "caption", 0, at))
        return spans
    at = trailing_fragment(line.text)
    if at is not None:
        return [_span(line, "caption", at)]
    return []


def _duplicates(lines: list[Line]) -> set[int]:
    """Lines that repeat (inside) a longer paragraph: pull quotes and captions reusing body text."""
    folded = [fold(ln.text) for ln in lines]
    holding: dict[str, list[int]] = {}  # word -> lines that hold it (ascending)
    for j, g in enumerate(folded):
        for w in set(g.split()):
            holding.setdefault(w, []).append(j)
    out = set()
    for i, f in enumerate(folded):
        if len(f.split()) < 8:
            continue
        # a caption's credit is not in the body: compare the part before it
        at = trailing_credit(lines[i].text)
        probe = fold(lines[i].text[:at]) if at else f
        # a line holding the probe holds its inner words whole: only those lines are compared,
        # so thousands of lines are not compared pairwise (issue 15)
        inner = probe.split()[1:-1]
        candidates = min((holding[w] for w in inner), key=len) if inner else range(len(folded))
        for j in candidates:
            g = folded[j]
            if j != i and len(g) >= len(probe) and probe in g and (len(g) > len(f) or j > i):
                out.add(i)
                break
    return out


def _provenance(lines: list[Line], found: tuple[Span, ...]) -> dict[int, list[Span]]:
    """Provenance notes: the whole line when the note is the line, else just the note."""
    out: dict[int, list[Span]] = {}
    for s in found:
        for i, ln in enumerate(lines):
            if ln.start <= s.start and s.end <= ln.end:
                if DATELINE.match(ln.text) and s.start > ln.start:
                    break  # "(AP)" inside a dateline: the dateline marks it
                whole = s.start == ln.start and s.end == ln.end
                span = _span(ln, "provenance") if whole else Span(s.start, s.end, "boilerplate", "provenance")
                out.setdefault(i, []).append(span)
                break
    return out


def _body_spans(
    lines: list[Line], body: int, text_len: int, found: tuple[Span, ...], structured: bool = False
) -> list[Span]:
    out: list[Span] = []
    prov = _provenance(lines, found)
    # On a page whose markup already told body from furniture (``structured``), pull quotes sit
    # in their own elements, which the reader marks; inside the body it mapped, a repeated line
    # is the page's own (a refrain, a recap, code): readability-dev lost 2,655 gold words to
    # this rule there and no furniture (bench/extraction.py).
    dups = set() if structured else _duplicates(lines)
    tail_from, tail_kinds = None, {}
    n = len(lines)
    for i in range(body, n):
        ln = lines[i]
        near_end = i >= n - 8 or ln.start > 0.8 * text_len
        if i in prov:
            out += prov[i]
            if prov[i][0].end - prov[i][0].start == ln.end - ln.start:
                continue
        c = cue(ln)
        if c is not None:
            kind, ends_story = c
            out.append(_span(ln, kind))
            # trafilatura leaves comment sections out of the body it maps (``structured``): a
            # "Comment(s)" line inside that body is the story's own (a table header on
            # readability-dev's dropbox-blog), so it marks itself but does not end the story
            if kind == "comments" and structured:
                continue
            if ends_story and (tail_from is not None or ln.start >= 0.5 * text_len):
                tail_from = i + 1 if tail_from is None else tail_from
                tail_kinds[i] = kind if kind in ("teaser", "comments") else "footer"
            elif ends_story and kind == "teaser" and i + 1 < n and lines[i + 1].words <= 20 \
                    and not lines[i + 1].text.endswith("."):
                out.append(_span(lines[i + 1], "teaser"))  # a mid-story "Read more" and its headline
            continue
        if _foot_byline(ln, near_end):
            out.append(_span(ln, "byline"))
            continue
        if i < body + 3:
            m = DATELINE.match(ln.text)
            if m:
                out.append(_span(ln, "dateline", 0, m.end("dash")))
        caption = _caption_spans(ln, i in dups)
        if caption:
            out += caption
        elif i in dups:
            out.append(_span(ln, "pull_quote"))
    if tail_from is not None:
        # everything after a tail cue ("Related Articles", "Source link", a copyright line)
        # is furniture; lines already marked keep their own kind
        marked = {s.start for s in out}
        kind = "footer"
        for j in range(tail_from, n):
            kind = tail_kinds.get(j - 1, kind)  # the kind of the latest tail cue above
            ln = lines[j]
            if not any(ln.start <= m < ln.end for m in marked):
                out.append(_span(ln, kind))
    return out


def _resolve(spans: list[Span]) -> tuple[Span, ...]:
    """Sorted and non-overlapping: an overlapping span is trimmed to what the earlier one leaves."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        start = s.start
        if out and start < out[-1].end:
            start = out[-1].end
        if start < s.end:
            out.append(Span(start, s.end, "boilerplate", s.kind, s.value))
    return tuple(out)


def mark(article: Article, found: Sequence[Span] | None = None) -> tuple[Span, ...]:
    """Boilerplate spans of ``article``, including the regions its reader already marked.

    ``found``: the article's provenance signals when the caller has them already (their
    lines are marked as ``provenance``); found here otherwise.
    """
    lines = split_lines(article.text)
    spans, body = _head_spans(lines)
    found = signals.find(article) if found is None else found
    structured = any(s.label == "body" for s in article.marks)  # the reader mapped a body
    spans += _body_spans(lines, body, len(article.text), found, structured)
    spans += [s for s in article.marks if s.label == "boilerplate"]
    return _resolve([s for s in spans if s.end > s.start])
