"""Passage alignment: the stretches of text two articles share, in original-text offsets.

Seed and extend: every word n-gram the two bodies share seeds a match, extended to a
maximal run of equal words; the longest runs are kept first (so a reordered paragraph is
still found where it moved), and runs that follow each other on both sides with only a few
edited words between them merge into one passage (a wire edit, a changed word). Words in
boilerplate never match, so inserted captions and footers neither create nor break passages.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.model import Annotated, Evidence
from copydesk.text.tokens import Tokens, body_tokens

SEED = 4  # words: shorter shared runs are too common in same-event reports to mean anything
MAX_GAP = 6  # words of edit tolerated inside one passage
MAX_POSTINGS = 50  # an n-gram this frequent in one text is a list or a refrain, not a seed
_QUOTE_EVENT = re.compile("[\u201c\u201d\"\u00ab\u00bb\u201e]|\n(?=\n)")  # a double mark, or a blank line
_OPENING = "\u201c\"\u00ab\u201e"  # marks that can open a quote (a curly closer cannot)


@dataclass(frozen=True, slots=True)
class Passage:
    """Aligned word ranges ``[i0, i1)`` of A and ``[j0, j1)`` of B; ``matched`` words are equal."""

    i0: int
    i1: int
    j0: int
    j1: int
    matched: int

    @property
    def identity(self) -> float:
        return self.matched / max(self.i1 - self.i0, self.j1 - self.j0, 1)


def _runs(a: Sequence[str], b: Sequence[str], seed: int) -> list[tuple[int, int, int]]:
    """Maximal runs ``(i, j, length)`` of equal words that contain a shared ``seed``-gram."""
    if len(a) < seed or len(b) < seed:
        return []
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(b) - seed + 1):
        where[tuple(b[j : j + seed])].append(j)
    runs = []
    for i in range(len(a) - seed + 1):
        js = where.get(tuple(a[i : i + seed]))
        if not js or len(js) > MAX_POSTINGS:
            continue
        for j in js:
            if i > 0 and j > 0 and a[i - 1] == b[j - 1]:
                continue  # not the start of a maximal run: found from its start already
            n = seed
            while i + n < len(a) and j + n < len(b) and a[i + n] == b[j + n]:
                n += 1
            runs.append((i, j, n))
    return runs


def _select(runs: list[tuple[int, int, int]], n_a: int, n_b: int) -> list[tuple[int, int, int]]:
    """Keep the longest runs first, trimming each to the words neither side has used yet."""
    used_a, used_b = bytearray(n_a), bytearray(n_b)
    kept = []
    for i, j, n in sorted(runs, key=lambda r: (-r[2], r[0], r[1])):
        k = 0
        while k < n:
            if used_a[i + k] or used_b[j + k]:
                k += 1
                continue
            s = k
            while k < n and not used_a[i + k] and not used_b[j + k]:
                k += 1
            if k - s >= SEED:
                used_a[i + s : i + k] = b"\x01" * (k - s)
                used_b[j + s : j + k] = b"\x01" * (k - s)
                kept.append((i + s, j + s, k - s))
    return sorted(kept)


def _merge(runs: list[tuple[int, int, int]], max_gap: int) -> list[Passage]:
    """Join runs that follow each other on both sides with small gaps into passages."""
    out: list[Passage] = []
    for i, j, n in runs:
        if out:
            p = out[-1]
            gap_a, gap_b = i - p.i1, j - p.j1
            if 0 <= gap_a <= max_gap and 0 <= gap_b <= max_gap:
                out[-1] = Passage(p.i0, i + n, p.j0, j + n, p.matched + n)
                continue
        out.append(Passage(i, i + n, j, j + n, n))
    return out


def shared_runs(a: Tokens, b: Tokens, seed: int = SEED) -> list[tuple[int, int, int]]:
    """Non-overlapping runs ``(i, j, length)`` of equal words, in A order."""
    return _select(_runs(a.words, b.words, seed), len(a), len(b))


def passages(runs: list[tuple[int, int, int]], max_gap: int = MAX_GAP) -> list[Passage]:
    """Runs that follow each other on both sides with small gaps, merged into passages."""
    return _merge(runs, max_gap)


def align_tokens(a: Tokens, b: Tokens, seed: int = SEED, max_gap: int = MAX_GAP) -> list[Passage]:
    """Passages shared by two token sequences, in A order."""
    return _merge(shared_runs(a, b, seed), max_gap)


def to_evidence(p: Passage, a: Tokens, b: Tokens) -> Evidence:
    """Character offsets of a passage in the two original texts."""
    return Evidence(a.starts[p.i0], a.ends[p.i1 - 1], b.starts[p.j0], b.ends[p.j1 - 1], round(p.identity, 3))


def align(a: Annotated, b: Annotated) -> list[Evidence]:
    """Aligned passages of two articles' bodies as ``Evidence`` (offsets into each ``text``)."""
    ta, tb = body_tokens(a), body_tokens(b)
    return [to_evidence(p, ta, tb) for p in align_tokens(ta, tb)]


def quoted_regions(item: Annotated | str) -> list[tuple[int, int]]:
    """Character ranges inside quotation marks (plus the quote stage's spans when present).

    Independent reports of one briefing share its quotes word for word; alignment discounts
    them so that sharing a quote never counts as copying. Any double mark closes an open quote
    (pages mix straight and curly marks and turn curly ones round), except an opening mark at
    the start of a line, which carries the quote on into that paragraph (the press convention
    for quotes of several paragraphs). A quote still open at a blank line was never closed: it
    stops at the end of the paragraph it (last) opened in, so one stray mark cannot hide the
    text after it.
    """
    text = item if isinstance(item, str) else item.text
    regions = [] if isinstance(item, str) else [(q.start, q.end) for q in item.quotes]
    open_at: int | None = None
    opened_line = 0  # start of the line of the open quote's last opening mark
    for m in _QUOTE_EVENT.finditer(text + "\n\n"):
        i = m.start()
        if m.group() == "\n":  # a quote still open at a blank line was never closed: its paragraph
            if open_at is not None:
                regions.append((open_at, _line_end(text, opened_line)))
                open_at = None
        elif open_at is None:
            open_at, opened_line = i, i
        elif m.group() in _OPENING and _starts_line(text, i):
            opened_line = i  # the quote goes on into this paragraph
        else:
            regions.append((open_at, i + 1))
            open_at = None
    merged: list[tuple[int, int]] = []
    for s, e in sorted(regions):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _starts_line(text: str, i: int) -> bool:
    """True when only spaces stand between the previous line break and ``text[i]``."""
    nl = text.rfind("\n", 0, i)
    return nl >= 0 and not text[nl + 1 : i].strip()


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def in_regions(tokens: Tokens, regions: Sequence[tuple[int, int]]) -> bytearray:
    """Per token: 1 when the token lies inside one of ``regions``."""
    flags = bytearray(len(tokens))
    k = 0
    for t, (s, e) in enumerate(zip(tokens.starts, tokens.ends, strict=True)):
        while k < len(regions) and regions[k][1] <= s:
            k += 1
        if k < len(regions) and regions[k][0] <= s and e <= regions[k][1]:
            flags[t] = 1
    return flags
