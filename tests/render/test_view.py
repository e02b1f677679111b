"""Who-said-what grouping of a story's quotes."""

from __future__ import annotations

from copydesk.model import Quote, Story
from copydesk.render.view import quotes_by_speaker


def test_scare_quoted_terms_are_not_listed_as_statements():
    story = Story(
        id="s",
        title="t",
        articles=("a",),
        quotes=(
            Quote("a", 0, 30, "We will not back down on this", "speech", "John Kirby"),
            Quote("a", 40, 44, "long", "term"),
            Quote("a", 50, 70, "a terrible mistake", "partial", "John Kirby"),
        ),
    )
    listed = {sp.speaker: sp.count for sp in quotes_by_speaker(story)}
    assert listed == {"John Kirby": 2}
