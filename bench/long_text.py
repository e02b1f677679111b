"""Per-article stages on hostile shapes of text at growing size: each stage's time should grow
linearly (x4 text, about x4 time), never with the square (issue 15 item 2).

usage: .venv/bin/python bench/long_text.py [--sizes 1000 4000]

Shapes: one line of thousands of sentences (a JSONL body), thousands of short paragraphs,
thousands of closed quotes, thousands of quote marks that never close, numbers everywhere.
Writes bench/results/long_text.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from copydesk.annotate import dates, nlp, quantities, quotes
from copydesk.model import Article, content_id
from copydesk.nlp_models import spacy_pipeline
from copydesk.pipeline import clean

RESULT = Path(__file__).resolve().parent / "results" / "long_text.json"
SENT = "The minister said {i} talks in Brussels would resume on Monday."
SHAPES = {
    "one line of sentences": lambda n: " ".join(SENT.format(i=i) for i in range(n)),
    "short paragraphs": lambda n: "\n".join(SENT.format(i=i) for i in range(n)),
    "closed quotes": lambda n: " ".join(f"“We will not back down,” Mr. Smith said on day {i}." for i in range(n)),
    "unclosed quotes": lambda n: " ".join(f"“He said {i} things and" for i in range(n)),
    "numbers": lambda n: " ".join(f"About {i},000 troops and $3.{i} billion, up 4.{i}% on March {i % 28 + 1}, 2022."
                                  for i in range(n)),
}


def stage_times(text: str) -> dict[str, float]:
    a = Article(id=content_id(text), source="bench", text=text)
    t = [time.perf_counter()]
    item = clean(a)
    t.append(time.perf_counter())
    [(item, doc)] = list(nlp.parse([item]))
    t.append(time.perf_counter())
    quantities.extract(item, doc)
    dates.extract(item, doc)
    t.append(time.perf_counter())
    quotes.extract(item, doc)
    t.append(time.perf_counter())
    names = ("clean", "parse", "quantities+dates", "quotes")
    return {k: round(t[i + 1] - t[i], 3) for i, k in enumerate(names)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    args = ap.parse_args()
    spacy_pipeline()  # loading is not the article's time
    rows = []
    for shape, make in SHAPES.items():
        for n in args.sizes:
            text = "Talks to resume\n\n" + make(n)
            got = stage_times(text)
            rows.append({"shape": shape, "units": n, "chars": len(text), **got})
            print(f"{shape:22} {n:6d} units {len(text):8,d} chars  " + "  ".join(f"{k} {v:6.2f}s" for k, v in got.items()),
                  flush=True)
    RESULT.write_text(json.dumps({
        "machine": f"{platform.node()} {os.cpu_count()} cores {platform.machine()}, Python {platform.python_version()}",
        "command": "python bench/long_text.py --sizes " + " ".join(map(str, args.sizes)), "rows": rows}, indent=2) + "\n")
    print(f"wrote {RESULT}")


if __name__ == "__main__":
    main()
