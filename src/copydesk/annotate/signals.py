"""Provenance signals ("Source : …", "With Post wires", "(AP)") as spans with a normalised value."""

from __future__ import annotations

from copydesk.model import Article, Span


def find(article: Article) -> tuple[Span, ...]:
    """Provenance signal spans of ``article``."""
    return ()
