-- Each story's web page body, rendered when the story is written (copydesk.render.storypage:
-- compressed JSON with the page's two fragments), and the version of the code that rendered it.
-- A page of another version (or none: stories from before this migration) is rendered live by
-- the web app until `copydesk repair` or the next ingest rewrites it (Store.fill_views).

ALTER TABLE stories ADD COLUMN page BLOB;
ALTER TABLE stories ADD COLUMN page_version TEXT;
