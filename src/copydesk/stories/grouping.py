"""Story grouping for the batch pipeline: the same ``StoryGraph`` the store keeps, fed at once.

``group(items)`` gives exactly the stories (and ids) that ingesting the same articles into a
store gives, in any order and any batch sizes: the grouping is a function of the set of
articles (``stories.graph``). Each group lists its founding article first.
"""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.model import Annotated
from copydesk.stories import copies, graph, similarity
from copydesk.stories.represent import Representation, represent_many


def group(
    items: Sequence[Annotated], params: similarity.Params | None = None, reps: Sequence[Representation] | None = None
) -> list[list[str]]:
    """Partition article ids into stories (every article in exactly one), founder first.

    Likely copies (MinHash/LSH over the bodies, :mod:`copydesk.stories.copies`) always share
    a story, as they do in a store. ``reps``: the items' term vectors when the caller made them.
    """
    reps = reps if reps is not None else represent_many(items)
    sigs = copies.signatures(items)
    pairs = copies.pairs(zip([r.article for r in reps], sigs, strict=True))
    return graph.group(reps, pairs, params)


def story_id(article_ids: Sequence[str]) -> str:
    """A story's id: derived from its founding article (the first id)."""
    return graph.story_id(article_ids[0])

