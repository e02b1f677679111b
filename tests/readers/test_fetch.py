"""URL inputs: fetched from a real local HTTP server; failures are one clear line each."""

import functools
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from copydesk.cli import app
from copydesk.model import Article
from copydesk.readers import ReadProblem, is_url, read

PAGE = """<!doctype html><html><head><title>Harbour bridge reopens after repairs</title>
<meta property="og:site_name" content="Coastal Herald"></head><body><nav>Home | Sport | Weather</nav>
<article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened on Monday after eight months of repairs, the city council said.</p>
<p>"Traffic will flow normally from Tuesday morning," said Mara Lind, who leads the roads department.</p>
<p>The work cost 14 million euros, two million more than planned, because of corroded cables.</p>
</article><footer>© Coastal Herald</footer></body></html>"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    (root / "bridge").mkdir()
    (root / "bridge" / "index.html").write_text(PAGE, encoding="utf-8")
    (root / "report.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 200)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *a: None
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_page_url_is_fetched_and_read_as_html_with_its_url(server):
    got = list(read([f"{server}/bridge/"]))
    assert len(got) == 1 and isinstance(got[0], Article), got
    a = got[0]
    assert a.url == f"{server}/bridge/" and a.source == f"{server}/bridge/"
    assert "eight months of repairs" in a.text
    assert a.title == "Harbour bridge reopens after repairs"


def test_failures_are_one_line_each_and_do_not_stop_the_rest(server):
    closed = f"http://127.0.0.1:{_closed_port()}/x"
    got = list(read([f"{server}/missing.html", closed, f"{server}/report.pdf", f"{server}/bridge/"]))
    problems = [g for g in got if isinstance(g, ReadProblem)]
    assert [p.source for p in problems] == [f"{server}/missing.html", closed, f"{server}/report.pdf"]
    assert "404" in problems[0].reason
    assert "could not connect" in problems[1].reason and "offline" in problems[1].reason
    assert "PDF" in problems[2].reason
    assert sum(isinstance(g, Article) for g in got) == 1


def test_only_http_urls_are_fetched():
    assert is_url("https://example.org/a") and is_url("HTTP://example.org")
    assert not is_url("https:/example.org") and not is_url("example.org/a.html") and not is_url(b"http://x")


def test_cli_analyze_takes_a_url_unmangled(server, tmp_path):
    out = tmp_path / "a.json"
    result = CliRunner().invoke(app, ["analyze", f"{server}/bridge/", f"{server}/gone", "--json", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert "1 article in 1 story" in result.output
    assert f"skipped {server}/gone: the server answered 404" in result.output
