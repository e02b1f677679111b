"""Server-rendered pages: stories list, story, article, search."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from types import SimpleNamespace
from typing import Annotated as Arg

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from copydesk import identity
from copydesk.model import ID_PATTERN, Analysis, Story
from copydesk.render import marks, pageview, storypage, view
from copydesk.store import Store, independent_sources
from copydesk.store import reuse as reuse_index
from copydesk.store.search import terms as search_terms
from copydesk.web import templating
from copydesk.web.textview import members_in_order, passage

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 25

IdArg = Arg[str, Path(pattern=ID_PATTERN)]
PageArg = Arg[int, Query(ge=1, le=100_000)]


def _store(request: Request) -> Store:
    return request.app.state.stores.get()


class _Cache:
    """A thread-safe LRU of rendered pages as (etag, utf-8 bytes), bounded by entries and bytes.

    Keys carry what the page depends on (a story's ``updated_at``, the last article's number:
    stored articles never change), so an entry can never be stale and a hit costs no store read
    beyond the key. Pages are a few to a few hundred kB, so a byte budget keeps thousands of
    them without letting one huge story push memory up unbounded.
    """

    def __init__(self, size: int = 4096, max_bytes: int = 64 << 20) -> None:
        self.size, self.max_bytes, self.bytes = size, max_bytes, 0
        self.items: OrderedDict[tuple, tuple[str, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple) -> tuple[str, bytes] | None:
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
            return hit

    def put(self, key: tuple, html: str) -> tuple[str, bytes]:
        etag = '"' + hashlib.blake2b(repr(key).encode(), digest_size=12).hexdigest() + '"'
        hit = (etag, html.encode())
        if len(hit[1]) > self.max_bytes // 8:
            return hit  # too big to be worth evicting many others for
        with self.lock:
            old = self.items.pop(key, None)
            self.bytes += len(hit[1]) - (len(old[1]) if old else 0)
            self.items[key] = hit
            while len(self.items) > self.size or self.bytes > self.max_bytes:
                self.bytes -= len(self.items.popitem(last=False)[1][1])
        return hit


# Per process: stories and articles are the big pages; searches and list pages are small.
_story_cache, _article_cache = _Cache(8192, 128 << 20), _Cache(8192, 64 << 20)
_list_cache, _search_cache = _Cache(1024, 16 << 20), _Cache(8192, 32 << 20)


async def _cached(
    request: Request, cache: _Cache, key: tuple, render: Callable[[], str], quick: Callable[[], str | None] | None = None
) -> Response:
    """The page for ``key``: from the cache, or rendered in a worker thread and cached.

    Handlers are async so a cache hit is answered on the event loop without a thread hop. A
    miss is rendered on the loop too when ``quick`` gives the page (work bounded by a few
    indexed reads: a thread hop and the threads' fight for the GIL cost more than the page,
    ``bench/web_load.py`` at 100k articles: 1.45 vs 1.1 ms of CPU per request, p95 123 vs 87
    ms), and in a worker thread otherwise (work that can grow: there SQLite runs without the
    GIL, so the loop answers others meanwhile). The ETag lets a browser revalidate.
    """
    hit = cache.get(key)
    if hit is None:
        html = quick() if quick is not None else None
        hit = cache.put(key, html if html is not None else await run_in_threadpool(render))
    etag, body = hit
    headers = {"etag": etag, "cache-control": "no-cache"}  # revalidate each time: cheap 304s
    if etag in request.headers.get("if-none-match", ""):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="text/html; charset=utf-8", headers=headers)


@router.get("/", response_class=HTMLResponse)
async def stories_list(request: Request, page: PageArg = 1, multi: Arg[bool, Query()] = False) -> Response:
    """Stories, latest publication date first; ``multi=1`` hides single-article stories."""
    store = _store(request)
    key = (store.path, page, multi, store.stories_version(), store.articles_version())
    if page > 1 and (page - 1) * PAGE_SIZE >= key[3][0]:
        raise HTTPException(404, f"there is no page {page} of stories")

    def render() -> str:
        store = _store(request)  # this worker thread's connection
        min_size = 2 if multi else 1
        total = store.count_stories(min_size)
        rows = store.story_rows(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, by_published=True, min_size=min_size)
        pages = max(1, -(-total // PAGE_SIZE))
        return templating.render(
            "stories.html",
            rows=rows,
            page=page,
            pages=pages,
            total=total,
            all_stories=store.count_stories() if multi else total,
            multi=multi,
            articles=store.count_articles(),
            q="",
        )

    return await _cached(request, _list_cache, key, render)  # counting multi-article stories scans them


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: IdArg) -> Response:
    store = _store(request)
    updated_at = store.story_updated_at(story_id)
    if updated_at is None:
        live = store.resolve_story(story_id)  # merged or regrouped since: its articles live on there
        if live is None:
            raise HTTPException(404, "no story with this id")
        return RedirectResponse(request.url_for("story_page", story_id=live), status_code=308)

    def stored() -> str | None:  # the usual case: one row read and a small wrapper
        found = store.story_page(story_id)
        if found is None or found[0] != storypage.VERSION or found[1] is None:
            return None
        return _render_story_page(store, storypage.load(found[1]))

    def render() -> str:  # rendered by other code, or not at all: work it out
        store = _store(request)
        return _render_story_page(store, storypage.load(_story_page_live(store, story_id)))

    key = (store.path, story_id, updated_at, reuse_index.ends_stamp(store.conn, story_id))  # reuse lines name other stories
    return await _cached(request, _story_cache, key, render, quick=stored)


def _story_page_live(store: Store, story_id: str) -> bytes:
    """The stored page worked out now: its page data rendered by this code (a page stored by
    other code, or none: a store from before migration 0012)."""
    found = store.story_view(story_id)
    page = pageview.load(found[1]) if found else None
    if page is not None:
        return storypage.build(page, store.texts([m.id for m in page.members]))
    story = store.story(story_id)  # a story stored before page data existed (migration 0007)
    if story is None:
        raise HTTPException(404, "no story with this id")
    members = members_in_order(story, store.articles(story.articles))
    page = pageview.load(pageview.build(story, members, independent_sources(story)))
    return storypage.build(page, {m.id: m.text for m in members})


def _render_story_page(store: Store, ready: SimpleNamespace) -> str:
    """The story page: its stored body around the reuse lines, which name other stories as they are now."""
    reuse = view.reuse_lines(ready, dict(ready.labels), _elsewhere(store, ready)) if ready.reuse else []
    return templating.render("story.html", title=ready.title, head=ready.head, tail=ready.tail, reuse=reuse, q="")


def _elsewhere(store: Store, story: Story | SimpleNamespace) -> Callable[[str], view.Elsewhere]:
    """The other ends of the story's cross-story relations: each one's outlet and its story as
    stored now (two small reads for all of them; no article or story is decoded whole)."""
    others = {aid for r in story.reuse for aid in (r.a, r.b)} - set(story.articles)
    ends = reuse_index.other_ends(store.conn, others) if others else {}

    def find(aid: str) -> view.Elsewhere:
        if aid not in ends:
            return view.Elsewhere(aid, aid, None, None)
        item, story_id, title = ends[aid]
        return view.Elsewhere(aid, identity.identify(item).name, story_id, title)

    return find


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: IdArg) -> Response:
    store = _store(request)
    stamp = store.story_stamp_of(article_id)
    if stamp is None and not store.has(article_id):
        raise HTTPException(404, "no article with this id")
    key = (store.path, article_id, stamp)
    return await _cached(request, _article_cache, key, lambda: _render_article(_store(request), article_id))


def _render_article(store: Store, article_id: str) -> str:
    item = store.article(article_id)
    if item is None:
        raise HTTPException(404, "no article with this id")
    story: Story | None = store.story_of(article_id)
    found = store.story_view(story.id) if story else None
    page = pageview.load(found[1]) if found else None
    if page is not None and [m.id for m in page.members] == list(story.articles):  # the same version
        members: list = pageview.with_texts(page.members, store.texts(story.articles))
        labels = dict(page.labels)
    else:  # no page data (an older store), or the story changed between the two reads
        members = members_in_order(story, store.articles(story.articles)) if story else [item]
        labels = view.article_labels(Analysis(articles=members, stories=[story] if story else []))
    by_id = {m.id: m for m in members}
    relations = []
    for r in story.relations if story else ():
        if article_id not in (r.a, r.b) or r.a not in by_id or r.b not in by_id:
            continue
        mine_is_a = r.a == article_id
        other = by_id[r.b if mine_is_a else r.a]
        pairs = [
            (passage(item.text, *((e.a_start, e.a_end) if mine_is_a else (e.b_start, e.b_end))),
             passage(other.text, *((e.b_start, e.b_end) if mine_is_a else (e.a_start, e.a_end))))
            for e in r.evidence[:20]
        ]  # fmt: skip
        relations.append((r, other, pairs))
    relations.sort(key=lambda t: (t[0].type == "independent", -t[0].score))
    cited = marks.cited_spans(story, [item]).get(article_id, ()) if story else ()
    return templating.render(
        "article.html",
        language_note=view.language_note(item),
        item=item,
        story=story,
        labels=labels,
        who=identity.identify(item),
        text_html=marks.marked_text(item, cited),
        relations=relations,
        signals=view.signal_summary(item),
        direction_text=view.direction_text,
        **view.cite_helpers(labels, {m.id: m.text for m in members}, on_page={article_id}),
        q="",
    )


@router.get("/search", response_class=HTMLResponse)
async def search_page(
    request: Request, q: Arg[str, Query(max_length=500)] = "", page: PageArg = 1
) -> Response:
    store = _store(request)
    key = (store.path, q, page, store.articles_version())

    def render() -> str:
        store, offset = _store(request), (page - 1) * PAGE_SIZE
        found = store.search_page(q, limit=PAGE_SIZE, offset=offset, count=False) if q.strip() else None
        return templating.render(
            "search.html", q=q, hits=found.hits if found else [], page=page, more=bool(found and found.more),
            anchor_id=view.anchor_id,
        )

    # Words are answered from the first rows FTS5 walks; a phrase or a prefix can make it walk
    # far (a rare phrase of common words, a short prefix's many terms): those in a thread.
    walks_far = any(prefix or len(text.split()) > 1 for text, prefix in search_terms(q))
    return await _cached(request, _search_cache, key, render, quick=None if walks_far else render)
