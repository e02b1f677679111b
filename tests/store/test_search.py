"""Full-text search on both backends: any query is safe, phrases match as phrases, snippets mark the hits."""

from __future__ import annotations

import pytest
from pgserver import BACKENDS, new_store_location

from copydesk.store import Store
from copydesk.store.search import fts_query, split_marked

from .conftest import TEXT, make_item


@pytest.fixture(scope="module", params=BACKENDS)
def store(request, tmp_path_factory):
    s = Store(new_store_location(request, request.param, tmp_path_factory.mktemp("search")))
    other = make_item(
        "Choice of venue criticised\nThe council said it had no choice but to move the market.\n",
        title="Choice of venue criticised",
    )
    s.add_articles([make_item(), other, make_item(TEXT.replace("Rail unions", "Café owners"), title="Café")])
    yield s
    s.close()


@pytest.mark.parametrize(
    "q",
    [
        '"',
        'say "unclosed',
        "NEAR(a b)",
        "a AND OR NOT",
        "col:value",
        "(((",
        "*",
        "^x",
        "'; DROP TABLE articles;--",
        "-",
        "",
    ],
)
def test_fts_syntax_in_queries_never_raises(store, q):
    assert isinstance(store.search(q), list)
    assert store.count_articles() == 3


def test_quoted_phrase_matches_the_quote_and_its_article(store):
    hits = store.search('"we have no choice"')
    assert sorted(h.kind for h in hits) == ["article", "article", "quote", "quote"]  # two articles say it
    quote = next(h for h in hits if h.kind == "quote")
    assert quote.snippet.startswith('"We have no choice')
    assert quote.start is not None and TEXT[quote.start : quote.end] == '"We have no choice,"'
    # "no choice" without "we have" is only in the council story: the phrase keeps it out
    assert all("council" not in h.snippet for h in hits)


def test_words_must_all_match_and_snippets_mark_them(store):
    hits = store.search("council market")
    assert len(hits) == 1 and hits[0].title == "Choice of venue criticised"
    marked = [t.lower() for t, on in hits[0].parts if on]
    assert "council" in marked and "market" in marked


def test_accents_prefixes_and_stems(store):
    assert [h.title for h in store.search("cafe")] == ["Café"]
    assert {h.kind for h in store.search("secret*")} == {"article"}
    assert store.search("se*") == store.search("secret*")  # through the prefix index (migration 0013)
    assert store.search("walking")  # porter stemming: "walk out" in the text


def test_query_building_quotes_every_term():
    assert fts_query('strike "no choice" NOT') == '"strike" "no choice" "NOT"'
    assert fts_query("say \"it's" + '"') == '"say" "it\'s"'
    assert fts_query('a"b') == '"a""b"'
    assert fts_query("lynch*") == '"lynch"*'
    assert fts_query("ly* l*") == '"ly"* "l"'  # one letter's words are most of a store: the word
    assert fts_query("!!! ...") is None


def test_split_marked():
    assert split_marked("a \ue000b\ue001 c") == (("a ", False), ("b", True), (" c", False))


def test_postgresql_query_binds_every_term():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[postgres]')")
    from copydesk.store.postgres import tsquery

    sql, params = tsquery('strike "no choice" lynch* \'; DROP')
    assert params == ("strike", "no choice", "'lynch':*", "DROP")  # "';" has nothing to search for
    assert sql.count("%s") == 4 and "strike" not in sql and "DROP" not in sql


def test_a_phrase_is_marked_where_it_occurs_and_nowhere_else(store):
    # "said" also occurs on its own ("Rail unions said on Monday"): only the phrase is marked.
    hits = store.search('"said Mick Lynch"')
    assert hits
    for h in hits:
        assert [t.lower() for t, on in h.parts if on] == ["said mick lynch"]


def test_marked_words_join_into_runs_and_short_runs_outside_a_phrase_are_dropped():
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[postgres]')")
    from copydesk.store.postgres import marked_runs

    parts = (("Said", True), (" that ", False), ("said", True), (" ", False), ("Mick", True), (", ", False),
             ("Lynch", True), (".", False))  # fmt: skip
    assert marked_runs(parts, 3) == (("Said that ", False), ("said Mick, Lynch", True), (".", False))
    assert marked_runs(parts, 1) == (("Said", True), (" that ", False), ("said Mick, Lynch", True), (".", False))
