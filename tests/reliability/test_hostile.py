"""The fast part of the reliability suite (bench/reliability.py runs all of it, each case in its
own process, with time and memory): every hostile case of bench/hostile.py through ``analyze``
and ``ingest`` in-process, without an exception and with every good article kept."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from hostile import CASES, marker  # noqa: E402

from copydesk import analyze  # noqa: E402
from copydesk.ingest import ingest  # noqa: E402
from copydesk.render import json as render_json  # noqa: E402

FAST = [c for c in CASES if not c.slow]
# a case whose fix is another branch's job fails until that branch lands, then passes
PARAMS = [pytest.param(c.name, marks=pytest.mark.xfail(reason=c.pending, strict=False) if c.pending else ())
          for c in FAST]


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    """Each fast case written once: {name: (directory, good texts)}."""
    out = {}
    for case in FAST:
        d = tmp_path_factory.mktemp("hostile") / "in"
        d.mkdir()
        out[case.name] = (d, case.write(d))
    return out


def _kept(texts: list[str], good: list[str]) -> list[str]:
    return [marker(g) for g in good if any(marker(g) in t for t in texts)]


@pytest.mark.parametrize("name", PARAMS)
def test_analyze_survives_and_keeps_every_good_article(written, name):
    d, good = written[name]
    result = analyze([d])
    assert _kept([a.text for a in result.articles], good) == [marker(g) for g in good]
    render_json.dumps(result).encode("utf-8")  # what `analyze --json` writes: a bad file name broke it


@pytest.mark.parametrize("name", PARAMS)
def test_ingest_survives_and_stores_every_good_article(written, tmp_path, name):
    d, good = written[name]
    ingest([d], tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as conn:
        texts = [t for (t,) in conn.execute("SELECT text FROM articles")]
    assert _kept(texts, good) == [marker(g) for g in good]
