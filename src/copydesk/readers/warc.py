"""WARC archives -> one Article per HTML response (``source`` is ``file.warc.gz#<uri>``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from copydesk.model import Article
from copydesk.readers import ReadProblem
from copydesk.readers.decode import ReadError, declared_charset, decode
from copydesk.readers.html import from_html

MAX_RECORD_BYTES = 64 * 1024 * 1024  # one page; larger payloads are media, not articles
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, source: str | None = None) -> Iterator[Article | ReadProblem]:
    """The HTML pages of a WARC (plain or gzipped); other records are skipped silently."""
    source = source or str(path)
    pages = 0
    records = 0
    with path.open("rb") as f:
        try:
            for record in ArchiveIterator(f):
                records += 1
                got = _page(record, source)
                if got is not None:
                    pages += 1
                    yield got
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as e:  # truncated or corrupt
            yield ReadProblem(source, f"damaged WARC after {records} records ({_one_line(str(e))})")
            return
    if pages == 0:
        yield ReadProblem(source, f"no HTML pages in WARC ({records} records)")


def _page(record, source: str) -> Article | ReadProblem | None:  # noqa: ANN001 - warcio record
    """An article from one response/resource record, None when it is not an HTML page."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    if headers is None:
        return None
    if record.rec_type == "response":
        status = headers.get_statuscode()
        if not status or not status.startswith("2"):
            return None  # redirects and errors carry no article
    ctype = (headers.get_header("Content-Type") or "").lower()
    if not any(t in ctype for t in _HTML_TYPES):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    where = f"{source}#{uri}"
    try:
        payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
        if len(payload) > MAX_RECORD_BYTES:
            return ReadProblem(where, f"page too large (over {MAX_RECORD_BYTES:,} bytes)")
        charset = ctype.split("charset=", 1)[1].split(";")[0].strip(" \"'") if "charset=" in ctype else None
        text = decode(payload, charset or declared_charset(payload))
        return from_html(text, where, url=uri)
    except ReadError as e:
        return ReadProblem(where, str(e))
    except Exception as e:  # noqa: BLE001 - one bad record must not end the archive
        return ReadProblem(where, f"could not read ({type(e).__name__}: {_one_line(str(e))})")


def _one_line(s: str) -> str:
    s = " ".join(s.split())
    return s if len(s) <= 200 else s[:197] + "..."
