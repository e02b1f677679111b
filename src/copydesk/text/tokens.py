"""Word tokens with their offsets: what passage alignment and MinHash shingles both count."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from copydesk.model import Annotated

_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Tokens:
    """The body words of one text with their character offsets."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str, skip: Sequence[tuple[int, int]] = ()) -> Tokens:
    """Lower-cased words of ``text`` with offsets, leaving out words inside ``skip`` ranges."""
    spans = sorted(skip)
    words, starts, ends = [], [], []
    k = 0
    for m in _WORD_RE.finditer(text):
        while k < len(spans) and spans[k][1] <= m.start():
            k += 1
        if k < len(spans) and spans[k][0] < m.end() and m.start() < spans[k][1]:
            continue
        words.append(m.group().lower())
        starts.append(m.start())
        ends.append(m.end())
    return Tokens(tuple(words), tuple(starts), tuple(ends))


def body_tokens(item: Annotated) -> Tokens:
    """Tokens of an annotated article's body (boilerplate excluded)."""
    return tokenize(item.text, [(s.start, s.end) for s in item.boilerplate])
