"""MinHash signatures, LSH candidates and the incremental index on article-like text."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from copydesk.model import Annotated, Article, Span
from copydesk.text import minhash as fp

BODY = (
    "The city council voted on Tuesday to close the Riverside bridge for repairs after engineers "
    "found cracks in two of its support beams. The closure will last at least six months, the "
    "mayor's office said, and buses will be rerouted through the Mill Street crossing. Residents "
    "who rely on the bridge to reach the hospital said the detour would add twenty minutes to "
    "each trip. The council also approved four million dollars for the work, which is expected "
    "to begin in March once a contractor has been chosen."
)
OTHER = (
    "A regional airline cancelled dozens of flights on Monday as a snowstorm swept across the "
    "northern plains, stranding travellers at three airports. Forecasters expect more than a "
    "foot of snow by Wednesday, and the highway patrol urged drivers to stay home unless their "
    "trip was essential. Schools in four counties announced they would remain closed for the "
    "rest of the week while crews clear the roads."
)


def test_signature_is_deterministic_and_round_trips_through_bytes() -> None:
    sig = fp.signature_of(BODY)
    assert sig.dtype == np.uint32 and sig.shape == (fp.NUM_PERM,)
    assert np.array_equal(sig, fp.signature_of(BODY))
    assert np.array_equal(fp.from_bytes(fp.to_bytes(sig)), sig)
    assert len(fp.to_bytes(sig)) == 4 * fp.NUM_PERM


def test_boilerplate_does_not_change_the_fingerprint() -> None:
    furniture = "Photo: Reuters\n\nSubscribe to our newsletter\n\n"
    text = furniture + BODY
    item = Annotated(Article("x", "x", text), boilerplate=(Span(0, len(furniture), "boilerplate", "caption"),))
    assert fp.jaccard(fp.signature_of(item), fp.signature_of(BODY)) == 1.0


def test_estimate_tracks_true_jaccard_like_datasketch() -> None:
    words = BODY.split()
    edited = words[:40] + ["reportedly"] + words[40:70] + words[75:]
    a, b = fp.shingle_hashes([w.lower() for w in words]), fp.shingle_hashes([w.lower() for w in edited])
    true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
    ours = fp.jaccard(fp.MinHasher(256).signature(a), fp.MinHasher(256).signature(b))
    ma, mb = MinHash(256), MinHash(256)
    ma.update_batch([int(x).to_bytes(8, "little") for x in a])
    mb.update_batch([int(x).to_bytes(8, "little") for x in b])
    assert abs(ours - true) < 0.12
    assert abs(ma.jaccard(mb) - true) < 0.12


def test_batch_signatures_equal_one_by_one() -> None:
    sets = [fp.shingle_hashes(t.lower().split()) for t in (BODY, OTHER, "", "short text")]
    hasher = fp.MinHasher()
    batch = hasher.signatures(sets, chunk=50)  # forces several chunks
    for row, s in zip(batch, sets, strict=True):
        assert np.array_equal(row, hasher.signature(s))


def test_candidate_pairs_finds_copies_not_unrelated() -> None:
    copy = BODY.replace("Tuesday", "Wednesday")
    sigs = np.stack([fp.signature_of(t) for t in (BODY, OTHER, copy)])
    assert fp.candidate_pairs(sigs) == {(0, 2)}


@pytest.fixture
def index() -> fp.LSHIndex:
    idx = fp.LSHIndex()
    idx.add("bridge", fp.signature_of(BODY))
    idx.add("storm", fp.signature_of(OTHER))
    return idx


def test_incremental_add_finds_stored_copy_without_rebuilding(index: fp.LSHIndex) -> None:
    republished = "Updated 5:02 p.m. " + BODY + " Copyright 2024."
    hits = index.add("bridge-copy", fp.signature_of(republished))
    assert hits == ["bridge"]
    assert len(index) == 3
    # the new article is itself findable by later additions
    assert "bridge-copy" in index.query(fp.signature_of(BODY))


def test_adding_the_same_key_twice_does_not_duplicate(index: fp.LSHIndex) -> None:
    index.add("bridge", fp.signature_of(BODY))
    assert index.query(fp.signature_of(BODY)) == ["bridge"]
