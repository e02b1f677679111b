"""Quantities: values, units, qualifiers, spelled-out numbers, ranges, money, percentages, years."""

from __future__ import annotations

import pytest

from copydesk.annotate import numbers
from copydesk.model import Article
from copydesk.pipeline import annotate_articles

TEXT = (
    "Army sends more troops to the border\n\n"
    "The army ordered 3,000 additional troops to the northern border on Monday, officials said. "
    "The troops, including 1,000 already stationed in Kessel, will stay for two months. "
    "Rebels have massed more than 100,000 fighters in the hills, according to a five-page intelligence report. "
    "The government set aside $2.5 million for the operation, about 12% of the regional budget. "
    "Between 20 and 30 villages were evacuated. "
    "The border was drawn under the 1921 Treaty of Lorne and last redrawn in 1994. "
    "The region is home to 4 million people."
)


@pytest.fixture(scope="module")
def found():
    [item] = annotate_articles([Article(id="t", source="t", text=TEXT, published="2024-03-06")])
    return {q.text: q for q in item.quantities if q.unit != "date"}


@pytest.mark.parametrize(
    ("phrase", "value", "high", "qualifier", "unit"),
    [
        ("more than 100,000", 100000, None, "more than", None),
        ("about 5,000", 5000, None, "about", None),
        ("44 million", 44_000_000, None, None, None),
        ("twenty-five", 25, None, None, None),
        ("two dozen", 24, None, None, None),
        ("a dozen", 12, None, None, None),
        ("$5 million", 5_000_000, None, None, "USD"),
        ("€3.2bn", 3_200_000_000, None, None, "EUR"),
        ("12%", 12, None, None, "percent"),
        ("12 percent", 12, None, None, "percent"),
        ("10-12", 10, 12, "range", None),
        ("between 20 and 30", 20, 30, "range", None),
        ("5 to 10 million", 5_000_000, 10_000_000, "range", None),
        ("half a million", 500_000, None, None, None),
        ("one hundred and twenty", 120, None, None, None),
    ],
)
def test_read_number_phrases(phrase, value, high, qualifier, unit):
    r = numbers.read(phrase)
    assert r is not None
    assert (r.value, r.high, r.qualifier, r.unit) == (value, high, qualifier, unit)


def test_vague_words_are_not_numbers():
    assert numbers.read("thousands") is None
    assert numbers.read("several") is None


def test_counted_noun_and_qualifier(found):
    q = found["3,000 additional troops"]
    assert (q.value, q.unit) == (3000, "troops")
    big = found["more than 100,000 fighters"]
    assert (big.value, big.qualifier, big.unit) == (100000, "more than", "fighters")


def test_number_borrows_the_noun_it_belongs_to(found):
    assert found["1,000"].unit == "troops"


def test_spelled_out_in_compound(found):
    q = next(q for t, q in found.items() if t.startswith("five"))
    assert (q.value, q.unit) == (5, "page")


def test_money_percent_range(found):
    assert any(q.value == 2_500_000 and q.unit == "USD" for q in found.values())
    assert any(q.value == 12 and q.unit == "percent" for q in found.values())
    assert any(q.value == 20 and q.high == 30 for q in found.values())


def test_years_name_or_date_things(found):
    years = {q.value: q for q in found.values() if q.unit == "year"}
    assert 1921 in years and 1994 in years
    assert "Treaty of Lorne" in (years[1921].about or "")


def test_spans_point_into_the_text(found):
    for text, q in found.items():
        assert TEXT[q.start : q.end] == text
