"""The pages' Jinja2 environment: autoescaping always on, templates shipped in the package."""

from __future__ import annotations

from collections.abc import Sized
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def env() -> Environment:
    e = Environment(
        loader=PackageLoader("copydesk.web", "templates"),
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    e.filters["pct"] = lambda x: f"{x:.0%}" if isinstance(x, int | float) else ""
    e.globals["count"] = count
    return e


def count(items: Sized, one: str, many: str | None = None) -> str:
    """``1 quote``, ``3 quotes``: a count with its noun in the right number."""
    n = len(items)
    return f"{n} {one if n == 1 else (many or one + 's')}"


def render(name: str, **context: Any) -> str:
    return env().get_template(name).render(**context)
