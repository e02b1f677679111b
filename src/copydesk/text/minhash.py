"""MinHash fingerprints of article bodies and an incremental LSH index to find copy candidates.

Why our own MinHash: hashing every shingle of a batch of articles against all permutations
at once in numpy is several times faster than per-article ``datasketch.MinHash`` (measured in
``bench/near_dup.py``), and signatures are plain ``uint32`` arrays that serialise to bytes
for the store. Hashing is deterministic across processes (crc32 of words, fixed seed), so a
signature computed today matches one stored yesterday.

Shingles are word k-grams of the body only: boilerplate spans are skipped, so two
republications that differ in captions, credits and footers still fingerprint alike.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from copydesk.model import Annotated
from copydesk.text.tokens import tokenize

NUM_PERM = 128
SHINGLE = 5
BANDS = 32  # 32 bands x 4 rows: candidate probability 0.5 at Jaccard ~0.42, 0.99 at ~0.65
SEED = 1_234_567
_MIX = np.uint64(0x9E3779B97F4A7C15)  # golden-ratio multiplier: spreads word hashes over 64 bits


def _params(num_perm: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Multiply-shift hash parameters (a odd) for ``num_perm`` permutations."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    return a, b


def words(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[str]:
    """Lower-cased words of ``text`` outside the ``skip`` ranges (boilerplate)."""
    return list(tokenize(text, skip).words)


def body_words(item: Annotated) -> list[str]:
    """Words of an annotated article's body (boilerplate excluded)."""
    return words(item.text, [(s.start, s.end) for s in item.boilerplate])


_WORD_HASH: dict[str, int] = {}


def _word_hash(word: str) -> int:
    """crc32 of the word, never 0 (0 is the cache's miss value), remembered."""
    h = _WORD_HASH[word] = zlib.crc32(word.encode()) or 1
    return h


def shingle_hashes(tokens: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """Distinct 64-bit hashes of the word ``k``-grams (the whole text when shorter than k)."""
    return np.unique(ngram_hashes(tokens, k))


def ngram_hashes(tokens: Sequence[str], k: int = SHINGLE) -> np.ndarray:
    """64-bit hash of the word ``k``-gram starting at each position (one hash when shorter than k)."""
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    cache = _WORD_HASH
    if len(cache) > 2_000_000:  # bound the cache on endless streams
        cache.clear()
    wh = np.fromiter((cache.get(t) or _word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    n = max(1, len(tokens) - k + 1)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrap-around is the hash
        for j in range(min(k, len(tokens))):
            h = h * _MIX + wh[j : j + n]
    return h


class MinHasher:
    """Vectorised MinHash: one ``uint32`` signature row per shingle set."""

    def __init__(self, num_perm: int = NUM_PERM, seed: int = SEED) -> None:
        self.num_perm = num_perm
        self.a, self.b = _params(num_perm, seed)

    def signature(self, shingles: np.ndarray) -> np.ndarray:
        """The signature of one shingle-hash set."""
        return self.signatures([shingles])[0]

    def signatures(self, sets: Sequence[np.ndarray], chunk: int = 1 << 14) -> np.ndarray:
        """Signatures of many sets at once, shape ``(len(sets), num_perm)``.

        Sets are concatenated and hashed in chunks of about ``chunk`` shingles; each row's
        minimum comes from ``np.minimum.reduceat`` over its segment.
        """
        out = np.full((len(sets), self.num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
        start = 0
        while start < len(sets):
            stop, total = start, 0
            while stop < len(sets) and (total == 0 or total + len(sets[stop]) <= chunk):
                total += len(sets[stop])
                stop += 1
            self._fill(sets[start:stop], out[start:stop])
            start = stop
        return out

    def _fill(self, sets: Sequence[np.ndarray], out: np.ndarray) -> None:
        lengths = np.array([len(s) for s in sets])
        nonempty = lengths > 0
        if not nonempty.any():
            return
        x = np.concatenate([s for s in sets if len(s)])
        hv = np.multiply.outer(self.a, x)  # in-place steps: no temporaries of this (perm x shingle) size
        hv += self.b[:, None]
        hv >>= np.uint64(32)
        offsets = np.concatenate([[0], np.cumsum(lengths[nonempty])[:-1]])
        out[nonempty] = np.minimum.reduceat(hv, offsets, axis=1).T.astype(np.uint32)


_default = MinHasher()


def signature_of(item: Annotated | str, hasher: MinHasher = _default) -> np.ndarray:
    """Signature of an annotated article's body, or of a plain text."""
    tokens = body_words(item) if isinstance(item, Annotated) else words(item)
    return hasher.signature(shingle_hashes(tokens))


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    return float(np.mean(sig_a == sig_b))


def to_bytes(sig: np.ndarray) -> bytes:
    """Little-endian bytes of a signature (what the store keeps)."""
    return np.asarray(sig, dtype="<u4").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    """A signature back from :func:`to_bytes`."""
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def band_keys(sigs: np.ndarray, bands: int = BANDS) -> np.ndarray:
    """One 64-bit key per (row, band): rows hashed together so equal bands give equal keys."""
    sigs = np.atleast_2d(sigs)
    n, p = sigs.shape
    rows = p // bands
    parts = sigs[:, : rows * bands].reshape(n, bands, rows).astype(np.uint64)
    key = np.zeros((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for r in range(rows):
            key = key * _MIX + parts[:, :, r] + np.uint64(r + 1)
    return key


def candidate_pairs(sigs: np.ndarray, bands: int = BANDS) -> set[tuple[int, int]]:
    """All index pairs ``(i, j)``, ``i < j``, that share at least one band: a sort per band, no dicts."""
    keys = band_keys(sigs, bands)
    pairs: set[tuple[int, int]] = set()
    for b in range(keys.shape[1]):
        col = keys[:, b]
        order = np.argsort(col, kind="stable")
        sorted_keys = col[order]
        bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
        for group in np.split(order, bounds):
            if len(group) > 1:
                g = sorted(group.tolist())
                pairs.update((g[x], g[y]) for x in range(len(g)) for y in range(x + 1, len(g)))
    return pairs


class LSHIndex:
    """An index that grows one article at a time: ``add`` returns the stored keys it collides with."""

    def __init__(self, bands: int = BANDS) -> None:
        self.bands = bands
        self._buckets: list[dict[int, list[str]]] = [defaultdict(list) for _ in range(bands)]
        self._sigs: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, key: object) -> bool:
        return key in self._sigs

    def query(self, sig: np.ndarray, threshold: float = 0.0) -> list[str]:
        """Stored keys sharing a band with ``sig`` (estimated Jaccard ≥ ``threshold``), best first."""
        found: set[str] = set()
        for b, k in enumerate(band_keys(sig, self.bands)[0].tolist()):
            found.update(self._buckets[b].get(k, ()))
        scored = [(jaccard(sig, self._sigs[f]), f) for f in found]
        return [f for s, f in sorted(scored, key=lambda t: (-t[0], t[1])) if s >= threshold]

    def add(self, key: str, sig: np.ndarray) -> list[str]:
        """Store ``sig`` under ``key`` and return the keys already stored that collide with it."""
        hits = [k for k in self.query(sig) if k != key]
        if key not in self._sigs:
            for b, k in enumerate(band_keys(sig, self.bands)[0].tolist()):
                self._buckets[b][k].append(key)
        self._sigs[key] = np.asarray(sig, dtype=np.uint32)
        return hits

    def add_many(self, items: Iterable[tuple[str, np.ndarray]]) -> dict[str, list[str]]:
        """Add in order; each key maps to the earlier keys it collides with."""
        return {key: self.add(key, sig) for key, sig in items}

    def signature(self, key: str) -> np.ndarray:
        return self._sigs[key]
