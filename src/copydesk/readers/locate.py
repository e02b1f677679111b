"""Where trafilatura's body paragraphs sit in our visible text: an in-order alignment.

Each paragraph may occur several times on a page (a teaser above the story, a "most read"
box below it), or not at all (trafilatura rewrote it). Taking the first occurrence after the
previous paragraph lets one early match far down the page (a teaser of the first paragraph
in the footer) swallow every paragraph before it. Instead every occurrence is a candidate and
the chain of candidates in page order that covers the most characters wins (a weighted
longest increasing subsequence), ties going to the most compact chain.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

_ANCHOR_WORDS = 6  # words used to find a paragraph that does not match whole
_MAX_OCCURRENCES = 16  # a short line ("Share") repeated all over the page need not be tried everywhere
_WS_CODES = np.array([c for c in range(0x3001) if chr(c).isspace()], dtype=np.uint32)
_WS_DELETE = dict.fromkeys(int(c) for c in _WS_CODES)


class Squeezed:
    """``text`` with all whitespace removed, and where each remaining character sits in ``text``.

    Matching trafilatura's paragraphs here ignores every whitespace difference (NBSP folded,
    line breaks joined, words split by inline tags) with plain ``str.find``: no regex to
    compile per paragraph, linear in the page.
    """

    def __init__(self, text: str) -> None:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        self.where = np.flatnonzero(~np.isin(codes, _WS_CODES))
        self.text = text.translate(_WS_DELETE)

    def find(self, words: str, start: int, end: int | None = None) -> int:
        return self.text.find(words, start, len(self.text) if end is None else end)

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the original text of the squeezed range ``[start, end)``."""
        return int(self.where[start]), int(self.where[end - 1]) + 1


def locate(text: str | Squeezed, paragraphs: list[str]) -> list[tuple[int, int]]:
    """Where the body paragraphs sit in ``text``, in order, as (start, end) ranges.

    Whitespace is ignored when matching. A paragraph that does not match whole is found by
    its first and last words; one not found, or out of order with the rest, is skipped.
    """
    sq = text if isinstance(text, Squeezed) else Squeezed(text)
    candidates = [_candidates(sq, p) for p in paragraphs]
    return [sq.original(s, e) for s, e in _best_chain(candidates)]


def _candidates(sq: Squeezed, para: str) -> list[tuple[int, int]]:
    """Squeezed ranges where ``para`` may sit: every whole occurrence, else head-to-tail matches."""
    needle = "".join(para.split())
    if not needle:
        return []
    out = []
    at = sq.find(needle, 0)
    while at >= 0 and len(out) < _MAX_OCCURRENCES:
        out.append((at, at + len(needle)))
        at = sq.find(needle, at + 1)
    if out:
        return out
    words = para.split()
    if len(words) < 2 * _ANCHOR_WORDS:
        return []
    head_words = "".join(words[:_ANCHOR_WORDS])
    tail_words = "".join(words[-_ANCHOR_WORDS:])
    head = sq.find(head_words, 0)
    while head >= 0 and len(out) < _MAX_OCCURRENCES:
        # the tail must come within a plausible distance of the head, or it is another paragraph
        tail = sq.find(tail_words, head + len(head_words), head + 2 * len(needle) + 200)
        if tail >= 0:
            out.append((head, tail + len(tail_words)))
        head = sq.find(head_words, head + 1)
    return out


def _best_chain(candidates: list[list[tuple[int, int]]]) -> list[tuple[int, int]]:
    """One range per paragraph at most, non-overlapping and in order, covering the most characters.

    Dynamic programme over candidates, paragraph by paragraph, with a Fenwick tree of prefix
    maxima keyed by where a chain ends: O(n log n) in the number of candidates. Among chains
    of equal coverage the one with the least text between its paragraphs wins: with ``k`` =
    its first range's end plus the lengths of the others, a chain's inner gaps are ``end - k``.
    """
    ends = sorted({e for cands in candidates for _, e in cands})
    size = len(ends)
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)  # (covered, k, node) prefix maxima
    nodes: list[tuple[int, int, int]] = []  # (start, end, previous node)
    best: tuple[int, int, int] = (0, 0, -1)  # (covered, -gaps, node)
    for cands in candidates:
        scored = []
        for start, end in cands:
            covered, k, prev = (0, 0, -1), 0, -1
            i = bisect_right(ends, start)  # chains that end before this range starts
            got = (0, 0, -1)
            while i > 0:
                got = max(got, tree[i])
                i -= i & -i
            covered, k, prev = got
            k = k + end - start if prev >= 0 else end
            scored.append((covered + end - start, k, prev, start, end))
        for covered, k, prev, start, end in scored:  # inserted after: one range per paragraph
            node = len(nodes)
            nodes.append((start, end, prev))
            best = max(best, (covered, k - end, node))
            i = bisect_right(ends, end - 1) + 1  # 1-based rank of ``end``
            while i <= size:
                tree[i] = max(tree[i], (covered, k, node))
                i += i & -i
    chain = []
    node = best[2]
    while node >= 0:
        start, end, node = nodes[node]
        chain.append((start, end))
    return chain[::-1]
