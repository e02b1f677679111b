"""A first story grouping: tf-idf cosine similarity over body text, a threshold, connected components.

Batch only; the incremental clusterer replaces it. Deterministic: components are ordered
by their first article in input order, and a story id derives from its smallest article id.
"""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.model import Annotated, stable_id

SIMILARITY = 0.25  # cosine of tf-idf vectors; same-event news pairs sit well above, unrelated ones near 0


def group(items: Sequence[Annotated], threshold: float = SIMILARITY) -> list[list[str]]:
    """Partition article ids into stories (every article in exactly one)."""
    ids = [a.id for a in items]
    if len(items) < 2:
        return [ids] if ids else []
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    bodies = [a.body_text() for a in items]
    try:
        vectors = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1).fit_transform(bodies)
    except ValueError:  # every body empty or stop words only
        return [[i] for i in ids]
    sims = cosine_similarity(vectors)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if sims[i, j] >= threshold:
                parent[find(j)] = find(i)
    components: dict[int, list[str]] = {}
    for i, article_id in enumerate(ids):
        components.setdefault(find(i), []).append(article_id)
    return list(components.values())


def story_id(article_ids: Sequence[str]) -> str:
    """A story's id: stable for the same members, whatever their order."""
    return "s-" + stable_id(min(article_ids), length=12)


def story_title(members: Sequence[Annotated]) -> str:
    """The headline of the member whose body is most like the others' (first titled one for now)."""
    for m in members:
        if m.article.title:
            return m.article.title
    for m in members:
        if m.sentences:
            return m.sentences[0].text_of(m.text)[:120]
    return "(untitled story)"
