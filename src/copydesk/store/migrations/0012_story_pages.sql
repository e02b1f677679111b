-- Each story's web page body, rendered when the story is written (copydesk.render.storypage:
-- compressed, a JSON line and the page's two fragments), and the version of the code that
-- rendered it. A page of another version (or none: stories from before this migration) is
-- rendered live by the web app until `copydesk repair` (Store.fill_views) or a change to the
-- story rewrites it.

ALTER TABLE stories ADD COLUMN page BLOB;
ALTER TABLE stories ADD COLUMN page_version TEXT;
