"""The SparkSession the job runs in: modest memory, small shuffles, Arrow on."""

from __future__ import annotations

import os
import shutil
import sys
from typing import Any

DEFAULT_PARTITIONS = 8


class SparkMissing(RuntimeError):
    """pyspark or a Java runtime is not installed; the message says what to install."""


def check() -> None:
    """Raise :class:`SparkMissing` unless pyspark imports and ``java`` is on the PATH."""
    try:
        import pyspark  # noqa: F401
    except ImportError as e:
        raise SparkMissing("pyspark is not installed: pip install 'copydesk[spark]'") from e
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise SparkMissing("no Java runtime found: apt-get install openjdk-17-jre-headless")


def start(master: str | None = None, partitions: int = DEFAULT_PARTITIONS, app: str = "copydesk") -> Any:
    """A SparkSession (``master`` defaults to ``local[*]`` unless spark-submit set one).

    Workers run this interpreter, so they import the same copydesk and load the models once
    per Python worker process (Spark reuses its Python workers between tasks).
    """
    check()
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.appName(app)
        .config("spark.sql.shuffle.partitions", str(partitions))
        .config("spark.default.parallelism", str(partitions))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.python.worker.reuse", "true")
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("COPYDESK_SPARK_DRIVER_MEMORY", "2g"))
    )
    if master:
        builder = builder.master(master)
    elif "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master("local[*]")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark
