-- As ../0011_stories_pending.sql: stories the grouping changed whose analysis may lag behind.

CREATE TABLE stories_pending (
    story_id TEXT COLLATE "C" PRIMARY KEY
);

INSERT INTO stories_pending (story_id) SELECT id FROM stories UNION SELECT story_id FROM story_vectors;
