"""Per-article stages in Spark partitions: the pipeline's own functions, models loaded once per
Python worker (``nlp_models.py`` caches them per process; Spark reuses its Python workers).

Each article comes out as its JSON-contract dict (``render.json.article_dict``), its story
representation (``stories.represent``: term ids, weights, time) and its MinHash signature
and LSH band keys (``stories.copies`` / ``text.minhash``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import numpy as np

from copydesk import codec, pipeline
from copydesk.model import Annotated, Article
from copydesk.render.json import article_dict
from copydesk.stories import copies
from copydesk.stories.represent import represent
from copydesk.text import minhash as fp

ANNOTATED = (
    "id string, annotated string, term_ids array<bigint>, term_weights array<float>, time double, "
    "signature binary, bands array<bigint>, skipped string"
)


def annotate(articles: Any) -> Any:
    """``articles`` (id, payload: Article JSON) → one row per annotated article (``ANNOTATED``)."""
    return articles.select("id", "payload").mapInPandas(_annotate_batches, ANNOTATED)


def _annotate_batches(batches: Iterator[Any]) -> Iterator[Any]:
    import pandas as pd

    for batch in batches:
        # the row's id, not the payload's: a republished text carries its own (``scale/job.py``)
        arts = [replace(codec.loads(Article, p), id=i) for i, p in zip(batch["id"], batch["payload"], strict=True)]
        rows = []
        for i in range(0, len(arts), pipeline.POOL_CHUNK):
            rows += annotate_rows(arts[i : i + pipeline.POOL_CHUNK])
        yield pd.DataFrame(rows, columns=[c.split()[0] for c in ANNOTATED.split(", ")])


def annotate_rows(arts: list[Article]) -> list[tuple]:
    """The per-article stages on one chunk, exactly as ``pipeline.annotate_articles`` runs them.

    An article over the time budget comes out as a row with only its id and the reason in
    ``skipped`` (the job moves it to ``problems``), so one hostile input never fails the job.
    """
    outs = pipeline._annotate(arts)
    done = rows_of([o for o in outs if not isinstance(o, pipeline.Skipped)])
    skipped = [
        (a.id, None, [], [], float("nan"), None, None, o.reason)
        for a, o in zip(arts, outs, strict=True)
        if isinstance(o, pipeline.Skipped)
    ]
    return done + skipped


def rows_of(items: list[Annotated]) -> list[tuple]:
    """``ANNOTATED`` rows of annotated articles: the contract dict, representation, MinHash."""
    sigs = copies.signatures(items)
    keys = fp.band_keys(sigs).view(np.int64) if len(items) else np.zeros((0, fp.BANDS), np.int64)
    rows = []
    for item, sig, key in zip(items, sigs, keys, strict=True):
        rep = represent(item)
        rows.append((
            item.id,
            json.dumps(article_dict(item), ensure_ascii=False),
            rep.term_ids.tolist(),
            rep.term_weights.tolist(),
            rep.time,
            fp.to_bytes(sig),
            None if copies.is_empty(sig) else key.tolist(),
            None,
        ))  # fmt: skip
    return rows
