-- Which stored article was read from a source: ingest tells a re-read of a source (a repeat)
-- from the same text read from another source (another publication, model.republished_id).

CREATE INDEX IF NOT EXISTS articles_by_source ON articles(source);
