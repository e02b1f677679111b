"""Claim alignment F1 and divergence recall on hand-written stories with known answers.

usage: .venv/bin/python bench/claims.py [--threshold 0.55]

The threshold is also chosen by leave-one-story-out cross-validation (pick the grid value
with the best pooled F1 on the other stories, score the held-out one): ``cross_validated``
in the result is what to expect on a story the threshold was not chosen on.

Each ``bench/data/claims/*.json`` story lists its articles, copy families, gold claims (the
sentences that state one fact, named by a substring) and gold divergences (variant
substrings). Claim alignment is scored on sentence pairs: two sentences of different
articles are a gold pair when one gold claim holds both. A gold divergence is found when
one predicted divergence has variants overlapping two or more of its variants. Writes
``bench/results/claims.json``.
"""

from __future__ import annotations

import argparse
import json
import time
from itertools import combinations
from pathlib import Path

from copydesk.compare import claims as claims_mod
from copydesk.compare import divergence
from copydesk.model import Article
from copydesk.pipeline import annotate_articles
from copydesk.summarize import summarize

HERE = Path(__file__).resolve().parent
DATA = HERE / "data" / "claims"


def _locate(text: str, needle: str) -> tuple[int, int]:
    i = text.find(needle)
    if i < 0:
        raise ValueError(f"gold substring not in article: {needle!r}")
    return i, i + len(needle)


GRID = [round(0.35 + 0.05 * k, 2) for k in range(9)]  # 0.35 … 0.75


def _members(path: Path) -> tuple[dict, list]:
    story = json.loads(path.read_text())
    arts = [Article(id=a["id"], source=f"{path.stem}/{a['id']}", text=a["text"], published=a.get("published"))
            for a in story["articles"]]
    return story, annotate_articles(arts)


def run_story(path: Path, threshold: float, loaded: tuple[dict, list] | None = None) -> dict:
    story, members = loaded or _members(path)
    by_id = {m.id: m for m in members}
    families = story.get("families") or []
    claims = claims_mod.align(members, families, threshold=threshold)
    divs = divergence.find(members, families, claims)
    summary = summarize(members, claims, families=families or None)

    def sentence_of(article: str, pos: int) -> tuple[str, int]:
        for s in by_id[article].sentences:
            if s.start <= pos < s.end:
                return article, s.start
        return article, pos

    gold_pairs = set()
    for claim in story["claims"]:
        sents = [sentence_of(a, _locate(by_id[a].text, sub)[0]) for a, sub in claim]
        gold_pairs |= {frozenset(p) for p in combinations(sents, 2) if p[0][0] != p[1][0]}
    pred_pairs = set()
    for c in claims:
        sents = [sentence_of(s.article, s.start) for s in c.sources]
        pred_pairs |= {frozenset(p) for p in combinations(sents, 2)}
    tp = len(gold_pairs & pred_pairs)

    found = []
    for g in story["divergences"]:
        spans = {a: _locate(by_id[a].text, sub) for a, sub in g["variants"]}
        hit = any(
            len({v.article for v in d.variants if v.article in spans
                 and v.start < spans[v.article][1] and spans[v.article][0] < v.end}) >= 2
            for d in divs
        )
        found.append({"kind": g["kind"], "found": hit})
    return {
        "story": path.stem, "tp": tp, "gold_pairs": len(gold_pairs), "pred_pairs": len(pred_pairs),
        "divergences": found, "reported_divergences": len(divs),
        "summary_sentences": len(summary), "summary_cited": sum(1 for s in summary if s.sources),
    }


def _pooled(rows: list[dict]) -> tuple[float, float, float]:
    tp = sum(r["tp"] for r in rows)
    gp = sum(r["gold_pairs"] for r in rows)
    pp = sum(r["pred_pairs"] for r in rows)
    p, r = (tp / pp if pp else 0.0), (tp / gp if gp else 0.0)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _cross_validate(paths: list[Path], loaded: dict) -> dict:
    """Leave one story out: choose the threshold on the others, score the one left out."""
    table = {t: {p: run_story(p, t, loaded[p]) for p in paths} for t in GRID}
    held, chosen = [], {}
    for out in paths:
        best = max(GRID, key=lambda t: (round(_pooled([table[t][p] for p in paths if p != out])[2], 4), -abs(t - 0.55)))
        chosen[out.stem] = best
        held.append(table[best][out])
    p, r, f1 = _pooled(held)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "chosen": chosen,
            "grid_f1": {t: round(_pooled(list(table[t].values()))[2], 3) for t in GRID}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threshold", type=float, default=claims_mod.THRESHOLD)
    args = ap.parse_args()
    t0 = time.perf_counter()
    paths = sorted(DATA.glob("*.json"))
    loaded = {p: _members(p) for p in paths}
    stories = [run_story(p, args.threshold, loaded[p]) for p in paths]
    seconds = round(time.perf_counter() - t0, 2)
    cv = _cross_validate(paths, loaded)
    tp = sum(s["tp"] for s in stories)
    gp = sum(s["gold_pairs"] for s in stories)
    pp = sum(s["pred_pairs"] for s in stories)
    p, r = (tp / pp if pp else 0.0), (tp / gp if gp else 0.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    divs = [d for s in stories for d in s["divergences"]]
    by_kind: dict[str, list[bool]] = {}
    for d in divs:
        by_kind.setdefault(d["kind"], []).append(d["found"])
    result = {
        "stories": len(stories), "threshold": args.threshold,
        "claim_pairs": {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3), "tp": tp, "gold": gp, "predicted": pp},
        "divergence_recall": round(sum(d["found"] for d in divs) / len(divs), 3),
        "divergence_recall_by_kind": {k: f"{sum(v)}/{len(v)}" for k, v in sorted(by_kind.items())},
        "reported_divergences": sum(s["reported_divergences"] for s in stories),
        "summary_cited": f"{sum(s['summary_cited'] for s in stories)}/{sum(s['summary_sentences'] for s in stories)}",
        "cross_validated": cv,
        "seconds": seconds,
        "per_story": stories,
    }
    out = HERE / "results" / "claims.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"claim alignment: P={p:.2f} R={r:.2f} F1={f1:.2f} ({tp}/{gp} gold pairs, {pp} predicted)")
    print(f"divergence recall: {result['divergence_recall']:.2f} {result['divergence_recall_by_kind']} "
          f"({result['reported_divergences']} reported)")
    print(f"leave-one-story-out: F1={cv['f1']:.2f} (P={cv['precision']:.2f} R={cv['recall']:.2f}), "
          f"thresholds chosen {cv['chosen']}")
    print(f"summary cited: {result['summary_cited']}  ({result['seconds']} s) -> {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
