"""JSONL and JSON readers: given ids and metadata kept, bad lines reported by number."""

from __future__ import annotations

import json
from pathlib import Path

from copydesk.model import Article, content_id
from copydesk.readers import ReadProblem, read
from copydesk.readers.jsonl import read_json

DATA = Path(__file__).parents[1] / "data" / "readers" / "articles.jsonl"


def test_each_line_is_an_article_and_bad_lines_are_problems_naming_the_line():
    got = list(read([DATA]))
    articles = [g for g in got if isinstance(g, Article)]
    problems = [g for g in got if isinstance(g, ReadProblem)]
    assert [a.source for a in articles] == [f"{DATA}:1", f"{DATA}:2", f"{DATA}:7"]
    reasons = {p.source: str(p) for p in problems}
    assert "line 3: invalid JSON" in reasons[f"{DATA}:3"]
    assert "not a JSON object" in reasons[f"{DATA}:5"]
    assert "no non-empty 'text' or 'html'" in reasons[f"{DATA}:6"]
    assert all("\n" not in str(p) for p in problems)


def test_given_id_and_metadata_are_kept():
    a = next(g for g in read([DATA]) if isinstance(g, Article))
    assert a.id == "wire-001"
    assert (a.title, a.outlet, a.url, a.published) == (
        "Dam inspection finds cracks", "River Post", "https://example.org/dam", "2023-11-04")
    assert a.authors == ("Lena Fischer", "Paul Novak")
    assert a.text.startswith("Inspectors found hairline cracks")


def test_html_lines_go_through_the_html_reader_and_get_content_ids():
    a = [g for g in read([DATA]) if isinstance(g, Article)][1]
    assert a.id == content_id(a.text)
    assert "The mayor cut the ribbon" in a.text
    assert a.authors == ("Jo Park", "Sam Lee")
    kinds = {m.kind for m in a.marks}
    assert "nav" in kinds and "footer" in kinds


def test_non_iso_dates_are_normalised():
    a = [g for g in read([DATA]) if isinstance(g, Article)][2]
    assert a.published.startswith("2024-03-04")


def test_ids_are_stable_across_reads():
    first = [g.id for g in read([DATA]) if isinstance(g, Article)]
    assert first == [g.id for g in read([DATA]) if isinstance(g, Article)]


def test_json_file_with_a_list(tmp_path):
    items = [{"text": "The museum reopens on Friday after a two-year refit, the trust said."},
             {"html": "<p>Ticket prices rise to 12 euros for adults next year.</p>", "id": 42}]
    got = list(read_json(json.dumps(items).encode(), "museum.json"))
    assert [a.source for a in got] == ["museum.json[0]", "museum.json[1]"]
    assert got[1].id == "42" and got[1].text == "Ticket prices rise to 12 euros for adults next year."
