"""Claims across a story: the factual sentences of each article, aligned when they state the same fact.

A claim unit is a body sentence that is not mostly quotation (quotes are handled by the
quotes stage). Two sentences of different articles align when their WordLlama embeddings,
content words, named entities and numbers agree enough; aligned sentences form one claim,
holding at most one sentence per article. Corroboration is counted by copy family: a
verbatim or spun copy repeats its source, it does not confirm it, so each family counts once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from copydesk.annotate.claim_units import Unit, units
from copydesk.compare.counts import conflicting_numbers
from copydesk.compare.families import family_of
from copydesk.compare.vectors import SentenceVectors
from copydesk.model import Annotated, Claim, SourceRef, stable_id
from copydesk.text.components import UnionFind

# Pair score above which two sentences state the same fact. bench/claims.py's cross-validation
# picks 0.35, but its stories have almost no unaligned sentences; on real articles (the example)
# 0.35 joins sentences that only share a topic, so the stricter value is kept.
THRESHOLD = 0.55
def pair_scores(us: Sequence[Unit], vectors: SentenceVectors | None = None) -> np.ndarray:
    """Score every pair of units: embedding cosine, plus shared words, names and numbers.

    Shared words and names are weighted by how rare they are in the story (inverse document
    frequency over its sentences): every sentence of a story shares its topic words ("Lakeport",
    "ban"), so only the rarer words a pair shares say that it states the same fact.
    """
    n = len(us)
    if n == 0:
        return np.zeros((0, 0), dtype=np.float32)
    emb = np.asarray((vectors or SentenceVectors()).of([u.text for u in us]), dtype=np.float32)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    score = emb @ emb.T
    idf = _idf([u.words | u.names for u in us])
    for i in range(n):
        for j in range(i + 1, n):
            if us[i].article == us[j].article or score[i, j] < 0.35:
                continue
            a, b = us[i], us[j]
            lex = _overlap(a.words, b.words, idf)
            names = _overlap(a.names, b.names, idf) if a.names and b.names else 0.0
            nums = 0.1 if a.numbers & b.numbers else 0.0
            # The embedding carries the meaning; shared words and names separate "same fact"
            # from "same topic", which a story's sentences all share.
            s = 0.55 * score[i, j] + 0.3 * lex + 0.15 * names + nums
            score[i, j] = score[j, i] = s
    return score


def _idf(bags: Sequence[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each word over the story's claim sentences."""
    df: dict[str, int] = {}
    for bag in bags:
        for w in bag:
            df[w] = df.get(w, 0) + 1
    n = len(bags)
    return {w: float(np.log((n + 1) / (d + 0.5))) for w, d in df.items()}


def _overlap(a: frozenset[str], b: frozenset[str], idf: dict[str, float]) -> float:
    """Weighted share of the smaller bag's words that the other bag holds too."""
    shared = sum(idf.get(w, 0.0) for w in a & b)
    return shared / max(1e-9, min(sum(idf.get(w, 0.0) for w in a), sum(idf.get(w, 0.0) for w in b)))


def cluster(us: Sequence[Unit], score: np.ndarray, threshold: float = THRESHOLD) -> list[list[int]]:
    """Group units best pair first (average linkage); a group never holds two sentences of one article.

    Average linkage, not single: a sentence joins a group only when it is like the group as a
    whole, so two different facts are not chained through one sentence that mentions both.
    """
    sets = UnionFind(range(len(us)))
    members: dict[int, set[str]] = {i: {u.article} for i, u in enumerate(us)}  # by set root
    held: dict[int, list[int]] = {i: [i] for i in range(len(us))}
    pairs = [(score[i, j], i, j) for i in range(len(us)) for j in range(i + 1, len(us))
             if us[i].article != us[j].article and score[i, j] >= threshold]
    for _, i, j in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        ri, rj = sets.find(i), sets.find(j)
        if ri == rj or members[ri] & members[rj]:
            continue
        if float(score[np.ix_(held[ri], held[rj])].mean()) < threshold:
            continue
        sets.union(ri, rj)  # rj joins ri's set: ri stays the root
        members[ri] |= members.pop(rj)
        held[ri] += held.pop(rj)
    return sets.groups()


def align(
    members: Sequence[Annotated],
    families: Sequence[Sequence[str]] | None = None,
    threshold: float = THRESHOLD,
    vectors: SentenceVectors | None = None,
) -> tuple[Claim, ...]:
    """The story's claims, most independently corroborated first, each citing every stating sentence
    (``vectors``: the story's sentence vectors, shared with copy detection)."""
    by_id = {m.id: m for m in members}
    us = [u for m in members for u in units(m)]
    score = pair_scores(us, vectors)
    fam = family_of(families, [m.id for m in members])
    claims = []
    for group in cluster(us, score, threshold):
        group = sorted(group, key=lambda i: ([m.id for m in members].index(us[i].article), us[i].start))
        srcs = tuple(SourceRef(us[i].article, us[i].start, us[i].end) for i in group)
        fams = sorted({fam[s.article] for s in srcs})
        disputed = conflicting_numbers(by_id, srcs, fam)
        status = "disputed" if disputed else "corroborated" if len(fams) >= 2 else "single_source"
        rep = _medoid(group, score)
        claims.append(Claim(
            id=stable_id("claim", *(f"{s.article}:{s.start}" for s in srcs)),
            text=" ".join(us[rep].text.split()),
            sources=srcs,
            independent_sources=len(fams),
            status=status,
            why=explain(srcs, fam, by_id, disputed),
        ))
    order = {m.id: k for k, m in enumerate(members)}
    claims.sort(key=lambda c: (-c.independent_sources, -len(c.sources), order[c.sources[0].article], c.sources[0].start))
    return tuple(claims)


def _medoid(group: list[int], score: np.ndarray) -> int:
    """The sentence most like the others: the neutral wording to show for the claim."""
    if len(group) <= 2:
        return group[0]
    return max(group, key=lambda i: (sum(score[i, j] for j in group if j != i), -i))


def _label(item: Annotated) -> str:
    a = item.article
    if a.outlet:
        return a.outlet
    if a.title:  # cut at a word, not mid-word
        return a.title if len(a.title) <= 40 else a.title[:40].rsplit(" ", 1)[0] + "…"
    return a.id[:8]


def explain(srcs: Sequence[SourceRef], fam: dict[str, int], by_id: dict[str, Annotated], disputed: str | None) -> str:
    """Why the count is what it is: which sources are copies of each other and count once."""
    groups: dict[int, list[str]] = {}
    for s in srcs:
        groups.setdefault(fam[s.article], []).append(_label(by_id[s.article]))
    parts = []
    for names in groups.values():
        if len(names) > 1:
            parts.append(f"{' and '.join(repr(n) for n in names)} are copies of one source and count once")
    n = len(groups)
    head = f"{len(srcs)} article(s) state this, from {n} independent source(s)"
    why = head + ("; " + "; ".join(parts) if parts else "")
    if disputed:
        why += f"; independent sources disagree: {disputed}"
    return why
