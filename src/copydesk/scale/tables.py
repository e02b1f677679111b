"""The flat output tables: one Arrow schema each and the rows one article or one story gives.

Pure Python (pyarrow, no Spark), so ``output`` writes them from the job and anyone can read
them with pyarrow, DuckDB or Spark. Offsets are character offsets into the article's text
(``articles.annotated`` holds it), as everywhere in the JSON contract.

- ``spans``: one row per span of an article's layers (``boilerplate``, ``signals``,
  ``sentences``, ``entities``, ``quantities``); for a quantity ``kind`` is its unit and
  ``value`` its value as text.
- ``relations``: one row per compared pair of a story's articles, with its evidence passages
  (``across`` false), and per passage reuse with an article of another story (``across`` true;
  such a relation has a row under each of its two stories).
- ``quotes``: one row per quote of a story, the speaker resolved across the story's outlets and
  ``quote_group`` shared by the variants of one quote.
- ``claims``: one row per claim of a story, with the spans that state it.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from copydesk.model import Annotated, Story

SPAN_LAYERS = ("boilerplate", "signals", "sentences", "entities")

SPANS = pa.schema([
    ("article", pa.string()), ("layer", pa.string()), ("kind", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("value", pa.string()),
])  # fmt: skip
EVIDENCE = pa.struct([
    ("a_start", pa.int32()), ("a_end", pa.int32()), ("b_start", pa.int32()), ("b_end", pa.int32()),
    ("score", pa.float64()),
])  # fmt: skip
RELATIONS = pa.schema([
    ("story", pa.string()), ("a", pa.string()), ("b", pa.string()), ("type", pa.string()),
    ("score", pa.float64()), ("direction", pa.string()), ("why", pa.string()),
    ("evidence", pa.list_(EVIDENCE)), ("across", pa.bool_()),
])  # fmt: skip
QUOTES = pa.schema([
    ("story", pa.string()), ("article", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
    ("text", pa.string()), ("kind", pa.string()), ("speaker", pa.string()),
    ("speaker_start", pa.int32()), ("speaker_end", pa.int32()), ("quote_group", pa.string()),
])  # fmt: skip
SOURCE = pa.struct([("article", pa.string()), ("start", pa.int32()), ("end", pa.int32())])
CLAIMS = pa.schema([
    ("story", pa.string()), ("claim", pa.string()), ("text", pa.string()), ("status", pa.string()),
    ("independent_sources", pa.int32()), ("why", pa.string()), ("sources", pa.list_(SOURCE)),
])  # fmt: skip


def span_rows(item: Annotated) -> list[dict[str, Any]]:
    text = item.text
    rows = [
        {"article": item.id, "layer": layer, "kind": s.kind, "start": s.start, "end": s.end,
         "text": text[s.start : s.end], "value": s.value}
        for layer in SPAN_LAYERS
        for s in getattr(item, layer)
    ]  # fmt: skip
    rows += [
        {"article": item.id, "layer": "quantities", "kind": q.unit or "", "start": q.start, "end": q.end,
         "text": q.text, "value": None if q.value is None else str(q.value)}
        for q in item.quantities
    ]  # fmt: skip
    return rows


def relation_rows(story: Story) -> list[dict[str, Any]]:
    return [
        {"story": story.id, "a": r.a, "b": r.b, "type": r.type, "score": r.score, "direction": r.direction,
         "why": r.why, "evidence": [
             {"a_start": e.a_start, "a_end": e.a_end, "b_start": e.b_start, "b_end": e.b_end, "score": e.score}
             for e in r.evidence], "across": across}
        for across, relations in ((False, story.relations), (True, story.reuse))
        for r in relations
    ]  # fmt: skip


def quote_rows(story: Story) -> list[dict[str, Any]]:
    return [
        {"story": story.id, "article": q.article, "start": q.start, "end": q.end, "text": q.text, "kind": q.kind,
         "speaker": q.speaker, "speaker_start": q.speaker_start, "speaker_end": q.speaker_end,
         "quote_group": q.group}
        for q in story.quotes
    ]  # fmt: skip


def claim_rows(story: Story) -> list[dict[str, Any]]:
    return [
        {"story": story.id, "claim": c.id, "text": c.text, "status": c.status,
         "independent_sources": c.independent_sources, "why": c.why,
         "sources": [{"article": s.article, "start": s.start, "end": s.end} for s in c.sources]}
        for c in story.claims
    ]  # fmt: skip


STORY_TABLES = {"relations": (RELATIONS, relation_rows), "quotes": (QUOTES, quote_rows), "claims": (CLAIMS, claim_rows)}
