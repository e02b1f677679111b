"""Inputs as Spark sources: every file through the same readers as ``copydesk analyze``.

Files and directories are read with Spark's ``binaryFile`` source (any Hadoop file system);
each file's bytes go to :func:`copydesk.readers.read_file` on a worker, so formats, sniffing
and skip-with-reason behave exactly as in-process. Inputs named ``*.parquet`` (a file or a
dataset folder) are read with ``spark.read.parquet``; each row is an object of the JSONL
contract (``text`` or ``html``, ``id``, ``title``, ``url``, ``outlet``, ``published``,
``authors``) and goes through the JSON reader. Nothing raises: what cannot be read becomes a
``problem`` row with the same one-line reason ``analyze`` prints.

Each record carries an order key ``(input_no, path_key, rec)`` that sorts like the in-process
reading order (inputs as given, files by sorted path, records within a file), so the first
occurrence of a repeated article is the one kept, as ``read_inputs`` does.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from copydesk import codec
from copydesk.model import Article
from copydesk.readers import ReadProblem, read_file
from copydesk.readers.jsonl import read_json

RECORDS = (
    "input_no int, path_key string, rec long, kind string, source string, id string, payload string"
)
SEP = "\x01"  # path separator in the sort key: below every file-name character, so it sorts as Path does


def _uri(given: str) -> str:
    return given if urlparse(given).scheme not in ("", "file") else Path(given).resolve().as_uri()


def _base(uri: str) -> str:
    return unquote(urlparse(uri).path).rstrip("/")


def read_records(spark: Any, inputs: Sequence[str]) -> Any:
    """One DataFrame of records (``kind`` "article" or "problem") from all inputs."""
    from pyspark.sql import functions as F
    from pyspark.sql.utils import AnalysisException

    parts, missing = [], []
    for n, given in enumerate(inputs):
        uri = _uri(str(given))
        if str(given).rstrip("/").lower().endswith(".parquet"):
            try:
                df = spark.read.parquet(uri)
            except AnalysisException as e:
                missing.append((n, str(given), _reason(e)))
                continue
            parts.append(_parquet_records(df, n, str(given)))
            continue
        try:
            files = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(uri)
        except AnalysisException as e:
            missing.append((n, str(given), _reason(e)))
            continue
        # Spark's file scan leaves out empty files: they come back from the listing with no
        # bytes, so the reader names them ("empty file") as analyze does.
        listed = spark.createDataFrame([(p, _key(p)) for p in files.inputFiles()], "path string, key string")
        scanned = files.select(F.udf(lambda p: _key(p), "string")("path").alias("key"))
        empty = listed.join(scanned, "key", "left_anti").select("path", F.lit(b"").alias("content"))
        files = files.select("path", "content").unionByName(empty).select(
            "path", "content", F.lit(n).alias("input_no"), F.lit(str(given)).alias("given"),
            F.lit(_base(uri)).alias("base"),
        )  # fmt: skip
        parts.append(files.mapInPandas(_read_files, RECORDS))
    rows = [(n, "", 0, "problem", given, None, str(ReadProblem(given, why))) for n, given, why in missing]
    out = spark.createDataFrame(rows, RECORDS)
    for p in parts:
        out = out.unionByName(p)
    return out


def _key(uri: str) -> str:
    """A file URI as a comparable key ("file:/a b" and "file:///a%20b" are one file)."""
    parsed = urlparse(uri)
    return f"{parsed.scheme}://{parsed.netloc}{unquote(parsed.path)}"


def _reason(e: Exception) -> str:
    text = str(e)
    return "no such file or directory" if "PATH_NOT_FOUND" in text or "does not exist" in text else (
        "cannot read: " + " ".join(text.split())[:200]
    )


def _read_files(batches: Iterator[Any]) -> Iterator[Any]:
    import pandas as pd

    with tempfile.TemporaryDirectory(prefix="copydesk-read-") as tmp:
        for batch in batches:
            rows = []
            for path, content, input_no, given, base in batch.itertuples(index=False):
                local = unquote(urlparse(path).path)
                rel = local[len(base) :].lstrip("/") if local.startswith(base) else Path(local).name
                source = str(Path(given) / rel) if rel else str(Path(given))
                rows += read_blob(bytes(content), source, tmp, input_no, rel.replace("/", SEP))
            yield pd.DataFrame(rows, columns=[c.split()[0] for c in RECORDS.split(", ")])


def read_blob(content: bytes, source: str, tmp: str, input_no: int, path_key: str) -> list[tuple]:
    """Records of one file's bytes: written under its own name and read by ``read_file``."""
    name = Path(source).name or "input"
    folder = tempfile.mkdtemp(dir=tmp)
    path = Path(folder, name)
    path.write_bytes(content)
    try:
        got = list(read_file(path))
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)
    return [_record(g, str(path), source, input_no, path_key, i) for i, g in enumerate(got)]


def _record(got: Article | ReadProblem, tmp_name: str, source: str, input_no: int, path_key: str, rec: int) -> tuple:
    if isinstance(got, ReadProblem):
        problem = ReadProblem(got.source.replace(tmp_name, source, 1), got.reason.replace(tmp_name, source))
        return (input_no, path_key, rec, "problem", problem.source, None, str(problem))
    article = replace(got, source=got.source.replace(tmp_name, source, 1))
    return (input_no, path_key, rec, "article", article.source, article.id, codec.dumps(article))


def _parquet_records(df: Any, input_no: int, given: str) -> Any:
    from pyspark.sql import functions as F

    cols = [c for c in df.columns if c in ("id", "text", "html", "title", "url", "outlet", "published", "author", "authors")]
    rows = df.select(F.to_json(F.struct(*cols)).alias("obj"), F.monotonically_increasing_id().alias("rec"))
    rows = rows.select("obj", "rec", F.lit(input_no).alias("input_no"), F.lit(given).alias("given"))
    return rows.mapInPandas(_read_rows, RECORDS)


def _read_rows(batches: Iterator[Any]) -> Iterator[Any]:
    import pandas as pd

    for batch in batches:
        out = []
        for obj, rec, input_no, given in batch.itertuples(index=False):
            source = f"{given}[{rec}]"
            try:
                got = list(read_json(json.dumps(json.loads(obj), ensure_ascii=False).encode(), source))
            except Exception as e:  # noqa: BLE001 - one bad row must not stop the job
                got = [ReadProblem(source, f"could not read ({type(e).__name__}: {e})")]
            out += [_record(g, "\0", source, input_no, "", int(rec)) for g in got]
        yield pd.DataFrame(out, columns=[c.split()[0] for c in RECORDS.split(", ")])
