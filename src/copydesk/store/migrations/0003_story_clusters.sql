-- The incremental story clusterer's state (copydesk.stories.cluster), kept apart from the
-- "stories" table of analysed stories: centroids as float32/int64 blobs, members, redirects.

CREATE TABLE story_clusters (
    id         TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,            -- creation order: the older story survives a merge
    members    TEXT NOT NULL,               -- JSON array of article ids, joining order
    term_ids   BLOB NOT NULL,               -- int64, sorted
    term_sum   BLOB NOT NULL,               -- float32, same length
    emb_sum    BLOB NOT NULL,               -- float32[256]
    first_seen REAL,                        -- days since the epoch, NULL when undated
    last_seen  REAL,
    outlets    TEXT NOT NULL DEFAULT '{}',  -- JSON {outlet: articles}
    entities   TEXT NOT NULL DEFAULT '{}'   -- JSON {name: articles naming it}
);

CREATE TABLE story_cluster_articles (
    article_id TEXT PRIMARY KEY,
    story_id   TEXT NOT NULL,               -- the story it joined; follow story_redirects
    title      TEXT,
    embedding  BLOB NOT NULL                -- float16[256]: picks the story's central title
) WITHOUT ROWID;

CREATE TABLE story_redirects (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE story_cluster_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
