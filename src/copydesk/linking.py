"""Connected components: which items a set of pairwise links joins into groups."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T", bound=Hashable)


def components(items: Sequence[T], links: Iterable[tuple[T, T]]) -> list[list[T]]:
    """Groups of ``items`` joined by ``links`` (links naming other items are ignored).

    Deterministic: groups come in the order of their first item, members in input order.
    """
    parent = {x: x for x in items}

    def root(x: T) -> T:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            parent[root(b)] = root(a)
    groups: dict[T, list[T]] = {}
    for x in items:
        groups.setdefault(root(x), []).append(x)
    return list(groups.values())
