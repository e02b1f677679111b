"""The order in which Spark's reuse stage verifies its pairs: prepared articles per pair.

``scale/reuse.py`` verifies each cross-story candidate pair with ``provenance.compare_items``
on two *prepared* articles (``provenance.prepare``: tokens and sentence embeddings). A task
keeps prepared articles in a cache, so the order of its pairs decides how often one is
prepared again. Two orders, on one task's pairs of the 10k generated documents of
``bench/spark_scale.py`` (its cached Parquet; run that first), in one process:

- *by later article*: pairs hash-partitioned into 4 tasks by the later article, sorted by it,
  one cache of 256 articles for both sides (the job before this change);
- *range, by earlier article*: pairs range-partitioned into 5 tasks by the later article,
  sorted by the earlier one, a small cache for the earlier side and ``PREPARED_LATER`` for the
  later (the order ``reuse.relations`` still uses within a task; it now cuts the tasks by
  pair counts and sends each task's texts once).

Both verify the same kind of pairs with the same functions; the figure is CPU seconds of this
process (``time.process_time``, less sensitive to a loaded box than wall time) per pair and
the number of ``prepare`` calls. Written to ``bench/results/spark_reuse_order.json``.

usage: nice python bench/spark_reuse_order.py
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections import OrderedDict
from pathlib import Path

import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).parent))
import spark_scale  # noqa: E402

from copydesk.compare import provenance, reuse  # noqa: E402
from copydesk.scale import reuse as spark_reuse  # noqa: E402
from copydesk.stories import grouping  # noqa: E402

N = 10_000
RESULTS = Path(__file__).parent / "results" / "spark_reuse_order.json"


def verify(task: list[tuple[int, int]], annotated: list[str], earlier: tuple, later: tuple) -> dict:
    """Verify ``task``'s pairs through the job's cache (``earlier``/``later``: (cache, size));
    the same cache object twice is one shared cache."""
    calls = [0]
    prepare = provenance.prepare

    def counted(*args):  # noqa: ANN002, ANN202
        calls[0] += 1
        return prepare(*args)

    provenance.prepare = counted
    try:
        t = time.process_time()
        for a, b in task:
            item_a = spark_reuse._item(*earlier, a, annotated[a])
            provenance.compare_items(item_a, spark_reuse._item(*later, b, annotated[b]))
        seconds = time.process_time() - t
    finally:
        provenance.prepare = prepare
    return {"pairs": len(task), "prepares": calls[0], "cpu_seconds": round(seconds, 1),
            "ms_per_pair": round(1000 * seconds / len(task), 2)}  # fmt: skip


def main() -> None:
    pieces = spark_scale.prepare()["pieces"]
    items = [spark_scale.assemble(d, pieces) for d in spark_scale.recipes(N, pieces)]
    story_of = {a: g[0] for g in grouping.group(items) for a in g}
    found = reuse.candidate_pairs([reuse.passage_hashes(i) for i in items])
    pairs = [(i, j) for i, j in found if story_of[items[i].id] != story_of[items[j].id]]
    table = pq.read_table(spark_scale.CACHE / f"annotated-{N}-{spark_scale.span_days(N)}d.parquet",
                          columns=["id", "annotated"])  # fmt: skip
    by_id = dict(zip(table.column("id").to_pylist(), table.column("annotated").to_pylist(), strict=True))
    annotated = [by_id[i.id] for i in items]
    provenance.prepare(items[0])  # models loaded before timing
    load = os.getloadavg()
    shared = (OrderedDict(), 256)
    old = sorted((p for p in pairs if p[1] % 4 == 2), key=lambda p: (p[1], p[0]))
    new = sorted(p for p in pairs if p[1] * 5 // len(items) == 2)
    results = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}",
        "data": f"{N} generated documents of bench/spark_scale.py, {len(pairs)} cross-story candidate pairs; "
        "the third of 4 (old) / 5 (new) tasks",
        "load_average_before": [round(x, 2) for x in load],
        "by_later_article_one_cache_256": verify(old, annotated, shared, shared),
        "range_by_later_sorted_by_earlier": verify(
            new, annotated, (OrderedDict(), spark_reuse.PREPARED_EARLIER), (OrderedDict(), spark_reuse.PREPARED_LATER)
        ),
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    RESULTS.write_text(json.dumps(results, indent=1) + "\n")
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
