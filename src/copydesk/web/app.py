"""The web app: a FastAPI factory over one store, with its safety rails.

Pages (``pages.py``) and the JSON API (``api.py``) are routers; this module wires them to a
store and adds what every response needs: a strict Content-Security-Policy, a request size
limit, and error pages (404/413/422/500) that never show a stack trace.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from copydesk import __version__
from copydesk.store import Store, is_url
from copydesk.web import api, pages, templating

MAX_BODY_BYTES = 20 * 1024 * 1024  # an uploaded page or WARC of one story, not a crawl
TOKEN_ENV = "COPYDESK_TOKEN"
PG_POOL_SIZE = 8  # PostgreSQL connections per server process (requests beyond it wait for one)
DB_ENV = "COPYDESK_DB"  # how `serve --workers N` tells each worker process which store to open
log = logging.getLogger("copydesk.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# The API docs: Swagger UI 5 (reads OpenAPI 3.1) from the files the fastapi-offline package ships,
# served here (no CDN), started by our own script file; only its inline styles need more than the pages.
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATH = "/api/docs"


class Stores:
    """The app's store: for SQLite one connection per worker thread (sqlite3 connections must
    stay in their thread), opened on a thread's first request and kept; for PostgreSQL one store
    shared by every thread over a connection pool of at most ``PG_POOL_SIZE`` connections."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = str(db_path)
        self._local = threading.local()
        self._shared: Store | None = None
        self._open_lock = threading.Lock()
        self.write_lock = threading.Lock()  # one ingest at a time; the store has one writer anyway
        self.graph = None  # the story grouping the last ingest left (reloaded when the store moved on)

    def get(self) -> Store:
        if is_url(self.db_path):
            with self._open_lock:
                if self._shared is None:
                    self._shared = Store(self.db_path, pool_size=PG_POOL_SIZE)
            return self._shared
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.db_path)
        return store


class SecurityHeaders:
    """Add the CSP and friends to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        csp = (DOCS_CSP if scope["path"] == DOCS_PATH else CSP).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    *message.get("headers", []),
                    (b"content-security-policy", csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"DENY"),
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


class CatchErrors:
    """Turn an unhandled exception into a plain 500 page or JSON error, inside the header layer.

    Starlette's own last-resort handler sits outside every middleware (so its 500s carried no
    CSP) and re-raises after answering, which makes the server drop the keep-alive connection
    and fail the client's next request. Here the error is logged and answered, and the
    connection lives on. An error after the response started can only be re-raised.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracked)
        except Exception:
            if started:
                raise
            log.exception("unhandled error on %s", scope["path"])  # the server log keeps the trace
            if scope["path"].startswith("/api/"):
                response: Response = JSONResponse({"detail": "internal error"}, status_code=500)
            else:
                response = error_page(500, "Something went wrong on our side. The server log has the details.")
            await response(scope, receive, send)


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, whether or not Content-Length is sent."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            return await _too_large(scope, receive, send, self.limit)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise StarletteHTTPException(413, f"request body over {self.limit:,} bytes")
            return message

        await self.app(scope, counted, send)


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    detail = f"request body over {limit:,} bytes"
    if scope["path"].startswith("/api/"):
        response: Response = JSONResponse({"detail": detail}, status_code=413)
    else:
        response = error_page(413, detail)
    await response(scope, receive, send)


def error_page(status: int, detail: str) -> HTMLResponse:
    titles = {404: "Not found", 405: "Method not allowed", 413: "Too large", 422: "Invalid request"}
    html = templating.render(
        "error.html", status=status, title=titles.get(status, "Error"), detail=detail, q=""
    )
    return HTMLResponse(html, status_code=status)


def create_app(db_path: str | Path, token: str | None = None, max_body: int = MAX_BODY_BYTES) -> FastAPI:
    """The web app over the store at ``db_path`` (created if missing).

    ``token`` (or the ``COPYDESK_TOKEN`` environment variable) enables ``POST /api/articles``;
    without one the app is read-only.
    """
    Store(db_path).close()  # create and migrate up front, not inside the first request
    app = FastAPI(
        title="copydesk",
        version=__version__,
        description="Read one news story through every outlet that covers it.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's own page loads Swagger UI from a CDN: see api_docs below
        redoc_url=None,
    )
    app.state.stores = Stores(db_path)
    app.state.token = token if token is not None else (os.environ.get(TOKEN_ENV) or None)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.mount("/static", StaticFiles(packages=[("copydesk.web", "static")]), name="static")
    app.mount(DOCS_PATH + "/assets", StaticFiles(packages=[("fastapi_offline", "static")]), name="docs-assets")

    @app.get(DOCS_PATH, include_in_schema=False)
    async def api_docs() -> HTMLResponse:
        return HTMLResponse(templating.render("api_docs.html", assets=DOCS_PATH + "/assets"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return error_page(exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"where": ".".join(str(p) for p in e.get("loc", ())), "problem": e.get("msg", "")}
            for e in exc.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": problems}, status_code=422)
        return error_page(422, "; ".join(f"{p['where']}: {p['problem']}" for p in problems))

    app.add_middleware(BodyLimit, limit=max_body)  # refuse oversized bodies before anything reads them
    app.add_middleware(CatchErrors)  # 500s answered here, so they pass through the headers below
    app.add_middleware(SecurityHeaders)  # outermost: on every response, 413s and 500s included
    return app


def app_from_env() -> FastAPI:
    """The app over the store named by ``COPYDESK_DB``: the factory each uvicorn worker calls."""
    db = os.environ.get(DB_ENV)
    if not db:
        raise RuntimeError(f"set {DB_ENV} to the store's path")
    return create_app(db)
