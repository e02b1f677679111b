"""The Jinja2 settings every web page is rendered with, wherever it is rendered.

The story page's body is rendered when the story is written (``render/storypage.py``) and the
rest of each page per request (``web/templating.py``); both use these settings so a fragment
looks the same whichever side renders it.
"""

from __future__ import annotations

from collections.abc import Sized

from jinja2 import BaseLoader, Environment, StrictUndefined

from copydesk.render.view import plural


def environment(loader: BaseLoader) -> Environment:
    e = Environment(
        loader=loader,
        autoescape=True,  # every template, whatever its name: article text is untrusted
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates ship with the package: no stat() of their files per render
    )
    e.filters["pct"] = lambda x: f"{x:.0%}" if isinstance(x, int | float) else ""
    e.globals["count"] = count
    return e


def count(items: Sized, one: str, many: str | None = None) -> str:
    """``1 quote``, ``3 quotes``: a count with its noun in the right number."""
    return plural(len(items), one, many)
