"""Variant groups: the same quote as each outlet reported it, with a word-level diff.

Two quotes are variants when their folded words match closely (changed words: a rewrite or
a translation of the same sentence) or one is contained in the other (trimmed, or split in
two by one outlet). Candidate pairs come from shared word pairs, so a story with thousands of
quotes is not compared all-pairs. Short quotes (scare-quoted terms) group on exact words only.
"""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from rapidfuzz import fuzz

from copydesk.compare.speakers import fold
from copydesk.model import DiffOp, Quote, QuoteGroup, QuoteVariant, stable_id
from copydesk.text.components import UnionFind

MIN_WORDS = 4  # below this, only identical words make two quotes variants
SAME_RATIO = 70  # rapidfuzz ratio of the folded texts: the same sentence with changed words
CONTAINED_RATIO = 90  # partial ratio: one quote is (nearly) inside the other
SHARED_RUN = 8  # words in a row two quotes share: overlapping halves of one split quote


def are_variants(a: str, b: str) -> bool:
    """True when quote texts ``a`` and ``b`` report the same words (possibly edited)."""
    fa, fb = fold(a), fold(b)
    if not fa or not fb:
        return False
    if fa == fb:
        return True
    short = fa if len(fa) <= len(fb) else fb
    if len(short.split()) < MIN_WORDS:
        return False
    if fuzz.ratio(fa, fb) >= SAME_RATIO:
        return True
    if fuzz.partial_ratio(fa, fb) >= CONTAINED_RATIO:
        return True
    wa, wb = fa.split(), fb.split()
    match = difflib.SequenceMatcher(None, wa, wb, autojunk=False).find_longest_match(0, len(wa), 0, len(wb))
    return match.size >= SHARED_RUN


def word_diff(a: str, b: str) -> tuple[DiffOp, ...]:
    """Word-level edit script turning ``a`` into ``b`` (words compared case- and punctuation-blind)."""
    wa, wb = a.split(), b.split()
    fa, fb = [fold(w) for w in wa], [fold(w) for w in wb]
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, fa, fb, autojunk=False).get_opcodes():
        ops.append(DiffOp(tag, " ".join(wa[i1:i2]), " ".join(wb[j1:j2])))
    return tuple(ops)


def _candidates(folded: list[str]) -> set[tuple[int, int]]:
    """Pairs of quotes sharing a word pair (or identical short texts)."""
    index: dict[object, list[int]] = defaultdict(list)
    for i, f in enumerate(folded):
        words = f.split()
        if len(words) < MIN_WORDS:
            index[("exact", f)].append(i)
            continue
        for bigram in set(zip(words, words[1:], strict=False)):
            index[bigram].append(i)
    pairs = set()
    for members in index.values():
        if len(members) > 200:  # a word pair in that many quotes says nothing ("of the")
            continue
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    return pairs


def group(quotes: Sequence[Quote]) -> tuple[tuple[Quote, ...], tuple[QuoteGroup, ...]]:
    """Give every quote a ``group`` id and list the groups reported by two or more variants.

    A variant with no speaker takes the speaker most of its group's variants name, so an
    outlet that dropped the attribution still shows who said it.
    """
    folded = [fold(q.text) for q in quotes]
    sets = UnionFind(range(len(quotes)))
    for i, j in sorted(_candidates(folded)):
        if sets.find(i) != sets.find(j) and are_variants(quotes[i].text, quotes[j].text):  # skip the test when joined
            sets.union(i, j)
    out = list(quotes)
    groups = []
    for members in sets.groups():  # in the order of each group's first quote
        idx = sorted(members, key=lambda i: (quotes[i].article, quotes[i].start))
        first = quotes[idx[0]]
        gid = stable_id("quote", first.article, str(first.start), str(first.end))
        votes = Counter(quotes[i].speaker for i in idx if quotes[i].speaker)
        named = Counter({k: v for k, v in votes.items() if _named(k)})
        speaker = min((named or votes).items(), key=lambda kv: (-kv[1], kv[0]))[0] if votes else None
        for i in idx:
            q = quotes[i]
            # an outlet that dropped the attribution, or named only a role ("the mayor"),
            # gets the name the other outlets give
            fill = speaker is not None and (q.speaker is None or (not _named(q.speaker) and _named(speaker)))
            fill = fill and q.kind in ("speech", "document")
            out[i] = replace(q, group=gid, speaker=speaker if fill else q.speaker)
        if len({(quotes[i].article, quotes[i].start) for i in idx}) < 2:
            continue
        # the reference is the medoid: the wording closest to all the others
        ref = max(idx, key=lambda i: (sum(fuzz.ratio(folded[i], folded[j]) for j in idx), len(folded[i]), -i))
        order = [ref] + [i for i in idx if i != ref]
        variants = tuple(
            QuoteVariant(quotes[i].article, quotes[i].start, quotes[i].end, quotes[i].text,
                         word_diff(quotes[ref].text, quotes[i].text) if i != ref else ())
            for i in order
        )
        groups.append(QuoteGroup(gid, speaker, variants))
    return tuple(out), tuple(groups)


def _named(speaker: str) -> bool:
    """A proper name ("John Kirby", "NATO"), not a description ("mayor", "leaked documents")."""
    return speaker[:1].isupper()
