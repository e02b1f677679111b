-- Keep every field of quotes, quantities and articles, including optional fields the model
-- gains later (Quantity.qualifier/high were the first): the whole dataclass as JSON next to
-- the queryable columns, and an article's fields that have no column of their own.

ALTER TABLE quotes ADD COLUMN data TEXT;
ALTER TABLE quantities ADD COLUMN data TEXT;
ALTER TABLE articles ADD COLUMN extra TEXT;   -- {"article": {...}, "annotated": {...}} or NULL
