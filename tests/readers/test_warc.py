"""WARC reader: HTML responses become articles; other records are skipped; damage is reported."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from copydesk.model import Article
from copydesk.readers import ReadProblem, read

PAGE = Path(__file__).parents[1] / "data" / "readers" / "news_page.html"
URI = "https://coastal-ledger.example/news/2023/03/14/flood-barrier"


def _record(writer, uri: str, body: bytes, ctype: str, status: str = "200 OK"):
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers)


def build_warc(path: Path, gzip: bool) -> None:
    cafe = ("<html><body><article><h1>Café tax</h1><p>Le café coûte 2 € à Zürich, said the owner’s son "
            "on Monday.</p><p>Prices rose again in the spring, the federation reported.</p></article>"
            "</body></html>").encode("cp1252")
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=gzip)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "test"}))
        w.write_record(_record(w, URI, PAGE.read_bytes(), "text/html; charset=utf-8"))
        w.write_record(_record(w, "https://x.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"))
        w.write_record(_record(w, "https://x.example/moved", b"", "text/html", status="301 Moved Permanently"))
        w.write_record(_record(w, "https://x.example/cafe", cafe, "text/html; charset=windows-1252"))


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles(tmp_path, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    build_warc(path, gzip)
    got = list(read([path]))
    assert [type(g) for g in got] == [Article, Article]
    page, cafe = got
    assert page.source == f"{path}#{URI}"
    assert page.url == URI
    assert page.title == "Harbour council approves flood barrier after storm season"
    assert any(m.kind == "nav" for m in page.marks)
    assert "Le café coûte 2 € à Zürich, said the owner’s son" in cafe.text  # HTTP charset used


def test_warc_is_sniffed_without_its_extension(tmp_path):
    path = tmp_path / "crawl.bin.gz"
    build_warc(path, gzip=True)
    assert sum(isinstance(g, Article) for g in read([path])) == 2


def test_truncated_warc_keeps_the_pages_before_the_damage(tmp_path):
    path = tmp_path / "crawl.warc"
    build_warc(path, gzip=False)
    data = path.read_bytes()
    cut = data.index(b"WARC/1.", data.index(b"logo.png") - 300)  # inside the third record
    path.write_bytes(data[: cut + 40])
    got = list(read([path]))
    assert isinstance(got[0], Article)
    assert isinstance(got[-1], ReadProblem)


def test_warc_without_html_is_a_problem(tmp_path):
    path = tmp_path / "empty.warc"
    with path.open("wb") as f:
        w = WARCWriter(f, gzip=False)
        w.write_record(w.create_warcinfo_record("empty.warc", {"software": "test"}))
    (problem,) = list(read([path]))
    assert isinstance(problem, ReadProblem) and "no HTML pages" in problem.reason
