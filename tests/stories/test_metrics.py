import pytest

from copydesk.stories.metrics import ari, bcubed


def test_perfect_clustering_scores_one():
    gold = [["a", "b"], ["c"]]
    assert bcubed(gold, gold) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert ari(gold, gold) == pytest.approx(1.0)


def test_lumping_everything_keeps_recall_and_loses_precision():
    got = bcubed([["a", "b", "c", "d"]], [["a", "b"], ["c", "d"]])
    assert got["recall"] == 1.0 and got["precision"] == pytest.approx(0.5)


def test_singletons_keep_precision_and_lose_recall():
    got = bcubed([["a"], ["b"], ["c"], ["d"]], [["a", "b"], ["c", "d"]])
    assert got["precision"] == 1.0 and got["recall"] == pytest.approx(0.5)
