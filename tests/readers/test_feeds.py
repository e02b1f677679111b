"""RSS 2.0 and Atom feeds: one article per entry, full content preferred, metadata kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from copydesk.model import Article
from copydesk.readers import ReadProblem, read

DATA = Path(__file__).parents[1] / "data" / "readers"


@pytest.fixture(scope="module")
def rss():
    return list(read([DATA / "rss_feed.xml"]))


def test_rss_entries_use_content_encoded_as_visible_text(rss):
    a = rss[0]
    assert isinstance(a, Article)
    assert a.text.startswith("Trains will run again between Millbrook and Eastford from Monday, six weeks")
    assert "“The slope is now pinned with 140 soil nails,” said network engineer Ruth Adeyemi." in a.text
    assert "track()" not in a.text
    assert a.title == "Rail line to reopen after landslide repairs"
    assert a.url == "https://valley-courier.example/2024/05/02/rail-reopens"
    assert a.outlet == "Valley Courier – Local News"
    assert a.published == "2024-05-02T13:05:00+00:00"
    assert a.authors == ("Anna Berg", "Luis Ortega")
    assert a.source.endswith("rss_feed.xml#https://valley-courier.example/2024/05/02/rail-reopens")


def test_rss_summary_only_entry_and_empty_entry(rss):
    b = rss[1]
    assert b.text == "The central library will open on Sundays from June, the council said."
    assert b.authors == ("Omar Haddad",)
    assert isinstance(rss[2], ReadProblem) and "no text" in rss[2].reason


def test_atom_entries():
    got = list(read([DATA / "atom_feed.atom"]))
    a, b = got
    assert a.outlet == "Northern Wire Service"
    assert a.text == ("Dock workers at the northern port voted to end a nine-day strike on Saturday after "
                      "accepting a 6.5 per cent pay rise.\n\nThe union said 81 per cent of members backed the offer.")
    assert a.authors == ("Kenji Mori", "Sarah Lund")
    assert a.published == "2024-03-09T16:00:00+00:00"
    assert b.url == "https://northern-wire.example/ferry-winter"
    assert b.published == "2024-03-08T07:15:00+00:00"  # no <published>: the update time
    assert b.text.startswith("The island ferry will sail twice a day")


def test_feed_is_sniffed_without_its_extension(tmp_path):
    p = tmp_path / "download"
    p.write_bytes((DATA / "atom_feed.atom").read_bytes())
    assert [type(g) for g in read([p])] == [Article, Article]


def test_xml_that_is_not_a_feed_is_a_problem(tmp_path):
    p = tmp_path / "sitemap.xml"
    p.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    (problem,) = list(read([p]))
    assert isinstance(problem, ReadProblem)
