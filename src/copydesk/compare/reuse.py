"""Passages reused across the whole collection, not only inside one story.

Each article's unquoted body words give word ``SHINGLE``-gram hashes, thinned by winnowing
(Schleimer et al. 2003, the scheme behind MOSS): the smallest hash of every ``WINDOW``
consecutive n-grams is kept. Any shared run of ``SHINGLE + WINDOW - 1`` words or more is
then guaranteed to share a kept hash, at about a quarter of the n-grams' cost. A posting
index (hash → articles; in the store a table, in memory two sorted arrays) gives, for a new article, the stored articles sharing at least
``MIN_SHARED`` hashes; hashes that more than ``MAX_POSTINGS`` articles hold are stock phrases
or a wire text run everywhere and do not count. The candidates are verified by
``provenance.compare_items`` (passage alignment, the same typing as inside a story), so a
cross-story relation is typed and directed exactly as a within-story one.

Quoted words are left out: reports of one briefing share its quotes, which is not reuse.
The lookup is near-linear in the collection: each article costs one posting lookup per
kept hash, whatever the collection's size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from copydesk.compare import align, provenance
from copydesk.model import Annotated, Relation, Story
from copydesk.text.minhash import ngram_hashes

SHINGLE = 6  # words per n-gram: longer than the stock phrases of news ("said in a statement")
WINDOW = 8  # n-grams per winnowing window: a shared run of 13+ words always shares a hash
MIN_SHARED = 2  # kept hashes two articles must share to be compared (a 25-word passage has 2+)
MAX_POSTINGS = 200  # a hash held by more articles than this is a stock phrase, not evidence
MAX_CANDIDATES = 20  # verified per new article, most shared hashes first


def passage_hashes(item: Annotated) -> np.ndarray:
    """Winnowed hashes of the article's unquoted body n-grams, distinct, sorted (uint64)."""
    tokens = align.body_tokens(item)
    quoted = np.frombuffer(bytes(align.in_regions(tokens, align.quoted_regions(item))), dtype=np.uint8)
    return winnow(ngram_hashes(tokens.words, SHINGLE), quoted)


def winnow(hashes: np.ndarray, quoted: np.ndarray, k: int = SHINGLE, window: int = WINDOW) -> np.ndarray:
    """The smallest hash of every ``window`` consecutive n-grams that hold no quoted word."""
    n = len(quoted)
    if n < k:
        return np.zeros(0, dtype=np.uint64)
    inside = np.concatenate([[0], np.cumsum(quoted, dtype=np.int64)])
    free = (inside[k:] - inside[: n - k + 1]) == 0  # n-grams without a quoted word
    h = hashes[free]
    if len(h) <= window:
        return np.unique(h[[int(np.argmin(h))]]) if len(h) else h
    views = np.lib.stride_tricks.sliding_window_view(h, window)
    picked = views.argmin(axis=1) + np.arange(len(views))
    return np.unique(h[picked])


def rank(postings: Iterable[Sequence[str]], exclude: str = "") -> list[tuple[str, int]]:
    """Candidate articles by hashes shared (``postings``: the holders of each hash of one
    article), best first, at most ``MAX_CANDIDATES``; over-full postings are skipped."""
    shared: Counter[str] = Counter()
    for holders in postings:
        if len(holders) <= MAX_POSTINGS:
            shared.update(h for h in holders if h != exclude)
    hits = [(aid, n) for aid, n in shared.items() if n >= MIN_SHARED]
    return sorted(hits, key=lambda t: (-t[1], t[0]))[:MAX_CANDIDATES]


def candidate_pairs(hash_sets: Sequence[np.ndarray]) -> list[tuple[int, int]]:
    """``(i, j)``, i < j: for each article j, the earlier articles ``rank`` would give it had
    each been looked up against those before it (as the store does), computed at once.

    The postings are two sorted numpy arrays (16 bytes per kept hash), not a dict of lists, so
    a whole collection fits in memory. A hash held by more than ``MAX_POSTINGS`` articles
    still counts among its first ``MAX_POSTINGS + 1`` holders, as it does in the store.
    """
    if not hash_sets:
        return []
    n = len(hash_sets)
    h = np.concatenate([np.asarray(x, dtype=np.uint64) for x in hash_sets])
    ids = np.repeat(np.arange(n, dtype=np.int64), [len(x) for x in hash_sets])
    order = np.lexsort((ids, h))
    h, ids = h[order], ids[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, len(h)])
    # pairs within each hash's counted holders, one offset at a time over all hashes at once
    end = np.repeat(starts + np.minimum(sizes, MAX_POSTINGS + 1), sizes)  # end of the counted holders
    pos = np.flatnonzero(end - np.arange(len(h)) > 1)
    codes, d = [], 1
    while len(pos):
        codes.append(ids[pos] * n + ids[pos + d])
        d += 1
        pos = pos[end[pos] - pos > d]
    if not codes:
        return []
    pairs, shared = np.unique(np.concatenate(codes), return_counts=True)
    keep = shared >= MIN_SHARED
    pairs, shared = pairs[keep], shared[keep]
    later, earlier = pairs % n, pairs // n
    out: dict[int, list[tuple[int, int]]] = {}
    for e, j, c in zip(earlier.tolist(), later.tolist(), shared.tolist(), strict=True):
        out.setdefault(j, []).append((-c, e))
    return sorted((e, j) for j, cands in out.items() for _, e in sorted(cands)[:MAX_CANDIDATES])


def verify(pairs: Iterable[tuple[str, str]], item_of: Callable[[str], provenance.Item]) -> list[Relation]:
    """The copy relations among candidate pairs ``(earlier, later)``; independent ones are dropped."""
    out = []
    for a, b in pairs:
        rel = provenance.compare_items(item_of(a), item_of(b))
        if rel.type != "independent":
            out.append(rel)
    return out


def across_stories(items: Sequence[Annotated], story_of: Mapping[str, str]) -> list[Relation]:
    """Copy relations between articles of different stories, each article looked up against
    every article before it (input order), verified by passage alignment."""
    prepared: dict[str, provenance.Item] = {}
    by_id = {i.id: i for i in items}

    def item_of(aid: str) -> provenance.Item:
        if aid not in prepared:
            prepared[aid] = provenance.prepare(by_id[aid])
        return prepared[aid]

    found = candidate_pairs([passage_hashes(i) for i in items])
    pairs = [(items[i].id, items[j].id) for i, j in found if story_of[items[i].id] != story_of[items[j].id]]
    return verify(pairs, item_of)


def attach(stories: Sequence[Story], relations: Sequence[Relation]) -> list[Story]:
    """Each story with the cross-story relations one of its articles takes part in (``reuse``)."""
    by_article: dict[str, list[Relation]] = {}
    for r in relations:
        by_article.setdefault(r.a, []).append(r)
        by_article.setdefault(r.b, []).append(r)
    out = []
    for story in stories:
        members = set(story.articles)
        mine = {(r.a, r.b): r for aid in story.articles for r in by_article.get(aid, ())
                if (r.a in members) != (r.b in members)}  # fmt: skip
        out.append(replace(story, reuse=tuple(mine.values())) if mine or story.reuse else story)
    return out
