"""An input given as an http(s) URL: fetched once with httpx, with timeouts and a size limit.

Only a URL named on the command line (or passed to ``read``) is fetched; nothing else in
copydesk touches the network. Every failure is a ``ReadError`` with one plain line (offline,
no answer, a 404…), so the other inputs are read as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import httpx

from copydesk import __version__
from copydesk.readers.decode import ReadError

TIMEOUT = httpx.Timeout(30.0, connect=10.0)  # a slow news site answers in seconds, not minutes
MAX_BYTES = 20 * 1024 * 1024  # a page, a feed or a WARC of one story; not a crawl
SUFFIX_OF_TYPE = {"html": ".html", "xhtml": ".html", "rss": ".xml", "atom": ".xml", "xml": ".xml",
                  "json": ".json", "plain": ".txt", "pdf": ".pdf", "csv": ".csv"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    data: bytes
    suffix: str  # ".html", ".xml"…: what the reader dispatch expects of a file name


def fetch(url: str) -> Fetched:
    """The body of ``url`` (redirects followed), or a ``ReadError`` saying why not."""
    headers = {"user-agent": f"copydesk/{__version__}", "accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    try:
        with httpx.stream("GET", url, headers=headers, timeout=TIMEOUT, follow_redirects=True) as r:
            if r.status_code >= 400:
                raise ReadError(f"the server answered {r.status_code} {r.reason_phrase}".rstrip())
            chunks, size = [], 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ReadError(f"larger than {MAX_BYTES:,} bytes; download it and pass the file")
                chunks.append(chunk)
            return Fetched(str(r.url), b"".join(chunks), _suffix(r.headers.get("content-type", ""), str(r.url)))
    except httpx.ConnectError as e:
        raise ReadError(f"could not connect to {urlsplit(url).hostname} (offline, or the host is down): {e}") from e
    except httpx.TimeoutException as e:
        raise ReadError(f"no answer within {TIMEOUT.read:.0f} s") from e
    except httpx.InvalidURL as e:
        raise ReadError(f"not a valid URL: {e}") from e
    except httpx.HTTPError as e:
        raise ReadError(f"could not fetch it ({type(e).__name__}: {e})") from e


def _suffix(content_type: str, url: str) -> str:
    """The file suffix the body's media type calls for; else the URL path's own suffix."""
    subtype = content_type.split(";")[0].strip().lower().rpartition("/")[2].removeprefix("x-")
    subtype = subtype.rpartition("+")[2] if "+" in subtype else subtype  # application/rss+xml -> xml
    if subtype in SUFFIX_OF_TYPE:
        return SUFFIX_OF_TYPE[subtype]
    return PurePosixPath(urlsplit(url).path).suffix.lower()
