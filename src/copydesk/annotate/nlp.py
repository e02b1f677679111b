"""Sentences and named entities from the shared spaCy pipeline, as spans over the original text.

Boilerplate is blanked to spaces before parsing (same length, so every token offset is an
offset into ``Article.text``); sentences and entities that fall in boilerplate are dropped.
The parsed ``Doc`` objects are returned too, so later stages (quotes) reuse the parse
instead of running the model twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from copydesk.model import Annotated, Span, trim
from copydesk.nlp_models import spacy_pipeline

ENTITY_KINDS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}
MAX_CHARS = 1_000_000  # spaCy's own default limit; longer bodies are cut for parsing, not for storage


def parse(items: Iterable[Annotated], batch_size: int = 32) -> Iterator[tuple[Annotated, object]]:
    """Yield ``(annotated with sentences and entities, spaCy Doc)`` for each item, in order."""
    nlp = spacy_pipeline()
    buffered = list(items)
    texts = (a.body_text()[:MAX_CHARS] for a in buffered)
    for item, doc in zip(buffered, nlp.pipe(texts, batch_size=batch_size), strict=True):
        yield with_spans(item, doc), doc


def with_spans(item: Annotated, doc) -> Annotated:  # noqa: ANN001 - spacy.tokens.Doc
    """Copy sentence and entity spans out of ``doc`` onto ``item``."""
    sentences = []
    text = doc.text  # Doc.text joins every token on each access: once, not once per sentence
    for sent in doc.sents:
        start, end = trim(text, sent.start_char, sent.end_char)  # blanked text: skips boilerplate
        if end > start and not item.in_boilerplate(start, end):
            sentences.append(Span(start, end, "sentence"))
    entities = [
        Span(e.start_char, e.end_char, "entity", e.label_, e.text)
        for e in doc.ents
        if e.label_ in ENTITY_KINDS and not item.in_boilerplate(e.start_char, e.end_char)
    ]
    return replace(item, sentences=tuple(sentences), entities=tuple(entities))
