"""Who copied whom in a story: a typed relation for every compared pair, and copy families.

Each pair is judged from evidence in the text: passage alignment (``align``: shared word runs,
quotation discounted, because independent reports of one briefing share its quotes) and the
in-order sentence chain of ``rewrite``. The types, in the order they are tested:

- ``verbatim_copy``: the same body. The shared runs follow each other in the same order on
  both sides, cover >= 85% of the shorter body and >= 80% of the longer one (page furniture
  the cleaner missed is the rest), with at most 2% of edited words between them (lines
  without a full stop on one side only, such as a timestamp, are furniture, not edits).
- ``rewritten_copy``: a spun or paraphrased copy. An in-order chain of well-matched sentences
  covers >= 45% of the shorter text (mean pair score >= 0.7), and the chained sentences are
  reworded throughout: >= 4.5 short word swaps per 100 words, or under half the words kept.
- ``syndicated_copy``: a wire copy with light edits, cuts, reordered paragraphs or a new
  lede/dateline. Long shared runs (10+ words) cover >= 50% of one body and >= 35% of the
  other and stretch over >= 75% of one of them (a block lifted into another report sits
  inside both: that is partial reuse however short the texts), or an edited (not reworded)
  sentence chain covers >= half of both texts.
- ``partial_reuse``: a minority of passages taken over: 25+ unquoted words in long runs making
  >= 12% of one body (or 40+ words, or one unbroken run of 30+, in a long article), or an
  edited sentence chain that covers most of the shorter text but not the longer one.
- ``independent``: everything else, even with shared names, numbers and quotes.

Direction comes from provenance signals naming the other outlet, then publication times, then
(for whole-text copies) containment: when each keeps passages the other lacks, both come from
a common source; when one holds the other, a cut tail or scattered cuts make the shorter text
the copy (editors trim wire copy), a new lede or one inserted block of two or more sentences
makes the longer one the copy.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from copydesk.compare import align, rewrite
from copydesk.compare.families import joins_family
from copydesk.compare.vectors import SentenceVectors
from copydesk.model import Annotated, Evidence, Relation
from copydesk.text import minhash
from copydesk.text.components import components

VERBATIM = 0.85  # share of the shorter body in shared runs for a verbatim copy ...
VERBATIM_LONGER = 0.8  # ... and of the longer body (furniture the cleaner missed is the rest)
VERBATIM_EDITS = 0.02  # edited words between the runs, per aligned word, a verbatim copy allows
FURNITURE_LINE = 25  # words: a one-sided line this short without a full stop is furniture
SYNDICATED = 0.5  # share of the smaller body matched in long runs
SYNDICATED_CHAIN = 0.5  # an edited sentence chain covering this share of both texts is a wire copy
LONG_RUN = 10  # words: a shared run this long is copied text, not a name or stock phrase
REUSE_WORDS = 25  # non-quote words matched in one pair to call it partial reuse ...
REUSE_SHARE = 0.12  # ... and the share of the smaller body they make,
REUSE_PARAGRAPH = 40  # ... or at least a paragraph's worth in a long article,
REUSE_RUN = 30  # ... or one unbroken run this long (independent reports share at most ~20)
SYNDICATED_OTHER = 0.35  # a wire copy is most of the other text too (else it reused passages)
SYNDICATED_ALL = 0.8  # both bodies this much alike, quotes included: one text, whatever is quoted
SYNDICATED_SPAN = 0.75  # ... and runs from top to bottom of one of them: a lifted block sits inside both
CONTAINED = 0.85  # share above which one text holds the other
EXTRA_WORDS = 12  # words: an unaligned stretch this long is a cut or an addition, not a word edit
INSERTED_SENTENCES = 2  # one inner block of this many sentences is inserted, not one dropped sentence
_SENTENCE_END = re.compile(r"[.!?][\"”’')]*(?=\s|$)")
ALL_PAIRS_UP_TO = 60  # stories larger than this compare LSH / embedding candidates only
MAX_EVIDENCE = 40


@dataclass(frozen=True, slots=True)
class Item:
    """One article with everything pair comparison reuses."""

    article: Annotated
    tokens: align.Tokens
    quoted: bytearray
    countable: int  # body words outside quotation
    prepared: rewrite.Prepared


def prepare(item: Annotated, vectors: SentenceVectors | None = None) -> Item:
    """Tokens, quotation marks and sentence embeddings of one article, computed once per story."""
    tokens = align.body_tokens(item)
    quoted = align.in_regions(tokens, align.quoted_regions(item))
    return Item(item, tokens, quoted, len(tokens) - sum(quoted), rewrite.prepare(item, vectors))


@dataclass(frozen=True, slots=True)
class _Overlap:
    passages: tuple[align.Passage, ...]
    matched: int  # words in runs of LONG_RUN or more, outside quotation on both sides
    cov_a: float  # matched / A's countable words
    cov_b: float
    all_a: float  # every matched word (short runs too) / A's countable words
    all_b: float
    same_a: float = 0.0  # every matched word, quoted ones too / all of A's body words
    same_b: float = 0.0
    edits: int = -1  # unmatched words between the first and last run on both sides; -1: out of order
    span: float = 0.0  # the larger side's share of body words from its first to its last long run
    longest: int = 0  # words of the longest shared run, outside quotation on both sides


def _edits(runs: Sequence[tuple[int, int, int]], a: Item, b: Item) -> int:
    """Words between the shared runs on both sides, or -1 when the runs are not in the same order.

    Whole lines present on one side only (a timestamp, a caption the cleaner missed) are page
    furniture, not an edit of the text.
    """
    if not runs:
        return -1
    out = 0
    for (i, j, n), (k, m, _) in itertools.pairwise(runs):
        if m < j + n:
            return -1
        gap_a, gap_b = k - (i + n), m - (j + n)
        if gap_a and gap_b:
            out += gap_a + gap_b
        elif gap_a and not _whole_lines(a, i + n, k):
            out += gap_a
        elif gap_b and not _whole_lines(b, j + n, m):
            out += gap_b
    return out


def _whole_lines(item: Item, w0: int, w1: int) -> bool:
    """True when body words ``[w0, w1)`` are whole lines that are not sentences.

    A timestamp, standfirst or credit line (line breaks around it, no closing full stop) is
    page furniture; a cut sentence is an edit.
    """
    text, tok = item.article.text, item.tokens
    before = text[tok.ends[w0 - 1] if w0 else 0 : tok.starts[w0]]
    end = tok.starts[w1] if w1 < len(tok) else len(text)
    if "\n" not in before or "\n" not in text[tok.ends[w1 - 1] : end]:
        return False
    lines = [ln.strip().rstrip(")\"”’'") for ln in text[tok.starts[w0] : end].splitlines()]
    return all(len(ln.split()) <= FURNITURE_LINE and not ln.endswith((".", "!", "?")) for ln in lines if ln)


def _overlap(a: Item, b: Item) -> _Overlap:
    runs = align.shared_runs(a.tokens, b.tokens)
    long = every = same = longest = 0
    ends_a, ends_b = [], []
    for i, j, n in runs:
        free = sum(1 for k in range(n) if not a.quoted[i + k] and not b.quoted[j + k])
        every += free
        same += n
        long += free if n >= LONG_RUN else 0
        longest = max(longest, free)
        if n >= LONG_RUN:
            ends_a += [i, i + n]
            ends_b += [j, j + n]
    na, nb = max(a.countable, 1), max(b.countable, 1)
    ta, tb = max(len(a.tokens), 1), max(len(b.tokens), 1)
    return _Overlap(
        tuple(align.passages(runs)), long, long / na, long / nb, every / na, every / nb,
        same / ta, same / tb, _edits(runs, a, b),
        max((max(ends_a) - min(ends_a)) / ta, (max(ends_b) - min(ends_b)) / tb) if ends_a else 0.0,
        longest,
    )


def _verbatim(ov: _Overlap) -> bool:
    aligned = min(ov.same_a, ov.same_b)
    return (
        aligned >= VERBATIM
        and max(ov.same_a, ov.same_b) >= VERBATIM_LONGER
        and 0 <= ov.edits <= VERBATIM_EDITS * sum(p.matched for p in ov.passages)
    )


def _decide(
    ov: _Overlap, chain: rewrite.Chain | None, words: rewrite.Wording | None
) -> tuple[str, float, str, bool]:
    """Relation type, score, a one-line reason, and whether the sentence chain (not shared runs) made it.

    Copying is measured on runs of LONG_RUN words or more: shorter shared runs are names and
    stock phrases every report of an event has, and a spun text is broken into such runs.
    """
    big, small = max(ov.cov_a, ov.cov_b), min(ov.cov_a, ov.cov_b)
    if _verbatim(ov):
        lo, hi = min(ov.same_a, ov.same_b), max(ov.same_a, ov.same_b)
        return "verbatim_copy", round(lo, 3), f"same body text ({lo:.0%} and {hi:.0%} matched, in order)", False
    follows = chain is not None and chain.is_rewrite
    if follows and words is not None and words.reworded:
        return (
            "rewritten_copy",
            round(chain.share * chain.mean, 3),
            f"{len(chain.pairs)} sentences follow the other in order, reworded "
            f"({chain.share:.0%} of the shorter text, mean match {chain.mean:.2f}, "
            f"{words.swaps:.1f} word swaps per 100 words)",
            True,
        )
    if big >= SYNDICATED and small >= SYNDICATED_OTHER and ov.span >= SYNDICATED_SPAN:
        return "syndicated_copy", round(big, 3), f"one body repeats {big:.0%} of the other with edits or cuts", False
    if min(ov.same_a, ov.same_b) >= SYNDICATED_ALL:
        lo = min(ov.same_a, ov.same_b)
        return "syndicated_copy", round(lo, 3), f"{lo:.0%} of both bodies, quotations included, in shared runs", False
    if follows and min(chain.share_a, chain.share_b) >= SYNDICATED_CHAIN:
        return "syndicated_copy", round(chain.share * chain.mean, 3), (
            f"{len(chain.pairs)} sentences follow the other in order with light edits "
            f"({chain.share_a:.0%} and {chain.share_b:.0%} of the two texts)"
        ), True
    if ov.matched >= REUSE_WORDS and (big >= REUSE_SHARE or ov.matched >= REUSE_PARAGRAPH or ov.longest >= REUSE_RUN):
        why = f"{ov.matched} words of unquoted text shared ({big:.0%} of one body)"
        return "partial_reuse", round(big, 3), why, False
    if follows:
        return "partial_reuse", round(min(chain.share_a, chain.share_b), 3), (
            f"{len(chain.pairs)} lightly edited sentences of one text follow the other in order "
            f"({max(chain.share_a, chain.share_b):.0%} of one text, {min(chain.share_a, chain.share_b):.0%} of the other)"
        ), True
    shared = chain.share if chain else 0.0
    runs = f"only {ov.matched} unquoted words shared in long runs" if ov.matched else "no unquoted passage shared"
    return "independent", round(max(big, shared), 3), f"{runs} and no ordered sentence chain", False


def _outlet_named(item: Annotated, other: Annotated) -> bool:
    """True when ``item`` carries a provenance signal naming ``other``'s outlet."""
    outlet = (other.article.outlet or "").lower().strip()
    if not outlet:
        return False
    return any(s.value and (outlet in s.value.lower() or s.value.lower() in outlet) for s in item.signals)


def _extra_blocks(item: Item, spans: Sequence[tuple[int, int]]) -> list[tuple[str, int]]:
    """Stretches of ``item``'s body outside the aligned character ``spans``, ``EXTRA_WORDS``
    long or more (shorter ones are word edits): ``(where, sentences)``, where is head, inner
    or tail, and sentences the number of sentence ends in the stretch (at least 1)."""
    tok = item.tokens
    matched = bytearray(len(tok))
    for s, e in spans:
        lo, hi = bisect.bisect_left(tok.starts, s), bisect.bisect_right(tok.ends, e)
        matched[lo:hi] = b"\x01" * max(hi - lo, 0)
    out, k = [], 0
    while k < len(tok):
        if matched[k]:
            k += 1
            continue
        s = k
        while k < len(tok) and not matched[k]:
            k += 1
        if k - s >= EXTRA_WORDS:
            stretch = item.article.text[tok.starts[s] : tok.ends[k - 1] + 1]
            sentences = max(1, len(_SENTENCE_END.findall(stretch)))
            out.append(("head" if s == 0 else "tail" if k == len(tok) else "inner", sentences))
    return out


def _holder_is_copy(extra: Sequence[tuple[str, int]]) -> bool | None:
    """When one text holds all of the other: is the longer one the copy (it added text) or the
    source (the shorter copy cut it)? Editors cut wire copy from the bottom and drop sentences
    here and there; a copier that adds writes a new lede or inserts a block of paragraphs."""
    if not extra:
        return None
    if any(where == "head" for where, _ in extra) and len(extra) == 1:
        return True  # a new lede on top
    if len(extra) == 1 and extra[0][0] == "inner" and extra[0][1] >= INSERTED_SENTENCES:
        return True  # one block of sentences inserted
    return False  # a cut tail, scattered cuts, a dropped sentence: the shorter text is the copy


def direction(
    a: Annotated, b: Annotated, kind: str, share_a: float, share_b: float,
    extra: tuple[Sequence[tuple[str, int]], Sequence[tuple[str, int]]] | None = None,
) -> tuple[str | None, str]:
    """``a->b`` (b copies a), ``b->a``, ``common_source`` or None, with the rule that decided.

    In order: a provenance signal naming the other outlet, publication times, then (copies of
    the whole text only) containment and where the longer text's extra words are (``extra``:
    the unaligned blocks of A's and of B's body, from ``_extra_blocks``; None when the evidence
    is a sentence chain: a reworded text splits into other sentences, so unpaired sentences
    tell neither cuts nor additions, and containment is not used).
    """
    if _outlet_named(b, a):
        return "a->b", f"{b.id} names {a.article.outlet} as its source"
    if _outlet_named(a, b):
        return "b->a", f"{a.id} names {b.article.outlet} as its source"
    da, db = a.article.published, b.article.published
    if da and db and da[:19] != db[:19]:
        return ("a->b", "published earlier") if da < db else ("b->a", "published earlier")
    if kind in {"verbatim_copy", "partial_reuse"}:
        return None, ""
    if share_a < CONTAINED and share_b < CONTAINED:
        return "common_source", "each keeps passages the other lacks"
    # one text holds the other: the other is mostly aligned, or only this one has unaligned blocks
    if extra is None:
        return None, ""
    ea, eb = extra
    if share_b >= CONTAINED > share_a or (ea and not eb):
        holder, held, longer, extra_l = a, b, "b->a", ea
    elif share_a >= CONTAINED > share_b or (eb and not ea):
        holder, held, longer, extra_l = b, a, "a->b", eb
    else:
        return None, ""
    verdict = _holder_is_copy(extra_l)
    if verdict is None:
        return None, ""
    if verdict:
        return longer, f"{holder.id} holds all of {held.id} and adds to it"
    return ("a->b" if longer == "b->a" else "b->a"), f"{held.id} is {holder.id} cut"


def compare(a: Annotated, b: Annotated) -> Relation:
    """The relation between two articles (``direction`` ``a->b`` means b copies a)."""
    return compare_items(prepare(a), prepare(b))


def compare_items(a: Item, b: Item) -> Relation:
    """The relation between two prepared articles."""
    ov = _overlap(a, b)
    chain = words = None
    if not _verbatim(ov):  # the sentence chain is the costly part: skip it for plain copies
        chain = rewrite.compare(a.prepared, b.prepared)
        if chain.is_rewrite:
            words = rewrite.wording(chain, a.article.text, b.article.text)
    kind, score, why, by_chain = _decide(ov, chain, words)
    evidence: tuple[Evidence, ...] = ()
    share_a, share_b = ov.all_a, ov.all_b
    if by_chain and chain is not None:
        evidence, share_a, share_b = chain.evidence(), chain.share_a, chain.share_b
    elif kind != "independent":
        best = sorted(ov.passages, key=lambda p: -(p.i1 - p.i0))[:MAX_EVIDENCE]
        evidence = tuple(align.to_evidence(p, a.tokens, b.tokens) for p in sorted(best, key=lambda p: p.i0))
    towards, rule = None, ""
    if kind != "independent":
        extra = None
        if not by_chain:
            spans = [align.to_evidence(p, a.tokens, b.tokens) for p in ov.passages]
            extra = (_extra_blocks(a, [(e.a_start, e.a_end) for e in spans]),
                     _extra_blocks(b, [(e.b_start, e.b_end) for e in spans]))  # fmt: skip
        towards, rule = direction(a.article, b.article, kind, share_a, share_b, extra)
    return Relation(a.article.id, b.article.id, kind, score, evidence, towards, why + (f"; {rule}" if rule else ""))


def candidate_pairs(items: Sequence[Item]) -> set[tuple[int, int]]:
    """Pairs worth comparing in a large story: MinHash LSH hits plus close document embeddings."""
    sigs = minhash.MinHasher().signatures([minhash.shingle_hashes(i.tokens.words) for i in items])
    pairs = minhash.candidate_pairs(sigs)
    vecs = [i.prepared.vectors.mean(axis=0) for i in items if len(i.prepared.sentences)]
    dim = len(vecs[0]) if vecs else 1
    mat = np.stack([i.prepared.vectors.mean(axis=0) if len(i.prepared.sentences) else np.zeros(dim) for i in items])
    mat /= np.maximum(np.linalg.norm(mat, axis=1, keepdims=True), 1e-9)
    sims = mat @ mat.T
    for i in range(len(items)):
        for j in np.argsort(-sims[i])[1:6]:  # a rewrite keeps the meaning: nearest documents
            if sims[i, j] >= 0.8:
                pairs.add((min(i, int(j)), max(i, int(j))))
    return pairs


def families(ids: Sequence[str], relations: Sequence[Relation]) -> tuple[tuple[str, ...], ...]:
    """Sets of articles linked by whole-text copy relations (two or more members), origin first
    (``families.joins_family`` says which relations join)."""
    whole = [r for r in relations if joins_family(r)]
    sources, copied = sources_and_copies(whole)
    order = {i: k for k, i in enumerate(ids)}
    out = []
    for members in components(ids, [(r.a, r.b) for r in whole]):
        if len(members) < 2:
            continue
        origins = [m for m in members if m in sources and m not in copied]
        out.append(tuple(sorted(members, key=lambda m: (m not in origins, order[m]))))
    return tuple(sorted(out, key=lambda f: order[f[0]]))


def relate(
    members: Sequence[Annotated], vectors: SentenceVectors | None = None
) -> tuple[tuple[Relation, ...], tuple[tuple[str, ...], ...]]:
    """Every compared pair of a story's articles with its relation, and the copy families
    (``vectors``: the story's sentence vectors, shared with claim alignment)."""
    vectors = vectors or SentenceVectors()
    items = [prepare(m, vectors) for m in members]
    if len(items) <= ALL_PAIRS_UP_TO:
        pairs = list(itertools.combinations(range(len(items)), 2))
    else:
        pairs = sorted(candidate_pairs(items))
    relations = tuple(compare_items(items[i], items[j]) for i, j in pairs)
    return relations, families([m.id for m in members], relations)


def sources_and_copies(relations: Iterable[Relation]) -> tuple[set[str], set[str]]:
    """The articles that directed ``relations`` name as a source, and those they name as a copy."""
    sources, copied = set(), set()
    for r in relations:
        if r.direction == "a->b":
            sources.add(r.a)
            copied.add(r.b)
        elif r.direction == "b->a":
            sources.add(r.b)
            copied.add(r.a)
    return sources, copied
