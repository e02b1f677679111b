"""Plain-text articles: headline first, then the body, with whatever page furniture a scrape left."""

from __future__ import annotations

from copydesk.model import Article, content_id


def from_text(text: str, source: str) -> Article:
    """An ``Article`` from already-decoded plain text; metadata read from the text itself."""
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return Article(id=content_id(text), source=source, text=text, title=title)
