"""Spun-copy detection: a rewrite follows its source sentence by sentence, in order.

A machine rewrite swaps ordinary words for synonyms ("stand firm" for "don't budge") but
keeps the source's sentence order, names, numbers and quotes. So we score every sentence pair
of the two articles by meaning (WordLlama embeddings), shared content words and shared
anchors (numbers, capitalised names), and find the best in-order chain of well-matched
sentences. A rewrite chains most of the shorter article's sentences; two independent reports
of one event match a few sentences (the lead, a shared quote) but not a long ordered chain.
Sentences that are mostly quotation do not count: sharing a briefing's quotes is not copying.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from copydesk.compare.align import quoted_regions
from copydesk.compare.vectors import SentenceVectors
from copydesk.model import Annotated, Evidence

PAIR_MIN = 0.62  # sentence-pair score that can join a chain (bench/provenance.py)
GAP_MIN = 0.3  # a sentence between two chained pairs, in step on both sides, joins above this
CHAIN_SHARE = 0.45  # chained share of the shorter article's countable sentences for a rewrite
CHAIN_MIN = 3  # sentences: fewer is a coincidence, not a rewrite
CHAIN_MEAN = 0.7  # mean pair score: a rewrite carries each sentence over closely; two reports of one
# event chain loosely related sentences (same topic, different details) at 0.6-0.66 (bench/provenance.py)
LOOSE_SHARE = 0.75  # ... a looser chain (a heavy spin) must pair this share of both texts' sentences
LOOSE_LENGTH = 0.8  # ... with sentences of matching length (mean shorter/longer content words)
SWAP_MAX = 3  # words: a replacement this short is a synonym swap, longer is rewording or an edit
SWAPS_REWORDED = 4.5  # swaps per 100 words above which a chained text is reworded, not edited
KEPT_REWORDED = 0.5  # share of words kept in order below which it is reworded (a paraphrase)
MIN_WORDS = 5
_SPLIT_RE = re.compile(r"\n\s*\n|(?<=[.!?])[”\"’']?\s+(?=[“\"‘(]?[A-Z0-9])")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d[\d,.]*\d|\d")
_NUM_RE = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One countable sentence: its offsets and what pair scoring compares."""

    start: int
    end: int
    words: frozenset[str]
    anchors: frozenset[str]
    quoted: bool


@dataclass(frozen=True, slots=True)
class Chain:
    """The best in-order sentence chain between two articles."""

    pairs: tuple[tuple[Sentence, Sentence, float], ...]
    share: float  # chained sentences / countable sentences of the shorter article
    mean: float  # mean pair score along the chain
    share_a: float = 0.0  # chained share of A's countable sentences
    share_b: float = 0.0
    length_match: float = 0.0  # mean shorter/longer content-word count over the chained pairs

    @property
    def is_rewrite(self) -> bool:
        """A long enough chain of closely matched sentences, or a looser one in lockstep: a heavy
        spin still pairs nearly every sentence of both texts with one of the same length, two
        reports of one event pair a few sentences of different lengths."""
        if len(self.pairs) < CHAIN_MIN or self.share < CHAIN_SHARE:
            return False
        lockstep = min(self.share_a, self.share_b) >= LOOSE_SHARE and self.length_match >= LOOSE_LENGTH
        return self.mean >= CHAIN_MEAN or lockstep

    def evidence(self) -> tuple[Evidence, ...]:
        return tuple(Evidence(a.start, a.end, b.start, b.end, round(s, 3)) for a, b, s in self.pairs)


def split_sentences(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentence ranges by punctuation and paragraph breaks (for articles not parsed by spaCy)."""
    out, pos = [], 0
    for m in [*_SPLIT_RE.finditer(text), None]:
        end = m.start() if m else len(text)
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and not any(a <= s and e <= b for a, b in skip):
            out.append((s, e))
        pos = m.end() if m else len(text)
    return out


def sentences(item: Annotated) -> list[Sentence]:
    """Countable sentences of an article's body with their words and anchors."""
    text = item.text
    ranges = [(s.start, s.end) for s in item.sentences] or split_sentences(
        text, [(b.start, b.end) for b in item.boilerplate]
    )
    quotes = quoted_regions(item)
    out = []
    for s, e in ranges:
        toks = _WORD_RE.findall(text[s:e])
        if len(toks) < MIN_WORDS:
            continue
        inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quotes)
        words = frozenset(t.lower() for t in toks if t.lower() not in STOP_WORDS and len(t) > 2)
        anchors = frozenset(
            t.lower().replace(",", "")
            for k, t in enumerate(toks)
            if _NUM_RE.match(t) or (k > 0 and t[0].isupper() and t.lower() not in STOP_WORDS)
        )
        out.append(Sentence(s, e, words, anchors, inside * 2 > (e - s)))
    return out


def _dice(x: frozenset[str], y: frozenset[str]) -> float:
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def pair_scores(sa: Sequence[Sentence], sb: Sequence[Sentence], ea: np.ndarray, eb: np.ndarray) -> np.ndarray:
    """Score of every sentence pair: meaning, content words and anchors together."""
    cos = ea @ eb.T
    out = np.zeros((len(sa), len(sb)))
    for i, x in enumerate(sa):
        for j, y in enumerate(sb):
            words = _dice(x.words, y.words)
            if x.anchors or y.anchors:
                out[i, j] = 0.5 * cos[i, j] + 0.25 * words + 0.25 * _dice(x.anchors, y.anchors)
            else:
                out[i, j] = 0.6 * cos[i, j] + 0.4 * words
    return out


def _embed(sents: Sequence[Sentence], text: str, vectors: SentenceVectors | None = None) -> np.ndarray:
    if not sents:
        return np.zeros((0, 1))
    vecs = np.asarray((vectors or SentenceVectors()).of([text[s.start : s.end] for s in sents]), dtype=float)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1, norms)


def best_chain(scores: np.ndarray, threshold: float = PAIR_MIN) -> list[tuple[int, int]]:
    """The in-order set of pairs above ``threshold`` with the largest total score (an LCS DP)."""
    n, m = scores.shape
    best = np.zeros((n + 1, m + 1))
    for i in range(1, n + 1):
        row = scores[i - 1]
        for j in range(1, m + 1):
            take = best[i - 1, j - 1] + row[j - 1] if row[j - 1] >= threshold else -1.0
            best[i, j] = max(best[i - 1, j], best[i, j - 1], take)
    pairs = []
    i, j = n, m
    while i > 0 and j > 0:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return fill_gaps(pairs[::-1], scores)


def fill_gaps(pairs: list[tuple[int, int]], scores: np.ndarray, floor: float = GAP_MIN) -> list[tuple[int, int]]:
    """Add the in-step sentences between chained pairs: a heavily reworded sentence of a rewrite
    scores low alone, but sits exactly where the source's sentence sits."""
    out: list[tuple[int, int]] = []
    for i, j in pairs:
        if out:
            pi, pj = out[-1]
            if 1 < i - pi == j - pj:
                steps = [(pi + d, pj + d) for d in range(1, i - pi)]
                if all(scores[x, y] >= floor for x, y in steps):
                    out += steps
        out.append((i, j))
    return out


@dataclass(frozen=True, slots=True)
class Wording:
    """How the chained sentences of two texts differ word by word."""

    swaps: float  # short word replacements per 100 words
    kept: float  # share of words kept in order

    @property
    def reworded(self) -> bool:
        """True when nearly every sentence was reworded: a spinner swaps a word every dozen or so
        (6-15 per 100 words in bench/provenance.py), a wire editor changes a few sentences and
        leaves the rest (under 3 per 100); a paraphraser keeps under half the words in order."""
        return self.swaps >= SWAPS_REWORDED or self.kept < KEPT_REWORDED


_TOKEN_RE = re.compile(r"\w+")


def wording(chain: Chain, text_a: str, text_b: str) -> Wording:
    """Word swaps and kept words over the chained sentence pairs (a word diff per pair)."""
    swaps = kept = total = 0
    for x, y, _ in chain.pairs:
        wa = _TOKEN_RE.findall(text_a[x.start : x.end].lower())
        wb = _TOKEN_RE.findall(text_b[y.start : y.end].lower())
        for op, i0, i1, j0, j1 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes():
            if op == "equal":
                kept += i1 - i0
            elif op == "replace" and i1 - i0 <= SWAP_MAX and j1 - j0 <= SWAP_MAX:
                swaps += 1
        total += max(len(wa), len(wb))
    return Wording(100 * swaps / total if total else 0.0, kept / total if total else 0.0)


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article's countable non-quote sentences and their unit embeddings (computed once)."""

    sentences: tuple[Sentence, ...]
    vectors: np.ndarray


def prepare(item: Annotated, vectors: SentenceVectors | None = None) -> Prepared:
    """What :func:`compare` needs of one article, so a story computes it once per article
    (``vectors``: the story's sentence vectors)."""
    sents = tuple(s for s in sentences(item) if not s.quoted)
    return Prepared(sents, _embed(sents, item.text, vectors))


def compare(a: Annotated | Prepared, b: Annotated | Prepared) -> Chain:
    """The best in-order chain of matching non-quote sentences between two articles."""
    pa = a if isinstance(a, Prepared) else prepare(a)
    pb = b if isinstance(b, Prepared) else prepare(b)
    sa, sb = pa.sentences, pb.sentences
    if not sa or not sb:
        return Chain((), 0.0, 0.0, 0.0, 0.0)
    scores = pair_scores(sa, sb, pa.vectors, pb.vectors)
    chain = best_chain(scores)
    pairs = tuple((sa[i], sb[j], float(scores[i, j])) for i, j in chain)
    mean = float(np.mean([p[2] for p in pairs])) if pairs else 0.0
    n = len(pairs)
    lengths = [min(len(x.words), len(y.words)) / max(len(x.words), len(y.words), 1) for x, y, _ in pairs]
    match = float(np.mean(lengths)) if lengths else 0.0
    return Chain(pairs, n / min(len(sa), len(sb)), mean, n / len(sa), n / len(sb), match)
