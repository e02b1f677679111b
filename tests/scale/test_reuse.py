"""Cross-story reuse candidates as Spark joins: the same pairs as ``compare.reuse.candidate_pairs``."""

from __future__ import annotations

import numpy as np

from copydesk.compare import reuse


def test_candidates_equal_the_in_process_batch(spark) -> None:
    from copydesk.scale.reuse import candidates

    rng = np.random.default_rng(3)
    sets = [np.unique(np.r_[rng.integers(0, 2000, 30), [7]]).astype(np.uint64) for _ in range(300)]  # 7: everywhere
    rows = [(pos, int(h)) for pos, hs in enumerate(sets) for h in hs.tolist()]
    got = candidates(spark.createDataFrame(rows, "pos int, hash bigint")).collect()
    expected = reuse.candidate_pairs(sets)
    assert sorted((r.a_pos, r.b_pos) for r in got) == expected
    # the caps are exercised: some later article has more candidates than it keeps, one hash is over-full
    assert max(j for _, j in expected) > reuse.MAX_POSTINGS and len(expected) > 1000


def test_positions_number_the_reading_order_without_one_partition(spark, capsys) -> None:
    from copydesk.scale.reuse import positions

    rows = [(f"a{k}", k % 3, f"p{(7 * k) % 50:02d}", k) for k in range(50)]
    unique = spark.createDataFrame(rows, "id string, input_no int, path_key string, rec long").repartition(4)
    order = ["input_no", "path_key", "rec"]
    got = positions(unique, order)
    expected = [r[0] for r in sorted(rows, key=lambda r: r[1:])]
    assert [r.id for r in got.orderBy("pos").collect()] == expected
    assert sorted(r.pos for r in got.collect()) == list(range(1, 51))
    got.explain()
    assert "SinglePartition" not in capsys.readouterr().out  # what a window over the whole input plans


def test_one_task_per_partition_whatever_the_sizes(spark) -> None:
    from pyspark.sql import functions as F

    from copydesk.scale.reuse import one_per_partition

    # task 0 is tiny and tasks 5 and 6 are large: a range partitioner would merge the small ones
    rows = [(t, k) for t, size in enumerate([1, 40, 40, 40, 40, 400, 400, 40]) for k in range(size)]
    df = spark.createDataFrame(rows, "task int, k int").repartition(3)
    got = one_per_partition(df, "task", 8).select("task", F.spark_partition_id().alias("p")).distinct().collect()
    assert sorted((r.p, r.task) for r in got) == [(i, i) for i in range(8)]
