"""A store holding the example story plus a hostile article, served in-process and over loopback."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient
from pgserver import BACKENDS, new_store_location

from copydesk.model import Annotated, Article, Quote, SourceRef, Span, Story, SummarySentence, content_id
from copydesk.store import Store
from copydesk.web import create_app

TOKEN = "s3cret-token"

HOSTILE_TEXT = (
    "Council vote <script>alert(1)</script> delayed again\n"
    "By A. Writer\n"
    'The council postponed its vote on Tuesday. <img src=x onerror="alert(2)"> Officials said '
    '"the budget is not ready yet" and promised a date <b onmouseover=alert(3)>soon</b>.\n'
    "Copyright 2024 Example Gazette. All rights reserved.\n"
)


def hostile_item() -> tuple[Annotated, Story]:
    """An article whose text and title carry markup and event handlers, with a story citing it."""
    text = HOSTILE_TEXT
    aid = content_id(text)
    q0 = text.index('"the budget')
    q1 = text.index('ready yet"') + len('ready yet"')
    foot = text.index("Copyright")
    article = Article(aid, "hostile.txt", text, title="Council vote <script>alert(1)</script> delayed",
                      outlet='Gazette"><script>alert(4)</script>')  # fmt: skip
    item = Annotated(
        article,
        boilerplate=(Span(foot, len(text) - 1, "boilerplate", "footer"),),
        quotes=(Quote(aid, q0, q1, text[q0:q1], "speech", "<i>Officials</i>"),),
    )
    s0 = text.index("The council")
    story = Story(
        id="s-hostile",
        title="Council <script>alert(5)</script> vote",
        articles=(aid,),
        quotes=item.quotes,
        summary=(
            SummarySentence(
                "The vote <img src=x onerror=alert(6)> was postponed.", (SourceRef(aid, s0, s0 + 41),)
            ),
        ),
    )
    return item, story


@pytest.fixture(scope="session", params=BACKENDS)
def web_db(request, tmp_path_factory, example_analysis):
    """The example store, once on SQLite and once on PostgreSQL: every page test runs on both."""
    db = new_store_location(request, request.param, tmp_path_factory.mktemp("web"), "web")
    item, story = hostile_item()
    with Store(db) as store:
        store.add_articles([*example_analysis.articles, item])
        store.replace_stories([*example_analysis.stories, story])
    return db


@pytest.fixture(scope="module")
def client(web_db):
    return TestClient(create_app(web_db, token=TOKEN), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def live_url(web_db):
    """The app served by uvicorn on a loopback port, in a background thread."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
