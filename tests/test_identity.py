"""Outlet identity: each source of an outlet's name, the origin a provenance line gives, labels."""

from __future__ import annotations

import dataclasses

from copydesk import identity, outlets
from copydesk.annotate import signals
from copydesk.model import Annotated, Article
from copydesk.readers.text import from_text

BODY = (
    "NATO allies offered Moscow new arms-control talks on Wednesday, according to letters published by a "
    "Spanish newspaper, while insisting that Ukraine keeps the right to seek membership.\n\n"
    "The Kremlin said it was still studying the replies and would answer in due course.\n"
)


def _annotated(text: str, source: str = "inbox/story.txt", **meta: object) -> Annotated:
    article = dataclasses.replace(from_text(text, source), **meta)
    return Annotated(article, signals=signals.find(article))


def test_page_metadata_names_the_outlet_in_canonical_spelling() -> None:
    who = identity.identify(_annotated("Allies offer talks\n\n" + BODY, outlet="nytimes.com"))
    assert (who.outlet, who.name, who.how) == ("The New York Times", "The New York Times", "metadata")


def test_url_domain_names_the_outlet_from_the_shipped_table() -> None:
    item = _annotated("Allies offer talks\n\n" + BODY, url="https://www.ndtv.com/world-news/nato-offer-123")
    assert identity.identify(item).outlet == "NDTV"
    assert outlets.from_url("https://news.sky.com/story/x") == "Sky News"


def test_unknown_domain_falls_back_to_the_registrable_domain() -> None:
    item = _annotated("Allies offer talks\n\n" + BODY, url="https://politics.example-gazette.co.uk/a/b?c=1")
    assert identity.identify(item).outlet == "example-gazette.co.uk"
    assert outlets.from_url("inbox/story.txt") is None  # a path has no domain


def test_masthead_and_copyright_lines_name_the_outlet() -> None:
    mast = "- The Washington Times - Wednesday, February 2, 2022\n\n" + BODY
    assert identity.identify(_annotated(mast)).outlet == "The Washington Times"
    foot = "Allies offer talks\n\n" + BODY + "\nCopyright © 2022 The Washington Times, LLC.\n"
    assert identity.identify(_annotated(foot)).outlet == "The Washington Times"


def test_syndication_note_names_the_outlet_that_ran_the_feed() -> None:
    text = ("Allies offer talks\n\n" + BODY + "\n(This story has not been edited by NDTV staff and is "
            "auto-generated from a syndicated feed.)\n")
    who = identity.identify(_annotated(text))
    assert (who.outlet, who.origin, who.how) == ("NDTV", None, "syndication note")


def test_house_sign_off_names_the_outlet_but_agency_lines_do_not() -> None:
    post = identity.identify(_annotated("Allies offer talks\n\n" + BODY + "\nWith Post wires"))
    assert (post.outlet, post.how) == ("New York Post", "sign-off")
    agencies = identity.identify(_annotated("Allies offer talks\n\n" + BODY + "\nWith AFP, Reuters"))
    assert agencies.outlet is None and agencies.origin is None  # agency copy added to own reporting


def test_source_line_gives_the_origin_not_the_outlet() -> None:
    who = identity.identify(_annotated("Allies offer talks\n\n" + BODY + "\nSource : Nytimes", "feeds/001.txt"))
    assert (who.outlet, who.origin, who.name) == (None, "The New York Times", "001.txt")


def test_wire_dateline_gives_the_origin() -> None:
    text = "Allies offer talks\n\nBRUSSELS (AP) — " + BODY
    who = identity.identify(_annotated(text, url="https://www.example-daily.com/news/1"))
    assert (who.outlet, who.origin) == ("example-daily.com", "Associated Press")


def test_no_outlet_is_named_by_file_name_or_url_never_a_number() -> None:
    assert identity.identify(_annotated("Allies offer talks\n\n" + BODY, "/data/in/004_ed86.txt")).name == "004_ed86.txt"
    assert identity.source_name("upload:notes.txt") == "notes.txt"
    assert identity.source_name("feed.xml#https://www.example.org/2022/02/02/nato") == "example.org/2022/02/02/nato"
    assert identity.source_name("C:\\news\\a.html") == "a.html"


def test_labels_are_unique_within_a_story() -> None:
    items = [Annotated(Article(i, f"{i}.txt", BODY, outlet="NDTV")) for i in ("a", "b")]
    items.append(Annotated(Article("c", "dir/c.txt", BODY)))
    assert identity.labels(items) == {"a": "NDTV", "b": "NDTV (2)", "c": "c.txt"}
