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


def _jsonl_lines(tmp_path, lines: list[bytes]) -> list:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return list(read([path]))


GOOD = [json.dumps({"id": f"a{i}", "text": f"Headline {i}\n\nThe council met on Tuesday and voted {i} to 2 "
                    "for the flood barrier, ending a decade of argument."}).encode() for i in range(3)]


def test_a_huge_epoch_date_spoils_one_record_not_the_file(tmp_path):
    bad = json.dumps({"id": "x", "text": "Headline\n\nBody text of a story.", "published": 1e308}).encode()
    got = _jsonl_lines(tmp_path, [GOOD[0], bad, GOOD[1], GOOD[2]])
    assert [g.id for g in got if isinstance(g, Article)] == ["a0", "x", "a1", "a2"]
    assert next(g for g in got if isinstance(g, Article) and g.id == "x").published is None


def test_a_nul_byte_spoils_one_line_and_names_it(tmp_path):
    nul = b'{"id": "n", "text": "Head\x00line\\n\\nBody"}'
    got = _jsonl_lines(tmp_path, [GOOD[0], nul, GOOD[1], b"{not json", GOOD[2]])
    assert [g.id for g in got if isinstance(g, Article)] == ["a0", "a1", "a2"]
    problems = [str(g) for g in got if isinstance(g, ReadProblem)]
    assert len(problems) == 2 and "line 2: NUL byte" in problems[0] and "line 4: invalid JSON" in problems[1]


def test_a_record_that_breaks_a_reader_spoils_only_itself(tmp_path, monkeypatch):
    import copydesk.readers.jsonl as jsonl

    real = jsonl.from_text

    def flaky(text, where):
        if "boom" in text:
            raise OverflowError("int too large to convert")
        return real(text, where)

    monkeypatch.setattr(jsonl, "from_text", flaky)
    boom = json.dumps({"id": "b", "text": "boom\n\nA body."}).encode()
    got = _jsonl_lines(tmp_path, [GOOD[0], boom, GOOD[1]])
    assert [g.id for g in got if isinstance(g, Article)] == ["a0", "a1"]
    assert "line 2: could not read (OverflowError" in next(str(g) for g in got if isinstance(g, ReadProblem))


def test_utf16_jsonl_and_binary_files(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\ufeff" + "\n".join(g.decode() for g in GOOD)).encode("utf-16-le"))
    assert [g.id for g in read([path]) if isinstance(g, Article)] == ["a0", "a1", "a2"]
    path = tmp_path / "blob.jsonl"
    path.write_bytes(bytes(range(256)) * 50)
    (problem,) = list(read([path]))
    assert "binary" in str(problem)


def test_an_id_that_is_no_url_path_segment_refuses_its_record_only(tmp_path):
    text = "Harbour bridge to close\nThe harbour bridge will close for six weeks, the city said.\n"
    lines = [{"id": "../etc/passwd", "text": text}, {"id": 42, "text": text, "html": "<p>Another page</p>"}]
    path = tmp_path / "ids.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    bad, good = list(read([path]))
    assert isinstance(bad, ReadProblem) and "'id' must be 1 to 128 letters" in bad.reason and "'../etc" in bad.reason
    assert isinstance(good, Article) and good.id == "42" and good.text == text  # text wins over html
