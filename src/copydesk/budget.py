"""Per-article budgets: a text size over which an article is skipped, and a time its stages may take.

Every per-article stage is linear in the text, so the size cap bounds both time and memory;
the time limit is the second rail for whatever input still proves slow. Both end in a
one-line reason, the way readers report an input they cannot read, instead of a hang.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from copydesk.model import Article

# ~50,000 words: over twice the longest long-read; a 5 MB JSONL line is not an article.
MAX_CHARS = 300_000
# Per article (and per chunk before it is retried article by article); a 300,000-character
# article takes about 20 s on a loaded 2-core machine.
SECONDS = 90.0


class OverBudget(Exception):
    """Raised inside the per-article stages when their time is up."""


def size_problem(article: Article, limit: int = MAX_CHARS) -> str | None:
    """The skip reason when ``article`` is too long to analyse, else None."""
    if len(article.text) <= limit:
        return None
    return f"{article.source}: text of {len(article.text):,} characters is over the {limit:,}-character budget per article"


_deadline = threading.local()


def check() -> None:
    """Raise ``OverBudget`` when the current ``time_limit`` has passed (between stages)."""
    end = getattr(_deadline, "at", None)
    if end is not None and time.monotonic() > end:
        raise OverBudget


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Stop the enclosed work after ``seconds`` by raising ``OverBudget``.

    On the main thread of a POSIX process (the CLI, pool workers) a timer signal interrupts
    even a long regex or parse; elsewhere (the web server's threads) ``check()`` between stages
    stops the work at the next stage boundary.
    """
    _deadline.at = time.monotonic() + seconds
    hard = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer is running: leave it
    )
    previous = signal.signal(signal.SIGALRM, _expire) if hard else None
    if hard:
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if hard:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        _deadline.at = None


def _expire(signum: int, frame: object) -> None:
    raise OverBudget
