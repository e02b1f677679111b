-- Stories as a function of the set of articles (copydesk.stories.graph): each article's term
-- vector, story and component, the pairs of likely copies, and a version that every change of
-- the grouping bumps, so a process holding an older copy of the graph knows to reload it.
-- The incremental clusterer's tables (0003, 0005) go; a store that had them is regrouped from
-- its articles on the next load (copydesk.store.clusters.load).

DROP TABLE IF EXISTS story_clusters;
DROP TABLE IF EXISTS story_cluster_articles;
DROP TABLE IF EXISTS story_recent;
DROP TABLE IF EXISTS story_cluster_meta;

CREATE TABLE story_vectors (
    article_id   TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    term_ids     BLOB NOT NULL,               -- int64, sorted
    term_weights BLOB NOT NULL,               -- float32, same length, unit norm
    time         REAL,                        -- days since the epoch, NULL when undated
    story_id     TEXT NOT NULL,               -- every article in exactly one story
    component    TEXT NOT NULL                -- root article of its connected component
) WITHOUT ROWID;

CREATE INDEX story_vectors_story ON story_vectors (story_id);

CREATE TABLE story_copies (
    a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;

CREATE TABLE story_graph_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

INSERT INTO story_graph_meta (key, value) VALUES ('version', '0');
