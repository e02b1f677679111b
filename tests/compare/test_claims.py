"""Claims: alignment across outlets, corroboration counted by copy family, disputes."""

from __future__ import annotations

import pytest

from copydesk.compare import claims
from copydesk.model import Article
from copydesk.pipeline import annotate_articles

WIRE = ("Fire guts city library\n\n"
        "A fire destroyed the central library in Marlow on Sunday night, the fire brigade said. "
        "About 200,000 books were lost in the blaze. "
        "Nobody was injured in the fire, officials said. "
        "The cause of the fire is under investigation.")
COPY = WIRE  # a verbatim republication: same family
OTHER = ("Marlow library destroyed\n\n"
         "The central library in Marlow was destroyed by a fire on Sunday night, according to the fire brigade. "
         "Around 120,000 books were lost in the blaze, the city said. "
         "The mayor announced a fund to rebuild the library within three years.")


@pytest.fixture(scope="module")
def members():
    arts = [Article(id="wire", source="w", text=WIRE),
            Article(id="copy", source="c", text=COPY + "\n\nSource: Wire"),
            Article(id="other", source="o", text=OTHER)]
    return annotate_articles(arts)


def _claim_with(cs, needle):
    return next(c for c in cs if needle in c.text or any(needle in s for s in [c.why or ""]))


def test_same_fact_in_other_words_is_aligned(members):
    cs = claims.align(members, [("wire", "copy")])
    fire = next(c for c in cs if {"wire", "other"} <= {s.article for s in c.sources} and "fire" in c.text.lower()
                and "destroy" in c.text.lower())
    assert len(fire.sources) == 3


def test_copies_count_once(members):
    cs = claims.align(members, [("wire", "copy")])
    injured = next(c for c in cs if "injured" in c.text)
    assert {s.article for s in injured.sources} == {"wire", "copy"}
    assert injured.independent_sources == 1 and injured.status == "single_source"
    assert "count once" in (injured.why or "")


def test_without_families_every_article_counts(members):
    cs = claims.align(members, None)
    injured = next(c for c in cs if "injured" in c.text)
    assert injured.independent_sources == 2 and injured.status == "corroborated"


def test_independent_sources_disagreeing_on_a_number_dispute_the_claim(members):
    cs = claims.align(members, [("wire", "copy")])
    books = next(c for c in cs if "books" in c.text)
    assert books.status == "disputed"
    assert "200,000" in (books.why or "") and "120,000" in (books.why or "")


def test_sources_are_spans_of_the_articles(members):
    by_id = {m.id: m for m in members}
    for c in claims.align(members, None):
        for s in c.sources:
            assert by_id[s.article].text[s.start : s.end].strip()


def test_most_corroborated_first(members):
    cs = claims.align(members, None)
    counts = [c.independent_sources for c in cs]
    assert counts == sorted(counts, reverse=True)


def test_mostly_quoted_sentences_are_not_claims():
    [item] = annotate_articles([Article(id="q", source="q", text=(
        "“We will rebuild this library, stone by stone, whatever it takes,” the mayor said. "
        "The library opened in 1902 and held the city archive."))])
    texts = [u.text for u in claims.units(item)]
    assert not any("rebuild" in t for t in texts)
    assert any("1902" in t for t in texts)
