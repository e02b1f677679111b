-- PostgreSQL twin of ../0001_initial.sql: articles as read, their spans, the stories they form,
-- and full-text search. Ids sort bytewise (COLLATE "C") as in SQLite, whatever the database's
-- locale; timestamps stay ISO-8601 text so both backends return the same values.

-- Search: unaccented, stemmed (Snowball English, no stop words, so "we have no choice" stays a
-- four-word phrase). unaccent is a trusted extension: the database's owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY copydesk_stem (TEMPLATE = snowball, language = english);
CREATE TEXT SEARCH CONFIGURATION copydesk (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION copydesk
    ALTER MAPPING FOR asciiword, word, hword, hword_part, asciihword, hword_asciipart
    WITH unaccent, copydesk_stem;

CREATE TABLE articles (
    n         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,  -- insertion order
    id        TEXT COLLATE "C" NOT NULL UNIQUE,
    source    TEXT NOT NULL,
    title     TEXT,
    outlet    TEXT,
    url       TEXT,
    published TEXT,
    authors   TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    text      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);

CREATE TABLE spans (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    value      TEXT,
    PRIMARY KEY (article_id, field, seq)
);
CREATE INDEX spans_by_label ON spans(label, kind);

CREATE TABLE quotes (
    article_id    TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    text          TEXT NOT NULL,
    kind          TEXT NOT NULL,
    speaker       TEXT,
    speaker_start INTEGER,
    speaker_end   INTEGER,
    grp           TEXT,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX quotes_by_speaker ON quotes(speaker);

CREATE TABLE quantities (
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,                        -- JSON: keeps int, float, str and null apart
    unit       TEXT,
    about      TEXT,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE stories (
    id          TEXT COLLATE "C" PRIMARY KEY,
    title       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    outlets     TEXT NOT NULL DEFAULT '[]', -- JSON array
    independent INTEGER NOT NULL,
    activity    TEXT COLLATE "C",           -- latest added_at among its articles
    created_at  TEXT NOT NULL,
    updated_at  TEXT COLLATE "C" NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX stories_by_activity ON stories(activity DESC, id);

CREATE TABLE story_articles (
    story_id   TEXT COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE UNIQUE INDEX story_of_article ON story_articles(article_id);

-- One row per article (title + text) and per quote; the weighted tsvector is computed by the
-- database from the same INSERT the SQLite backend's FTS5 table takes.
CREATE TABLE search (
    n          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER,
    "end"      INTEGER,
    tsv        tsvector GENERATED ALWAYS AS (
                   setweight(to_tsvector('copydesk', title), 'A') || to_tsvector('copydesk', body)
               ) STORED
);
CREATE INDEX search_tsv ON search USING GIN (tsv);
CREATE INDEX search_article ON search(article_id);
