"""Quote spans from quotation marks alone: pairing, paragraph run-ons and unbalanced marks.

This is the text-only half of quote extraction (no parse needed). It follows news style:
a quote that goes on into the next paragraph has no closing mark at the end of the first
paragraph and a fresh opening mark on the next one; an opening mark never matched stops at
the end of its paragraph (or its sentence in a very long paragraph) so one stray mark cannot
swallow the article. Single quotes inside a double quote are nested quotes, part of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from copydesk.model import trim

OPENERS = {"\u201c", "\u00ab"}  # “ «
CLOSERS = {"\u201d", "\u00bb"}  # ” »
STRAIGHT = '"'
DOUBLE_MARKS = OPENERS | CLOSERS | {STRAIGHT, "\u201e"}  # „ opens (German-style) too
SINGLE_OPEN, SINGLE_CLOSE = "\u2018", "\u2019"  # ‘ ’
MAX_UNCLOSED = 600  # chars an unclosed quote may run before we cut it at a sentence end
MAX_UNOPENED = 400  # chars back to the paragraph start for a closing mark with no opener
MAX_SINGLE = 300
_SENT_END = re.compile(r"[.!?](?=\s)")


@dataclass(frozen=True, slots=True)
class MarkedQuote:
    """A quoted passage found from its marks: ``[start, end)`` excludes the marks themselves.

    ``how`` says how it was delimited: ``closed`` (a matching pair), ``runs_on`` (ends a
    paragraph whose quote continues in the next one), ``continues`` (opens a paragraph that
    carries on the previous paragraph's quote), ``unclosed`` / ``unopened`` (recovered from
    an unbalanced mark), ``single`` (a primary quote in single marks).
    """

    start: int
    end: int
    how: str
    continues: bool = False  # this quote carries on the quote just before it (same speaker)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-blank line: news paragraphs are separated by newlines."""
    out = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            out.append((pos, end))
        pos = end + 1
    return out


def paragraph_of(paras: list[tuple[int, int]], pos: int) -> int:
    """Index of the paragraph (from ``paragraphs``) holding ``pos``, or -1 between paragraphs.

    A binary search: a page can hold thousands of paragraphs and as many quotes.
    """
    k = bisect_right(paras, pos, key=lambda p: p[0]) - 1
    return k if k >= 0 and pos <= paras[k][1] else -1


def _looks_opening(text: str, i: int, lo: int, hi: int) -> bool:
    """A mark at ``i`` opens when it follows a space/start and precedes a word character."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return (before.isspace() or before in "([{—–-:/") and not after.isspace()


def _looks_closing(text: str, i: int, lo: int, hi: int) -> bool:
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    return not before.isspace() and (after.isspace() or not after.isalnum())


def _cut_long(text: str, start: int, end: int) -> int:
    """End of an unclosed quote: its paragraph end, or its first sentence end when far away."""
    if end - start <= MAX_UNCLOSED:
        return end
    m = _SENT_END.search(text, start, end)
    return m.end() if m else min(end, start + MAX_UNCLOSED)


def _double_quotes(text: str, lo: int, hi: int, next_opens: bool) -> list[MarkedQuote]:
    """Pair the double marks of one paragraph ``text[lo:hi]``."""
    out: list[MarkedQuote] = []
    open_at: int | None = None
    first_mark = True
    chained = False  # the open quote follows one cut short by a fresh opener: same speaker
    for i in range(lo, hi):
        ch = text[i]
        if ch not in DOUBLE_MARKS:
            continue
        opening = _looks_opening(text, i, lo, hi)
        closing = _looks_closing(text, i, lo, hi)
        if ch in OPENERS or ch == "\u201e":
            role = "close" if open_at is not None and closing and not opening else "open"
        elif ch in CLOSERS:
            role = "open" if open_at is None and not closing else "close"
        else:  # straight mark: decided by position and state
            if open_at is None:
                role = "open" if not (closing and not opening) else "close"
            else:
                role = "open" if opening and not closing else "close"
        if role == "open":
            if open_at is not None:  # a fresh opener while open: the previous quote ended here
                s, e = trim(text, open_at + 1, i)
                if e > s:
                    out.append(MarkedQuote(s, e, "unclosed", continues=chained))
                chained = e > s
            else:
                chained = False
            open_at = i
        elif open_at is not None:
            s, e = trim(text, open_at + 1, i)
            if e > s:
                out.append(MarkedQuote(s, e, "closed", continues=chained))
            open_at = None
            chained = False
        elif first_mark and i - lo <= MAX_UNOPENED:
            # a closing mark with no opener: the quote ran from the paragraph start
            s, e = trim(text, lo, i)
            if e > s:
                out.append(MarkedQuote(s, e, "unopened"))
        first_mark = False
    if open_at is not None:
        if next_opens:
            s, e = trim(text, open_at + 1, hi)
            how = "runs_on"
        else:
            s, e = trim(text, open_at + 1, _cut_long(text, open_at + 1, hi))
            how = "unclosed"
        if e > s:
            out.append(MarkedQuote(s, e, how, continues=chained))
    return out


def _single_quotes(text: str, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[MarkedQuote]:
    """Primary quotes in curly single marks (headline style), outside any double quote."""
    out = []
    i = lo
    while i < hi:
        i = text.find(SINGLE_OPEN, i, hi)
        if i < 0:
            break
        inside = any(s - 1 <= i < e + 1 for s, e in taken)
        if inside or not _looks_opening(text, i, lo, hi):
            i += 1
            continue
        j = i + 1
        end = None
        while j < min(hi, i + MAX_SINGLE):
            j = text.find(SINGLE_CLOSE, j, min(hi, i + MAX_SINGLE))
            if j < 0:
                break
            after = text[j + 1] if j + 1 < hi else " "
            if not after.isalpha():  # not an apostrophe as in "Russia’s"
                end = j
                break
            j += 1
        if end is None:
            i += 1
            continue
        s, e = trim(text, i + 1, end)
        if e > s:
            out.append(MarkedQuote(s, e, "single"))
        i = end + 1
    return out


def _starts_with_opener(text: str, lo: int, hi: int) -> bool:
    s, _ = trim(text, lo, hi)
    return s < hi and text[s] in OPENERS | {STRAIGHT, "\u201e"}


def find(text: str) -> list[MarkedQuote]:
    """Every quoted passage of ``text`` in order (pass the body text: boilerplate blanked)."""
    paras = paragraphs(text)
    out: list[MarkedQuote] = []
    prev_ran_on = False
    for k, (lo, hi) in enumerate(paras):
        next_opens = k + 1 < len(paras) and _starts_with_opener(text, *paras[k + 1])
        found = _double_quotes(text, lo, hi, next_opens)
        if prev_ran_on and found and found[0].start <= trim(text, lo, hi)[0] + 1:
            found[0] = MarkedQuote(found[0].start, found[0].end, found[0].how, continues=True)
        prev_ran_on = bool(found) and found[-1].how == "runs_on"
        found += _single_quotes(text, lo, hi, [(q.start, q.end) for q in found])
        out.extend(sorted(found, key=lambda q: q.start))
    return out
