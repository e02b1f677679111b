"""Plain-text reader: metadata read from the furniture, text kept exactly as given."""

from __future__ import annotations

from pathlib import Path

from copydesk.model import content_id
from copydesk.readers.text import from_text

DATA = Path(__file__).resolve().parent.parent / "data" / "furniture"

BODY = "Officials said on Tuesday that the talks would continue into next week after a first round ended.\n"


def test_text_and_id_are_kept() -> None:
    text = "US News\n\nPort strike ends\u00a0\n\n" + BODY
    a = from_text(text, "x.txt")
    assert a.text == text and a.id == content_id(text) and a.source == "x.txt"


def test_headline_skips_section_label() -> None:
    a = from_text("US News\n\nPort strike ends after three weeks\n\n" + BODY, "x")
    assert a.title == "Port strike ends after three weeks"


def test_no_headline_when_the_text_starts_with_body() -> None:
    text = "- The Harbour Gazette - Monday, March 6, 2023\n\n" + BODY + "\n" + BODY
    a = from_text(text, "x")
    assert (a.title, a.outlet, a.published) == (None, "The Harbour Gazette", "2023-03-06")


def test_masthead_outlet_is_canonicalised() -> None:
    a = from_text("- The Washington Post - Friday, June 2, 2023\n\n" + BODY, "x")
    assert (a.outlet, a.published) == ("The Washington Post", "2023-06-02")


def test_byline_authors_and_date_line() -> None:
    a = from_text((DATA / "ap_wire.txt").read_text(encoding="utf-8"), "ap")
    assert a.title == "Senate passes stopgap bill hours before shutdown deadline"
    assert a.authors == ("Lisa Mascaro", "Mary Clare Jalonick")
    assert a.published is not None and a.published.startswith("2024-03-08")


def test_shouting_byline_with_outlet_suffix() -> None:
    a = from_text((DATA / "tabloid.txt").read_text(encoding="utf-8"), "t")
    assert a.authors == ("Tom Harris",)


def test_reporting_credits_at_the_foot() -> None:
    text = (
        "Ceasefire talks resume\n\nBRUSSELS — " + BODY + "\n"
        "Jane Doe reported from Brussels and Carlos M. Ruiz from Madrid. Ann Lee contributed reporting from Paris.\n"
    )
    assert from_text(text, "x").authors == ("Jane Doe", "Carlos M. Ruiz")


def test_contact_line_and_copyright_outlet() -> None:
    text = (
        BODY + "\n• Sam Park can be reached at spark@example.com.\n\n"
        "Copyright © 2024 The Harbour Gazette, LLC. Click here for reprint permission.\n"
    )
    a = from_text(text, "x")
    assert a.authors == ("Sam Park",) and a.outlet == "The Harbour Gazette"


def test_reuters_foot_credit() -> None:
    a = from_text((DATA / "reuters.txt").read_text(encoding="utf-8"), "r")
    assert a.authors == ("Alex Lawler",) and a.published is None
