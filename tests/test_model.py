from dataclasses import FrozenInstanceError

import pytest

from copydesk.model import Annotated, Article, Span, content_id


def test_content_id_is_stable_and_ignores_line_endings_and_trailing_space():
    text = "Quake hits coast\n\nA strong earthquake struck on Monday.\n"
    assert content_id(text) == content_id(text)
    assert content_id(text) == content_id(text.replace("\n", "\r\n") + "  ")
    assert content_id(text) != content_id(text.replace("Monday", "Tuesday"))


def test_span_rejects_bad_offsets_and_is_frozen():
    with pytest.raises(ValueError):
        Span(5, 2, "boilerplate")
    s = Span(0, 4, "boilerplate", "credit")
    with pytest.raises(FrozenInstanceError):
        s.start = 1  # type: ignore[misc]
    assert s.overlaps(3, 10) and not s.overlaps(4, 10)


def test_body_text_blanks_boilerplate_but_keeps_offsets():
    text = "Photo: AP\nThe mayor resigned on Friday.\n"
    art = Article(id=content_id(text), source="t", text=text)
    item = Annotated(art, boilerplate=(Span(0, 9, "boilerplate", "credit"),))
    body = item.body_text()
    assert len(body) == len(text)
    assert body[:9].strip() == "" and body[10:] == text[10:]
    assert item.body_mask()[:9] == [False] * 9 and all(item.body_mask()[10:])
