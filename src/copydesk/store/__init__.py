"""Stores: where ingested articles and their stories live between runs (SQLite by default)."""

from copydesk.store.search import SearchHit
from copydesk.store.sqlite import AddResult, Store, StoryRow, independent_sources

__all__ = ["AddResult", "SearchHit", "Store", "StoryRow", "independent_sources"]
