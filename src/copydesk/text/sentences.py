"""Sentence pieces: a sentence cut at its line breaks (a headline or standfirst line is not part of the lede)."""

from __future__ import annotations

import re
from collections.abc import Sequence

_BREAK = re.compile(r"\s*\n\s*")


def pieces(text: str, sentences: Sequence) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence's lines, in text order (sentences: spans with start/end)."""
    out = []
    for s in sentences:
        pos = s.start
        for m in _BREAK.finditer(text[s.start : s.end]):
            out.append((pos, s.start + m.start()))
            pos = s.start + m.end()
        out.append((pos, s.end))
    return [(a, b) for a, b in out if b > a]
