"""Model dataclasses to JSON and back without loss."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from copydesk import codec
from copydesk.model import Quantity, Relation, Story

values = st.one_of(st.none(), st.integers(-(10**12), 10**12), st.floats(allow_nan=False), st.text(max_size=8))


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50), values), max_size=5))
def test_quantities_round_trip_with_their_value_types(rows):
    qs = tuple(Quantity("a", s, s + e, "x", v) for s, e, v in rows)
    story = Story("s", "t", ("a",), quantities=qs, families=(("a",), ("b", "c")))
    back = codec.loads(Story, codec.dumps(story))
    assert back == story
    assert [type(q.value) for q in back.quantities] == [type(q.value) for q in qs]


def test_unknown_keys_are_ignored_and_missing_ones_default():
    data = {"a": "x", "b": "y", "type": "independent", "score": 0.1, "added_in_v2": 1}
    assert codec.from_dict(Relation, data) == Relation("x", "y", "independent", 0.1)
    assert json.loads(codec.dumps(Relation("x", "y", "t", 1.0)))["evidence"] == []


@dataclass(frozen=True)
class Thread:  # holds itself: decoders are made per type, so this must not recurse forever
    text: str
    reply: Thread | None = None
    quotes: tuple[Quantity, ...] = ()
    pair: tuple[int, str] | None = None


def test_a_dataclass_holding_itself_round_trips():
    q = Quantity("a", 1, 4, "six", 6)
    thread = Thread("first", Thread("second", Thread("third", quotes=(q,))), pair=(1, "x"))
    assert codec.loads(Thread, codec.dumps(thread)) == thread
    assert codec.to_dict(thread)["reply"]["reply"]["quotes"][0]["value"] == 6


def test_decoders_made_by_many_threads_at_once_are_whole():
    from concurrent.futures import ThreadPoolExecutor

    story = Story("s", "t", ("a", "b"), relations=(Relation("a", "b", "verbatim_copy", 0.9),))
    text = codec.dumps(story)
    codec._DECODERS.clear()  # first use of every decoder, from eight threads
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: codec.loads(Story, text) == story, range(64))) == {True}
