"""A story's web page body, rendered when the story is written and stored beside it.

The story page is the web app's heaviest: every member's text with its marks, the copy graph,
the timeline, claims and quotes, about 2 ms of CPU per render at ten articles
(``bench/web_cold.py``). Rendered once when ``Store.put_stories`` writes the story, a cold
request is one row read and a small wrapper. What names *other* stories (the reuse lines: those
stories change on their own) is not in it: the web app renders that per request, between the
two fragments stored here (``head`` and ``tail``).

A stored page carries ``VERSION``, a digest of the templates and modules that render it: a
page rendered by other code is not used (the web app renders it live, from the page data of
``render/pageview.py``, with the same ``fragments``) and ``Store.fill_views`` rewrites it.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from functools import cache
from pathlib import Path
from types import SimpleNamespace

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from copydesk.model import Analysis
from copydesk.render import copy_section, marks, pageview, timeline, view
from copydesk.render.jinja_env import environment

OPEN_ARTICLES = 12  # stories with more articles show their texts folded
_HERE = Path(__file__).resolve().parent
_RENDERED_BY = ("storypage.py", "pageview.py", "marks.py", "timeline.py", "copy_section.py", "view.py", "jinja_env.py")


def _version() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for path in [*sorted((_HERE / "templates" / "page").glob("*.html")), *(_HERE / n for n in _RENDERED_BY)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


VERSION = _version()


@cache
def _env() -> Environment:
    return environment(PackageLoader("copydesk.render", "templates/page"))


def fragments(page: SimpleNamespace, texts: dict[str, str]) -> tuple[Markup, Markup]:
    """The story page's body before and after its reuse lines, from its page data
    (``pageview.load``) and its members' texts."""
    story = page.story
    members = pageview.with_texts(page.members, texts)
    labels = dict(page.labels)
    cited = marks.cited_spans(story, members)  # page data: no relation evidence, entities or quantities
    analysis = Analysis(articles=members, stories=[story])  # the figures look members up by id
    to_article = lambda i: f"/articles/{i}"  # noqa: E731 - the figures link to each article's page
    context = dict(
        copy_graph=copy_section.graph_svg(analysis, story, labels, href=to_article) if copy_section.copies(story) else "",
        timeline=timeline.timeline(story, members, labels, to_article),
        language_notes={m.id: note for m in members if (note := view.language_note(m))},
        story=story,
        members=members,
        labels=labels,
        texts={m.id: marks.marked_text(m, cited.get(m.id, ())) for m in members},
        open_texts=len(members) <= OPEN_ARTICLES,
        independent=page.independent,
        outlets=page.outlets,
        claims=page.claims,
        speakers=page.speakers,
        terms=page.terms,
        lineages=page.lineages,
        copies=[r for r in story.relations if r.type != "independent"],
        signals=dict(page.signals),
        direction_text=view.direction_text,
        **view.cite_helpers(labels, {m.id: m.article.text for m in members}, on_page={m.id for m in members}),
    )
    head, tail = (_env().get_template(name).render(**context) for name in ("story_head.html", "story_tail.html"))
    return Markup(head), Markup(tail)


def build(page: SimpleNamespace, texts: dict[str, str]) -> bytes:
    """The stored page: what the per-request part needs (the story's title, members, labels and
    cross-story relations) as a line of JSON, then the two fragments as they are (parsing them
    out of a JSON string would cost more than all the rest), compressed."""
    head, tail = fragments(page, texts)
    about = {"title": page.story.title, "articles": page.story.articles, "reuse": page.story.reuse,
             "labels": page.labels, "head": len(head)}  # fmt: skip
    line = json.dumps(about, ensure_ascii=True, separators=(",", ":"), default=vars)  # no newline inside
    return zlib.compress(f"{line}\n{head}{tail}".encode())


def load(stored: bytes) -> SimpleNamespace:
    """A stored page back: ``title``, ``articles``, ``reuse`` (relations as namespaces),
    ``labels`` and the ``head`` and ``tail`` fragments as markup."""
    line, _, body = zlib.decompress(stored).decode().partition("\n")
    ready = json.loads(line, object_hook=lambda d: SimpleNamespace(**d))
    ready.head, ready.tail = Markup(body[: ready.head]), Markup(body[ready.head :])
    return ready
