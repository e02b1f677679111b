"""JSONL (one article object per line) and JSON (an object or a list of them) -> Article.

Each object has ``text`` or ``html`` and optionally ``id``, ``title``, ``url``, ``outlet``,
``published`` and ``authors``. A bad line becomes a ``ReadProblem`` naming it; the other lines
are still read.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from copydesk.model import ID_PATTERN, ID_RULE, Article
from copydesk.readers import ReadProblem
from copydesk.readers.decode import ReadError, decode, is_binary
from copydesk.readers.html import from_html
from copydesk.readers.html_meta import split_authors
from copydesk.readers.text import from_text

_ID = re.compile(ID_PATTERN)  # a record's given id must be addressable by the web app


def read_jsonl(data: bytes, source: str) -> Iterator[Article | ReadProblem]:
    """One article per non-blank line; ``source`` of each is ``file.jsonl:LINE``.

    Each line is decoded and read on its own, so a NUL byte, an undecodable line or a value
    that breaks a reader spoils that record only, with its line number in the reason.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # (UTF-32's BOMs start alike)
        data = decode(data).encode("utf-8")  # wide encodings cannot be split on the byte "\n"
    elif data.lstrip()[:1] != b"{" and is_binary(data):
        raise ReadError("binary file, not JSON lines")
    # split the bytes on "\n" only: JSON strings may hold U+2028, which str.splitlines splits on
    for n, raw in enumerate(data.split(b"\n"), 1):
        if not raw.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(_decode_line(raw))
        except ReadError as e:
            yield ReadProblem(where, f"line {n}: {e}")
            continue
        except json.JSONDecodeError as e:
            yield ReadProblem(where, f"line {n}: invalid JSON ({e.msg}, column {e.colno})")
            continue
        except RecursionError:
            yield ReadProblem(where, f"line {n}: JSON nested too deeply")
            continue
        yield record(obj, where, f"line {n}")


def _decode_line(raw: bytes) -> str:
    """One JSONL line as text: a NUL byte is refused here rather than calling the file binary."""
    if b"\x00" in raw:
        raise ReadError("NUL byte in the line (binary data, not JSON)")
    return decode(raw)


def read_json(data: bytes, source: str) -> Iterator[Article | ReadProblem]:
    """A JSON file holding one article object or a list of them (``source`` gets ``[i]``)."""
    try:
        obj = json.loads(decode(data))
    except json.JSONDecodeError as e:
        raise ReadError(f"invalid JSON ({e.msg}, line {e.lineno})") from e
    if isinstance(obj, dict):
        yield record(obj, source, "the object")
        return
    if not isinstance(obj, list):
        raise ReadError("JSON file holds neither an article object nor a list of them")
    for i, item in enumerate(obj):
        yield record(item, f"{source}[{i}]", f"item {i}")


def record(obj: Any, where: str, what: str = "the object") -> Article | ReadProblem:
    """An article from one decoded object, or the problem with it (``where`` becomes its source).

    The one reading of an article record: JSONL and JSON files and ``POST /api/articles`` all
    come here. ``text`` wins over ``html`` when both are given (the text as the sender means it);
    a given ``id`` must match ``model.ID_PATTERN``, or the record is refused. Any failure stays
    with this record.
    """
    try:
        return _record(obj, where, what)
    except Exception as e:  # noqa: BLE001 - one bad record must not stop the lines after it
        return ReadProblem(where, f"{what}: could not read ({type(e).__name__}: {' '.join(str(e).split())[:160]})")


def _record(obj: Any, where: str, what: str) -> Article | ReadProblem:
    if not isinstance(obj, dict):
        return ReadProblem(where, f"{what}: not a JSON object")
    given_id = obj.get("id")
    given_id = None if given_id in (None, "") else str(given_id)
    if given_id is not None and not _ID.match(given_id):
        return ReadProblem(where, f"{what}: 'id' must be {ID_RULE} (got {given_id[:40]!r})")
    html, text = obj.get("html"), obj.get("text")
    url = _str(obj.get("url"))
    try:
        if isinstance(text, str) and text.strip():
            article = from_text(text, where)
        elif isinstance(html, str) and html.strip():
            article = from_html(html, where, url=url)
        else:
            return ReadProblem(where, f"{what}: no non-empty 'text' or 'html' field")
    except ReadError as e:
        return ReadProblem(where, f"{what}: {e}")
    return replace(
        article,
        id=given_id or article.id,
        title=_str(obj.get("title")) or article.title,
        outlet=_str(obj.get("outlet")) or article.outlet,
        url=url or article.url,
        published=_date(obj.get("published")) or article.published,
        authors=_authors(obj.get("authors", obj.get("author"))) or article.authors,
    )



def _str(value: Any) -> str | None:
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        value = " ".join(str(value).split())
        return value or None
    return None


def _authors(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        value = [v.get("name") if isinstance(v, dict) else v for v in value]
        # a list is already split: keep each name whole ("Smith, Jr." stays one author)
        return tuple(dict.fromkeys(" ".join(v.split()) for v in value if isinstance(v, str) and v.strip()))
    return split_authors(value) if isinstance(value, str) else ()


def _date(value: Any) -> str | None:
    """An ISO 8601 date: ISO strings kept as given, epoch seconds converted, others parsed."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, tz=UTC).isoformat()
        except (OverflowError, OSError, ValueError):  # 1e308, NaN: no date, the article stays
            return None
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
        return value
    except ValueError:
        pass
    import dateparser  # slow to import, and most inputs give ISO dates

    parsed = dateparser.parse(value, languages=None)
    return parsed.isoformat() if parsed else None
