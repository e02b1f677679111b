"""One canonical name per speaker across a story's outlets.

"John F. Kirby", "John Kirby", "Mr. Kirby", "Kirby" and "Pentagon spokesman John Kirby" all
become "John Kirby": full names are clustered by surname and compatible first names (an
initial, a transliteration variant), the cluster is named by its most used full form without
middle initials, and a bare surname joins a cluster only when the reading is unambiguous (one
person of that surname in the story, or the one its own article named in full).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from copydesk.annotate.attribution import person_name
from copydesk.model import Annotated, Quote

_INITIAL_DOT = re.compile(r"(?<![A-Za-z])([A-Za-z])\.(?=[A-Za-z]\.)|(?<=[A-Za-z]\.[A-Za-z])\.")
FIRST_NAME_SIMILARITY = 75  # rapidfuzz ratio: "Dmitri"/"Dmitry" are one name, "John"/"Joan" are not


def fold(name: str) -> str:
    """Lower-case ASCII letters and digits only, words separated by one space ("U.S." = "US")."""
    name = _INITIAL_DOT.sub(r"\1", name).replace("\u2019", "'").replace("\u2018", "'")
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", ascii_.lower()).strip()


def _drop_initials(name: str) -> str:
    words = name.split()
    if len(words) <= 2:
        return name
    kept = [words[0]] + [w for w in words[1:-1] if len(w.rstrip(".")) > 1] + [words[-1]]
    return " ".join(kept)


@dataclass
class _Person:
    first: str  # folded first name
    forms: Counter = field(default_factory=Counter)
    articles: set[str] = field(default_factory=set)

    def compatible(self, first: str) -> bool:
        a, b = self.first, first
        if a == b or (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return True
        return fuzz.ratio(a, b) >= FIRST_NAME_SIMILARITY

    @property
    def canonical(self) -> str:
        return min(self.forms.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0]


class NameIndex:
    """Persons of one story, built from every full-name mention in its articles."""

    def __init__(self) -> None:
        self.by_surname: dict[str, list[_Person]] = {}
        self.mentions: dict[str, list[tuple[int, _Person]]] = {}  # article -> (offset, person)

    def add(self, article: str, start: int, surface: str) -> None:
        name = _drop_initials(person_name(surface))
        words = fold(name).split()
        if len(words) < 2 or len(name.split()) < 2:  # "pro-Clinton", "Ocasio-Cortez": one word, no first name
            return
        people = self.by_surname.setdefault(words[-1], [])
        person = next((p for p in people if p.compatible(words[0])), None)
        if person is None:
            person = _Person(words[0])
            people.append(person)
        person.forms[name] += 1
        person.articles.add(article)
        self.mentions.setdefault(article, []).append((start, person))

    def canonical(self, article: str, start: int, surface: str) -> str:
        """The canonical name for a mention of a person at ``start`` in ``article``."""
        name = _drop_initials(person_name(surface))
        words = fold(name).split()
        if not words:
            return surface
        people = self.by_surname.get(words[-1], [])
        if len(words) >= 2:
            match = [p for p in people if p.compatible(words[0])]
        else:
            match = people
        if len(match) == 1:
            return match[0].canonical
        if len(match) > 1:  # same surname, several people: the one this article named last
            before = [p for off, p in self.mentions.get(article, []) if off <= start and p in match]
            if before:
                return before[-1].canonical
            here = [p for p in match if article in p.articles]
            if len(here) == 1:
                return here[0].canonical
        return name


def build_index(members: Sequence[Annotated]) -> NameIndex:
    """Index every PERSON entity of the story's articles."""
    index = NameIndex()
    for m in members:
        for e in m.entities:
            if e.kind == "PERSON":
                index.add(m.id, e.start, e.text_of(m.text))
    return index


def resolve(quotes: Sequence[Quote], members: Sequence[Annotated]) -> tuple[Quote, ...]:
    """``quotes`` with ``speaker`` replaced by a story-wide canonical name."""
    index = build_index(members)
    by_id = {m.id: m for m in members}
    persons = {m.id: [(e.start, e.end) for e in m.entities if e.kind == "PERSON"] for m in members}
    # non-person speakers ("the U.S. document", "NATO") merge by their folded form
    other_forms: dict[str, Counter] = {}
    for q in quotes:
        if q.speaker and not _is_person(q, persons, by_id):
            other_forms.setdefault(fold(q.speaker), Counter())[q.speaker] += 1
    out = []
    for q in quotes:
        if not q.speaker:
            out.append(q)
            continue
        if _is_person(q, persons, by_id):
            surface = by_id[q.article].text[q.speaker_start : q.speaker_end]
            name = index.canonical(q.article, q.speaker_start, surface)
        else:
            forms = other_forms[fold(q.speaker)]
            name = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out.append(replace(q, speaker=name))
    return tuple(out)


def _is_person(q: Quote, persons: dict[str, list[tuple[int, int]]], by_id: dict) -> bool:
    """The speaker mention overlaps a PERSON entity of its article."""
    if q.speaker_start is None or q.speaker_end is None or q.article not in by_id:
        return False
    return any(s < q.speaker_end and q.speaker_start < e for s, e in persons.get(q.article, ()))
