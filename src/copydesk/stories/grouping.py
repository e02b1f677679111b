"""Story grouping for the batch pipeline: the incremental clusterer fed in publication order.

``group(items)`` gives exactly what feeding the same articles one by one to a
:class:`~copydesk.stories.cluster.Clusterer`, with their likely copies, gives, so
``copydesk analyze`` and a store filled by ``copydesk ingest`` agree. Each group lists its founding article first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.model import Annotated
from copydesk.stories import cluster, copies
from copydesk.stories.represent import represent_many


def group(items: Sequence[Annotated], params: cluster.Params | None = None) -> list[list[str]]:
    """Partition article ids into stories (every article in exactly one), founder first.

    Likely copies (MinHash/LSH over the bodies, :mod:`copydesk.stories.copies`) always share
    a story, as they do when the same articles are ingested one by one.
    """
    reps = represent_many(items)
    order = cluster.feed_order(reps)
    sigs = copies.signatures(items)
    copy_of = copies.sources((reps[i].article, sigs[i]) for i in order)
    return cluster.cluster(reps, params, copy_of).groups()


def story_id(article_ids: Sequence[str]) -> str:
    """A story's id: derived from its founding article (the first id), so it survives growth."""
    return cluster.story_id(article_ids[0])


def story_title(members: Sequence[Annotated]) -> str:
    """The headline (or lead sentence) of the member closest to the story's centroid."""
    from copydesk.stories.records import central_title

    reps = represent_many(members, embed=False)
    vectors = [dict(zip(r.term_ids.tolist(), r.term_weights.tolist(), strict=True)) for r in reps]
    total: dict[int, float] = {}
    for v in vectors:
        for k, w in v.items():
            total[k] = total.get(k, 0.0) + w
    scores = np.array([sum(w * total[k] for k, w in v.items()) for v in vectors]) if vectors else np.zeros(0)
    return central_title([r.title for r in reps], scores)
