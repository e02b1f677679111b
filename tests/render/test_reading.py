"""The HTML report reads well: section contents, a timeline, independent pairs in one line, folded
article texts with furniture named in words, a note on other languages, and an index plus one
page per story past MAX_ONE_PAGE_ARTICLES."""

from __future__ import annotations

import re
from dataclasses import replace

from copydesk.model import Analysis, Annotated, Article, Relation, Span, Story, content_id
from copydesk.render import html, timeline

EVIL = "<script>alert(1)</script>"


def _dated(analysis: Analysis) -> Analysis:
    stamps = ["2024-05-06T09:15:00+02:00", "2024-05-06T14:40:00Z"]
    arts = [replace(a, article=replace(a.article, published=t)) for a, t in zip(analysis.articles, stamps, strict=False)]
    return replace(analysis, articles=arts)


def test_timeline_orders_by_time_links_rows_and_escapes_labels(analysis: Analysis) -> None:
    a = _dated(analysis)
    story = a.stories[0]
    members = [a.article(i) for i in story.articles]
    labels = {members[0].id: f"Wire {EVIL}", members[1].id: "Daily"}
    tl = timeline.timeline(story, members, labels, lambda i: f"#art-{i}")
    assert tl.dated == (members[0].id, members[1].id) and tl.undated == ()  # 07:15 UTC before 14:40 UTC
    svg = str(tl.svg)
    assert svg.startswith('<svg class="timeline"') and "<script>" not in svg and "Wire &lt;script&gt;" in svg
    assert svg.count('<g class="row">') == 2 and f'href="#art-{members[1].id}"' in svg
    assert "05-06 07:15" in svg  # times on the axis when the story spans hours, in UTC


def test_timeline_needs_two_dates(analysis: Analysis) -> None:
    story = analysis.stories[0]
    members = [analysis.article(i) for i in story.articles]
    members[0] = replace(members[0], article=replace(members[0].article, published="2024-05-06"))
    members[1] = replace(members[1], article=replace(members[1].article, published="last Tuesday"))
    tl = timeline.timeline(story, members, {}, str)
    assert not tl.svg and tl.dated == (members[0].id,) and tl.undated == (members[1].id,)


def test_report_reads_well(analysis: Analysis) -> None:
    a = _dated(analysis)
    story = a.stories[0]
    copy = Relation(story.articles[0], story.articles[1], "rewritten_copy", 0.6, direction="a->b")
    page = html.render(replace(a, stories=[replace(story, relations=(copy, *story.relations, *story.relations))]))
    sid = re.sub(r"[^A-Za-z0-9_]", "_", story.id)
    for section in ("summary", "sources", "timeline", "relations", "claims", "divergences", "quotes", "articles"):
        assert f'href="#{section}-{sid}"' in page and f'id="{section}-{sid}"' in page  # the contents link
    assert '<svg class="timeline"' in page
    table = page[page.index("<tbody>"):page.index("</tbody>")]
    assert "independent" not in table  # copies in the table, independent pairs summed up below it
    assert "The other 2 pairs of articles are independent: no passage copied either way." in page
    assert page.count('<details class="art"') == 2 and '<details class="art" open' not in page
    assert "photo credit" in page and not re.search(r"\[\d+:\d+\]", page)  # furniture in words, no offsets


def test_non_english_article_gets_a_note_in_the_report(analysis: Analysis) -> None:
    item = analysis.articles[1]
    it = replace(item, article=replace(item.article, language="pt-BR"))
    page = html.render(replace(analysis, articles=[analysis.articles[0], it]))
    assert page.count("Written in Portuguese (pt-BR): names, speakers and entities are not read") == 1


def _many(n_stories: int, per_story: int) -> Analysis:
    items, stories = [], []
    for s in range(n_stories):
        ids = []
        for k in range(per_story):
            text = f"Story {s} article {k} {EVIL}\n\nCouncil {s} met on Monday and voted {k} times on the budget.\n"
            items.append(Annotated(Article(content_id(text), f"s{s}-{k}.txt", text, title=f"T{s} {EVIL}"),
                                   boilerplate=(Span(0, 5, "boilerplate", "caption"),)))  # fmt: skip
            ids.append(items[-1].id)
        stories.append(Story(f"st{s}", f"Story {s} {EVIL}", tuple(ids)))
    lone = "An article in no story at all, about the weather on the coast this week.\n"
    items.append(Annotated(Article(content_id(lone), "lone.txt", lone)))
    return Analysis(articles=items, stories=stories)


def test_a_small_analysis_is_one_page(analysis: Analysis) -> None:
    assert list(html.pages(analysis, "r.html")) == ["r.html"]
    big_one_story = _many(1, html.MAX_ONE_PAGE_ARTICLES + 1)
    assert list(html.pages(big_one_story, "r.html")) == ["r.html"]


def test_many_articles_give_an_index_and_a_page_per_story(tmp_path) -> None:
    a = _many(3, html.MAX_ONE_PAGE_ARTICLES // 3 + 1)
    written = html.write(a, tmp_path / "report.html")
    out = written[0]
    assert out == tmp_path / "report.html" and len(written) == 5
    files = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert files == ["report.html", "report_files/story-st0.html", "report_files/story-st1.html",
                     "report_files/story-st2.html", "report_files/unplaced.html"]  # fmt: skip
    index = out.read_text()
    assert '<div class="text">' not in index  # no article text on the index
    for s in range(3):
        assert f'<a href="report_files/story-st{s}.html">Story {s} &lt;script&gt;' in index
    assert 'href="report_files/unplaced.html"' in index and "<script>alert" not in index
    story = (tmp_path / "report_files/story-st1.html").read_text()
    assert '<a href="../report.html">' in story and story.count('<details class="art"') == len(a.stories[1].articles)
    assert "Story 0 article" not in story and "<script>alert" not in story
    assert "in no story at all" in (tmp_path / "report_files/unplaced.html").read_text()
