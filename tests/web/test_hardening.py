"""The web app under hostile requests (issue 15, items 3 and 4): every case failed before."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from fastapi.testclient import TestClient

from copydesk.store import Store
from copydesk.web import create_app

from .conftest import TOKEN

HEADERS = ("content-security-policy", "x-content-type-options", "x-frame-options")
STORY = {
    "title": "Harbour bridge to close for repairs",
    "text": "Harbour bridge to close for repairs\nThe harbour bridge will close for six weeks from "
    'March, the city said. "Safety comes first," said Mayor Ann Lee.\n',
}


def _secured(r) -> bool:  # noqa: ANN001
    return all(h in r.headers for h in HEADERS) and r.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("q", ["NATO\x00 troops", '"leaked\x00 letter"', "Kirby\x01\x7f said", "Baltic\u200b\ue000"])
@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_control_characters_in_search_are_not_errors(client, path, q):
    r = client.get(path, params={"q": q})
    assert r.status_code == 200 and _secured(r)


def test_a_nul_splits_words_instead_of_ending_the_query(client):
    hits = client.get("/api/search", params={"q": "NATO\x00 leak"}).json()["hits"]
    assert hits == client.get("/api/search", params={"q": "NATO leak"}).json()["hits"] != []


@pytest.mark.parametrize("path", ["/search", "/api/search"])
def test_500s_carry_the_security_headers_and_no_trace(web_db, monkeypatch, path):
    def boom(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(Store, "search_page", boom)  # what search and the pages call
    r = TestClient(create_app(web_db), raise_server_exceptions=False).get(path, params={"q": "budget cuts"})
    assert r.status_code == 500 and _secured(r)
    assert "secret internals" not in r.text and "Traceback" not in r.text


def _http(sock: socket.socket, path: str) -> tuple[int, bytes]:
    """One HTTP/1.1 request on an open keep-alive socket: (status, raw response)."""
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, data  # the server closed the connection
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = int(next(line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")))
    while len(body) < length:
        body += sock.recv(65536)
    return int(head.split()[1]), head


def test_keep_alive_connection_survives_a_500(web_db):
    import uvicorn

    app = create_app(web_db)

    def boom() -> None:
        raise RuntimeError("a bug")

    app.add_api_route("/api/boom", boom)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.time() + 20
        while not server.started and time.time() < deadline:
            time.sleep(0.05)
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            status, head = _http(sock, "/api/boom")
            assert status == 500 and b"content-security-policy" in head.lower()
            assert _http(sock, "/api/stories")[0] == 200  # same connection: the next request still works
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def writable(tmp_path):
    return TestClient(create_app(tmp_path / "w.db", token=TOKEN), raise_server_exceptions=False)


def test_json_nested_100000_deep_is_refused_with_422(writable):
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = writable.post("/api/articles", content=deep,
                      headers={"Authorization": f"Bearer {TOKEN}", "content-type": "application/json"})
    assert r.status_code == 422 and "nested deeper" in r.json()["detail"] and _secured(r)


def test_json_nested_a_little_too_deep_is_refused_too(writable):
    r = writable.post("/api/articles", json={**STORY, "authors": [[[[[[[[["Ann Lee"]]]]]]]]]},
                      headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "nested deeper" in r.json()["detail"]


@pytest.mark.parametrize("auth", [TOKEN, f"Basic {TOKEN}", f"Bearer{TOKEN}", f"Token {TOKEN}", "Bearer "])
def test_authorization_requires_the_bearer_scheme(writable, auth):
    r = writable.post("/api/articles", json=STORY, headers={"Authorization": auth})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_bearer_scheme_is_case_insensitive(writable):
    r = writable.post("/api/articles", json=STORY, headers={"Authorization": f"bearer {TOKEN}"})
    assert r.status_code == 201, r.text


def test_an_article_over_the_size_budget_is_a_422_with_the_reason(writable):
    text = STORY["text"] + "The bridge was built in 1932 and carries 40,000 cars a day. " * 5000  # ~300 KB
    r = writable.post("/api/articles", json={**STORY, "text": text}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 422 and "budget per article" in r.json()["detail"]
