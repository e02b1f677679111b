-- The home page's order (latest publication date among a story's articles first, undated
-- last) as a stored, indexed column instead of a per-story subquery over its articles, so a
-- list page is an index walk whatever the store's size. put_stories keeps it in step with the
-- story's members, in the statement that sets ``activity``. SQLite sorts NULL lowest, so a
-- DESC index already puts undated stories last (PostgreSQL says NULLS LAST: postgres/0010).
-- size ends the index so a deep page (LIMIT .. OFFSET) skips rows, and "two or more articles"
-- filters them, without reading the table.

ALTER TABLE stories ADD COLUMN published TEXT;

UPDATE stories SET published = (
    SELECT max(a.published) FROM story_articles sa JOIN articles a ON a.id = sa.article_id
    WHERE sa.story_id = stories.id
);

CREATE INDEX stories_by_published ON stories(published DESC, activity DESC, id, size);
