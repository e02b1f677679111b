"""Readers: files, directories, HTML, JSONL, feeds and WARC -> Article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from copydesk.model import Article
from copydesk.readers.text import from_text


@dataclass(frozen=True, slots=True)
class ReadProblem:
    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


def read(paths: Iterable[str | Path]) -> Iterator[Article | ReadProblem]:
    for p in paths:
        p = Path(p)
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            yield from_text(f.read_text(encoding="utf-8"), str(f))
