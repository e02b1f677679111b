"""The JSON API: stories, articles and search in the JSON contract's shapes, and ingest over HTTP."""

from __future__ import annotations

import hmac
import json
import tempfile
from dataclasses import replace
from pathlib import Path as FsPath
from typing import Annotated as Arg
from typing import Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, Field, ValidationError

from copydesk.model import ID_PATTERN, ID_RULE, Article
from copydesk.render.json import article_dict, plain
from copydesk.store import Store, independent_sources

router = APIRouter(prefix="/api", tags=["api"])
IdArg = Arg[str, Path(pattern=ID_PATTERN)]
UPLOAD_SUFFIXES = {".html", ".htm", ".txt", ".warc", ".gz", ".jsonl", ".json", ".xml", ".rss", ".atom"}


class ArticleIn(BaseModel):
    """One article to ingest: ``text`` (plain text as received) or ``html`` (a whole page); ``text``
    wins when both are given. Read by ``readers.jsonl.record``, as a line of a JSONL file is."""

    text: str | None = Field(None, max_length=5_000_000)
    html: str | None = Field(None, max_length=20_000_000)
    id: str | int | None = Field(None, description=f"{ID_RULE} (checked by the reader)")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=4000)
    outlet: str | None = Field(None, max_length=300)
    published: str | None = Field(None, max_length=40)
    authors: list[str] = Field(default_factory=list, max_length=50)


def _store(request: Request) -> Store:
    return request.app.state.stores.get()


def story_json(story: Any) -> dict[str, Any]:
    """A story in the contract's shape, plus the independent-source count."""
    return {**plain(story), "independent_sources": independent_sources(story)}


@router.get("/stories")
def list_stories(
    request: Request,
    limit: Arg[int, Query(ge=1, le=200)] = 50,
    offset: Arg[int, Query(ge=0)] = 0,
    after: Arg[str | None, Query(max_length=300)] = None,
) -> dict[str, Any]:
    """Stories, newest activity first: id, title, size, outlets, independent sources.
    ``after``: the ``next`` of the previous answer (a keyset cursor: as fast on any page)."""
    store = _store(request)
    cursor = _cursor(after) if after else None
    rows = store.story_rows(limit=limit, offset=offset, after=cursor)
    last = rows[-1] if len(rows) == limit else None
    return {
        "total": store.count_stories(),
        "next": json.dumps([last.activity, last.id]) if last and last.activity else None,
        "stories": [
            {"id": r.id, "title": r.title, "size": r.size, "outlets": list(r.outlets),
             "independent_sources": r.independent, "activity": r.activity}
            for r in rows
        ],
    }  # fmt: skip


def _cursor(after: str) -> tuple[str, str]:
    try:
        activity, story_id = json.loads(after)
        if isinstance(activity, str) and isinstance(story_id, str):
            return activity, story_id
    except (ValueError, TypeError):
        pass
    raise HTTPException(422, "after: give the 'next' value of the previous page")


@router.get("/stories/{story_id}", response_model=None)
def get_story(request: Request, story_id: IdArg) -> dict[str, Any] | RedirectResponse:
    """One story with everything the cross-article stages found (quotes, relations, claims…).
    An id that was regrouped into another story redirects (308) to it."""
    store = _store(request)
    story = store.story(story_id)
    if story is None:
        live = store.resolve_story(story_id)
        if live is None:
            raise HTTPException(404, "no story with this id")
        return RedirectResponse(request.url_for("get_story", story_id=live), status_code=308)
    return story_json(story)


@router.get("/articles/{article_id}")
def get_article(request: Request, article_id: IdArg) -> dict[str, Any]:
    """One article: text, metadata and every annotation layer, plus the id of its story."""
    store = _store(request)
    item = store.article(article_id)
    if item is None:
        raise HTTPException(404, "no article with this id")
    story = store.story_of(article_id)
    return {**article_dict(item), "story": story.id if story else None}


@router.get("/search")
def search(
    request: Request,
    q: Arg[str, Query(min_length=1, max_length=500)],
    limit: Arg[int, Query(ge=1, le=100)] = 20,
    offset: Arg[int, Query(ge=0, le=10_000)] = 0,
) -> dict[str, Any]:
    """Full-text search over articles and quotes, newest first; ``highlights`` are [start, end] in
    ``snippet``. ``total`` counts every match: exactly when ``total_exact``, otherwise estimated
    from the newest matches (a query matching most of the store costs no more than another)."""
    found = _store(request).search_page(q, limit=limit, offset=offset)
    hits = []
    for h in found.hits:
        highlights, pos = [], 0
        for text, on in h.parts:
            if on:
                highlights.append([pos, pos + len(text)])
            pos += len(text)
        hits.append(
            {"kind": h.kind, "article": h.article_id, "title": h.title, "start": h.start, "end": h.end,
             "snippet": h.snippet, "highlights": highlights}
        )  # fmt: skip
    return {"q": q, "total": found.total, "total_exact": found.exact, "hits": hits}


@router.post(
    "/articles",
    status_code=201,
    responses={200: {"description": "already stored"}, 401: {}, 403: {}, 413: {}, 422: {}},
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": ArticleIn.model_json_schema()},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {"file": {"type": "string", "format": "binary"}},
                    }
                },
            }
        }
    },
)
async def post_article(request: Request) -> JSONResponse:
    """Ingest one article (JSON) or one uploaded file (HTML, text, WARC…), run the pipeline and
    answer with each article's story. Needs ``Authorization: Bearer <token>``."""
    _check_token(request)
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        articles, problems = [_from_json(await request.body())], []
    elif kind == "multipart/form-data":
        articles, problems = await _from_upload(request)
    else:
        raise HTTPException(415, "send application/json or multipart/form-data with a 'file' field")
    if not articles:
        raise HTTPException(422, "; ".join(problems) or "no article could be read")
    from starlette.concurrency import run_in_threadpool

    result = await run_in_threadpool(_ingest, request, articles)
    result.problems[:0] = problems
    if not result.added and not result.duplicates:  # e.g. over the per-article size budget
        raise HTTPException(422, "; ".join(result.problems) or "no article could be analysed")
    store = _store(request)
    placed = [(a.id, store.story_of(a.id)) for a in articles]
    stories = {s.id: s for _, s in placed if s is not None}
    body = {
        "added": result.added,
        "duplicates": result.duplicates,
        "problems": result.problems,
        "articles": [{"id": aid, "story": s.id if s else None} for aid, s in placed],
        "stories": [story_json(s) for s in stories.values()],
    }
    return JSONResponse(body, status_code=201 if result.added else 200)


def _check_token(request: Request) -> None:
    token = request.app.state.token
    if not token:
        raise HTTPException(403, "this server is read-only: start it with --token to allow ingest")
    scheme, _, given = request.headers.get("authorization", "").strip().partition(" ")
    # RFC 6750: the Bearer scheme (case-insensitive) and then the token; a bare token is refused
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"})


MAX_JSON_DEPTH = 8  # an article is an object holding strings and one list of strings


def _from_json(raw: bytes) -> Article:
    try:
        parsed = json.loads(raw)
    except RecursionError as e:  # the decoder's own guard, far deeper than MAX_JSON_DEPTH
        raise HTTPException(422, f"invalid article JSON: nested deeper than {MAX_JSON_DEPTH} levels") from e
    except ValueError as e:
        raise HTTPException(422, f"invalid article JSON: {str(e).splitlines()[0]}") from e
    if _depth(parsed) > MAX_JSON_DEPTH:
        raise HTTPException(422, f"invalid article JSON: nested deeper than {MAX_JSON_DEPTH} levels")
    try:
        data = ArticleIn.model_validate(parsed)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise HTTPException(422, f"invalid article JSON: {where + ': ' if where else ''}{first['msg']}") from e
    from copydesk.readers import ReadProblem
    from copydesk.readers.jsonl import record

    found = record(parsed, data.url or "api", "the article")
    if isinstance(found, ReadProblem):  # no text, a page with no visible text, a bad id: the sender's
        raise HTTPException(422, found.reason)
    return found


def _depth(value: Any) -> int:
    """Nesting depth of parsed JSON, walked with a stack (no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            stack.extend((v, level + 1) for v in (item.values() if isinstance(item, dict) else item))
    return deepest


async def _from_upload(request: Request) -> tuple[list[Article], list[str]]:
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        raise HTTPException(422, "the form needs a 'file' field")
    name = FsPath(upload.filename or "upload.txt").name
    if FsPath(name).suffix.lower() not in UPLOAD_SUFFIXES:
        name += ".txt"
    data = await upload.read()
    from copydesk.pipeline import read_inputs

    with tempfile.TemporaryDirectory(prefix="copydesk-upload-") as tmp:
        path = FsPath(tmp) / name
        path.write_bytes(data)
        articles, problems, _repeats = read_inputs([path])
    problems = [p.replace(str(path), name) for p in problems]
    return [replace(a, source=f"upload:{name}") for a in articles], problems


def _ingest(request: Request, articles: list[Article]):  # noqa: ANN202 - copydesk.ingest.IngestResult
    from copydesk.ingest import ingest

    stores = request.app.state.stores
    with stores.write_lock:  # the kept grouping saves loading the whole store per request
        result = ingest(articles, stores.db_path, graph=stores.graph)
        stores.graph = result.graph
        return result
