"""Renderers at the edge of the pipeline: an ``Analysis`` as JSON, Markdown or one HTML file.

``json`` follows the contract in DESIGN.md and reads it back; ``markdown`` and ``html`` are
reports for people, sharing their choices (names, orderings) through ``view``.
"""
