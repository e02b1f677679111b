"""The rendered-page cache: bounded by entries and bytes, least recently used out first."""

from __future__ import annotations

from copydesk.web.pages import _Cache


def test_cache_evicts_least_recently_used_within_its_byte_budget():
    cache = _Cache(size=100, max_bytes=8000)
    for n in range(7):
        cache.put(("story", n), "x" * 1000)
    assert cache.get(("story", 0)) is not None  # now the most recently used
    cache.put(("story", 7), "y" * 1000)  # 8000 bytes: just fits
    assert all(cache.get(("story", n)) is not None for n in range(8))
    cache.get(("story", 0))
    cache.put(("story", 8), "z" * 1000)  # over budget: the least recently used goes
    assert cache.get(("story", 1)) is None
    assert cache.get(("story", 0)) is not None and cache.get(("story", 8)) is not None
    assert cache.bytes == 8000


def test_cache_counts_entries_replaces_in_place_and_skips_huge_pages():
    cache = _Cache(size=2, max_bytes=10_000)
    etag, body = cache.put(("a",), "<p>é</p>")
    assert body == "<p>é</p>".encode() and etag.startswith('"') and etag != cache.put(("b",), "b")[0]
    cache.put(("a",), "<p>new</p>")
    assert cache.get(("a",))[1] == b"<p>new</p>" and cache.bytes == len(b"<p>new</p>") + 1
    cache.put(("c",), "c")
    assert len(cache.items) == 2 and cache.get(("b",)) is None
    assert cache.put(("huge",), "x" * 5000)[1] and cache.get(("huge",)) is None
