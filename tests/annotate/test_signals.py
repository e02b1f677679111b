"""Provenance signals: republication notes, wire credits and syndication disclaimers."""

from __future__ import annotations

import pytest

from copydesk.annotate import boilerplate
from copydesk.annotate.signals import find
from copydesk.model import Article

LEDE = (
    "Officials in the capital said on Tuesday that the talks would continue into next week, "
    "after a first round ended without agreement on the central issues.\n\n"
    "The delegations met for six hours at a hotel near the airport.\n\n"
)


def _signals(text: str) -> list[tuple[str, str | None, str]]:
    a = Article(id="x", source="x", text=text)
    return [(s.kind, s.value, text[s.start : s.end]) for s in find(a)]


@pytest.mark.parametrize(
    ("note", "kind", "value"),
    [
        ("Source : Nytimes", "republished_from", "The New York Times"),
        ("Source: nytimes.com", "republished_from", "The New York Times"),
        ("This article originally appeared in The Washington Post.", "republished_from", "The Washington Post"),
        ("Republished with permission from Politico.", "republished_from", "Politico"),
        ("With Post wires", "wire", "wire services"),
        ("With AFP, Reuters", "wire", "Agence France-Presse, Reuters"),
        ("Reuters contributed to this report.", "wire", "Reuters"),
        ("The Associated Press contributed to this report.", "wire", "Associated Press"),
        ("(With inputs from PTI)", "wire", "Press Trust of India"),
        ("— AFP", "wire", "Agence France-Presse"),
        ("(This story has not been edited by NDTV staff and is auto-generated from a syndicated feed.)",
         "syndicated", "NDTV"),
        ("Disclaimer: This post has been auto-published from an agency feed without any modifications to the text.",
         "syndicated", None),
    ],
)
def test_closing_notes(note: str, kind: str, value: str | None) -> None:
    text = "Talks to resume next week\n\n" + LEDE + note + "\n"
    assert _signals(text) == [(kind, value, note)]


def test_wire_dateline_names_the_agency() -> None:
    text = "Talks to resume\n\nGENEVA (AP) — Officials said on Tuesday the talks would go on.\n\nMore later.\n"
    assert _signals(text) == [("wire", "Associated Press", "(AP)")]
    text = "Oil rises\n\nLONDON, Feb 2 (Reuters) - Oil prices rose on Wednesday.\n"
    assert _signals(text) == [("wire", "Reuters", "(Reuters)")]


def test_agency_suffix_at_paragraph_end() -> None:
    text = "Quake\n\nA strong earthquake struck off the coast on Sunday, officials said. — AFP\n"
    assert _signals(text) == [("wire", "Agence France-Presse", "AFP")]


@pytest.mark.parametrize(
    "body",
    [
        "The figures were confirmed to The New York Times by a senior European official.",
        "The Associated Press reported that the talks had stalled.",
        "Source: Ministry of Health figures for the first quarter.",
        "Reuters could not independently verify the footage.",
        "Source link",
        "PA",
    ],
)
def test_body_mentions_of_outlets_are_not_signals(body: str) -> None:
    text = "Talks to resume\n\n" + body + "\n\n" + LEDE + "More talks are planned for the spring.\n\n" * 7
    assert _signals(text) == []


def test_signal_lines_are_provenance_boilerplate() -> None:
    text = "Talks to resume next week\n\n" + LEDE + "With Post wires"
    a = Article(id="x", source="x", text=text)
    spans = boilerplate.mark(a)
    assert (spans[-1].kind, text[spans[-1].start : spans[-1].end]) == ("provenance", "With Post wires")
