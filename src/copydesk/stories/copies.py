"""Likely copies for story clustering: articles sharing much of their wording share a story.

Provenance (which copies which, and how) runs inside a story, so a copy the clusterer put in
another story would never be compared with its source. Before clustering we therefore find
pairs that share a large part of their body's word 5-grams, cheaply, with the MinHash/LSH
index of :mod:`copydesk.text.minhash`, and pass the earlier one as ``copy_of``.

Why 0.3: independent reports of one event, even of two events of one kind, share a few
phrases, not a third of their shingles (on ECB+ dev, pairs of sibling events peak at an
estimated Jaccard of 0.05 while republished wire copy reaches 0.3 to 1.0); and 0.3 is about
where the 32-band index starts to find pairs at all (a band collision at Jaccard 0.3 has
probability 0.23), so a lower bar would buy little.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from copydesk.model import Annotated
from copydesk.text import minhash as fp

COPY_JACCARD = 0.3  # estimated 5-gram Jaccard from which two bodies count as one text reused


def signatures(items: Sequence[Annotated]) -> np.ndarray:
    """MinHash signatures of the items' bodies (boilerplate excluded), one row each."""
    if not items:
        return np.zeros((0, fp.NUM_PERM), np.uint32)
    return fp.MinHasher().signatures([fp.shingle_hashes(fp.body_words(i)) for i in items])


def is_empty(sig: np.ndarray) -> bool:
    """True for the signature of a body without words (every slot still at its initial maximum)."""
    return bool(np.all(sig == np.iinfo(np.uint32).max))


def pairs(feed: Iterable[tuple[str, np.ndarray]], threshold: float = COPY_JACCARD) -> list[tuple[str, str]]:
    """Every pair of the fed articles whose bodies are likely copies: (later, earlier) in feed order.

    The set of pairs does not depend on the order (a band collision is symmetric), so a batch
    and a stream of the same articles give the same pairs.
    """
    index = fp.LSHIndex()
    out: list[tuple[str, str]] = []
    for aid, sig in feed:
        if is_empty(sig):  # an empty body matches every other empty body: no evidence
            continue
        out += [(aid, h) for h in index.query(sig, threshold) if h != aid]
        index.add(aid, sig)
    return out
