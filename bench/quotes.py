"""Quote benchmark: span and speaker F1 on hand-written stories, PolNeAR dev, and the quote stage's cost.

usage: .venv/bin/python bench/quotes.py [--speed-articles N]

Quality: every story in bench/data/quotes/*.json (articles written for this benchmark, gold
quotes given by their text, speakers by canonical name) goes through the real pipeline
(annotate_articles, then analyze_story). A predicted quote matches a gold one when they
overlap by at least half of the longer; its speaker is right when the folded names are equal
or one ends the other ("court" ~ "appeals court").
PolNeAR dev (70 real political news articles, ../shared/data/polnear-dev): quote P/R/F1 and
speaker accuracy with score_quotes.py's rules (bench/polnear.py; each article its own story).
The speaker ranker was fitted on polnear-train only (bench/speaker_ranker_train.py); alongside
dev, its speaker accuracy on polnear-train cross-validated 5-fold by article (each fold scored
by a ranker refitted on the other four), a guard against settings fitted to dev.
Speed: annotate_articles on the example story plus N ECB+ articles, against the time the
quote stage alone takes on the same parses. Writes bench/results/quotes.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import polnear
import speaker_ranker_train

from copydesk.annotate import nlp, quotes
from copydesk.compare.speakers import fold
from copydesk.model import Article, content_id
from copydesk.pipeline import analyze_story, annotate_articles, clean, read_inputs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "quotes"
ECB = Path("/work/shared/data/ecbplus-dev/articles.jsonl")
RESULT = ROOT / "bench" / "results" / "quotes.json"


def _same_speaker(pred: str | None, gold: str | None) -> bool:
    if not pred or not gold:
        return False
    p, g = fold(pred), fold(gold)
    return p == g or p.endswith(" " + g) or g.endswith(" " + p)


def _gold_spans(text: str, gold: list[dict]) -> list[dict]:
    out, cursor = [], {}
    for q in gold:
        start = text.find(q["text"], cursor.get(q["text"], 0))
        cursor[q["text"]] = start + 1
        out.append({**q, "start": start, "end": start + len(q["text"])})
    return out


def quality() -> dict:
    """Span, speaker and kind scores over every benchmark story."""
    tp = n_pred = n_gold = sp_ok = sp_pred = sp_gold = kind_ok = 0
    misses = []
    for path in sorted(DATA.glob("*.json")):
        story = json.loads(path.read_text())
        arts = [Article(id=content_id(a["text"]), source=a["id"], text=a["text"]) for a in story["articles"]]
        items = annotate_articles(arts)
        resolved = analyze_story(items)
        for a, art in zip(story["articles"], arts, strict=True):
            gold = _gold_spans(a["text"], a["quotes"])
            pred = [q for q in resolved.quotes if q.article == art.id]
            n_pred += len(pred)
            n_gold += len(gold)
            sp_pred += sum(1 for q in pred if q.speaker)
            sp_gold += sum(1 for g in gold if g["speaker"])
            used = set()
            for g in gold:
                hit = None
                for i, p in enumerate(pred):
                    ov = min(g["end"], p.end) - max(g["start"], p.start)
                    if i not in used and ov >= 0.5 * max(g["end"] - g["start"], p.end - p.start):
                        hit = i
                        break
                if hit is None:
                    misses.append(f"{a['id']}: span missed: {g['text'][:60]}")
                    continue
                used.add(hit)
                tp += 1
                p = pred[hit]
                kind_ok += p.kind == g["kind"]
                if _same_speaker(p.speaker, g["speaker"]):
                    sp_ok += 1
                elif g["speaker"]:
                    misses.append(f"{a['id']}: speaker {p.speaker!r} != {g['speaker']!r}: {g['text'][:50]}")
    f1 = lambda p, r: 0.0 if p + r == 0 else 2 * p * r / (p + r)  # noqa: E731
    qp, qr = tp / n_pred if n_pred else 0.0, tp / n_gold
    spp, spr = sp_ok / sp_pred if sp_pred else 0.0, sp_ok / sp_gold
    return {
        "gold_quotes": n_gold,
        "predicted_quotes": n_pred,
        "quote_precision": round(qp, 3),
        "quote_recall": round(qr, 3),
        "quote_f1": round(f1(qp, qr), 3),
        "speaker_precision": round(spp, 3),
        "speaker_recall": round(spr, 3),
        "speaker_f1": round(f1(spp, spr), 3),
        "kind_accuracy": round(kind_ok / tp, 3) if tp else 0.0,
        "errors": misses,
    }


def speed(n_ecb: int) -> dict:
    """Per-article time of annotate_articles and the share the quote stage adds to it."""
    arts, _problems, _repeats = read_inputs([ROOT / "examples" / "nato-leak-2022"])
    with ECB.open() as f:
        for line, _ in zip(f, range(n_ecb), strict=False):
            text = json.loads(line)["text"]
            arts.append(Article(id=content_id(text), source="ecb", text=text))
    words = sum(len(a.text.split()) for a in arts)
    t0 = time.perf_counter()
    annotate_articles(arts)
    total = time.perf_counter() - t0
    parsed = list(nlp.parse([clean(a) for a in arts]))
    t0 = time.perf_counter()
    for item, doc in parsed:
        quotes.extract(item, doc)
    stage = time.perf_counter() - t0
    return {
        "articles": len(arts),
        "mean_words": round(words / len(arts)),
        "pipeline_ms_per_article": round(1000 * total / len(arts), 2),
        "quote_stage_ms_per_article": round(1000 * stage / len(arts), 3),
        "quote_stage_share": round(stage / (total - stage), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed-articles", type=int, default=120, help="ECB+ articles in the speed run")
    args = parser.parse_args()
    result = {
        "quality": quality(),
        "polnear_dev": polnear.score(polnear.SETS / "polnear-dev"),
        "polnear_train_cv": speaker_ranker_train.cross_validated(),
        "speed": speed(args.speed_articles),
    }
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    q, s = result["quality"], result["speed"]
    print(
        f"quotes: P={q['quote_precision']:.3f} R={q['quote_recall']:.3f} F1={q['quote_f1']:.3f} "
        f"({q['gold_quotes']} gold, {q['predicted_quotes']} predicted)"
    )
    print(f"speakers: P={q['speaker_precision']:.3f} R={q['speaker_recall']:.3f} F1={q['speaker_f1']:.3f}")
    print(f"kind accuracy on matched quotes: {q['kind_accuracy']:.3f}")
    d = result["polnear_dev"]
    print(
        f"polnear-dev: quotes P={d['quote_precision']:.3f} R={d['quote_recall']:.3f} F1={d['quote_f1']:.3f}; "
        f"speakers {d['speakers_right']}/{d['named_sources']} ({d['speaker_accuracy']:.3f})"
    )
    cv = result["polnear_train_cv"]
    print(
        f"polnear-train, {cv['folds']}-fold by article (ranker refitted without the held-out fold): "
        f"speakers {cv['speaker_accuracy']:.3f}"
    )
    for e in q["errors"]:
        print("  " + e)
    print(
        f"speed: {s['articles']} articles (~{s['mean_words']} words): pipeline {s['pipeline_ms_per_article']} ms/article, "
        f"quote stage {s['quote_stage_ms_per_article']} ms/article = {100 * s['quote_stage_share']:.1f}% on top"
    )


if __name__ == "__main__":
    main()
