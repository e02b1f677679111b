"""read(): directories, sniffing, and every kind of bad input as a one-line ReadProblem."""

from __future__ import annotations

import gzip
from pathlib import Path

from copydesk.model import Article
from copydesk.readers import ReadProblem, read, sniff

DATA = Path(__file__).parents[1] / "data" / "readers"
STORY = ("Council approves flood barrier\n\nThe harbour council voted 7 to 2 on Tuesday night to build "
         "a £14\u00a0million flood barrier, ending a decade of argument.\n")


def split(got):
    return ([g for g in got if isinstance(g, Article)], [g for g in got if isinstance(g, ReadProblem)])


def test_directory_is_read_recursively_in_sorted_order_skipping_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second story\n\nAbout the ferry.")
    (tmp_path / "a.txt").write_text("First story\n\nAbout the bridge.")
    (tmp_path / "c.html").write_bytes((DATA / "news_page.html").read_bytes())
    (tmp_path / ".hidden.txt").write_text("Hidden\n\nNot read.")
    (tmp_path / ".git" / "HEAD.txt").write_text("ref: refs/heads/main")
    articles, problems = split(read([tmp_path]))
    assert [Path(a.source).relative_to(tmp_path).as_posix() for a in articles] == ["a.txt", "b/2.txt", "c.html"]
    assert not problems
    assert articles[2].marks  # the .html went through the HTML reader


def test_text_is_kept_exactly_and_ids_are_stable(tmp_path):
    p = tmp_path / "story.txt"
    p.write_bytes(STORY.replace("\n", "\r\n").encode("cp1252"))
    (a,) = read([p])
    assert a.text == STORY.replace("\n", "\r\n")
    assert a.id == next(iter(read([str(p)]))).id


def test_bad_inputs_are_problems_and_reading_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500))
    (tmp_path / "noise.txt").write_bytes(bytes(range(128, 256)) * 30)
    (tmp_path / "ok.txt").write_text(STORY)
    got = list(read([tmp_path / "missing.txt", tmp_path]))
    articles, problems = split(got)
    assert [Path(a.source).name for a in articles] == ["ok.txt"]
    reasons = {Path(p.source).name: p.reason for p in problems}
    assert reasons["missing.txt"] == "no such file or directory"
    assert reasons["empty.txt"] == "empty file"
    assert "whitespace only" in reasons["blank.txt"]
    assert "binary" in reasons["photo.jpg"]
    assert "undecodable" in reasons["noise.txt"]
    for p in problems:
        assert str(p) == f"{p.source}: {p.reason}" and "\n" not in str(p)


def test_permission_error_is_a_problem(tmp_path, monkeypatch):
    p = tmp_path / "locked.txt"
    p.write_text(STORY)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    (problem,) = list(read([p]))
    assert problem == ReadProblem(str(p), "permission denied")


def test_html_content_in_a_txt_file_is_sniffed(tmp_path):
    p = tmp_path / "saved-page.txt"
    p.write_bytes((DATA / "news_page.html").read_bytes())
    (a,) = read([p])
    assert a.title == "Harbour council approves flood barrier after storm season"
    assert "<p>" not in a.text


def test_gzipped_files_are_read_by_their_inner_name(tmp_path):
    p = tmp_path / "page.html.gz"
    p.write_bytes(gzip.compress((DATA / "news_page.html").read_bytes()))
    (a,) = read([p])
    assert a.outlet == "The Coastal Ledger"


def test_sniff():
    assert sniff("<!DOCTYPE html><html><body>x</body></html>") == "html"
    assert sniff('\ufeff<?xml version="1.0"?>\n<rss version="2.0"><channel>') == "feed"
    assert sniff("<feed xmlns='http://www.w3.org/2005/Atom'>") == "feed"
    assert sniff("WASHINGTON — The <b>Senate</b> voted on Tuesday.") == "text"
    assert sniff("<3 to everyone who came to the fair") == "text"


def test_tiny_files_are_skipped_with_a_reason_not_read_as_articles(tmp_path):
    for i in range(3):
        (tmp_path / f"t{i}.txt").write_text("T1")
    (tmp_path / "story.txt").write_text("Barrier approved\n\nThe council voted 7 to 2 on Tuesday for the barrier.\n")
    got = list(read([tmp_path]))
    assert [Path(g.source).name for g in got if isinstance(g, Article)] == ["story.txt"]
    reasons = [str(g) for g in got if isinstance(g, ReadProblem)]
    assert len(reasons) == 3 and all("too short for an article (1 word, minimum 5)" in r for r in reasons)


def test_documents_beside_articles_are_skipped_with_a_reason_not_read_as_text(tmp_path):
    from copydesk.readers import ReadProblem, read

    story = "Rail unions said on Monday that 3,000 workers would walk out over pay, the union's leader said.\n"
    (tmp_path / "story.txt").write_text("Rail strike called\n\n" + story, encoding="utf-8")
    (tmp_path / "README.md").write_text("# Notes\n\nThese are the files we scraped on Monday for the desk.\n")
    (tmp_path / "table.csv").write_text("outlet,date,title\nCourier,2024-01-01,Rail strike called for Monday\n")
    (tmp_path / "scan.dat").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n" * 20)
    (tmp_path / "letter.docx").write_bytes(b"PK\x03\x04" + b"word/document.xml" * 50)
    got = list(read([tmp_path]))
    articles = [g for g in got if not isinstance(g, ReadProblem)]
    problems = {g.source.rsplit("/", 1)[-1]: g.reason for g in got if isinstance(g, ReadProblem)}
    assert [a.source.rsplit("/", 1)[-1] for a in articles] == ["story.txt"]
    assert problems["README.md"].startswith("a Markdown document, not an article")
    assert problems["table.csv"].startswith("a CSV table")
    assert problems["scan.dat"].startswith("a PDF document")  # by its first bytes, whatever its name
    assert problems["letter.docx"].startswith("a Word document")
