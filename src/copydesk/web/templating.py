"""The pages' Jinja2 environment: autoescaping always on, templates shipped in the package."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader

from copydesk.render.jinja_env import environment


@cache
def env() -> Environment:
    return environment(PackageLoader("copydesk.web", "templates"))


def render(name: str, **context: Any) -> str:
    return env().get_template(name).render(**context)
