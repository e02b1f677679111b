"""Canonical speaker names across a story's articles."""

from __future__ import annotations

from copydesk.compare.speakers import NameIndex, fold, resolve
from copydesk.model import Annotated, Article, Quote, Span


def _article(aid: str, text: str, people: list[str]) -> Annotated:
    ents, pos = [], 0
    for name in people:  # in order of appearance
        i = text.index(name, pos)
        pos = i + len(name)
        ents.append(Span(i, i + len(name), "entity", "PERSON", name))
    return Annotated(Article(id=aid, source=aid, text=text), entities=tuple(ents))


def _quote(item: Annotated, surface: str, speaker: str) -> Quote:
    i = item.text.index(surface)
    end = i + len(surface.removesuffix(" said"))
    return Quote(item.id, 0, 5, item.text[:5], "speech", speaker, i, end)


def test_variants_of_one_name_become_the_most_used_full_form():
    a = _article("a", "Pentagon spokesman John Kirby spoke. Kirby said more.", ["John Kirby", "Kirby"])
    b = _article("b", "John F. Kirby, the press secretary, spoke. Mr. Kirby said more.", ["John F. Kirby", "Mr. Kirby"])
    c = _article("c", "Spokesman John Kirby said so.", ["John Kirby"])
    qs = [_quote(a, "Kirby said", "Kirby"), _quote(b, "Mr. Kirby", "Kirby"), _quote(c, "John Kirby", "John Kirby")]
    out = resolve(qs, [a, b, c])
    assert {q.speaker for q in out} == {"John Kirby"}


def test_transliterated_first_names_merge():
    index = NameIndex()
    index.add("a", 0, "Dmitry Peskov")
    index.add("b", 0, "Dmitri S. Peskov")
    assert index.canonical("b", 50, "Mr. Peskov") == "Dmitry Peskov" or index.canonical("b", 50, "Mr. Peskov") == "Dmitri Peskov"
    assert index.canonical("a", 10, "Peskov") == index.canonical("b", 10, "Dmitri S. Peskov")


def test_two_people_sharing_a_surname_are_not_merged():
    text = "Dr. Maria Lopez spoke first. Later Sen. Daniel Lopez spoke. Lopez said it again."
    item = _article("a", text, ["Maria Lopez", "Daniel Lopez", "Lopez said"][:2])
    index = NameIndex()
    for e in item.entities:
        index.add("a", e.start, e.text_of(text))
    assert index.canonical("a", text.index("Maria"), "Maria Lopez") == "Maria Lopez"
    assert index.canonical("a", text.index("Daniel"), "Daniel Lopez") == "Daniel Lopez"
    # a bare surname goes to the Lopez its article named last, never to a merged "Lopez"
    assert index.canonical("a", text.index("Lopez said"), "Lopez") == "Daniel Lopez"
    # in an article that named neither, a bare surname stays as it is
    assert index.canonical("other", 0, "Lopez") == "Lopez"


def test_organisation_speakers_merge_on_folded_form():
    a = Annotated(Article(id="a", source="a", text="The U.S. document says"))
    qs = [
        Quote("a", 0, 3, "The", "document", "U.S. document", 4, 17),
        Quote("a", 0, 3, "The", "document", "US document", 4, 17),
        Quote("a", 0, 3, "The", "document", "US document", 4, 17),
    ]
    assert {q.speaker for q in resolve(qs, [a])} == {"US document"}
    assert fold("Dmítri S. Peskov’s") == "dmitri s peskov s"
    assert fold("the U.S. envoy") == fold("the US envoy")
