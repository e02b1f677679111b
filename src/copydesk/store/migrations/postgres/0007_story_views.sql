-- As ../0007_story_views.sql: each story's page data, an index on updated_at, running counts.

ALTER TABLE stories ADD COLUMN view TEXT;

CREATE INDEX stories_by_update ON stories(updated_at);

CREATE TABLE store_counts (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO store_counts (name, value) SELECT 'articles', count(*) FROM articles;
INSERT INTO store_counts (name, value) SELECT 'stories', count(*) FROM stories;
