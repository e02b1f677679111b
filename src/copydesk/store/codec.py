"""Dataclasses of :mod:`copydesk.model` to plain JSON values and back, exactly.

The store keeps a story's cross-article findings as one JSON document; decoding is driven
by the dataclasses' own type hints, so a field added to the model round-trips without
touching this module.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_dict(obj: Any) -> Any:
    """A dataclass (or tuple of them) as JSON-ready dicts and lists."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [to_dict(x) for x in obj]
    return obj


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` instance from :func:`to_dict` output (lists become tuples again)."""
    return _decode(cls, data)


def dumps(obj: Any) -> str:
    """Compact, key-stable JSON of a dataclass."""
    return json.dumps(to_dict(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        # Unknown keys (written by a newer version) are ignored; missing ones take defaults.
        return tp(**{k: _decode(hints[k], v) for k, v in value.items() if k in names})
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], x) for x in value)
        return tuple(_decode(a, x) for a, x in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if dataclasses.is_dataclass(arg) and isinstance(value, dict):
                return _decode(arg, value)
            if typing.get_origin(arg) is tuple and isinstance(value, list):
                return _decode(arg, value)
        return value
    return value


def decode_field(cls: type, name: str, value: Any) -> Any:
    """Decode one field's JSON value as ``cls``'s type hint for ``name`` says."""
    return _decode(_hints(cls)[name], value)
