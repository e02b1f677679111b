"""Counts in a claim's sentences and whether two readings of one number agree.

Shared by claim alignment (a claim whose independent sources disagree on a number is
disputed) and divergence detection (the numbers of one claim that do not agree).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from itertools import combinations

from copydesk.model import Annotated, Quantity, SourceRef

UNIT_SIMILAR = 0.5  # WordLlama similarity above which two unit nouns count the same thing


def _in(q: Quantity, src: SourceRef) -> bool:
    return q.article == src.article and src.start <= q.start < src.end


def compatible(a: Quantity, b: Quantity) -> bool:
    """Two readings of one number agree: equal, or one's qualifier ("more than") admits the other."""
    if not isinstance(a.value, (int, float)) or not isinstance(b.value, (int, float)):
        return a.value == b.value  # scores and tallies ("5-2") agree only when equal
    x, y = float(a.value), float(b.value)
    if x == y:
        return True
    for p, q in ((a, b), (b, a)):
        lo, hi = _bounds(p)
        v = float(q.value)  # type: ignore[arg-type]
        if lo <= v <= hi and q.qualifier is None:
            return True
    return abs(x - y) <= 0.05 * max(abs(x), abs(y)) and bool(a.qualifier or b.qualifier)


def _bounds(q: Quantity) -> tuple[float, float]:
    v = float(q.value)  # type: ignore[arg-type]
    return {
        "more than": (v, float("inf")), "at least": (v, float("inf")),
        "less than": (0.0, v), "up to": (0.0, v), "nearly": (0.9 * v, v),
        "about": (0.9 * v, 1.1 * v), "range": (v, float(q.high if q.high is not None else v)),
    }.get(q.qualifier or "", (v, v))


def same_unit(a: str | None, b: str | None) -> bool:
    """Two units count the same thing: equal, or close in meaning ("homes" / "households")."""
    if not a or not b:
        return False
    if a == b or a.rstrip("s") == b.rstrip("s"):
        return True
    return _unit_similarity(a, b) >= UNIT_SIMILAR


@lru_cache(maxsize=4096)
def _unit_similarity(a: str, b: str) -> float:
    from copydesk.nlp_models import word_embedder

    return float(word_embedder().similarity(a, b))


def counts(item: Annotated, src: SourceRef) -> list[Quantity]:
    return [q for q in item.quantities if _in(q, src) and q.unit not in (None, "date", "year")
            and (isinstance(q.value, (int, float)) or q.unit == "score")]


def conflicting_numbers(by_id: dict[str, Annotated], srcs: Sequence[SourceRef], fam: dict[str, int]) -> str | None:
    """How independent sources of one claim disagree on a number, or None when they agree."""
    for s, t in combinations(srcs, 2):
        if fam[s.article] == fam[t.article]:
            continue
        for a in counts(by_id[s.article], s):
            for b in counts(by_id[t.article], t):
                if same_unit(a.unit, b.unit) and not compatible(a, b):
                    return f"{a.text!r} against {b.text!r}"
    return None
