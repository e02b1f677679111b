"""Passage alignment in original offsets, robust to boilerplate, reordering, cuts and edits."""

from __future__ import annotations

from copydesk.compare import align
from copydesk.model import Annotated, Article, Span

P1 = "Firefighters battled a blaze at a chemical plant on the edge of town for most of Sunday night."
P2 = "The fire broke out shortly after nine o'clock in a storage shed and spread to the main warehouse."
P3 = "Two workers were taken to hospital with burns, and nearby homes were evacuated as a precaution."
P4 = "The company said it would cooperate fully with the investigation into the cause of the fire."


def _item(text: str, boiler: tuple[tuple[int, int], ...] = ()) -> Annotated:
    return Annotated(Article(text[:8], "t", text), boilerplate=tuple(Span(s, e, "boilerplate") for s, e in boiler))


def test_offsets_point_at_the_same_words_in_both_texts() -> None:
    a = _item("\n\n".join([P1, P2, P3, P4]))
    b_text = "Photo: AP\n\n" + "\n\n".join([P1, P2, P3, P4]) + "\n\nRelated: more news"
    b = _item(b_text, ((0, 9),))
    ev = align.align(a, b)
    assert len(ev) == 1
    e = ev[0]
    assert a.text[e.a_start : e.a_end] == b.text[e.b_start : e.b_end]
    assert a.text[e.a_start : e.a_end].startswith("Firefighters") and e.b_start == b_text.index("Firefighters")


def test_reordered_and_cut_paragraphs_are_found_where_they_moved() -> None:
    a = _item("\n\n".join([P1, P2, P3, P4]))
    b = _item("\n\n".join([P1, P4, P3]))  # P2 cut, P3 and P4 swapped
    ev = align.align(a, b)
    covered = set()
    for e in ev:
        covered.update(range(e.a_start, e.a_end))

    def share(p: str) -> float:
        start = a.text.index(p)
        return len(covered & set(range(start, start + len(p)))) / len(p)

    assert share(P1) > 0.95 and share(P3) > 0.95 and share(P4) > 0.9
    assert share(P2) < 0.1
    assert all(a.text[e.a_start : e.a_end] == b.text[e.b_start : e.b_end] for e in ev)


def test_light_edits_stay_inside_one_passage() -> None:
    edited = P2.replace("shortly after nine o'clock", "just after 9 p.m.")
    a, b = _item(P1 + " " + P2 + " " + P3), _item(P1 + " " + edited + " " + P3)
    ev = align.align(a, b)
    assert len(ev) == 1 and ev[0].score is not None and 0.85 < ev[0].score < 1.0


def test_boilerplate_words_never_match() -> None:
    shared = "Sign up for our newsletter to get the latest headlines delivered every morning"
    a = _item(shared + "\n\n" + P1, ((0, len(shared)),))
    b = _item(shared + "\n\n" + P3, ((0, len(shared)),))
    assert align.align(a, b) == []


def test_quoted_regions_cover_quotes_and_open_paragraph_quotes() -> None:
    text = 'He said: “We will rebuild.” Then he left.\n\n“This is the first paragraph of a long quote\n\nNext.'
    regions = align.quoted_regions(text)
    assert text[regions[0][0] : regions[0][1]] == "“We will rebuild.”"
    assert text[regions[1][0] : regions[1][1]].endswith("long quote")


def _quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in align.quoted_regions(text)]


def test_quoted_regions_pair_mixed_and_reversed_marks() -> None:
    # a straight mark closed by a curly one, then curly marks the wrong way round
    text = '"It spread to the roof, ” he said.\nThe suspect joined the ” 15 Most Wanted “ list on Friday.\nHe fled.'
    assert _quoted(text) == ['"It spread to the roof, ”', "” 15 Most Wanted “"]


def test_a_quote_of_several_paragraphs_runs_on_but_an_unclosed_one_stops_at_its_paragraph() -> None:
    runs_on = '"We acted fast.\n"We will act again," she said.\nThe board met on Monday.'
    assert _quoted(runs_on) == ['"We acted fast.\n"We will act again,"']
    stray = 'Police said: "The suspect fled north.\nThe suspect is 38 and was fired last week.\nHe was caught.'
    assert _quoted(stray) == ['"The suspect fled north.']
