-- As ../0002_annotation_data.sql: every field of quotes, quantities and articles as JSON too.

ALTER TABLE quotes ADD COLUMN data TEXT;
ALTER TABLE quantities ADD COLUMN data TEXT;
ALTER TABLE articles ADD COLUMN extra TEXT;   -- {"article": {...}, "annotated": {...}} or NULL
