"""Connected components: which items a set of pairwise links joins into groups (the one union-find)."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets over ``items``, for callers that decide each link knowing what is joined already."""

    def __init__(self, items: Iterable[T]) -> None:
        self._items = list(items)
        self._parent = {x: x for x in self._items}

    def __contains__(self, x: object) -> bool:
        return x in self._parent

    def find(self, x: T) -> T:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: T, b: T) -> None:
        """Join ``b``'s set into ``a``'s."""
        self._parent[self.find(b)] = self.find(a)

    def groups(self) -> list[list[T]]:
        """The sets in the order of their first item, members in input order."""
        out: dict[T, list[T]] = {}
        for x in self._items:
            out.setdefault(self.find(x), []).append(x)
        return list(out.values())


def components(items: Sequence[T], links: Iterable[tuple[T, T]]) -> list[list[T]]:
    """Groups of ``items`` joined by ``links`` (links naming other items are ignored).

    Deterministic: groups come in the order of their first item, members in input order.
    """
    sets = UnionFind(items)
    for a, b in links:
        if a in sets and b in sets:
            sets.union(a, b)
    return sets.groups()
