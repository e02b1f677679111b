"""The Spark job end to end on real text: equal to ``copydesk analyze``, bad inputs in problems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from copydesk.pipeline import analyze
from copydesk.render import json as render_json


@pytest.fixture(scope="module")
def example_run(spark, example_dir: Path, tmp_path_factory) -> tuple[Path, object]:
    from copydesk.scale import job

    out = tmp_path_factory.mktemp("spark-example")
    return out, job.run(spark, [str(example_dir)], str(out), partitions=2)


def test_example_equals_analyze_byte_for_byte(example_run, example_analysis) -> None:
    out, summary = example_run
    assert summary.articles == 5 and summary.stories == len(example_analysis.stories) == 1
    assert summary.largest_component == 5  # one story: its articles are one component
    assert (out / "analysis.json").read_text(encoding="utf-8") == render_json.dumps(example_analysis)


def test_example_tables(spark, example_run, example_analysis) -> None:
    out, _ = example_run
    story = example_analysis.stories[0]
    rows = spark.read.parquet(str(out / "stories")).collect()
    assert [(r.story, list(r.articles), r.title) for r in rows] == [(story.id, list(story.articles), story.title)]
    arts = spark.read.parquet(str(out / "articles")).orderBy("input_no", "path_key", "rec").collect()
    assert [a.id for a in arts] == [a.id for a in example_analysis.articles]
    assert {a.story for a in arts} == {story.id}
    assert [a.title for a in arts] == [a.article.title for a in example_analysis.articles]
    assert spark.read.parquet(str(out / "problems")).count() == 0


def test_bad_inputs_land_in_problems_and_the_rest_is_analysed(spark, example_dir: Path, tmp_path: Path) -> None:
    from copydesk.scale import job

    texts = [p.read_text(encoding="utf-8") for p in sorted(example_dir.iterdir())]
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    (mixed / "a.jsonl").write_text(
        json.dumps({"id": "first", "text": texts[0]}) + "\n{not json\n" + json.dumps({"id": "second", "text": texts[1]}) + "\n",
        encoding="utf-8",
    )
    (mixed / "b.txt").write_text(texts[2], encoding="utf-8")
    (mixed / "c.txt").write_text(texts[2], encoding="utf-8")  # the same text, published again
    (mixed / "empty.txt").write_bytes(b"")
    (mixed / "noise.bin").write_bytes(bytes(range(256)) * 40)
    missing = str(tmp_path / "nowhere")
    inputs = [str(mixed), missing, str(mixed / "b.txt")]  # b.txt read a second time
    # Parquet rows in the JSONL contract; one without text is a problem too.
    rows = [("p1", texts[3], "2022-11-15"), ("p2", texts[4], None), ("p3", "   ", None)]
    data = str(tmp_path / "in.parquet")
    spark.createDataFrame(rows, "id string, text string, published string").coalesce(1).write.parquet(data)

    expected = analyze(inputs)
    out = tmp_path / "out"
    summary = job.run(spark, [*inputs, data], str(out), partitions=2)

    assert summary.articles == len(expected.articles) + 2 == 6
    from_parquet = [p for p in summary.problems if p.startswith(data)]
    assert len(from_parquet) == 1 and "no non-empty 'text' or 'html' field" in from_parquet[0]
    assert [p for p in summary.problems if not p.startswith(data)] == expected.problems
    assert any("a.jsonl:2" in p for p in summary.problems)
    assert any(p.startswith(f"{missing}:") for p in summary.problems)
    assert any("b.txt: same article as one already read" in p for p in summary.problems)
    assert not any("c.txt" in p for p in summary.problems)  # another file: another publication
    problems = spark.read.parquet(str(out / "problems")).collect()
    assert sorted(r.problem for r in problems) == sorted(summary.problems)
    assert {r.stage for r in problems if "same article as one already read" in r.problem} == {"repeat"}
    assert {r.stage for r in problems if "same article" not in r.problem} == {"read"}
    got = render_json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert [a.id for a in got.articles] == [a.id for a in expected.articles] + ["p1", "p2"]
    assert got.articles[4].article.published == "2022-11-15"
    # All six texts are one story, whichever reader brought them in.
    assert [sorted(s.articles) for s in got.stories] == [sorted(a.id for a in got.articles)]


def test_load_puts_the_spark_result_into_a_store_as_analyze_would(example_run, example_analysis, db) -> None:
    from copydesk.scale.load import load
    from copydesk.store import Store

    out, _ = example_run
    result = load(out, db)
    assert len(result.added) == 5 and result.stories == 1
    assert result.updated == []  # the job's analyses were used as they are, nothing analysed again
    with Store(db) as store:
        stored = store.analysis()
    assert render_json.to_dict(stored)["stories"] == render_json.to_dict(example_analysis)["stories"]
    again = load(out, db)
    assert again.added == [] and len(again.duplicates) == 5


def test_flat_tables_hold_every_span_relation_quote_and_claim(spark, example_run, example_analysis) -> None:
    out, _ = example_run
    story = example_analysis.stories[0]
    texts = {a.id: a.text for a in example_analysis.articles}

    def table(name: str) -> list:
        return spark.read.parquet(str(out / name)).collect()

    spans = table("spans")
    expected = sorted(
        [(a.id, layer, s.start, s.end, s.kind) for a in example_analysis.articles
         for layer in ("boilerplate", "signals", "sentences", "entities") for s in getattr(a, layer)]
        + [(a.id, "quantities", q.start, q.end, q.unit or "") for a in example_analysis.articles for q in a.quantities]
    )  # fmt: skip
    assert sorted((r.article, r.layer, r.start, r.end, r.kind) for r in spans) == expected
    assert {r.layer for r in spans} >= {"sentences", "entities", "quantities"}
    assert all(r.text == texts[r.article][r.start : r.end] for r in spans if r.layer != "quantities")

    relations = table("relations")
    assert len(relations) == len(story.relations) > 0 and not any(r.across for r in relations)
    assert sorted((r.a, r.b, r.type, r.direction, len(r.evidence)) for r in relations) == sorted(
        (r.a, r.b, r.type, r.direction, len(r.evidence)) for r in story.relations
    )
    evidence = [(r.a, r.b, e) for r in relations for e in r.evidence]
    assert evidence and all(texts[a][e.a_start : e.a_end].strip() and texts[b][e.b_start : e.b_end].strip() for a, b, e in evidence)

    quotes = table("quotes")
    assert len(quotes) == len(story.quotes) > 0
    assert sorted((q.article, q.start, q.end, q.speaker, q.quote_group) for q in quotes) == sorted(
        (q.article, q.start, q.end, q.speaker, q.group) for q in story.quotes
    )
    assert all(q.text == texts[q.article][q.start : q.end] for q in quotes)

    claims = table("claims")
    assert len(claims) == len(story.claims) > 0
    assert sorted((c.claim, c.status, c.independent_sources, [(s.article, s.start, s.end) for s in c.sources]) for c in claims) == sorted(
        (c.id, c.status, c.independent_sources, [(s.article, s.start, s.end) for s in c.sources]) for c in story.claims
    )
    assert {r.story for t in (relations, quotes, claims) for r in t} == {story.id}


def test_passages_reused_across_stories_equal_analyze(spark, tmp_path: Path) -> None:
    from compare.texts import BUDGET, FOOTBALL, SOURCE

    from copydesk.scale import job

    # the budget report lifts a paragraph of the flood report; football shares nothing

    rows = [("flood", SOURCE, "2024-01-04"), ("football", FOOTBALL, None), ("budget", BUDGET, "2024-02-20")]
    data = tmp_path / "in.jsonl"
    data.write_text("".join(json.dumps({"id": i, "text": t, "published": p}) + "\n" for i, t, p in rows), encoding="utf-8")

    expected = analyze([data])
    out = tmp_path / "out"
    summary = job.run(spark, [str(data)], str(out), partitions=2)

    assert (out / "analysis.json").read_text(encoding="utf-8") == render_json.dumps(expected)
    story_of = {aid: s for s in expected.stories for aid in s.articles}
    flood, budget = story_of["flood"], story_of["budget"]
    assert flood.id != budget.id and summary.reuse_pairs == 1
    assert flood.reuse == budget.reuse and [(r.a, r.b, r.type) for r in flood.reuse] == [("flood", "budget", "partial_reuse")]
    assert story_of["football"].reuse == ()
    across = spark.read.parquet(str(out / "relations")).where("across").collect()
    assert sorted((r.story, r.a, r.b, r.type, len(r.evidence)) for r in across) == sorted(
        (s.id, "flood", "budget", "partial_reuse", len(flood.reuse[0].evidence)) for s in (flood, budget)
    )
