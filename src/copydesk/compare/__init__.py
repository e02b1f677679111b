"""Cross-article stages: fingerprints, alignment, provenance, claims, divergences."""
