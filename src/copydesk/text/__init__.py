"""The shared text layer: word rules every other layer uses (readers, annotate, stories, compare).

Imports nothing from copydesk above :mod:`copydesk.model`; one place for each rule.
"""
