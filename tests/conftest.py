"""Shared fixtures: the bundled example story, analysed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nato-leak-2022"


@pytest.fixture(scope="session")
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def example_analysis():
    from copydesk.pipeline import analyze

    return analyze([EXAMPLE])


def pytest_configure(config) -> None:  # noqa: ANN001
    config.addinivalue_line("markers", "browser: drives Debian's chromium through playwright")
