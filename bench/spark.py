"""The Spark job against in-process ``analyze`` on the two dev sets: speed and agreement.

Data: ``../shared/data/ecbplus-dev/articles.jsonl`` (413 articles) and
``../shared/data/basil-dev/articles.jsonl`` (90 articles), read by copydesk's JSONL reader on
both paths. For each set: ``copydesk.analyze`` in one process and with ``-p 2``, then
``copydesk spark`` on ``local[2]`` (one session, started before timing; the first job of the
session also pays the Python workers' model loading, so each set is timed on a warm session
after one warm-up run on the bundled example). Agreement: B-cubed F1 of the Spark stories
against analyze's, whether the two ``analysis.json`` files are byte-identical, and each path's
B-cubed F1 against the gold stories. Written to ``bench/results/spark.json``.

Speed figures on a small machine (2 cores, shared) measure Spark's overhead more than its
scaling: on ~500 articles the job is dominated by per-stage scheduling.

usage: python bench/spark.py [--partitions 4]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

from copydesk import pipeline
from copydesk.render import json as render_json
from copydesk.scale import job, session
from copydesk.stories.metrics import bcubed

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = ("ecbplus-dev", "basil-dev")


def gold_groups(name: str, ids: list[str]) -> list[list[str]]:
    gold = json.loads((DATA / name / "stories.json").read_text())
    known = set(ids)
    return [[a for a in members if a in known] for members in gold.values()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--partitions", type=int, default=4)
    args = ap.parse_args()
    spark = session.start("local[2]", partitions=args.partitions, app="copydesk-bench")
    with tempfile.TemporaryDirectory() as tmp:
        job.run(spark, [str(ROOT / "examples" / "nato-leak-2022")], f"{tmp}/warm", partitions=args.partitions)
        results = {}
        for name in SETS:
            src = str(DATA / name / "articles.jsonl")
            t = time.perf_counter()
            local = pipeline.analyze([src])
            t_local = time.perf_counter() - t
            t = time.perf_counter()
            pipeline.analyze([src], n_process=2)
            t_local2 = time.perf_counter() - t
            t = time.perf_counter()
            summary = job.run(spark, [src], f"{tmp}/{name}", partitions=args.partitions)
            t_spark = time.perf_counter() - t
            text = Path(f"{tmp}/{name}/analysis.json").read_text(encoding="utf-8")
            got = render_json.loads(text)
            n = len(local.articles)
            ids = [a.id for a in local.articles]
            gold = gold_groups(name, ids)
            spark_groups = [list(s.articles) for s in got.stories]
            local_groups = [list(s.articles) for s in local.stories]
            results[name] = {
                "articles": n,
                "stories_analyze": len(local.stories),
                "stories_spark": len(got.stories),
                "analyze_articles_per_s": round(n / t_local, 2),
                "analyze_p2_articles_per_s": round(n / t_local2, 2),
                "spark_local2_articles_per_s": round(n / t_spark, 2),
                "spark_stage_seconds": summary.seconds,
                "similar_pairs": summary.similar_pairs,
                "copy_pairs": summary.copy_pairs,
                "agreement_bcubed_f1": round(bcubed(spark_groups, local_groups)["f1"], 4),
                "json_identical": text == render_json.dumps(local),
                "gold_bcubed_f1_analyze": round(bcubed(local_groups, gold)["f1"], 4),
                "gold_bcubed_f1_spark": round(bcubed(spark_groups, gold)["f1"], 4),
            }
            print(name, json.dumps(results[name]), flush=True)
    spark.stop()
    out = {
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores (shared with other work), "
        f"Python {sys.version.split()[0]}",
        "master": "local[2]",
        "partitions": args.partitions,
        "sets": results,
    }
    (ROOT / "bench" / "results" / "spark.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
