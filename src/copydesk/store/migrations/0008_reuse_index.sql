-- The passage reuse index across the whole store (copydesk.compare.reuse): winnowed n-gram
-- hashes of each article's unquoted body, the articles already indexed (an article may have no
-- hash at all), and the verified copy relations between articles the index found, whatever
-- stories they are in. A store from before this migration is indexed by `copydesk repair`.

CREATE TABLE reuse_hashes (
    hash       INTEGER NOT NULL,             -- the 64-bit hash as a signed integer
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (hash, article_id)
) WITHOUT ROWID;

CREATE TABLE reuse_indexed (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE reuse_relations (
    a    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- indexed first
    b    TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    data TEXT NOT NULL,                      -- the Relation as JSON (copydesk.codec)
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

CREATE INDEX reuse_relations_b ON reuse_relations (b);
