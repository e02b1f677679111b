"""Who did what to what across a story: the agents outlets credit with the same act.

The frames themselves come from each article's own parse (``annotate/frames.py``, the
article's claim sentences only); here they are compared across the story.

``agent_divergences`` reports the same act done to the same thing (same verb, objects that
share a content word) credited to agents that share no word across independent sources:
"The Pentagon confirmed the documents" against "officials … appeared to confirm the documents".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from copydesk.model import Annotated, Divergence, Variant
from copydesk.text.components import components

MAX_FRAMES = 4000  # a story this large compares only this many frames (the comparison is quadratic)


@dataclass(frozen=True, slots=True)
class Frame:
    """One act in one claim sentence of one article: ``verb`` (lemma) done by ``agent`` to ``obj``."""

    article: str
    verb: str
    start: int  # clause span: agent to end of object
    end: int
    agent: str
    agent_words: frozenset[str]
    obj_words: frozenset[str]  # the object's key nouns (lemmas)
    obj: str = ""  # the object's head word as written


def frames(members: Sequence[Annotated]) -> list[Frame]:
    """The frames of the story's claim sentences (each article's ``frames`` layer), in article order."""
    out = [Frame(m.id, f.verb, f.start, f.end, f.agent, frozenset(f.agent_words), frozenset(f.obj_words), f.obj)
           for m in members for f in m.frames]
    return out[:MAX_FRAMES]


SAME_THING = 0.5  # WordLlama similarity of two object nouns that name one thing ("replies" / "responses")


def _same_thing(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or any(_similarity(x, y) >= SAME_THING for x in a for y in b)


@lru_cache(maxsize=8192)
def _similarity(a: str, b: str) -> float:
    from copydesk.nlp_models import word_embedder

    return float(word_embedder().similarity(a, b))


def agent_divergences(members: Sequence[Annotated], found: Sequence[Frame] | None = None) -> list[Divergence]:
    """The same act on the same thing credited to agents that independent sources name with no word in common."""
    fs = list(found) if found is not None else frames(members)
    by_id = {m.id: m for m in members}
    links = [
        (i, j) for i, j in combinations(range(len(fs)), 2)
        if fs[i].article != fs[j].article and fs[i].verb == fs[j].verb and _same_thing(fs[i].obj_words, fs[j].obj_words)
    ]
    out = []
    for g in components(range(len(fs)), links):
        # Compared per article: the caller splits copies' edits from independent differences.
        agents: dict[str, set[str]] = {}
        for i in g:
            agents.setdefault(fs[i].article, set()).update(fs[i].agent_words)
        if not any(not (agents[x] & agents[y]) for x, y in combinations(agents, 2)):
            continue
        variants = tuple(Variant(fs[i].article, fs[i].start, fs[i].end, by_id[fs[i].article].text[fs[i].start:fs[i].end])
                         for i in g)
        out.append(Divergence(f"who did it: “{fs[g[0]].verb}” the {fs[g[0]].obj}", variants))
    return out
