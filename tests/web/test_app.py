"""Pages and JSON API through the ASGI test client: content, escaping, errors, ingest."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from copydesk.model import Analysis, Annotated, Article, Story, content_id
from copydesk.render import copy_section, pageview, storypage, timeline, view
from copydesk.render.html import render
from copydesk.store import Store, independent_sources
from copydesk.web import create_app
from copydesk.web.app import DB_ENV, app_from_env
from tests.store.test_views import assert_home_order_kept, assert_views_fresh

from .conftest import TOKEN, hostile_item

HOSTILE_ID = hostile_item()[0].id


def test_stories_list_shows_every_story_with_counts(client, example_analysis):
    r = client.get("/")
    assert r.status_code == 200
    for story in example_analysis.stories:
        assert f'href="/stories/{story.id}"' in r.text
    assert "&lt;script&gt;alert(5)" in r.text and "<script>alert" not in r.text
    assert re.search(r"\d+ independent", r.text)
    assert client.get("/?page=99").status_code == 404


def test_story_page_citations_point_at_anchors_on_the_page(client):
    r = client.get("/stories/s-hostile")
    assert r.status_code == 200
    hrefs = re.findall(r'class="cite" href="#([^"]+)"', r.text)
    assert hrefs, "the summary sentence cites its source"
    for ref in hrefs:
        assert f'id="{ref}"' in r.text
    assert "Who said what" in r.text and "&lt;i&gt;Officials&lt;/i&gt;" in r.text


def test_example_story_page_renders_every_section_it_has(client, example_analysis):
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    r = client.get(f"/stories/{story.id}")
    assert r.status_code == 200
    assert r.text.count('<details class="article"') == len(story.articles)
    if story.summary:
        assert 'id="summary"' in r.text
    if story.claims:
        assert 'id="claims"' in r.text
    assert 'class="bp"' in r.text  # boilerplate shown, dimmed


def test_example_story_page_lists_quoted_terms_apart(client, example_analysis):
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    page = client.get(f"/stories/{story.id}").text
    section = page[page.index('<section id="quotes">') : page.index('<section id="articles">')]
    said = re.findall(r"<q>([^<]*)</q>", section)
    assert said and all(len(q.split()) > 2 for q in said)
    terms = section[section.index('<p class="terms">') :]
    assert "“ignored”" in terms and "“long”" in terms
    refs = re.findall(r'class="cite" href="#([^"]+)"', terms)
    assert refs and all(f'id="{ref}"' in page for ref in refs)


def test_article_text_is_escaped_everywhere(client):
    for url in ("/stories/s-hostile", f"/articles/{HOSTILE_ID}", "/search?q=budget", "/search?q=council"):
        body = client.get(url).text
        assert "<script>alert" not in body and "<img src=x" not in body and "<b onmouseover" not in body
        assert 'onerror="alert' not in body
    page = client.get(f"/articles/{HOSTILE_ID}").text
    assert "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;" in page
    assert "Gazette&#34;&gt;&lt;script&gt;" in page  # the outlet, escaped in an attribute-safe way


def test_article_page_shows_text_as_received_and_relations(client, example_analysis):
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    copy = next((r for r in story.relations if r.type != "independent"), None)
    aid = copy.a if copy else story.articles[0]
    r = client.get(f"/articles/{aid}")
    assert r.status_code == 200
    assert f'href="/stories/{story.id}"' in r.text
    if copy:
        assert "Relations to other articles" in r.text and copy.type.replace("_", " ") in r.text


def _text_div(page: str, at: int = 0) -> str:
    start = page.index('<div class="text">', at)
    return page[start : page.index("</div>", start)]


def test_report_and_article_pages_mark_the_same_spans(client, example_analysis):
    """One marks function: each example article's text is the same HTML in the report and on its page."""
    report = render(example_analysis)
    marked = set()
    for item in example_analysis.articles:
        in_report = _text_div(report, report.index(f'id="art-{view.safe_id(item.id)}"'))
        assert _text_div(client.get(f"/articles/{item.id}").text) == in_report, item.id
        marked |= set(re.findall(r'class="([^"]+)"', in_report))
    classes = {c for m in marked for c in m.split()}
    assert {"bp", "q", "cited", "ent", "num", "anchor"} <= classes  # every kind of mark is compared


def test_security_headers_on_pages_api_and_errors(client):
    for url in ("/", "/api/stories", "/nope"):
        h = client.get(url).headers
        assert "script-src 'self'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"


def test_error_pages_and_validation(client):
    r = client.get("/stories/unknown")
    assert r.status_code == 404 and "404" in r.text and "text/html" in r.headers["content-type"]
    assert client.get("/api/stories/unknown").json() == {"detail": "no story with this id"}
    assert client.get("/articles/bad%20id%3Cx%3E").status_code == 422
    assert client.get("/api/articles/" + "a" * 300).status_code == 422
    assert client.get("/search", params={"q": "x" * 501}).status_code == 422


def test_crash_shows_no_traceback(web_db, monkeypatch):
    c = TestClient(create_app(web_db), raise_server_exceptions=False)

    def boom(self, story_id):
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(Store, "story", boom)
    monkeypatch.setattr(Store, "story_updated_at", boom)  # before the page cache is consulted
    for url in ("/stories/s-hostile", "/api/stories/s-hostile"):
        r = c.get(url)
        assert r.status_code == 500
        assert "Traceback" not in r.text and "secret internals" not in r.text


def test_search_handles_phrases_and_fts_syntax(client):
    r = client.get("/search", params={"q": '"the budget is not ready"'})
    assert r.status_code == 200 and "<mark>" in r.text and f"#a-{HOSTILE_ID}-" in r.text
    for q in ['"', "NEAR(", "a OR", "*", "col:x", "'); DROP TABLE articles; --"]:
        assert client.get("/search", params={"q": q}).status_code == 200
        assert client.get("/api/search", params={"q": q}).status_code == 200


def test_api_mirrors_the_contract(client, example_analysis):
    listed = client.get("/api/stories").json()
    assert listed["total"] == len(example_analysis.stories) + 1
    story = example_analysis.stories[0]
    got = client.get(f"/api/stories/{story.id}").json()
    assert got["articles"] == list(story.articles)
    assert {"quotes", "quantities", "relations", "claims", "divergences", "summary"} <= got.keys()
    item = example_analysis.articles[0]
    art = client.get(f"/api/articles/{item.id}").json()
    assert art["text"] == item.text and art["story"] is not None
    assert [(b["start"], b["end"]) for b in art["boilerplate"]] == [
        (s.start, s.end) for s in item.boilerplate
    ]
    hits = client.get("/api/search", params={"q": "budget"}).json()["hits"]
    h = hits[0]
    assert all(h["snippet"][a:b].lower().startswith("budget") for a, b in h["highlights"])
    assert "openapi" in client.get("/api/openapi.json").json()


@pytest.fixture
def writable(db):
    return TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False)


AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW = {
    "title": "Harbour bridge to close for repairs",
    "outlet": "The Example Herald",
    "text": "Harbour bridge to close for repairs\nThe harbour bridge will close for six weeks from "
    'March, the city said. "Safety comes first," said Mayor Ann Lee.\n',
}


def test_post_needs_a_token(web_db, writable):
    readonly = TestClient(create_app(web_db), raise_server_exceptions=False)
    assert readonly.post("/api/articles", json=NEW).status_code == 403
    assert writable.post("/api/articles", json=NEW).status_code == 401
    assert (
        writable.post("/api/articles", json=NEW, headers={"Authorization": "Bearer nope"}).status_code == 401
    )


def test_post_json_ingests_and_answers_with_the_story(writable):
    r = writable.post("/api/articles", json=NEW, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    (aid,) = body["added"]
    assert body["articles"][0]["story"] == body["stories"][0]["id"]
    assert writable.get(f"/api/articles/{aid}").json()["outlet"] == "The Example Herald"
    again = writable.post("/api/articles", json=NEW, headers=AUTH)
    assert again.status_code == 200 and again.json()["duplicates"] == [aid]
    assert writable.get(f"/stories/{body['stories'][0]['id']}").status_code == 200


def test_post_upload_and_bad_bodies(writable):
    html = b"<html><head><title>Ferry strike ends</title></head><body><article><h1>Ferry strike ends</h1>"
    html += b"<p>Ferry crews returned to work on Friday after a deal on pay was agreed.</p></article></body></html>"
    r = writable.post("/api/articles", files={"file": ("ferry.html", html, "text/html")}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert (
        writable.post(
            "/api/articles", content=b"{not json", headers={**AUTH, "content-type": "application/json"}
        ).status_code
        == 422
    )
    assert writable.post("/api/articles", json={"title": "no text"}, headers=AUTH).status_code == 422
    assert (
        writable.post(
            "/api/articles", content=b"x", headers={**AUTH, "content-type": "text/plain"}
        ).status_code
        == 415
    )


def test_oversized_bodies_get_413(tmp_path):
    c = TestClient(create_app(tmp_path / "s.db", token=TOKEN, max_body=1000), raise_server_exceptions=False)
    r = c.post("/api/articles", json={"text": "x" * 2000}, headers=AUTH)
    assert r.status_code == 413
    r = c.post("/", content=b"x" * 2000)
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]


def _item(text: str, title: str) -> Annotated:
    return Annotated(Article(content_id(text), "t.txt", text, title=title, outlet="The Example Herald"))


def test_cached_pages_follow_the_store_when_it_changes(db):
    first = _item(
        "Dock workers walk out\nDock workers at the port walked out on Monday over pay.\n",
        "Dock workers walk out",
    )
    with Store(db) as store:
        store.add_articles([first])
        store.replace_stories([Story("s-dock", "Dock strike", (first.id,))])
    c = TestClient(create_app(db), raise_server_exceptions=False)
    assert "Dock strike" in c.get("/stories/s-dock").text
    assert "Dock strike" in c.get("/").text
    assert "<mark>" not in c.get("/search", params={"q": "ferries"}).text
    article_before = c.get(f"/articles/{first.id}").text

    second = _item(
        "Ferries halted too\nFerries were halted as crews joined the dock strike.\n", "Ferries halted"
    )
    with Store(db) as store:  # another process (say `copydesk ingest`) changes the store
        store.add_articles([second])
        store.replace_stories([Story("s-dock", "Dock and ferry strike", (first.id, second.id))])
    page = c.get("/stories/s-dock").text
    assert "Dock and ferry strike" in page and page.count('<details class="article"') == 2
    assert "Dock and ferry strike" in c.get("/").text
    assert "<mark>" in c.get("/search", params={"q": "ferries"}).text
    assert c.get(f"/articles/{first.id}").text != article_before  # its story changed
    with Store(db) as store:
        store.replace_stories([])
    assert c.get("/stories/s-dock").status_code == 404
    assert c.get("/?page=2").status_code == 404


def test_pages_revalidate_with_etags(client):
    r = client.get("/stories/s-hostile")
    etag = r.headers["etag"]
    assert r.headers["cache-control"] == "no-cache"
    again = client.get("/stories/s-hostile", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert "content-security-policy" in again.headers
    other = client.get("/search", params={"q": "budget"})
    assert other.headers["etag"] != etag
    assert client.get("/stories/s-hostile", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_worker_factory_reads_the_store_from_the_environment(web_db, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(web_db))
    assert TestClient(app_from_env()).get("/stories/s-hostile").status_code == 200
    monkeypatch.delenv(DB_ENV)
    with pytest.raises(RuntimeError, match=DB_ENV):
        app_from_env()


def test_serve_with_two_workers_answers(web_db):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = [
        sys.executable,
        "-m",
        "copydesk.cli",
        "serve",
        "--db",
        str(web_db),
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/stories/s-hostile", timeout=2) as r:
                    assert r.status == 200 and b"Council" in r.read()
                    break
            except OSError:
                assert server.poll() is None and time.time() < deadline, "the server did not start"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_pages_read_well(client):
    listed = client.get("/").text
    assert re.search(r"</(span|time)>\s+<span", listed) and not re.search(r"</(span|time)><(span|time)", listed), (
        "date, size and outlets are separated, not run together"
    )
    page = client.get(f"/articles/{HOSTILE_ID}").text
    assert "1 quote," in page and "(1 article)" in page and "1 quotes" not in page
    assert "No story with this id." in client.get("/stories/nope").text


def test_a_story_id_once_shown_redirects_after_a_later_article_regroups_it(db):
    from copydesk.ingest import ingest

    late = (
        "Dock workers walk out at Felixstowe\n\n"
        "Dock workers at the port of Felixstowe walked out on Tuesday over pay, the Unite union said, "
        "halting container traffic at Britain's busiest port for a second day.\n"
    )
    early = (
        "Felixstowe dock workers strike\n\n"
        "Dock workers at Felixstowe, Britain's busiest container port, walked out on Monday over pay, "
        "the Unite union said, in a strike that halted container traffic.\n"
    )
    from copydesk.model import Article, content_id

    first = Article(content_id(late), "late.txt", late, published="2024-03-05")
    ingest([first], db)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    [shown] = [row["id"] for row in c.get("/api/stories").json()["stories"]]
    # An earlier report of the same strike arrives: it founds the story, which takes its id.
    ingest([Article(content_id(early), "early.txt", early, published="2024-03-04")], db)
    [now] = [row["id"] for row in c.get("/api/stories").json()["stories"]]
    assert now != shown
    page = c.get(f"/stories/{shown}", follow_redirects=False)
    assert page.status_code == 308 and page.headers["location"].endswith(f"/stories/{now}")
    assert c.get(f"/stories/{shown}").status_code == 200
    api = c.get(f"/api/stories/{shown}", follow_redirects=False)
    assert api.status_code == 308 and api.headers["location"].endswith(f"/api/stories/{now}")
    assert c.get("/stories/s-000000000000").status_code == 404


def test_the_web_app_shows_the_story_ids_analyze_gives(tmp_path, example_dir, example_analysis):
    from copydesk.ingest import ingest

    db = tmp_path / "ids.db"
    files = sorted(example_dir.iterdir())
    ingest(files[2:], db)
    ingest(files[:2], db)  # a second run, the earlier files last
    c = TestClient(create_app(db), raise_server_exceptions=False)
    listed = [row["id"] for row in c.get("/api/stories").json()["stories"]]
    assert listed == [s.id for s in example_analysis.stories]
    assert c.get(f"/stories/{listed[0]}").status_code == 200


def test_stored_story_pages_are_the_pages_worked_out_from_the_story(tmp_path, example_analysis):
    """The page a request reads ready (rendered when the story was written) is the page its page
    data gives, and the page the story and its articles give, for every example story; a store
    from before rendered pages or page data serves the same story and article pages."""
    db = tmp_path / "views.db"
    item, story = hostile_item()
    with Store(db) as store:
        store.add_articles([*example_analysis.articles, item])
        store.replace_stories([*example_analysis.stories, story])
    c = TestClient(create_app(db), raise_server_exceptions=False)
    served = {s.id: c.get(f"/stories/{s.id}").text for s in [*example_analysis.stories, story]}
    articles = {a.id: c.get(f"/articles/{a.id}").text for a in [*example_analysis.articles, item]}
    with Store(db) as store:
        for sid, html in served.items():
            assert html.count('<details class="article"') == len(store.story(sid).articles)
    # Rendered by other code (never read: this one is not even a page), then stores from before
    # migrations 0012 and 0007.
    for older in ("page = X'00', page_version = 'other'", "page = NULL, page_version = NULL", "view = NULL"):
        with Store(db) as store:
            store.conn.execute(f"UPDATE stories SET {older}")
        fresh = TestClient(create_app(db), raise_server_exceptions=False)  # its own (empty) page cache
        assert {sid: fresh.get(f"/stories/{sid}").text for sid in served} == served
        assert {aid: fresh.get(f"/articles/{aid}").text for aid in articles} == articles
    with Store(db) as store:
        assert store.fill_views() == len(served)  # rendered again, as they were
        assert {store.story_page(sid)[0] for sid in served} == {storypage.VERSION}
    fresh = TestClient(create_app(db), raise_server_exceptions=False)
    assert {sid: fresh.get(f"/stories/{sid}").text for sid in served} == served


def test_figures_drawn_from_page_data_are_the_figures_of_the_story_itself(example_analysis):
    """Copy graph, timeline and language notes drawn from the stored page data (what a request
    renders) equal those drawn from the story and its articles (what the report draws)."""
    href = "/articles/{}".format
    drawn = 0
    for story in example_analysis.stories:
        members = [example_analysis.article(i) for i in story.articles]
        page = pageview.load(pageview.build(story, members, independent_sources(story)))
        labels = view.article_labels(Analysis(articles=members, stories=[story]))
        assert dict(page.labels) == labels
        real = Analysis(articles=members, stories=[story])
        stored = Analysis(articles=page.members, stories=[page.story])
        graph = copy_section.graph_svg(real, story, labels, href=href)
        assert copy_section.graph_svg(stored, page.story, labels, href=href) == graph
        line = timeline.timeline(story, members, labels, href)
        assert timeline.timeline(page.story, page.members, labels, href) == line
        assert [view.language_note(m) for m in page.members] == [view.language_note(m) for m in members]
        drawn += bool(graph) + bool(line.svg)
    assert drawn  # the example has copies and dated articles: the figures were drawn


def test_page_data_follows_ingest_when_a_later_article_regroups_a_story(db):
    """Stale page data after a story changes is the classic bug: ingest regroups, the pages follow."""
    from copydesk.ingest import ingest
    from copydesk.model import Article, content_id

    texts = [
        ("Felixstowe dock workers strike\n\nDock workers at Felixstowe, Britain's busiest container port, "
         "walked out on Monday over pay, the Unite union said, in a strike that halted container traffic.\n",
         "2024-03-04"),
        ("Dock workers walk out at Felixstowe\n\nDock workers at the port of Felixstowe walked out on Tuesday "
         "over pay, the Unite union said, halting container traffic at Britain's busiest port for a second day.\n",
         "2024-03-05"),
    ]  # fmt: skip
    articles = [Article(content_id(t), f"{n}.txt", t, published=d) for n, (t, d) in enumerate(texts)]
    ingest(articles[1:], db)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    [before] = [row["id"] for row in c.get("/api/stories").json()["stories"]]
    assert c.get(f"/stories/{before}").text.count('<details class="article"') == 1
    ingest(articles[:1], db)
    [now] = [row["id"] for row in c.get("/api/stories").json()["stories"]]
    page = c.get(f"/stories/{now}").text
    assert page.count('<details class="article"') == 2
    assert all(f'href="/articles/{a.id}"' in page for a in articles)
    with Store(db) as store:
        assert_views_fresh(store)
        assert_home_order_kept(store)


def test_api_pages_stories_by_keyset_and_counts_search_hits(client):
    everything = [row["id"] for row in client.get("/api/stories", params={"limit": 200}).json()["stories"]]
    seen, after = [], None
    while True:
        page = client.get("/api/stories", params={"limit": 1, **({"after": after} if after else {})}).json()
        seen += [row["id"] for row in page["stories"]]
        if not (after := page["next"]):
            break
    assert seen == everything and len(seen) == page["total"] > 1
    assert client.get("/api/stories", params={"after": "[1, 2]"}).status_code == 422
    found = client.get("/api/search", params={"q": '"the budget is not ready"', "limit": 1}).json()
    assert found["total"] == 2 and found["total_exact"] and len(found["hits"]) == 1  # the article and its quote


RECORD = {  # text and html both given: one precedence (text) on both paths
    "id": "herald-2024-0042",
    "outlet": "The Example Herald",
    "published": "2024-03-04T07:00:00+00:00",
    "authors": ["Ann Lee", "Bo Chen"],
    "url": "https://herald.example/bridge",
    "text": NEW["text"],
    "html": "<html><head><title>Another page</title></head><body><p>Something else entirely, at length "
    "and in markup.</p></body></html>",
}


def test_a_json_record_reads_the_same_from_a_jsonl_file_and_from_the_api(tmp_path, make_db):
    from typer.testing import CliRunner

    from copydesk.cli import app as cli

    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(RECORD) + "\n" + json.dumps({**RECORD, "id": "bad id/1"}) + "\n", encoding="utf-8")
    cli_db, api_db = make_db("cli"), make_db("api")
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(cli_db)])
    assert result.exit_code == 0, result.output
    api = TestClient(create_app(api_db, token=TOKEN), raise_server_exceptions=False)
    assert api.post("/api/articles", json=RECORD, headers=AUTH).status_code == 201
    bad = api.post("/api/articles", json={**RECORD, "id": "bad id/1"}, headers=AUTH)
    assert bad.status_code == 422
    assert bad.json()["detail"].removeprefix("the article: ") in result.output  # the same reason
    with Store(cli_db) as a, Store(api_db) as b:
        from_file, from_api = a.article(RECORD["id"]).article, b.article(RECORD["id"]).article
    assert from_file.source == f"{path}:1" and from_api.source == RECORD["url"]
    assert replace(from_file, source="") == replace(from_api, source="")
    assert from_file.text == RECORD["text"] and from_file.authors == ("Ann Lee", "Bo Chen")


def test_search_pages_offer_the_next_page_exactly_when_it_has_hits(db, monkeypatch):
    from tests.store.conftest import variant

    with Store(db) as store:
        store.add_articles([variant(n) for n in range(27)])
    c = TestClient(create_app(db), raise_server_exceptions=False)
    first, second = c.get("/search?q=unions").text, c.get("/search?q=unions&page=2").text
    assert "25+ results" in first and 'rel="next"' in first
    assert "2 results" in second and 'rel="next"' not in second and second.count('<li class="hit ') == 2
    monkeypatch.setattr(Store, "search_depth", 26)  # only the newest 26 of the 27 are ranked
    first, second = c.get("/search?q=walk").text, c.get("/search?q=walk&page=2").text  # another query: not cached
    assert 'rel="next"' in first and "1 result for" in second and 'rel="next"' not in second
