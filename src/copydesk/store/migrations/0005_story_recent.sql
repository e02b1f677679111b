-- What the story re-check needs to move an article after a restart: the representation of
-- each story's latest members (copydesk.stories.cluster keeps ``Params.recheck`` per story)
-- and their nearest-neighbour lists (shared-nearest-neighbour evidence). Rows leave when the
-- article falls out of its story's latest members, so the table stays bounded by stories.

CREATE TABLE story_recent (
    article_id   TEXT PRIMARY KEY,
    term_ids     BLOB NOT NULL,               -- int64, sorted
    term_weights BLOB NOT NULL,               -- float32, same length, unit norm
    embedding    BLOB NOT NULL,               -- float32[256], unit norm
    time         REAL,                        -- days since the epoch, NULL when undated
    outlet       TEXT,
    title        TEXT,
    entities     TEXT NOT NULL DEFAULT '[]',  -- JSON array of entity names
    pinned       INTEGER NOT NULL DEFAULT 0,  -- a copy or its source: never moved apart
    neighbours   TEXT NOT NULL DEFAULT '{}'   -- JSON {article: blended cosine}, nearest first
) WITHOUT ROWID;
