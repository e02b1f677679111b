"""Dataclasses of :mod:`copydesk.model` to plain JSON values and back, exactly.

Shared by the JSON renderer and the store. Decoding is driven by the dataclasses' own type
hints, so a field added to the model round-trips without touching this module.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


_AS_IS = frozenset({str, int, float, bool, type(None)})  # JSON values already


def to_dict(obj: Any) -> Any:
    """A dataclass (or tuple of them) as JSON-ready dicts and lists."""
    kind = type(obj)
    if kind in _AS_IS:
        return obj
    return (_ENCODERS.get(kind) or _encoder(kind))(obj)


# One encoder per Python type, made on first use: every store write and read and every story
# of a Spark job passes through here, and looking up fields per object was most of the time.
_ENCODERS: dict[type, Callable[[Any], Any]] = {}


def _encoder(kind: type) -> Callable[[Any], Any]:
    if dataclasses.is_dataclass(kind):
        names = tuple(f.name for f in dataclasses.fields(kind))

        def encode(obj: Any) -> Any:
            return {n: to_dict(getattr(obj, n)) for n in names}

    elif issubclass(kind, tuple | list):

        def encode(obj: Any) -> Any:
            return [to_dict(x) for x in obj]

    elif issubclass(kind, dict):

        def encode(obj: Any) -> Any:
            return {str(k): to_dict(v) for k, v in obj.items()}

    else:

        def encode(obj: Any) -> Any:
            return obj

    _ENCODERS[kind] = encode
    return encode


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
    run = _DECODERS.get(tp) or _decoder(tp)
    return run(value)


# One decoder per type hint, made on first use from the hint (see ``_encoder`` for why).
_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _as_is(value: Any) -> Any:
    return value


def _decoder(tp: Any) -> Callable[[Any], Any]:
    with _BUILDING:  # another thread must not see a dataclass's decoder before its fields
        made = _DECODERS.get(tp) or _pending.get(tp) or _build(tp)
        if not _pending:
            _DECODERS.update(_made)
            _made.clear()
        return made


_BUILDING = threading.RLock()
_pending: dict[Any, Callable[[Any], Any]] = {}  # dataclasses whose fields are being built (one may hold itself)
_made: dict[Any, Callable[[Any], Any]] = {}  # built, published when the outermost build ends


def _build(tp: Any) -> Callable[[Any], Any]:
    """A function rebuilding a non-None JSON value as type ``tp``."""
    if dataclasses.is_dataclass(tp):
        fields: dict[str, Callable[[Any], Any]] = {}

        def run(value: Any) -> Any:
            # Unknown keys (written by a newer version) are ignored; missing ones take defaults.
            return tp(**{
                k: v if v is None or (field := fields[k]) is _as_is else field(v)
                for k, v in value.items() if k in fields
            })  # fmt: skip

        _pending[tp] = run
        try:
            types_of = hints(tp)
            fields.update({f.name: _decoder(types_of[f.name]) for f in dataclasses.fields(tp)})
        finally:
            del _pending[tp]
    else:
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            run = _items(args[0], tuple)
        elif origin is tuple:
            parts = [_decoder(a) for a in args]
            run = lambda value: tuple(None if x is None else d(x) for d, x in zip(parts, value, strict=True))  # noqa: E731
        elif origin is list:
            run = _items(args[0], list)
        elif origin in (typing.Union, types.UnionType):
            run = _union(args)
        else:
            run = _as_is
    _made[tp] = run
    return run


def _items(arg: Any, make: type) -> Callable[[Any], Any]:
    each = _decoder(arg)
    if each is _as_is:
        return make
    return lambda value: make(None if x is None else each(x) for x in value)


def _union(args: tuple) -> Callable[[Any], Any]:
    """``X | Y``: a dict as the first dataclass among them, a list as the first sequence type."""
    as_dict = next((_decoder(a) for a in args if dataclasses.is_dataclass(a)), None)
    as_list = next((_decoder(a) for a in args if typing.get_origin(a) in (tuple, list)), None)
    if as_dict is None and as_list is None:
        return _as_is

    def run(value: Any) -> Any:
        if as_dict is not None and isinstance(value, dict):
            return as_dict(value)
        if as_list is not None and isinstance(value, list):
            return as_list(value)
        return value

    return run


def decode_field(cls: type, name: str, value: Any) -> Any:
    """Decode one field's JSON value as ``cls``'s type hint for ``name`` says."""
    return decode(hints(cls)[name], value)
