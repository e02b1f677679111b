"""An ``Analysis`` as the JSON contract of DESIGN.md (version 1), and back again.

Serialisation walks ``dataclasses.fields`` and decoding follows the model's type hints, so
an optional field added to the model flows through both directions without edits here.
Articles are flattened: the ``Article`` fields, then each annotation layer of ``Annotated``.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from typing import Any

from copydesk import identity
from copydesk.codec import decode as _decode
from copydesk.codec import hints as _hints
from copydesk.codec import to_dict as plain
from copydesk.model import Analysis, Annotated, Article, Span, Story
from copydesk.render import view

VERSION = 1

# Layers whose spans all carry one label; it is left out of the JSON and restored on reading.
LAYER_LABEL = {
    "boilerplate": "boilerplate",
    "signals": "signal",
    "sentences": "sentence",
    "entities": "entity",
}


def to_dict(analysis: Analysis) -> dict[str, Any]:
    """The whole analysis as plain JSON values, in the contract's field names and order."""
    labels = view.article_labels(analysis)
    out: dict[str, Any] = {
        "version": VERSION,
        "articles": [{**article_dict(a), "identity": identity_dict(a, labels)} for a in analysis.articles],
        "stories": [plain(s) for s in analysis.stories],
    }
    if analysis.problems:
        out["problems"] = list(analysis.problems)
    return out


def identity_dict(item: Annotated, labels: dict[str, str]) -> dict[str, Any]:
    """Who ran the article and whose text it is (derived, not read back): the name every output uses."""
    who = identity.identify(item)
    return {"label": labels.get(item.id, who.name), "outlet": who.outlet, "origin": who.origin, "how": who.how}


def dumps(analysis: Analysis) -> str:
    """Deterministic JSON text of :func:`to_dict` (UTF-8 kept as is, one-space indent)."""
    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=1) + "\n"


def loads(text: str) -> Analysis:
    """Parse :func:`dumps` output back into an ``Analysis``."""
    return from_dict(json.loads(text))


def from_dict(d: dict[str, Any]) -> Analysis:
    """Rebuild the ``Analysis`` that :func:`to_dict` wrote (lists become tuples again)."""
    version = d.get("version", VERSION)
    if version != VERSION:
        raise ValueError(f"copydesk JSON version {version} is not supported (this reader knows {VERSION})")
    return Analysis(
        articles=[article_from_dict(a) for a in d.get("articles", [])],
        stories=[_decode(Story, s) for s in d.get("stories", [])],
        problems=list(d.get("problems", [])),
    )


def article_dict(item: Annotated) -> dict[str, Any]:
    """One annotated article: its metadata and text, then every layer as span objects."""
    text = item.article.text
    out: dict[str, Any] = {}
    for f in dataclasses.fields(Article):
        value = getattr(item.article, f.name)
        out[f.name] = [span_dict(s, text, None) for s in value] if f.name == "marks" else plain(value)
    for f in dataclasses.fields(Annotated):
        if f.name == "article":
            continue
        value = getattr(item, f.name)
        if _is_span_layer(f.name):
            out[f.name] = [span_dict(s, text, f.name) for s in value]
        else:
            out[f.name] = plain(value)
    return out


def article_from_dict(d: dict[str, Any]) -> Annotated:
    """Inverse of :func:`article_dict`."""
    art_hints = _hints(Article)
    kwargs: dict[str, Any] = {}
    for f in dataclasses.fields(Article):
        if f.name not in d:
            continue
        if f.name == "marks":
            kwargs["marks"] = tuple(span_from_dict(s, None) for s in d["marks"])
        else:
            kwargs[f.name] = _decode(art_hints[f.name], d[f.name])
    article = Article(**kwargs)
    layers: dict[str, Any] = {}
    hints = _hints(Annotated)
    for f in dataclasses.fields(Annotated):
        if f.name == "article" or f.name not in d:
            continue
        if _is_span_layer(f.name):
            layers[f.name] = tuple(span_from_dict(s, f.name) for s in d[f.name])
        else:
            layers[f.name] = _decode(hints[f.name], d[f.name])
    return Annotated(article, **layers)


def span_dict(span: Span, text: str, layer: str | None) -> dict[str, Any]:
    """``{start, end, kind}`` plus ``value`` where the layer has one; entities also get ``text``."""
    out: dict[str, Any] = {"start": span.start, "end": span.end, "kind": span.kind}
    if layer is None or LAYER_LABEL.get(layer) != span.label:
        out["label"] = span.label
    if layer == "entities":
        out["text"] = text[span.start : span.end]
        if span.value != out["text"]:  # usually the surface text: written only when it differs
            out["value"] = span.value
    elif layer == "signals" or span.value is not None:
        out["value"] = span.value
    return out


def span_from_dict(d: dict[str, Any], layer: str | None) -> Span:
    """Inverse of :func:`span_dict`."""
    label = d.get("label") or LAYER_LABEL.get(layer or "", layer or "")
    value = d["value"] if "value" in d else (d.get("text") if layer == "entities" else None)
    return Span(int(d["start"]), int(d["end"]), label, d.get("kind", ""), value)


def _is_span_layer(name: str) -> bool:
    hint = _hints(Annotated)[name]
    return typing.get_origin(hint) is tuple and typing.get_args(hint)[:1] == (Span,)
