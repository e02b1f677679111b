"""CPU per cold page render, without HTTP: what a page-cache miss costs, page by page.

Runs each page's render function (what ``pages.py`` does on a cache miss) on random story
pages, article pages, stories-list pages, searches, phrase searches and prefix searches (the
first three letters of a query's first word) of a store built by
``bench/web_load.py --store PATH`` and prints the mean CPU time per render; writes
bench/results/web_cold-N.json (N = the store's article count). Run it beside web_load.py: it
says where a request's time goes when the load average makes latencies meaningless.

    .venv/bin/python bench/web_cold.py PATH [--renders 60]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from copydesk.render import storypage, view
from copydesk.store import Store
from copydesk.web import pages, templating

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_load import machine  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store", type=Path)
    ap.add_argument("--renders", type=int, default=60)
    args = ap.parse_args()
    queries = json.loads(Path(f"{args.store}.json").read_text())["queries"]
    store = Store(args.store)
    stories = [r.id for r in store.story_rows(limit=None)]
    articles = [a for (a,) in store.conn.execute("SELECT article_id FROM story_articles WHERE pos = 1")]
    rng = random.Random(1)

    def story() -> str:
        story_id = rng.choice(stories)
        store.story_updated_at(story_id)  # the request's cache key read
        return pages._render_story_page(store, storypage.load(store.story_page(story_id)[1]))

    def article() -> str:
        aid = rng.choice(articles)
        store.story_stamp_of(aid)
        return pages._render_article(store, aid)

    def stories_list() -> str:
        page = rng.randrange(1, max(2, len(stories) // pages.PAGE_SIZE))
        store.stories_version(), store.articles_version()
        total = store.count_stories()
        rows = store.story_rows(25, (page - 1) * 25, by_published=True)  # the home page's order
        return templating.render("stories.html", rows=rows, page=page, pages=-(-total // 25), total=total,
                                 all_stories=total, multi=False, articles=store.count_articles(), q="")  # fmt: skip

    def search(phrase: bool = False, prefix: bool = False) -> str:
        q = rng.choice(queries)
        q = f'"{q}"' if phrase else f"{q.split()[0][:3]}*" if prefix else q
        found = store.search_page(q, limit=25, count=False)
        return templating.render("search.html", q=q, hits=found.hits, page=1, more=found.more,
                                 anchor_id=view.anchor_id)  # fmt: skip

    kinds = {"story": story, "article": article, "stories_list": stories_list, "search": search,
             "phrase_search": lambda: search(True), "prefix_search": lambda: search(prefix=True)}  # fmt: skip
    result = {"machine": machine(), "store": str(args.store), "articles": store.count_articles(),
              "stories": len(stories), "renders_each": args.renders, "cpu_ms_per_render": {}}  # fmt: skip
    for name, render in kinds.items():
        render()  # imports and template compilation out of the figure
        t0 = time.process_time()
        for _ in range(args.renders):
            render()
        result["cpu_ms_per_render"][name] = round((time.process_time() - t0) / args.renders * 1000, 2)
        print(name, result["cpu_ms_per_render"][name], flush=True)
    result["machine"]["loadavg_after"] = list(__import__("os").getloadavg())
    out = ROOT / "bench" / "results" / f"web_cold-{result['articles']}.json"
    out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
