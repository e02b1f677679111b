-- As ../0010_story_published.sql: each story's latest publication date, indexed in the home
-- page's order (undated stories last); bytewise order, as SQLite compares text.

ALTER TABLE stories ADD COLUMN published TEXT COLLATE "C";

UPDATE stories SET published = (
    SELECT max(a.published COLLATE "C") FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = stories.id
);

CREATE INDEX stories_by_published ON stories(published DESC NULLS LAST, activity DESC, id, size);
