"""The web app: browse stories, read every outlet side by side, search, ingest over HTTP."""

from __future__ import annotations

from pathlib import Path

from copydesk.web.app import create_app

__all__ = ["create_app", "serve"]


def serve(
    db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None, workers: int = 1
) -> None:
    """Run the web app over the store at ``db`` with uvicorn until interrupted.

    ``db``: a SQLite path or a PostgreSQL URL. ``workers > 1`` runs that many processes on one
    socket (SQLite in WAL mode lets them all read while one writes; PostgreSQL serves them all);
    each opens the store itself, so the path and token go by environment.
    """
    import os

    import uvicorn

    from copydesk.store import Store, is_url
    from copydesk.web.app import DB_ENV, TOKEN_ENV

    options = {"host": host, "port": port, "log_level": "info", "access_log": False}
    if workers <= 1:
        uvicorn.run(create_app(db, token=token), **options)
        return
    Store(db).close()  # create and migrate once, before the workers start
    os.environ[DB_ENV] = db if is_url(db) else str(Path(db).resolve())
    if token:
        os.environ[TOKEN_ENV] = token
    uvicorn.run("copydesk.web.app:app_from_env", factory=True, workers=workers, **options)
