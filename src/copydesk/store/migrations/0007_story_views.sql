-- What a page request reads instead of working it out: each story's page data ("view", JSON
-- from copydesk.render.pageview, written in the same statement as the story's data, so it is
-- never older than the story), an index that makes "latest story change" a lookup, and running
-- counts of articles and stories (count(*) reads the whole table). Stories stored before this
-- migration have no view until `copydesk repair` (their pages are worked out as before).

ALTER TABLE stories ADD COLUMN view TEXT;

CREATE INDEX stories_by_update ON stories(updated_at);

CREATE TABLE store_counts (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO store_counts (name, value) SELECT 'articles', count(*) FROM articles;
INSERT INTO store_counts (name, value) SELECT 'stories', count(*) FROM stories;
