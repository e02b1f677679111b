"""Article text as the web pages show it beside the marked text (``render/marks.py``): evidence
passages side by side, and a story's members in the story's order."""

from __future__ import annotations

from collections.abc import Sequence

from copydesk.model import Annotated, Story


def passage(text: str, start: int, end: int, limit: int = 600) -> str:
    """An evidence passage as shown side by side: the exact text, cut past ``limit`` characters."""
    s = text[start:end].strip()  # blank lines at the edges only push the pair apart
    return s if len(s) <= limit else s[:limit].rstrip() + " …"


def members_in_order(story: Story, items: Sequence[Annotated]) -> list[Annotated]:
    by_id = {a.id: a for a in items}
    return [by_id[i] for i in story.articles if i in by_id]
