"""Copy families: which articles of a story count as one independent source (the one rule).

Every count of independent sources (a claim's corroboration, a story's sources in the store
and the web app) comes from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.model import Relation, Story
from copydesk.text.components import components

# A relation that makes two articles one text reused. ``partial_reuse`` does not: a report that
# borrows a paragraph is still mostly its own reporting, and joining it would merge its
# independent family too.
NOT_COPIES = frozenset({"independent", "partial_reuse"})


def joins_family(relation: Relation) -> bool:
    return relation.type not in NOT_COPIES


def independent_sources(story: Story) -> int:
    """How many independent sources a story has: its articles, each copy family counted once
    (families from the copy relations when the story lists none)."""
    links = [(f[0], other) for f in story.families for other in f[1:]]
    links += [(r.a, r.b) for r in story.relations if joins_family(r)]
    return len(components(story.articles, links))


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
