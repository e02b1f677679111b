"""The JSON contract: keys, types, determinism and an exact round trip."""

from __future__ import annotations

import dataclasses
import json

import pytest

from copydesk.model import Analysis, Annotated, Article, Span
from copydesk.render.json import dumps, from_dict, loads, to_dict

ARTICLE_KEYS = {
    "id",
    "source",
    "title",
    "outlet",
    "url",
    "published",
    "authors",
    "text",
    "boilerplate",
    "signals",
}
STORY_KEYS = {
    "id",
    "title",
    "articles",
    "quotes",
    "quantities",
    "relations",
    "claims",
    "divergences",
    "summary",
}


def test_top_level_and_article_keys(analysis: Analysis) -> None:
    d = to_dict(analysis)
    assert d["version"] == 1
    assert [a["id"] for a in d["articles"]] == ["wire01", "local02"]
    wire = d["articles"][0]
    assert ARTICLE_KEYS <= wire.keys()
    assert wire["authors"] == ["Mike Corder"] and wire["published"] == "2024-03-04"
    assert d["articles"][1]["published"] is None and d["articles"][1]["url"] is None
    assert d["problems"] == ["bad.bin: not a text file, skipped"]


def test_spans_are_offsets_into_the_text_with_kind_and_value(analysis: Analysis) -> None:
    wire = to_dict(analysis)["articles"][0]
    text = wire["text"]
    credit = wire["boilerplate"][0]
    assert set(credit) == {"start", "end", "kind"}  # layer label left implicit
    assert text[credit["start"] : credit["end"]] == "Photo: Peter Dejong/AP" and credit["kind"] == "credit"
    sig = wire["signals"][0]
    assert sig == {"start": sig["start"], "end": sig["end"], "kind": "wire", "value": "Associated Press"}
    assert text[sig["start"] : sig["end"]] == "(AP)"
    person = wire["entities"][1]
    assert person["kind"] == "PERSON" and person["text"] == "Maria Jansen" and "value" not in person
    assert wire["sentences"][0].keys() == {"start", "end", "kind"}


def test_story_contract(analysis: Analysis) -> None:
    story = to_dict(analysis)["stories"][0]
    assert STORY_KEYS <= story.keys()
    assert story["articles"] == ["wire01", "local02"]
    q = story["quotes"][0]
    assert {
        "article",
        "start",
        "end",
        "text",
        "speaker",
        "kind",
        "group",
        "speaker_start",
        "speaker_end",
    } <= q.keys()
    assert q["speaker"] == "Maria Jansen" and q["group"] == "g1"
    qty = story["quantities"][1]
    assert (qty["value"], qty["unit"], qty["about"]) == (1500, "dockworkers", "strikers")
    rel = story["relations"][0]
    assert {"a", "b", "type", "score", "evidence", "direction", "why"} <= rel.keys()
    assert {"a_start", "a_end", "b_start", "b_end"} <= rel["evidence"][0].keys()
    assert story["families"] == [["wire01"], ["local02"]]
    claim = story["claims"][0]
    assert claim["independent_sources"] == 2 and claim["status"] == "corroborated"
    assert claim["sources"][0].keys() == {"article", "start", "end"}
    div = story["divergences"][0]
    assert div["between"] == "independent" and [v["text"] for v in div["variants"]] == [
        "About 1,200 workers",
        "Around 1,500 dockworkers",
    ]
    assert story["summary"][0]["sources"][1]["article"] == "local02"


def test_round_trip_is_exact(analysis: Analysis) -> None:
    assert from_dict(to_dict(analysis)) == analysis
    assert loads(dumps(analysis)) == analysis


def test_dumps_is_deterministic_and_keeps_unicode(analysis: Analysis) -> None:
    text = dumps(analysis)
    assert text == dumps(analysis)
    assert "—" in text and "\\u2014" not in text
    assert json.loads(text)["version"] == 1
    assert text.startswith('{\n "version": 1')


def test_span_labels_and_values_outside_the_defaults_survive() -> None:
    text = "WASHINGTON — Officials said on Tuesday that talks would resume."
    art = Article(id="x1", source="x.txt", text=text, marks=(Span(0, 10, "dateline", "place", "Washington"),))
    odd = Annotated(
        art,
        boilerplate=(Span(0, 12, "reader", "dateline"),),  # a label other than the layer's
        entities=(Span(0, 10, "entity", "GPE", None), Span(0, 10, "entity", "GPE", "Washington, D.C.")),
    )
    back = from_dict(to_dict(Analysis(articles=[odd])))
    assert back.articles[0] == odd


def test_optional_fields_added_to_the_model_flow_through() -> None:
    """A dataclass field the renderer has never heard of is written and read back by name."""
    from copydesk.render import json as rj

    @dataclasses.dataclass(frozen=True)
    class Extra:
        start: int
        note: str | None = None

    assert rj.plain((Extra(3, "x"),)) == [{"start": 3, "note": "x"}]
    assert rj._decode(Extra, {"start": 3, "note": "x", "unknown_future_key": 1}) == Extra(3, "x")


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version 2"):
        from_dict({"version": 2, "articles": [], "stories": []})
