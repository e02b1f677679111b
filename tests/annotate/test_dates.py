"""Dates: relative times resolved against the publication date, spans kept as written."""

from __future__ import annotations

from datetime import date

import pytest

from copydesk.annotate import dates
from copydesk.model import Article
from copydesk.pipeline import annotate_articles

REF = date(2022, 2, 2)  # a Wednesday


@pytest.mark.parametrize(
    ("phrase", "value", "qualifier"),
    [
        ("late Tuesday", "2022-02-01", "late"),
        ("on Wednesday", "2022-02-02", None),
        ("last Wednesday", "2022-01-26", None),
        ("Monday morning", "2022-01-31", None),
        ("last week", "2022-W04", None),
        ("last month", "2022-01", None),
        ("yesterday", "2022-02-01", None),
        ("mid-December", "2021-12", "mid"),
        ("Feb. 16-17", "2022-02-16/2022-02-17", None),
        ("February 2, 2022", "2022-02-02", None),
        ("30 years ago", "1992", "about"),
    ],
)
def test_resolve_against_reference(phrase, value, qualifier):
    assert dates.resolve(phrase, REF) == (value, qualifier)


def test_future_weekday_looks_ahead():
    assert dates.resolve("Friday", REF, future=True) == ("2022-02-04", None)


def test_without_reference_keeps_what_can_be_known():
    assert dates.resolve("late Tuesday", None) == ("Tuesday", "late")
    assert dates.resolve("Feb. 16", None) == ("--02-16", None)
    assert dates.resolve("last week", None) is None


def test_reference_from_masthead():
    art = Article(id="x", source="x", text="- The Daily - Wednesday, February 2, 2022\n\nBody.")
    assert dates.reference_date(art) == REF


def test_extract_in_article():
    text = ("Minister quits\n\nThe minister resigned late Tuesday after a week of protests, his office said on "
            "Wednesday. Parliament will vote on Friday on his successor.")
    [item] = annotate_articles([Article(id="d", source="d", text=text, published="2022-02-02")])
    got = {q.text: q for q in item.quantities if q.unit == "date"}
    assert got["late Tuesday"].value == "2022-02-01" and got["late Tuesday"].about == "resign"
    assert got["Friday"].value == "2022-02-04"
    for t, q in got.items():
        assert text[q.start : q.end] == t
