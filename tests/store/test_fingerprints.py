"""The store's copy-candidate index: incremental, persistent, found again after reopening."""

from __future__ import annotations

from copydesk.model import Annotated, Article, Span, content_id
from copydesk.store import Store, fingerprints

BODY = (
    "The harbour authority said on Friday that a cargo ship ran aground at the mouth of the estuary "
    "late on Thursday, blocking the channel for at least two days. Tugs failed to free the vessel at "
    "high tide and salvage crews will try again on Saturday morning. No one was hurt, and the crew of "
    "nineteen remained on board while divers inspected the hull for damage."
)
OTHER = (
    "Voters in the northern district will choose a new council on Sunday after the previous one was "
    "dissolved over a budget dispute. Turnout is expected to be low, and three of the five parties have "
    "promised to cut local taxes if they win a majority."
)


def _item(text: str, boiler: int = 0) -> Annotated:
    spans = (Span(0, boiler, "boilerplate", "caption"),) if boiler else ()
    return Annotated(Article(content_id(text), "t", text), boilerplate=spans)


def test_adding_finds_copies_among_stored_articles_without_rebuilding(make_db) -> None:
    db = make_db()
    original, other = _item(BODY), _item(OTHER)
    with Store(db) as store:
        store.add_articles([original, other])
        first = fingerprints.index(store, [original, other])
        assert first == {original.id: [], other.id: []}
    copy_text = "Photo: Coastguard\n\n" + BODY
    copy = _item(copy_text, boiler=len("Photo: Coastguard\n\n"))
    with Store(db) as store:  # reopened: the index lives in the store
        store.add_articles([copy])
        found = fingerprints.index(store, [copy])[copy.id]
        assert [aid for aid, _ in found] == [original.id]
        assert found[0][1] == 1.0  # boilerplate left out of the fingerprint
        # indexing again is harmless and still reports the collision
        assert [aid for aid, _ in fingerprints.index(store, [copy])[copy.id]] == [original.id]
        assert store.conn.execute("SELECT COUNT(*) FROM minhash").fetchone()[0] == 3
