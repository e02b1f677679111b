"""One real Spark session (local[2]) for every Spark test; skipped only without pyspark or Java."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def spark():
    from copydesk.scale import session

    try:
        session.check()
    except session.SparkMissing as e:
        pytest.skip(str(e))
    s = session.start("local[2]", partitions=2, app="copydesk-tests")
    yield s
    s.stop()
