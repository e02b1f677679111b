"""Copy families: which articles of a story count as one independent source."""

from __future__ import annotations

from collections.abc import Sequence


def family_of(families: Sequence[Sequence[str]] | None, article_ids: Sequence[str]) -> dict[str, int]:
    """Article id -> family index; articles no family names are their own family."""
    fam: dict[str, int] = {}
    for k, f in enumerate(families or ()):
        for a in f:
            fam.setdefault(a, k)
    nxt = len(families or ())
    for a in article_ids:
        if a not in fam:
            fam[a] = nxt
            nxt += 1
    return fam
