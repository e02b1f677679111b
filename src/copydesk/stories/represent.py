"""An article's representation for story grouping: weighted terms and a time.

Every part is a pure function of the one article, so a stream and a batch of the same
articles get the same vectors. Term weights are tf-idf with the idf taken from background
English word frequencies (``wordfreq``) instead of the corpus seen so far: a corpus idf
would change as the store grows and make incremental and batch results differ.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np

from copydesk.model import Annotated

ZIPF_CAP = 8.0  # zipf of the commonest words ("the" is 7.7): idf = cap - zipf, unknown words get the cap
NUMBER_IDF = 6.0  # years, magnitudes, tolls, scores: they tell two events of one kind apart
NAME_BOOST = 2.0  # a word capitalised mid-sentence is a name: names tell events apart
ENTITY_WEIGHT = 1.0  # an entity mention adds one "e:" term on top of its words
MIN_IDF = 1.5  # drop words commoner than zipf 6.5 ("the", "in", "was"): they carry no event

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|\d+(?:[.,]\d+)?")
# A capitalised word after a lower-case word or comma is not a sentence start: a name.
_NAME = re.compile(r"(?<=[a-z0-9,;] )[A-Z][a-z]+")


@dataclass(frozen=True, slots=True)
class Representation:
    """Unit tf-idf terms (sorted hashed ids + weights) and a time (epoch days).

    No embedding: on both dev sets WordLlama added nothing to the terms once stories are cut by
    average link (bench/stories.py), and it would cost a model call per article.
    """

    article: str
    term_ids: np.ndarray  # int64, sorted, unique
    term_weights: np.ndarray  # float32, L2 norm 1 (or all zeros for an empty body)
    time: float | None = None  # days since 1970-01-01 UTC, None when the date is unknown


@lru_cache(maxsize=1)
def _zipf() -> dict[str, float]:
    import wordfreq

    return {w: 9.0 + math.log10(f) for w, f in wordfreq.get_frequency_dict("en").items() if f > 0}


@lru_cache(maxsize=1 << 17)
def term_id(term: str) -> int:
    """A stable 63-bit id for a term (same on every machine, unlike ``hash``)."""
    return int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "little") >> 1


def idf(word: str) -> float:
    """Background inverse frequency of a lower-cased word: rare words weigh more."""
    if word[0].isdigit():
        return NUMBER_IDF if len(word) > 1 else 0.0
    return ZIPF_CAP - min(_zipf().get(word, 0.0), ZIPF_CAP)


def term_weights(text: str, entities: Sequence[str] = ()) -> dict[str, float]:
    """Word presence x background idf (names boosted) plus entity names (``e:`` prefix); not normalised.

    Presence, not counts: outlets covering one event share which facts they mention, not how
    often they repeat a word.
    """
    words = {m.group().lower().replace("’", "'") for m in _WORD.finditer(text)}
    names = {m.group().lower() for m in _NAME.finditer(text)}
    out: dict[str, float] = {}
    for word in words:
        w = idf(word)
        if w >= MIN_IDF:
            out[word] = w * (NAME_BOOST if word in names else 1.0)
    for name in set(e.lower() for e in entities):
        parts = _WORD.findall(name)
        if parts:  # an entity weighs like its rarest word: "Lindsay Lohan" like "lohan"
            out["e:" + " ".join(parts)] = ENTITY_WEIGHT * max(idf(x) for x in parts)
    return out


def to_sparse(weights: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Hashed, sorted, unit-normalised sparse vector from term weights."""
    if not weights:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    merged: dict[int, float] = {}
    for term, w in weights.items():
        k = term_id(term)
        merged[k] = merged.get(k, 0.0) + w
    ids = np.fromiter(sorted(merged), np.int64, len(merged))
    vals = np.array([merged[int(k)] for k in ids], np.float32)
    norm = float(np.linalg.norm(vals))
    return ids, (vals / norm if norm else vals)


def epoch_days(published: str | None) -> float | None:
    """An ISO date or datetime as days since the epoch (UTC), None when missing or unreadable."""
    if not published:
        return None
    try:
        dt = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp() / 86400.0


def body_of(item: Annotated) -> str:
    """Title plus body text (boilerplate blanked): what the story is about, not the page chrome."""
    title = item.article.title or ""
    return (title + "\n" + item.body_text()) if title else item.body_text()


def represent_many(items: Sequence[Annotated]) -> list[Representation]:
    """Representations of many articles."""
    return [represent(item) for item in items]


def represent(item: Annotated) -> Representation:
    """The representation of one article."""
    names = tuple(e.text_of(item.text) for e in item.entities)
    ids, weights = to_sparse(term_weights(body_of(item), names))
    return Representation(
        article=item.id,
        term_ids=ids,
        term_weights=weights,
        time=epoch_days(item.article.published),
    )


def sparse_dot(a_ids: np.ndarray, a_w: np.ndarray, b_ids: np.ndarray, b_w: np.ndarray) -> float:
    """Dot product of two sorted sparse vectors."""
    if not len(a_ids) or not len(b_ids):
        return 0.0
    _, ia, ib = np.intersect1d(a_ids, b_ids, assume_unique=True, return_indices=True)
    return float(np.dot(a_w[ia], b_w[ib]))
