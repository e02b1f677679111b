"""Boilerplate quality (character P/R/F1 against the hand-made gold) and speed of the cleaning stage.

usage: .venv/bin/python bench/boilerplate.py [GOLD.json]
Writes bench/results/boilerplate.json. Quality needs the gold file of the example story
(default /work/shared/gold/nato-leak-2022.json); speed runs on the bundled examples.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from copydesk.annotate import boilerplate, signals
from copydesk.readers.text import from_text
from copydesk.text import furniture

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "nato-leak-2022"
GOLD = Path(sys.argv[1] if len(sys.argv) > 1 else "/work/shared/gold/nato-leak-2022.json")


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        elif e > s:
            out.append((s, e))
    return out


def _prf(tp: int, pl: int, gl: int) -> dict[str, float]:
    p, r = (tp / pl if pl else 0.0), (tp / gl if gl else 0.0)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def quality(articles: dict) -> dict:
    gold = json.loads(GOLD.read_text())
    res = {}
    for label, skip in (("all_kinds", set()), ("without_title", {"title"})):
        tp = pl = gl = 0
        for name, (a, spans) in articles.items():
            g = _union([(a.text.find(b["text"]), a.text.find(b["text"]) + len(b["text"]))
                        for b in gold["boilerplate"] if b["article"] == name and b["text"] in a.text])
            p = _union([(s.start, s.end) for s in spans if s.kind not in skip])
            tp += sum(max(0, min(x[1], y[1]) - max(x[0], y[0])) for x in g for y in p)
            pl += sum(e - s for s, e in p)
            gl += sum(e - s for s, e in g)
        res[label] = _prf(tp, pl, gl)
    return res


def main() -> None:
    files = sorted(EXAMPLE.glob("*.txt"))
    texts = [(f.name, f.read_text(encoding="utf-8")) for f in files]
    articles = {}
    for name, text in texts:
        a = from_text(text, name)
        articles[name] = (a, boilerplate.mark(a))
    rounds = 40  # after one warm-up round above: dateparser compiles its tables on first use
    t0 = time.perf_counter()
    for _ in range(rounds):
        # per-line caches would make repeated texts free: clear them so each round is a first read
        furniture.last_sentence_start.cache_clear()
        furniture.trailing_credit.cache_clear()
        for name, text in texts:
            a = from_text(text, name)
            boilerplate.mark(a)
            signals.find(a)
    dt = time.perf_counter() - t0
    words = sum(len(t.split()) for _, t in texts)
    result = {
        "articles": len(texts),
        "mean_words_per_article": round(words / len(texts)),
        "articles_per_second": round(rounds * len(texts) / dt, 1),
        "signals": {n: [(s.kind, s.value) for s in signals.find(a)] for n, (a, _) in articles.items()},
    }
    if GOLD.exists():
        result["quality"] = quality(articles)
    out = ROOT / "bench" / "results" / "boilerplate.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"read+boilerplate+signals: {result['articles_per_second']} articles/s "
          f"({result['mean_words_per_article']} words/article, 1 process)")
    for k, v in result.get("quality", {}).items():
        print(f"boilerplate {k}: P={v['precision']} R={v['recall']} F1={v['f1']}")


if __name__ == "__main__":
    main()
