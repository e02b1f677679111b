"""What a reader sees in the web app: stories by publication date, single-article stories hidden
on request, the copy graph and timeline on the story page, the article page's summary highlight,
a note on non-English articles, and API docs served with no external host."""

from __future__ import annotations

import re
from dataclasses import replace

from fastapi.testclient import TestClient

from copydesk.model import Annotated, Article, Relation, SourceRef, Story, SummarySentence, content_id
from copydesk.store import Store
from copydesk.web import create_app

EVIL = "<script>alert(1)</script>"


def _item(text: str, title: str, outlet: str, published: str | None, language: str | None = "en") -> Annotated:
    return Annotated(Article(content_id(text), f"{outlet}.txt", text, title=title, outlet=outlet,
                             published=published, language=language))  # fmt: skip


def _store(db) -> tuple[list[Annotated], list[Story]]:
    rail = [
        _item("Rail strike halts trains\nDrivers walked out on Monday across the north, the union said.\n",
              "Rail strike halts trains", "Northern Echo", "2024-03-04T07:00:00+00:00"),
        _item("Trains stop as drivers strike\nDrivers walked out on Monday across the north, the union said.\n",
              "Trains stop as drivers strike", f"Evil {EVIL} Daily", "2024-03-04T11:30:00+00:00"),
    ]
    old = _item("Bridge reopens\nThe old bridge reopened after repairs costing 3 million euros.\n",
                "Bridge reopens", "City Post", "2023-01-10")
    roma = _item("Sciopero dei treni a Roma\nI macchinisti hanno scioperato lunedì, ha detto il sindacato.\n",
                 "Sciopero dei treni", "Il Tempo", "2024-05-01", language="it")
    s0 = rail[0].text.index("Drivers")
    rail_story = Story(
        "s-rail", "Rail strike halts trains", (rail[0].id, rail[1].id),
        relations=(Relation(rail[0].id, rail[1].id, "verbatim_copy", 0.97, direction="a->b"),),
        families=((rail[0].id, rail[1].id),),
        summary=(SummarySentence("Drivers walked out on Monday.", (SourceRef(rail[0].id, s0, s0 + 30),)),),
    )  # fmt: skip
    stories = [rail_story, Story("s-bridge", "Bridge reopens", (old.id,)), Story("s-roma", "Sciopero", (roma.id,))]
    with Store(db) as store:
        store.add_articles([*rail, old, roma])
        store.replace_stories(stories)
    return [*rail, old, roma], stories


def test_stories_by_publication_date_and_single_article_stories_hidden_on_request(db):
    _store(db)
    c = TestClient(create_app(db), raise_server_exceptions=False)
    page = c.get("/").text
    order = re.findall(r'href="/stories/([^"]+)"', page)
    assert order == ["s-roma", "s-rail", "s-bridge"]  # 2024-05-01, 2024-03-04, 2023-01-10
    assert '<time class="published" datetime="2024-03-04T11:30:00+00:00">2024-03-04</time>' in page
    assert "2 articles" in page and "Northern Echo" in page
    assert 'href="/?multi=1"' in page
    multi = c.get("/?multi=1").text
    assert re.findall(r'href="/stories/([^"]+)"', multi) == ["s-rail"]
    assert "1 story of two or more articles (of 3)" in multi and 'href="/"' in multi


def test_story_page_shows_copy_graph_and_timeline_escaped(db):
    items, _ = _store(db)
    page = TestClient(create_app(db)).get("/stories/s-rail").text
    assert '<svg class="copy-graph"' in page and '<svg class="timeline"' in page
    assert f'<a href="/articles/{items[0].id}"><g class="row">' in page  # timeline rows link to articles
    assert f'<a href="/articles/{items[1].id}"><g class="node">' in page  # so do graph boxes
    assert page.index('class="row"><title>Northern Echo') < page.index("class=\"row\"><title>Evil")  # earliest first
    assert "<script>alert" not in page and "Evil &lt;script&gt;" in page


def test_article_page_anchors_every_span_the_story_cites(db):
    items, stories = _store(db)
    with Store(db) as store:  # a claim's source, not in the summary, is marked and anchored too
        from copydesk.model import Claim

        t = items[0].text
        c0 = t.index("the union said")
        store.replace_stories([replace(stories[0], claims=(
            Claim("c1", "The union said so.", (SourceRef(items[0].id, c0, c0 + 14),), 1, "single_source"),)),
            *stories[1:]])  # fmt: skip
    page = TestClient(create_app(db)).get(f"/articles/{items[0].id}").text
    text = page[page.index('<div class="text">'):]
    anchors = re.findall(r'<span class="anchor" id="a-[0-9a-f]+-(\d+)-(\d+)"></span>', text)
    summary = stories[0].summary[0].sources[0]
    assert sorted((int(a), int(b)) for a, b in anchors) == sorted({(summary.start, summary.end), (c0, c0 + 14)})
    cited = re.findall(rf'data-cite="a-[0-9a-f]+-{c0}-{c0 + 14}">([^<]*)</span>', text)
    assert "".join(cited) == "the union said"


def test_non_english_article_carries_a_note(db):
    items, _ = _store(db)
    c = TestClient(create_app(db))
    note = "Written in Italian (it): names, speakers and entities are not read"
    assert note in c.get(f"/articles/{items[3].id}").text
    assert note in c.get("/stories/s-roma").text
    assert "Written in" not in c.get("/stories/s-rail").text


def test_api_docs_are_served_from_the_package_with_no_external_host(client):
    r = client.get("/api/docs")
    assert r.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
    assert refs and all(ref.startswith("/") for ref in refs), refs
    for ref in refs:
        assert client.get(ref).status_code == 200, ref
    csp = r.headers["content-security-policy"]
    assert "http" not in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    assert "<script>" not in r.text  # no inline script: the strict script-src holds
