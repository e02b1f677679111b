"""Per-article size and time budgets (issue 15, item 2): a hostile article is skipped with a
reason and the good ones around it are kept, instead of the run hanging."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest

from copydesk import analyze, budget, pipeline
from copydesk.ingest import ingest
from copydesk.model import Article, content_id

GOOD = [
    "Storm closes ports\n\nStorm Ciaran closed ports along the Channel coast on Thursday, and ferries "
    "between Dover and Calais were cancelled until further notice.",
    "Ferries cancelled\n\nP&O Ferries cancelled every crossing from Dover on Thursday as Storm Ciaran "
    "brought winds of 100 mph to the coast, the company said.",
]
SENTENCE = "The minister said the talks in Brussels would resume on Monday after a week of delays. "


def _article(text: str, source: str) -> Article:
    return Article(id=content_id(text), source=source, text=text)


def test_a_5_mb_jsonl_line_is_skipped_with_its_size_and_the_other_lines_kept(tmp_path):
    body = "Talks resume\n\n" + SENTENCE * (5_000_000 // len(SENTENCE))  # ~5 MB on one line
    lines = [{"id": "big", "text": body}, *({"id": f"good-{i}", "text": t} for i, t in enumerate(GOOD))]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    started = time.perf_counter()
    result = analyze([path])
    assert time.perf_counter() - started < 60  # ran 11.5 minutes before being killed (issue 15)
    assert sorted(a.id for a in result.articles) == ["good-0", "good-1"]
    [reason] = [p for p in result.problems if "budget" in p]
    assert re.search(r"feed\.jsonl:1: text of 4,9\d\d,\d{3} characters is over the 300,000-character budget", reason)


def test_ingest_reports_the_oversized_article_and_stores_the_rest(tmp_path):
    big = _article("Talks resume\n\n" + SENTENCE * 4000, "mem:big")  # ~350,000 characters
    result = ingest([big, *(_article(t, f"mem:{i}") for i, t in enumerate(GOOD))], tmp_path / "s.db")
    assert len(result.added) == 2 and big.id not in result.added
    assert any(p.startswith("mem:big:") and "budget" in p for p in result.problems)


@pytest.fixture(autouse=True)
def model_loaded():
    from copydesk.nlp_models import spacy_pipeline

    spacy_pipeline()  # loading the model is not the article's time


@pytest.fixture
def one_hangs(monkeypatch):
    """A per-article stage that never returns on the article that mentions Calais."""
    real = pipeline._after_parse

    def stage(item, doc):  # noqa: ANN001, ANN202
        while "Calais" in item.text:
            time.sleep(0.01)
        return real(item, doc)

    monkeypatch.setattr(pipeline, "_after_parse", stage)
    monkeypatch.setattr(budget, "SECONDS", 2.0)


def test_an_article_over_the_time_budget_is_skipped_and_the_rest_kept(one_hangs):
    articles = [_article(t, f"mem:{i}") for i, t in enumerate(GOOD)]
    problems: list[str] = []
    started = time.perf_counter()
    done = pipeline.annotate_articles(articles, problems=problems)
    assert time.perf_counter() - started < 20
    assert [a.article.source for a in done] == ["mem:1"]
    assert problems == ["mem:0: per-article stages took over 2 s"]


def test_the_time_budget_also_holds_off_the_main_thread(monkeypatch):
    """The web server ingests in worker threads, where no timer signal can interrupt: the check
    at each stage boundary skips the slow article instead (here it gives up after 2.5 s on its own)."""
    real = pipeline._after_parse

    def slow(item, doc):  # noqa: ANN001, ANN202
        if "Calais" in item.text:
            time.sleep(2.5)
        return real(item, doc)

    monkeypatch.setattr(pipeline, "_after_parse", slow)
    monkeypatch.setattr(budget, "SECONDS", 2.0)
    articles = [_article(t, f"mem:{i}") for i, t in enumerate(GOOD)]
    problems: list[str] = []
    out: list = []
    worker = threading.Thread(target=lambda: out.extend(pipeline.annotate_articles(articles, problems=problems)))
    worker.start()
    worker.join(60)
    assert [a.article.source for a in out] == ["mem:1"]
    assert problems == ["mem:0: per-article stages took over 2 s"]


def test_the_timer_and_handler_are_restored_after_the_stages():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    pipeline.annotate_articles([_article(GOOD[0], "mem:0")])
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) is before


def test_the_spark_annotate_stage_turns_an_article_over_budget_into_a_skipped_row(one_hangs):
    from copydesk.scale.annotate import ANNOTATED, annotate_rows

    articles = [_article(t, f"mem:{i}") for i, t in enumerate(GOOD)]
    rows = annotate_rows(articles)
    columns = [c.split()[0] for c in ANNOTATED.split(", ")]
    by_id = {r[0]: dict(zip(columns, r, strict=True)) for r in rows}
    assert len(rows) == 2 and set(by_id) == {a.id for a in articles}
    hung, kept = by_id[articles[0].id], by_id[articles[1].id]
    assert hung["skipped"] == "mem:0: per-article stages took over 2 s" and hung["annotated"] is None
    assert kept["skipped"] is None and json.loads(kept["annotated"])["id"] == articles[1].id
