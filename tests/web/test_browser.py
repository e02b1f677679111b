"""The pages in a real browser (Debian's chromium through playwright): navigation, citations,
search and script injection. Set COPYDESK_SCREENSHOTS=DIR to save a screenshot of each page."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="chromium is not installed"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()


def shot(page, name: str, full: bool = True) -> None:
    folder = os.environ.get("COPYDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full)


def test_stories_list_then_story_then_citation_highlights_its_span(page, live_url, example_analysis):
    page.goto(live_url + "/")
    assert page.locator("ol.stories li").count() == len(example_analysis.stories) + 1
    shot(page, "stories")
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    page.click(f'a[href="/stories/{story.id}"]')
    page.wait_for_url(re.compile(r"/stories/"))
    assert page.locator("h1").inner_text() == story.title
    shot(page, "story", full=False)
    graph = page.locator("figure.graph svg.copy-graph")
    assert graph.count() == 1 and graph.locator("g.node").count() == len(story.articles)
    graph.evaluate("e => e.closest('section').scrollIntoView()")
    shot(page, "story-graph", full=False)
    cite = page.locator("a.cite").first
    ref = cite.get_attribute("href").lstrip("#")
    cite.click()
    page.wait_for_function("() => document.querySelector('.text .hit') !== null")
    hit = page.locator(f'[data-cite~="{ref}"]').first
    assert "hit" in hit.get_attribute("class")
    assert hit.is_visible() and hit.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "story-citation", full=False)


def test_article_page(page, live_url, example_analysis):
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    copy = next((r for r in story.relations if r.type != "independent"), None)
    aid = copy.b if copy else story.articles[0]
    page.goto(f"{live_url}/articles/{aid}")
    assert page.locator("#text .text").inner_text().strip()[:30] in example_analysis.article(aid).text
    shot(page, "article", full=False)
    page.locator("#text").evaluate("e => e.scrollIntoView()")
    shot(page, "article-text", full=False)


def test_search_for_a_quoted_phrase(page, live_url):
    page.goto(live_url + "/")
    page.fill('input[name="q"]', '"the budget is not ready"')
    page.press('input[name="q"]', "Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    marks = page.locator("ol.hits mark")
    assert marks.count() >= 1 and "budget" in marks.first.inner_text().lower()
    shot(page, "search")
    page.click("ol.hits li.quote a")
    page.wait_for_function("() => document.querySelector('.text .hit') !== null")
    assert "the budget is not ready yet" in page.locator(".text .hit").first.inner_text()


def test_injected_markup_executes_nothing(page, live_url):
    from .conftest import hostile_item

    item, _ = hostile_item()
    page.add_init_script("window.__alerts = []; window.alert = m => window.__alerts.push(m);")
    for url in ("/", "/stories/s-hostile", f"/articles/{item.id}", "/search?q=council"):
        page.goto(live_url + url)
        page.wait_for_load_state("load")
        page.hover("body")
        assert page.evaluate("window.__alerts") == []
        assert page.locator("main script, main img, main b[onmouseover]").count() == 0
    assert page.dialogs == []
    page.goto(f"{live_url}/articles/{item.id}")
    assert "<script>alert(1)</script>" in page.locator("#text .text").inner_text()  # shown as text
    shot(page, "article-hostile", full=False)


def test_phone_width_has_no_horizontal_scroll(browser, live_url, example_analysis):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    story = max(example_analysis.stories, key=lambda s: len(s.articles))
    pg.goto(f"{live_url}/stories/{story.id}")
    assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    shot(pg, "story-phone", full=False)
    context.close()


def test_error_page(page, live_url):
    r = page.goto(live_url + "/stories/does-not-exist")
    assert r.status == 404 and "Not found" in page.inner_text("h1")
    shot(page, "error-404", full=False)


def test_api_docs_render_with_no_request_off_the_server(page, live_url):
    outside: list[str] = []

    def only_local(route):  # anything not on this server is refused and recorded
        url = route.request.url
        if url.startswith(live_url):
            return route.continue_()
        outside.append(url)
        return route.abort()

    page.route("**/*", only_local)
    page.goto(live_url + "/api/docs")
    page.wait_for_selector(".opblock", timeout=15000)  # Swagger UI drew the operations
    assert outside == []
    assert page.locator(".opblock").count() >= 3
    shot(page, "api-docs", full=False)


def test_report_citation_opens_the_folded_article_and_lights_the_span(page, tmp_path, example_analysis):
    from copydesk.render import html

    report = html.write(example_analysis, tmp_path / "report.html")[0]
    page.goto(report.as_uri())
    assert page.locator("details.art[open]").count() == 0  # article texts start folded
    shot(page, "report", full=False)
    cite = page.locator("ol.summary a.cite").first
    ref = cite.get_attribute("href").lstrip("#")
    cite.click()
    page.wait_for_function("() => document.querySelector('.cited.target') !== null")
    box = page.locator(f'[data-cite~="{ref}"]').first
    assert box.is_visible() and page.locator("details.art[open]").count() == 1
