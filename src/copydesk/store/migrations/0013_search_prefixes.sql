-- Prefix indexes for 2, 3 and 4 characters on the search table, so a `pro*` query reads one
-- index entry instead of merging the lists of every word it starts (30-110 ms for `th*`,
-- `sta*` at 100k articles, 1-2 ms with these; `bench/web_cold.py`). FTS5 sets prefixes when a
-- table is made, so the table is made again with the same rows and row numbers.

CREATE VIRTUAL TABLE search_with_prefixes USING fts5(
    title, body,
    kind UNINDEXED, article_id UNINDEXED, start UNINDEXED, "end" UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);

INSERT INTO search_with_prefixes (rowid, title, body, kind, article_id, start, "end")
SELECT rowid, title, body, kind, article_id, start, "end" FROM search;

DROP TABLE search;

ALTER TABLE search_with_prefixes RENAME TO search;
