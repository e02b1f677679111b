"""The web app: browse stories, read every outlet side by side, search, ingest over HTTP."""

from __future__ import annotations

from pathlib import Path

from copydesk.web.app import create_app

__all__ = ["create_app", "serve"]


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the web app over the store at ``db`` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, token=token), host=host, port=port, log_level="info", access_log=False)
