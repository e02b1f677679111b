"""Story titles: the real headline of the story's most representative original report.

One title function for every output (JSON, reports, the web app, ``copydesk stories``). A
member that copies another (a spun rewrite, a republication) never names the story while an
original report is there: a spun copy's headline is reworded, sometimes ungrammatically. A
title field that is page furniture (a date line, a timestamp, "share", a form prompt) is not a
headline: the article's lead sentence stands in for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from copydesk.model import Annotated, Relation
from copydesk.stories.represent import Representation, represent_many

UNTITLED = "(untitled story)"

_WORD = re.compile(r"[^\W\d_]+")
_DATE_WORDS = set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun am pm gmt utc bst est edt pst pdt
    cet cest ist updated last published posted modified at on st nd rd th day days ago""".split()
)
_MERIDIEM = re.compile(r"(?<=\d)\s*[ap]\.\s?m\b\.?")  # a timestamp's "8: 41 p. m." ("am"/"pm" are date words)
# Interface prompts that scrapers pick up as titles: a headline does not start with these.
_PROMPT = re.compile(r"^\s*(enter|sign in|sign up|log in|login|subscribe|share|search|click|tap)\b", re.I)


def is_furniture(title: str | None, outlet: str | None = None) -> bool:
    """Whether a title field holds page furniture rather than a headline."""
    if not title or not title.strip():
        return True
    words = [w for w in _WORD.findall(_MERIDIEM.sub(" ", title.lower())) if w not in _DATE_WORDS]
    if len(words) < 2:  # a date line, a timestamp, "share", "(untitled)"
        return True
    if outlet and title.strip().lower() == outlet.strip().lower():
        return True
    return bool(_PROMPT.match(title))


def headline(item: Annotated) -> str | None:
    """The article's headline: its title unless that is furniture, else its lead sentence."""
    title = item.article.title
    if title and not is_furniture(title, item.article.outlet):
        return " ".join(title.split())
    return _lead(item)


def _lead(item: Annotated) -> str | None:
    """The first body sentence, shortened to a headline's length."""
    for s in item.sentences:
        text = " ".join(s.text_of(item.text).split())
        if text and not is_furniture(text):
            return text if len(text) <= 120 else text[:117].rsplit(" ", 1)[0] + "…"
    body = " ".join(item.body_text().split())
    return body[:117] + "…" if len(body) > 120 else (body or None)


def copies_in(relations: Sequence[Relation]) -> set[str]:
    """Members that copy another (the later side of a directed copy; both sides of a pair that
    shares a source or whose direction is unknown)."""
    out: set[str] = set()
    for r in relations:
        if r.type == "independent":
            continue
        if r.direction == "a->b":
            out.add(r.b)
        elif r.direction == "b->a":
            out.add(r.a)
        else:
            out.update((r.a, r.b))
    return out


def central_title(titles: Sequence[str | None], scores: np.ndarray, tiers: Sequence[int] | None = None) -> str:
    """The title of the best-scoring member that has one, from the lowest tier that has any
    (ties: the earliest member)."""
    tiers = tiers if tiers is not None else [0] * len(titles)
    order = sorted(
        (i for i in range(len(titles)) if titles[i]), key=lambda i: (tiers[i], -round(float(scores[i]), 6), i)
    )
    return titles[order[0]] if order else UNTITLED


def story_title(
    members: Sequence[Annotated], relations: Sequence[Relation] = (), reps: Sequence[Representation] | None = None
) -> str:
    """The headline of the member closest to the story's centroid, preferring originals with a
    real headline, then originals (their lead sentence), then copies.

    ``reps``: the members' term vectors when grouping made them already (in member order)."""
    reps = reps if reps is not None else represent_many(members)
    vectors = [dict(zip(r.term_ids.tolist(), r.term_weights.tolist(), strict=True)) for r in reps]
    total: dict[int, float] = {}
    for v in vectors:
        for k, w in v.items():
            total[k] = total.get(k, 0.0) + w
    scores = np.array([sum(w * total[k] for k, w in v.items()) for v in vectors]) if vectors else np.zeros(0)
    copied = copies_in(relations)
    titled = [bool(m.article.title) and not is_furniture(m.article.title, m.article.outlet) for m in members]
    tiers = [2 * (m.id in copied) + (not t) for m, t in zip(members, titled, strict=True)]
    return central_title([headline(m) for m in members], scores, tiers)
