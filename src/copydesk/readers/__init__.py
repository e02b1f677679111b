"""Readers: files, directories, HTML, JSONL, feeds and WARC -> Article.

``read(paths)`` never raises on bad input: every file it cannot read becomes a ``ReadProblem``
with a one-line reason, and reading goes on with the other inputs. The format comes from the
file name and, when that says little, from the content itself.
"""

from __future__ import annotations

import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from copydesk.model import Article
from copydesk.readers.decode import ReadError, declared_charset, decode

MIN_WORDS = 5  # fewer is a stub or a test file ("T1"), not something to cluster or quote
MAX_FILE_BYTES = 512 * 1024 * 1024  # past this a file is not news, and would not fit in memory twice
_GZIP = b"\x1f\x8b"
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_FEED_EXT = {".xml", ".rss", ".atom", ".rdf"}
_HTML_HINTS = ("<!doctype html", "<html", "<head", "<body", "<meta ", "<div", "<article", "<p>", "<title")
_FEED_HINTS = ("<rss", "<feed", "<rdf:rdf")
# Files that sit beside articles in a folder but are not news: skipped with the reason, not read as text.
_NOT_ARTICLE_EXT = {
    ".pdf": "a PDF document", ".doc": "a Word document", ".docx": "a Word document",
    ".odt": "an OpenDocument text", ".rtf": "an RTF document", ".xls": "a spreadsheet",
    ".xlsx": "a spreadsheet", ".ods": "a spreadsheet", ".csv": "a CSV table", ".tsv": "a TSV table",
    ".ppt": "a slide deck", ".pptx": "a slide deck", ".md": "a Markdown document", ".rst": "a reStructuredText document",
    ".py": "source code", ".js": "source code", ".css": "a style sheet", ".zip": "a ZIP archive",
}  # fmt: skip
_NOT_ARTICLE_MAGIC = {b"%PDF-": "a PDF document", b"PK\x03\x04": "a ZIP archive or office document",
                      b"\xd0\xcf\x11\xe0": "an old Office document", b"{\\rtf": "an RTF document"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReadProblem:
    """An input that was skipped, and why (``str()`` gives one line: ``source: reason``)."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read(paths: Iterable[str | Path]) -> Iterator[Article | ReadProblem]:
    """Read files and directories (recursively, sorted, hidden entries skipped) into articles;
    an http(s) URL given as a string is fetched (:mod:`copydesk.readers.fetch`)."""
    for p in paths:
        if is_url(p):
            yield from read_url(p)
            continue
        path = Path(p)
        try:
            is_dir = path.is_dir()
        except OSError as e:
            yield ReadProblem(str(path), _os_reason(e))
            continue
        if is_dir:
            files, problems = _walk(path)
            yield from problems
            for f in files:
                yield from read_file(f)
        else:
            yield from read_file(path)


def _walk(top: Path) -> tuple[list[Path], list[ReadProblem]]:
    """Every non-hidden file under ``top``, in sorted order, and the folders we could not list."""
    problems: list[ReadProblem] = []
    files: list[Path] = []

    def on_error(e: OSError) -> None:
        problems.append(ReadProblem(str(e.filename or top), _os_reason(e)))

    for root, dirs, names in os.walk(top, onerror=on_error):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(root, n) for n in names if not n.startswith("."))
    return sorted(files), problems


def read_file(path: Path) -> Iterator[Article | ReadProblem]:
    """The articles in one file (several for JSONL, feeds and WARC), or why there are none."""
    source = str(path)
    try:
        for got in _read_file(path, source):
            yield _big_enough(got)
    except ReadError as e:
        yield ReadProblem(source, str(e))
    except OSError as e:
        yield ReadProblem(source, _os_reason(e))
    except Exception as e:  # noqa: BLE001 - one bad input must not stop the others
        yield ReadProblem(source, f"could not read ({type(e).__name__}: {_one_line(str(e))})")


def is_url(arg: object) -> bool:
    """An input to fetch rather than open: a string that starts with http:// or https://."""
    return isinstance(arg, str) and arg[:8].lower().startswith(("http://", "https://"))


def read_url(url: str) -> Iterator[Article | ReadProblem]:
    """The articles at an http(s) URL, each with the URL it was fetched from, or why there are none."""
    from copydesk.readers.fetch import fetch

    try:
        got = fetch(url)
        for item in read_bytes(got.data, url, got.suffix):
            if isinstance(item, Article) and not item.url:
                item = replace(item, url=got.url)
            yield _big_enough(item)
    except ReadError as e:
        yield ReadProblem(url, str(e))
    except Exception as e:  # noqa: BLE001 - one bad input must not stop the others
        yield ReadProblem(url, f"could not read ({type(e).__name__}: {_one_line(str(e))})")


def _read_file(path: Path, source: str) -> Iterator[Article | ReadProblem]:
    if not path.exists():
        raise ReadError("no such file or directory")
    if not path.is_file():
        raise ReadError("not a regular file")
    size = path.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if size > MAX_FILE_BYTES:
        raise ReadError(f"file too large ({size:,} bytes, limit {MAX_FILE_BYTES:,})")
    name = path.name.lower()
    with path.open("rb") as f:
        head = f.read(16)
    if name.endswith((".warc", ".warc.gz", ".arc.gz")) or _is_warc(path, head):
        from copydesk.readers.warc import read_warc

        yield from read_warc(path, source)
        return
    data = path.read_bytes()
    if data.startswith(_GZIP):
        data = _gunzip(data)
        name = name.removesuffix(".gz")
        if not data:
            raise ReadError("empty file (after gunzip)")
    yield from read_bytes(data, source, Path(name).suffix)


def read_bytes(data: bytes, source: str, suffix: str = "") -> Iterator[Article | ReadProblem]:
    """Articles from the bytes of one file; ``suffix`` (".html", ".jsonl"…) guides the format."""
    suffix = suffix.lower()
    kind = _NOT_ARTICLE_EXT.get(suffix) or next((k for m, k in _NOT_ARTICLE_MAGIC.items() if data.startswith(m)), None)
    if kind:
        raise ReadError(f"{kind}, not an article (rename it to .txt or .html to read it anyway)")
    if suffix in _JSONL_EXT or suffix == ".json":
        from copydesk.readers.jsonl import read_json, read_jsonl

        yield from (read_jsonl if suffix in _JSONL_EXT else read_json)(data, source)
        return
    text = decode(data, declared_charset(data))
    if not text.strip():
        raise ReadError("empty file (whitespace only)")
    kind = sniff(text)
    if suffix in _HTML_EXT or (kind == "html" and suffix not in _FEED_EXT):
        from copydesk.readers.html import from_html

        yield from_html(text, source)
    elif suffix in _FEED_EXT or kind == "feed":
        from copydesk.readers.feeds import read_feed

        yield from read_feed(text, source)
    else:
        from copydesk.readers.text import from_text

        yield from_text(text, source)


def sniff(text: str) -> str:
    """ "html", "feed" or "text", from how the content begins."""
    head = text[:2048].lstrip("\ufeff \t\r\n").lower()
    if not head.startswith("<"):
        return "text"
    if head.startswith(("<rss", "<feed", "<rdf:rdf")) or (
        head.startswith("<?xml") and any(h in head for h in _FEED_HINTS)
    ):
        return "feed"
    if any(h in head for h in _HTML_HINTS):
        return "html"
    return "text"


def _big_enough(got: Article | ReadProblem) -> Article | ReadProblem:
    """An article with fewer than ``MIN_WORDS`` words is a stub ("T1"), not news: say so."""
    if isinstance(got, Article):
        words = len(got.text.split(None, MIN_WORDS)[:MIN_WORDS])
        if words < MIN_WORDS:
            return ReadProblem(got.source, f"too short for an article ({words} word{'s' * (words != 1)}, "
                                           f"minimum {MIN_WORDS})")
    return got


def _is_warc(path: Path, head: bytes) -> bool:
    if head.startswith(b"WARC/"):
        return True
    if head.startswith(_GZIP):
        try:
            with gzip.open(path, "rb") as g:
                return g.read(5) == b"WARC/"
        except (OSError, EOFError, zlib.error):
            return False
    return False


def _gunzip(data: bytes) -> bytes:
    """Decompress, refusing gzip bombs past ``MAX_FILE_BYTES``."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, MAX_FILE_BYTES + 1)
    except zlib.error as e:
        raise ReadError(f"damaged gzip file ({e})") from e
    if len(out) > MAX_FILE_BYTES:
        raise ReadError(f"file too large once decompressed (limit {MAX_FILE_BYTES:,} bytes)")
    return out


def _os_reason(e: OSError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    return f"cannot read: {_one_line(e.strerror or str(e))}"


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 200 else s[:197] + "..."


__all__ = ["ReadProblem", "read", "read_file", "read_bytes", "sniff"]
