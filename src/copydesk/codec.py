"""Dataclasses of :mod:`copydesk.model` to plain JSON values and back, exactly.

Shared by the JSON renderer and the store. Decoding is driven by the dataclasses' own type
hints, so a field added to the model round-trips without touching this module.
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
    if isinstance(obj, dict):
        return {str(k): to_dict(v) for k, v in obj.items()}
    return obj


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` instance from :func:`to_dict` output (lists become tuples again)."""
    return decode(cls, data)


def dumps(obj: Any) -> str:
    """Compact, key-stable JSON of a dataclass."""
    return json.dumps(to_dict(obj), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    return from_dict(cls, json.loads(text))


@cache
def hints(cls: type) -> dict[str, Any]:
    """The resolved type hints of a dataclass (cached)."""
    return typing.get_type_hints(cls)


def decode(tp: Any, value: Any) -> Any:
    """Rebuild a value of type ``tp`` from plain JSON, guided by the type hint."""
    if value is None:
        return None
    if dataclasses.is_dataclass(tp):
        types_of = hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        # Unknown keys (written by a newer version) are ignored; missing ones take defaults.
        return tp(**{k: decode(types_of[k], v) for k, v in value.items() if k in names})
    origin = typing.get_origin(tp)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(args[0], x) for x in value)
        return tuple(decode(a, x) for a, x in zip(args, value, strict=True))
    if origin is list:
        (arg,) = typing.get_args(tp)
        return [decode(arg, x) for x in value]
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if dataclasses.is_dataclass(arg) and isinstance(value, dict):
                return decode(arg, value)
            if typing.get_origin(arg) in (tuple, list) and isinstance(value, list):
                return decode(arg, value)
        return value
    return value


def decode_field(cls: type, name: str, value: Any) -> Any:
    """Decode one field's JSON value as ``cls``'s type hint for ``name`` says."""
    return decode(hints(cls)[name], value)
