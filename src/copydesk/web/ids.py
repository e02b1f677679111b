"""The shape of an article or story id in a URL path (shared by the pages and the JSON API)."""

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$"  # content ids are hex; JSONL ids may be richer
