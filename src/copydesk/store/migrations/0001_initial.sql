-- Articles as read, the spans every stage found in them, and the stories they form.
-- Offsets always refer to articles.text; nothing here is ever normalised.

CREATE TABLE articles (
    n         INTEGER PRIMARY KEY,          -- insertion order; a stable rowid for the FTS rows
    id        TEXT NOT NULL UNIQUE,
    source    TEXT NOT NULL,
    title     TEXT,
    outlet    TEXT,
    url       TEXT,
    published TEXT,
    authors   TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    text      TEXT NOT NULL,
    added_at  TEXT NOT NULL
);

-- One row per span of Article.marks and of Annotated.boilerplate/signals/sentences/entities.
-- "field" says which tuple it belongs to, "seq" its position there (round-trips exactly).
CREATE TABLE spans (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    field      TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT '',
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    value      TEXT,
    PRIMARY KEY (article_id, field, seq)
) WITHOUT ROWID;
CREATE INDEX spans_by_label ON spans(label, kind);

CREATE TABLE quotes (
    article_id    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
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
) WITHOUT ROWID;
CREATE INDEX quotes_by_speaker ON quotes(speaker);

CREATE TABLE quantities (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    text       TEXT NOT NULL,
    value      TEXT,                        -- JSON: keeps int, float, str and null apart
    unit       TEXT,
    about      TEXT,
    PRIMARY KEY (article_id, seq)
) WITHOUT ROWID;

-- A story's cross-article findings live in "data" (JSON of the Story dataclass); the other
-- columns are what the stories list shows and sorts on without decoding it.
CREATE TABLE stories (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    size        INTEGER NOT NULL,
    outlets     TEXT NOT NULL DEFAULT '[]', -- JSON array
    independent INTEGER NOT NULL,
    activity    TEXT,                       -- latest added_at among its articles
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    data        TEXT NOT NULL
);
CREATE INDEX stories_by_activity ON stories(activity DESC, id);

CREATE TABLE story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    pos        INTEGER NOT NULL,
    PRIMARY KEY (story_id, article_id)
);
CREATE UNIQUE INDEX story_of_article ON story_articles(article_id);

-- Full-text search over article title + text and over quote text. Rows are written with
-- the article in the same transaction; articles are immutable once stored.
CREATE VIRTUAL TABLE search USING fts5(
    title, body,
    kind UNINDEXED, article_id UNINDEXED, start UNINDEXED, "end" UNINDEXED,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
