-- As ../0012_story_pages.sql: each story's rendered page body and the version that rendered it.

ALTER TABLE stories ADD COLUMN page BYTEA;
ALTER TABLE stories ADD COLUMN page_version TEXT;
