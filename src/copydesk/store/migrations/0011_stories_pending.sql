-- Stories the grouping changed or retired whose analysis may not follow yet: the grouping's
-- save adds them in its transaction (copydesk.store.clusters.save) and the story update that
-- brings them in step removes them in its own, so an update reads only these stories' members,
-- and one killed in between leaves them here for the next run. A store from before this
-- migration lists every story once: its first update compares them all.

CREATE TABLE stories_pending (
    story_id TEXT PRIMARY KEY
) WITHOUT ROWID;

INSERT INTO stories_pending (story_id) SELECT id FROM stories UNION SELECT story_id FROM story_vectors;
