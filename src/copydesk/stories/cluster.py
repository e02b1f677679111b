"""Incremental story clustering: each arriving article joins its best live story or starts one.

A story is a centroid (sum of its members' unit term vectors and unit embeddings). An article
joins the most similar story in the time window when the similarity clears ``threshold``;
when it clears the threshold for two stories whose centroids also match, they merge and the
younger id redirects to the older one. Candidates come from a brute-force numpy search over
the embeddings of live stories (stories that fell out of the time window leave the index),
so the cost per article is bounded by the window, not by the store. After each join a local
re-check (``stories.recheck``) may move recent members to a nearby story they now fit better,
judged with shared-nearest-neighbour evidence (``stories.neighbours``) that the arrival could
not see yet, or out to a story of their own; a story left empty redirects to where its last
member went. Feeding the same articles in the same order always gives the same stories and
ids; batch mode is exactly that.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from copydesk.model import stable_id
from copydesk.stories.index import DIM, StoryIndex
from copydesk.stories.neighbours import Neighbours
from copydesk.stories.recheck import recheck
from copydesk.stories.represent import Representation, sparse_dot


@dataclass(frozen=True, slots=True)
class Params:
    """Clustering settings; defaults chosen by cross-validation over topic folds (bench/stories.py)."""

    threshold: float = 0.35  # mean blended cosine with the members needed to join a story
    blend: float = 0.2  # weight of the embedding cosine; the rest is the tf-idf cosine
    window_days: float = 7.0  # an article only joins a story seen within this many days
    candidates: int | None = 32  # stories re-scored per article (None: every live story)
    max_terms: int = 256  # terms kept per story centroid (the heaviest): bounds memory
    article_terms: int = 128  # terms kept per article for the neighbour lists (bounds memory)
    recheck: int = 32  # latest members per story re-scored after each join (0: no re-check)
    recheck_stories: int = 4  # candidate stories besides the joined one that the re-check compares
    recheck_margin: float = 0.0  # a move must raise the article's fit by more than this
    snn: float = 0.4  # weight of shared-nearest-neighbour evidence in the re-check's fit (0: off)
    snn_k: int = 10  # longest neighbour list per article
    snn_floor: float = 0.1  # a neighbour must be this similar: above 95% of unrelated pairs (ECB+)
    eject: bool = True  # a member whose fit falls under the threshold, and fits nowhere else, leaves


@dataclass(frozen=True, slots=True)
class Assignment:
    """Where an article went: its story's id, whether it founded it, which ids merged into it."""

    article: str
    story_id: str
    new: bool
    merged_from: tuple[str, ...] = ()
    score: float = 0.0
    moved: tuple[tuple[str, str, str], ...] = ()  # re-check moves: (article, from story, to story)


def story_id(founder: str) -> str:
    """A story's id: derived from the article that founded it, so it stays put as the story grows."""
    return "s-" + stable_id(founder, length=12)


@dataclass(slots=True)
class StoryState:
    """One live story: members, centroid parts, times, outlets and entity counts."""

    id: str
    seq: int  # creation order: the older story survives a merge
    members: list[str] = field(default_factory=list)
    term_ids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    term_sum: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    emb_sum: np.ndarray = field(default_factory=lambda: np.zeros(DIM, np.float32))
    first_seen: float | None = None
    last_seen: float | None = None
    outlets: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)


def _sparse_add(a_ids: np.ndarray, a_w: np.ndarray, b_ids: np.ndarray, b_w: np.ndarray, keep: int):
    """Sum two sparse vectors and keep the ``keep`` heaviest terms (ids stay sorted)."""
    ids, inverse = np.unique(np.concatenate([a_ids, b_ids]), return_inverse=True)
    w = np.bincount(inverse, weights=np.concatenate([a_w, b_w]), minlength=len(ids)).astype(np.float32)
    if len(ids) > keep:
        top = np.sort(np.argpartition(-w, keep)[:keep])
        ids, w = ids[top], w[top]
    return ids, w


def _min(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


class Clusterer:
    """Stories built one article at a time; ``add`` returns where each article went.

    >>> c = Clusterer()                                         # doctest: +SKIP
    >>> c.add(represent(item)).story_id                         # doctest: +SKIP
    """

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or Params()
        self.stories: dict[str, StoryState] = {}
        self.redirects: dict[str, str] = {}  # merged-away id -> the id that absorbed it
        self.story_of_article: dict[str, str] = {}  # article -> story id at join (resolve it)
        self.titles: dict[str, str | None] = {}
        self.embeddings: dict[str, np.ndarray] = {}  # per article, float16: picks a story's title
        self.newest: float | None = None
        self.dirty: set[str] = set()  # stories changed since the last save
        self.removed: set[str] = set()  # stories merged away since the last save
        self.fresh: list[str] = []  # articles added (or moved) since the last save
        self.reps: dict[str, Representation] = {}  # latest members' vectors: what the re-check moves
        self.pinned: set[str] = set()  # copies and their sources: they never move apart
        self.forgotten: set[str] = set()  # articles that left the re-check's reach since the last save
        self.moves: list[tuple[str, str, str]] = []  # re-check moves since the last save
        self._seq = 0
        p = self.params
        self.neighbours = Neighbours(p.snn_k, p.snn_floor, p.blend, p.article_terms)
        self.index = StoryIndex()  # live stories only: what an arriving article is compared with

    # -- public API -----------------------------------------------------------------------

    def add(self, rep: Representation, copy_of: str | None = None) -> Assignment:
        """Assign one article; ``copy_of`` (an already-added article it copies) forces its story."""
        if rep.article in self.story_of_article:
            return Assignment(rep.article, self.resolve(self.story_of_article[rep.article]), False)
        if rep.time is not None:
            self.newest = _max(self.newest, rep.time)
            self._retire_old()
        scored = self._candidates(rep)
        if self.params.snn and self.params.recheck:
            self._record_neighbours(rep, scored)
        matches = [(sid, s) for sid, s in scored if s >= self.params.threshold]
        if copy_of is not None and copy_of in self.story_of_article:
            target, score, new = self.resolve(self.story_of_article[copy_of]), 1.0, False
            self._pin(copy_of, rep.article)
        elif matches:
            (target, score), new = matches[0], False
        else:
            target, score, new = self.new_story(rep.article), 0.0, True
        self._join(target, rep)
        merged: list[str] = []
        for other, _ in matches:
            other = self.resolve(other)
            target = self.resolve(target)
            if other != target and self.centroid_similarity(target, other) >= self.params.threshold:
                survivor, gone = self._merge(target, other)
                merged.append(gone)
                target = survivor
        moved: list[tuple[str, str, str]] = []
        if self.params.recheck:
            moved = recheck(self, self.resolve(target), [sid for sid, _ in scored])
            self.moves += moved
        return Assignment(
            rep.article, self.story_for(rep.article) or "", new, tuple(merged), score, tuple(moved)
        )

    def add_many(self, reps: Iterable[Representation]) -> list[Assignment]:
        """Feed articles one by one, in the order given."""
        return [self.add(r) for r in reps]

    def link(self, a: str, b: str) -> str | None:
        """Put two added articles in one story (the provenance stage found that one copies the other)."""
        if a not in self.story_of_article or b not in self.story_of_article:
            return None
        self._pin(a, b)
        sa, sb = self.resolve(self.story_of_article[a]), self.resolve(self.story_of_article[b])
        return sa if sa == sb else self._merge(sa, sb)[0]

    def resolve(self, sid: str) -> str:
        """The live id of a story (follows merge redirects)."""
        seen = sid
        while seen in self.redirects:
            seen = self.redirects[seen]
        if seen != sid:
            self.redirects[sid] = seen  # path compression
        return seen

    def story_for(self, article: str) -> str | None:
        sid = self.story_of_article.get(article)
        return self.resolve(sid) if sid else None

    def groups(self) -> list[list[str]]:
        """Stories as member lists, oldest story first, members in joining order."""
        return [list(s.members) for s in sorted(self.stories.values(), key=lambda s: s.seq)]

    def similarity(self, rep: Representation, sid: str) -> float:
        """Average-link similarity of an article and a story: its mean blended cosine with the members.

        The mean of dot products with unit member vectors is the dot product with their sum over
        the size, so it costs one sparse dot whatever the story's size. Unlike the cosine with the
        centroid it does not grow with the story, so one threshold fits pairs and big stories.
        """
        s = self.stories[sid]
        n = len(s.members)
        terms = sparse_dot(rep.term_ids, rep.term_weights, s.term_ids, s.term_sum) / n
        emb = float(np.dot(rep.embedding, s.emb_sum)) / n
        return self.params.blend * emb + (1 - self.params.blend) * terms

    def centroid_similarity(self, a: str, b: str) -> float:
        """Average-link similarity of two stories (mean blended cosine over member pairs)."""
        sa, sb = self.stories[a], self.stories[b]
        n = len(sa.members) * len(sb.members)
        terms = sparse_dot(sa.term_ids, sa.term_sum, sb.term_ids, sb.term_sum) / n
        emb = float(np.dot(sa.emb_sum, sb.emb_sum)) / n
        return self.params.blend * emb + (1 - self.params.blend) * terms

    def index_size(self) -> int:
        """Stories currently searchable (live in the time window)."""
        return len(self.index)

    # -- internals ------------------------------------------------------------------------

    def _candidates(self, rep: Representation) -> list[tuple[str, float]]:
        """Live stories in the window, nearest by embedding, re-scored by blended similarity."""
        p = self.params
        near = self.index.nearest(rep.embedding, rep.time, p.window_days, p.candidates)
        scored = [(sid, self.similarity(rep, sid)) for sid in near]
        # Best first; on a tie the older story wins, so any order of equal scores gives one answer.
        scored.sort(key=lambda t: (-round(t[1], 6), self.stories[t[0]].seq))
        return scored

    def latest(self, sid: str) -> list[str]:
        """The story's latest ``recheck`` members: the ones the re-check may still move."""
        return self.stories[sid].members[-self.params.recheck :]

    def _record_neighbours(self, rep: Representation, scored: list[tuple[str, float]]) -> None:
        """Record the article's neighbours among the latest members of its nearest stories.

        The pool is the stories the re-check may compare, so the cost per article stays bounded
        by ``recheck_stories x recheck`` whatever the size of the store.
        """
        nn = self.neighbours
        near = [sid for sid, _ in scored[: self.params.recheck_stories + 1]]
        pool = [a for sid in near for a in self.latest(sid) if a in nn.vectors]
        nn.add(rep, pool, nn.similarities(rep, pool, self.embeddings))

    def _pin(self, *articles: str) -> None:
        self.pinned.update(articles)
        self.fresh.extend(a for a in articles if a in self.story_of_article)  # their rows get the pin

    def new_story(self, founder: str) -> str:
        """Open an empty story founded by ``founder`` (its id derives from it) and index it."""
        sid, n = story_id(founder), 0
        while sid in self.stories or sid in self.redirects:  # an ejected founder starts again
            n += 1
            sid = story_id(f"{founder}#{n}")
        self._seq += 1
        self.stories[sid] = StoryState(sid, self._seq)
        self._index_put(sid)
        return sid

    def _join(self, sid: str, rep: Representation) -> None:
        s = self.stories[sid]
        s.members.append(rep.article)
        s.term_ids, s.term_sum = _sparse_add(
            s.term_ids, s.term_sum, rep.term_ids, rep.term_weights, self.params.max_terms
        )
        s.emb_sum = s.emb_sum + rep.embedding
        s.first_seen, s.last_seen = _min(s.first_seen, rep.time), _max(s.last_seen, rep.time)
        if rep.outlet:
            s.outlets[rep.outlet] += 1
        s.entities.update(dict.fromkeys(rep.entities, 1))  # how many members name it, not mentions
        if len(s.entities) > 64:  # bound memory: keep the names most members share
            s.entities = Counter(dict(s.entities.most_common(32)))
        self.story_of_article[rep.article] = sid
        self.titles[rep.article] = rep.title
        self.embeddings[rep.article] = rep.embedding.astype(np.float16)
        self.fresh.append(rep.article)
        self.dirty.add(sid)
        self._index_put(sid)
        if self.params.recheck:  # keep vectors only for members the re-check can still reach
            self.reps[rep.article] = rep
            if len(s.members) > self.params.recheck:
                old = s.members[-self.params.recheck - 1]
                self.reps.pop(old, None)
                self.neighbours.forget(old)
                self.forgotten.add(old)

    def move(self, article: str, dst: str) -> None:
        """Move a re-checked article to story ``dst``; a story left empty redirects to ``dst``.

        The article's vectors come out of its old story's sums by subtraction: exact for the
        embedding, exact for the terms the story still holds (a term the 256-term truncation
        dropped is not there to subtract; a weight that would go negative is dropped).
        """
        rep = self.reps[article]
        src = self.resolve(self.story_of_article[article])
        s = self.stories[src]
        s.members.remove(article)
        if not s.members:  # retire: its id now points where its last member went
            del self.stories[src]
            self.redirects[src] = dst
            self._index_drop(src)
            self.dirty.discard(src)
            self.removed.add(src)
        else:
            pos = np.searchsorted(rep.term_ids, s.term_ids)
            pos = np.minimum(pos, max(len(rep.term_ids) - 1, 0))
            hit = (rep.term_ids[pos] == s.term_ids) if len(rep.term_ids) else np.zeros(len(s.term_ids), bool)
            w = s.term_sum - np.where(hit, rep.term_weights[pos] if len(rep.term_ids) else 0.0, 0.0)
            keep = w > 1e-6
            s.term_ids, s.term_sum = s.term_ids[keep], w[keep].astype(np.float32)
            s.emb_sum = s.emb_sum - rep.embedding
            if rep.outlet and s.outlets[rep.outlet] > 0:
                s.outlets[rep.outlet] -= 1
                s.outlets += Counter()  # drop zero counts
            s.entities.subtract({e: 1 for e in rep.entities if e in s.entities})
            s.entities += Counter()
            self.dirty.add(src)
            self._index_put(src)
        self._join(dst, rep)

    def _merge(self, a: str, b: str) -> tuple[str, str]:
        """Merge two stories; the older keeps its id and the other redirects to it."""
        keep, gone = (a, b) if self.stories[a].seq < self.stories[b].seq else (b, a)
        k, g = self.stories[keep], self.stories.pop(gone)
        k.members.extend(g.members)
        k.term_ids, k.term_sum = _sparse_add(
            k.term_ids, k.term_sum, g.term_ids, g.term_sum, self.params.max_terms
        )
        k.emb_sum = k.emb_sum + g.emb_sum
        k.first_seen, k.last_seen = _min(k.first_seen, g.first_seen), _max(k.last_seen, g.last_seen)
        k.outlets.update(g.outlets)
        k.entities.update(g.entities)
        self.redirects[gone] = keep
        self._index_drop(gone)
        self._index_put(keep)
        self.dirty.add(keep)
        self.dirty.discard(gone)
        self.removed.add(gone)
        return keep, gone

    def _index_put(self, sid: str) -> None:
        s = self.stories[sid]
        self.index.put(sid, s.emb_sum, s.first_seen, s.last_seen)

    def _index_drop(self, sid: str) -> None:
        self.index.drop(sid)

    def _retire_old(self) -> None:
        """Drop stories two windows behind the newest article from the index (they stay stored)."""
        if self.newest is not None and self.params.window_days:
            self.index.retire(self.newest - 2 * self.params.window_days)

    def revive(self, sid: str) -> None:
        """Put a stored story back in the index (used when loading state)."""
        self._index_put(sid)


def feed_order(reps: Sequence[Representation]) -> list[int]:
    """Indices of ``reps`` in publication order, undated ones after in the order given."""
    return sorted(range(len(reps)), key=lambda i: (reps[i].time is None, reps[i].time or 0.0, i))


def cluster(
    reps: Sequence[Representation], params: Params | None = None, copy_of: Mapping[str, str] | None = None
) -> Clusterer:
    """Batch mode: feed ``reps`` one by one in publication order; ``copy_of`` maps likely copies."""
    c = Clusterer(params)
    copy_of = copy_of or {}
    for i in feed_order(reps):
        c.add(reps[i], copy_of.get(reps[i].article))
    return c
