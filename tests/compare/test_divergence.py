"""Divergences: numbers, days, names, quote wording, and copies kept apart from independent sources."""

from __future__ import annotations

import pytest

from copydesk.compare import claims, counts, divergence
from copydesk.model import Article
from copydesk.pipeline import annotate_articles

A = ("Court strikes down ride ban\n\n"
     "The state Supreme Court on Thursday struck down Lakeport's ban on rideshare services, ruling 5-2 that the city "
     "had exceeded its authority. "
     "The ban, passed under the 2021 Street Safety Ordinance, had forced about 3,000 drivers off the road. "
     "\"A city may regulate its streets, but it may not abolish a lawful trade,\" Justice Ellen Marsh wrote.")
B = ("Lakeport loses in top court\n\n"
     "Lakeport's ban on rideshare services was struck down by the state Supreme Court on Wednesday, which ruled 4-3 "
     "that the city had exceeded its authority. "
     "The ban, passed under the 2021 Transport Fairness Act, had forced about 4,500 drivers off the road. "
     "\"A city may regulate its streets, but it cannot abolish a lawful trade,\" Justice Ellen Marsh wrote.")
SPUN = ("Court strikes down ride ban\n\n"
        "The state Supreme Court on Thursday struck down Lakeport's ban on rideshare services, ruling 5-2 that the city "
        "had exceeded its authority. "
        "The ban, passed under the 2021 Street Safety Ordinance, had forced about 3,000 drivers off the road. "
        "\"A town can regulate its roads, yet it may not abolish a legal trade,\" Justice Ellen Marsh wrote.")


@pytest.fixture(scope="module")
def found():
    members = annotate_articles([Article(id="a", source="a", text=A, published="2024-05-17"),
                                 Article(id="b", source="b", text=B, published="2024-05-17"),
                                 Article(id="spun", source="s", text=SPUN, published="2024-05-17")])
    fams = [("a", "spun"), ("b",)]
    cs = claims.align(members, fams)
    return divergence.find(members, fams, cs)


def _with(found, article_texts):
    return [d for d in found if all(any(t in v.text for v in d.variants) for t in article_texts)]


def test_number_divergence(found):
    ds = _with(found, ["3,000", "4,500"])
    assert ds and ds[0].what.startswith("number of") and ds[0].between == "independent"


def test_vote_tally_divergence(found):
    assert _with(found, ["5-2", "4-3"])


def test_day_divergence(found):
    ds = [d for d in found if d.what.startswith("day")]
    assert ds and {v.article for v in ds[0].variants} >= {"a", "b"}


def test_name_divergence(found):
    assert _with(found, ["Street Safety Ordinance", "Transport Fairness Act"])


def test_quote_wording_between_independent_sources(found):
    ds = _with(found, ["may not abolish a lawful", "cannot abolish"])
    assert ds and ds[0].between == "independent"


def test_a_copy_edits_are_marked_copies(found):
    ds = [d for d in found if {v.article for v in d.variants} == {"a", "spun"}]
    assert ds and all(d.between == "copies" for d in ds)


def test_compatible_qualified_numbers_do_not_diverge():
    from copydesk.model import Quantity

    more = Quantity("x", 0, 1, "more than 100,000", 100000, "troops", qualifier="more than")
    exact = Quantity("y", 0, 1, "130,000", 130000, "troops")
    fewer = Quantity("z", 0, 1, "90,000", 90000, "troops")
    assert counts.compatible(more, exact)
    assert not counts.compatible(more, fewer)
