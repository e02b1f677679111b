"""Shared fixtures: the bundled example story, analysed once per test session, and stores of
both backends (``db``/``make_db`` run a test on SQLite and on a real PostgreSQL server)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pgserver  # noqa: E402 - the tests folder is not a package
from pgserver import BACKENDS, new_store_location  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nato-leak-2022"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_analysis():
    from copydesk.pipeline import analyze

    return analyze([EXAMPLE])


@pytest.fixture(scope="session")
def pg():
    """The PostgreSQL server of this session (skips the test, with the reason, when there is none)."""
    server, why = pgserver.server()
    if server is None:
        pytest.skip(why)
    yield server
    server.drop_all()


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def make_db(request, backend, tmp_path):
    """``make_db(name)``: a fresh, empty store location of this test's backend."""
    return lambda name="s": new_store_location(request, backend, tmp_path, name)


@pytest.fixture
def db(make_db):
    """A fresh, empty store location: a SQLite file, then a PostgreSQL database."""
    return make_db()


def pytest_configure(config) -> None:  # noqa: ANN001
    config.addinivalue_line("markers", "browser: drives Debian's chromium through playwright")
