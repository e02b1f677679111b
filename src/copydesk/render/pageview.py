"""A story's web page as data: what the story page shows that takes more than a lookup.

Built when a story is written (``Store.put_stories`` stores it in the same statement as the
story, so it can never be older than the story it describes) and read back by the web app: a
page request reads one row and its members' texts instead of decoding the whole story, loading
every member with all its annotations and working out labels, lineages and rankings.

Data, not HTML, so templates can change without the store noticing. Read back, every object is
a ``SimpleNamespace`` with the fields of the dataclass it came from (``story``, members as
``Annotated`` with their article's metadata, boilerplate, signals and quotes), so templates see
the same names either way. Relation evidence (the article page's, not the story page's) and the
members' texts (read from the articles) are left out. The copy graph, timeline and language
notes are drawn from this data when the page is rendered (they need only the story's relations
and families and each member's title, date and language, all kept here).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from types import SimpleNamespace

from copydesk import codec
from copydesk.model import Analysis, Annotated, Story
from copydesk.render import copy_section, view

VERSION = 3  # bump when the shape changes: an older view is then ignored (the page works it out)
PREFIX = f'{{"v":{VERSION},'  # how every current view starts (the store finds older ones by it)


def build(story: Story, items: Sequence[Annotated], independent: int) -> str:
    """The JSON page data of ``story`` from its member articles (any order; unknown ids skipped)."""
    by_id = {a.id: a for a in items}
    members = [by_id[i] for i in story.articles if i in by_id]
    analysis = Analysis(articles=members, stories=[story])
    labels = view.article_labels(analysis)
    lean = replace(
        story,
        relations=tuple(replace(r, evidence=()) for r in story.relations),
        reuse=tuple(replace(r, evidence=()) for r in story.reuse),
    )
    data = {
        "v": VERSION,
        "story": codec.to_dict(lean),
        "members": [_member(m) for m in members],
        "labels": list(labels.items()),
        "independent": independent,
        "outlets": view.outlets(analysis),
        "claims": codec.to_dict(view.ranked_claims(story)),
        "speakers": [
            {"speaker": s.speaker, "count": s.count, "groups": codec.to_dict(s.groups)}
            for s in view.quotes_by_speaker(story)
        ],  # fmt: skip
        "terms": codec.to_dict(view.quoted_terms(story)),
        "lineages": [
            codec.to_dict(copy_section.lineage(analysis, story, f, labels)) for f in copy_section.families(story)
        ],
        "signals": [[m.id, view.signal_summary(m)] for m in members],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _member(item: Annotated) -> dict:
    """An article as the story page needs it: metadata and the spans it marks, not its text."""
    lean = Annotated(replace(item.article, text="", marks=()), boilerplate=item.boilerplate,
                     signals=item.signals, quotes=item.quotes)  # fmt: skip
    return {"id": item.id, **codec.to_dict(lean)}


def load(data: str | None) -> SimpleNamespace | None:
    """The page data back as namespaces, or None when there is none or it has an older shape."""
    if not data or not data.startswith(PREFIX):
        return None
    return json.loads(data, object_hook=lambda d: SimpleNamespace(**d))


def with_texts(members: list[SimpleNamespace], texts: dict[str, str]) -> list[SimpleNamespace]:
    """Page-data members with their texts put back (``m.text`` as on an ``Annotated`` too)."""
    for m in members:
        m.article.text = m.text = texts.get(m.id, "")
    return members
