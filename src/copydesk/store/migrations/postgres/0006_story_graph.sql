-- As ../0006_story_graph.sql: each article's term vector, story and component, the pairs of
-- likely copies, and the version token every change of the grouping bumps.

CREATE TABLE story_vectors (
    article_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    term_ids     BYTEA NOT NULL,              -- int64, sorted
    term_weights BYTEA NOT NULL,              -- float32, same length, unit norm
    time         DOUBLE PRECISION,            -- days since the epoch, NULL when undated
    story_id     TEXT COLLATE "C" NOT NULL,   -- every article in exactly one story
    component    TEXT COLLATE "C" NOT NULL    -- root article of its connected component
);

CREATE INDEX story_vectors_story ON story_vectors (story_id);

CREATE TABLE story_copies (
    a TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
);

CREATE TABLE story_graph_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

INSERT INTO story_graph_meta (key, value) VALUES ('version', '0');
