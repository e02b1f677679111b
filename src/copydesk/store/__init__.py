"""Stores: where ingested articles and their stories live between runs.

``Store(path)`` opens a SQLite file (the default); ``Store("postgresql://…")`` a PostgreSQL
database (extra ``postgres``). Both are :class:`Store`s with the same methods.
"""

from copydesk.store.base import AddResult, Store, StoryRow, independent_sources, is_url, shown
from copydesk.store.search import SearchHit

__all__ = ["AddResult", "SearchHit", "Store", "StoryRow", "independent_sources", "is_url", "shown"]
