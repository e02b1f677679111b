"""Per-article stages: pure functions from an article (or a batch) to spans over its text."""
