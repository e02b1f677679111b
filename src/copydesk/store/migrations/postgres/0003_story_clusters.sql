-- ../0003_story_clusters.sql made the old incremental clusterer's tables, which 0006 drops
-- again; a PostgreSQL store never had them. Only the redirects of retired story ids stay.

CREATE TABLE story_redirects (
    old_id TEXT COLLATE "C" PRIMARY KEY,
    new_id TEXT COLLATE "C" NOT NULL
);
