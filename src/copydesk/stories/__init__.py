"""Grouping articles into stories."""
