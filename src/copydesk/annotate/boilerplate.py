"""Boilerplate spans (captions, credits, footers, teasers, bylines): marked, never removed."""

from __future__ import annotations

from copydesk.model import Article, Span


def mark(article: Article) -> tuple[Span, ...]:
    """Boilerplate spans of ``article``, including the regions its reader already marked."""
    return tuple(s for s in article.marks if s.label == "boilerplate")
