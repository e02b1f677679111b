"""Fit the speaker ranker on polnear-train only; writes src/copydesk/data/speaker_ranker.json.

usage: .venv/bin/python bench/speaker_ranker_train.py [--folds 5] [--pronoun-labels]

Each quote of a training article contributes its candidates (``annotate.speaker_candidates``):
when the annotators named the source, a candidate is positive when its name's last word occurs
in it (the scorer's rule); when the source is a pronoun, the one pronoun subject of the quote's
sentence is positive. The regularisation strength is chosen by
cross-validation over articles of the training split; polnear-dev is never read here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from polnear import SETS, parsed, score
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from copydesk.annotate import quotes
from copydesk.annotate.speaker_ranker import choose

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "copydesk" / "data" / "speaker_ranker.json"
MAX_RIGHT_DROPPED = 0.005  # the probability floor may cost this share of right picks (held out)


def _label(name: str, source: str) -> bool:
    last = name.replace("’s", "").split()
    return bool(last) and last[-1].lower().strip(".,") in source.lower()


def collect(set_dir: Path, pronouns: bool = True) -> list[list[tuple[dict, int, bool]]]:
    """Per article: per quote with a named gold source, its candidates as (features, quote, label)."""
    gold = json.loads((set_dir / "gold.json").read_text())
    articles = []
    for name, item, doc in parsed(set_dir):
        g = gold.get(name, {"quotes": []})
        rows: list[tuple[dict, int, bool]] = []

        def record(cands, ctx, rows=rows, g=g):  # noqa: ANN001, ANN202
            hit = next(
                (gq for gq in g["quotes"] if min(gq["end"], ctx.end) - max(gq["start"], ctx.start) >= 0.5 * (gq["end"] - gq["start"])),
                None,
            )
            if hit is None:
                return next((c for c in cands if c.features.get("rule")), None)
            if hit["source"]:
                labels = [_label(c.speaker.name, hit["source"]) for c in cands]
            elif not pronouns:
                return next((c for c in cands if c.features.get("rule")), None)
            else:  # the annotators' source is a pronoun: the one pronoun subject of the quote's sentence
                labels = [bool(c.features.get("pronoun") and c.features.get("sent_dist=0")) for c in cands]
                if sum(labels) != 1:
                    return next((c for c in cands if c.features.get("rule")), None)
            qid = (len({r[1] for r in rows}), bool(hit["source"]))  # scored below when named
            if any(labels):
                rows.extend((c.features, qid, y) for c, y in zip(cands, labels, strict=True))
            else:
                rows.append(({}, qid, None))  # a quote whose speaker is no candidate: counts as a miss
            return next((c for c, y in zip(cands, labels, strict=True) if y), None)

        quotes.extract(item, doc, choose=record)
        articles.append(rows)
    return articles


def _fit(rows: list[tuple[dict, int, bool]], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    rows = [r for r in rows if r[2] is not None]
    vec = DictVectorizer()
    x = vec.fit_transform([r[0] for r in rows])
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit(x, np.array([r[2] for r in rows], dtype=int))
    return vec, model


def _accuracy(articles: list[list], vec: DictVectorizer, model: LogisticRegression, picks: list | None = None) -> tuple[int, int]:
    """Top-1 right and total over the quotes of ``articles``; ``picks`` collects (probability, right)."""
    right = total = 0
    for rows in articles:
        by_q: dict[int, list] = {}
        for f, q, y in rows:
            by_q.setdefault(q, []).append((f, y))
        for (_n, named), cands in by_q.items():
            if not named:
                continue
            total += 1
            if cands[0][1] is None:
                continue
            p = model.predict_proba(vec.transform([f for f, _ in cands]))[:, 1]
            ok = bool(cands[int(np.argmax(p))][1])
            right += ok
            if picks is not None:
                picks.append((float(p.max()), ok))
    return right, total


def _threshold(picks: list[tuple[float, bool]]) -> float:
    """The highest probability floor that drops at most MAX_RIGHT_DROPPED of the right picks."""
    n_right = sum(ok for _, ok in picks)
    best = 0.0
    for t in np.arange(0.05, 0.6, 0.05):
        dropped_right = sum(ok for p, ok in picks if p < t)
        dropped_wrong = sum(not ok for p, ok in picks if p < t)
        print(f"  floor {t:.2f}: drops {dropped_right} right and {dropped_wrong} wrong picks")
        if dropped_right <= MAX_RIGHT_DROPPED * n_right:
            best = round(float(t), 2)
    return best


def _model(vec: DictVectorizer, model: LogisticRegression, floor: float) -> dict:
    names = vec.get_feature_names_out()
    weights = {n: round(float(w), 4) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-4}
    return {"bias": round(float(model.intercept_[0]), 4), "min_probability": floor, "weights": weights}


def _deployed(articles: list[list], c: float, floor: float, folds: int) -> float:
    """Speaker accuracy (score_quotes.py's rule) with each fold's articles run through the quote
    stage by a model fitted on the other folds: previous speakers are the model's own picks."""
    right = named = 0
    for k in range(folds):
        train = [r for i, a in enumerate(articles) if i % folds != k for r in _relabel(a, i)]
        m = _model(*_fit(train, c), floor)
        out = score(SETS / "polnear-train", choose=lambda cands, _ctx, m=m: choose(cands, m), only=set(range(k, len(articles), folds)))
        right, named = right + out["speakers_right"], named + out["named_sources"]
    return right / named


def cross_validated(folds: int = 5) -> dict:
    """The shipped model's settings (C, probability floor) refitted fold by fold on polnear-train:
    speaker accuracy on each held-out fold as the CLI scores it (k-fold by article)."""
    shipped = json.loads(OUT.read_text())
    articles = collect(SETS / "polnear-train", pronouns=shipped.get("pronoun_labels", False))
    acc = _deployed(articles, shipped["C"], shipped["min_probability"], folds)
    return {"set": "polnear-train", "folds": folds, "articles": len(articles), "speaker_accuracy": round(acc, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--pronoun-labels", action="store_true", help="learn from pronoun sources too")
    args = parser.parse_args()
    articles = collect(SETS / "polnear-train", pronouns=args.pronoun_labels)
    scores, picks = {}, {}
    for c in (0.1, 0.3, 1.0):
        right = total = 0
        picks[c] = []
        for k in range(args.folds):
            train = [r for i, a in enumerate(articles) if i % args.folds != k for r in _relabel(a, i)]
            test = [a for i, a in enumerate(articles) if i % args.folds == k]
            vec, model = _fit(train, c)
            r, t = _accuracy(test, vec, model, picks[c])
            right, total = right + r, total + t
        scores[c] = right / total
        print(f"C={c}: held-out top-1 accuracy on named-source quotes {right}/{total} ({right / total:.3f})")
    best = max(scores, key=lambda c: (scores[c], -c))
    floor = _threshold(picks[best])
    print(f"as the CLI scores it, held out by fold: speakers {_deployed(articles, best, floor, args.folds):.3f}")
    vec, model = _fit([r for i, a in enumerate(articles) for r in _relabel(a, i)], best)
    weights = _model(vec, model, floor)["weights"]
    OUT.write_text(
        json.dumps(
            {
                "trained_on": "polnear-train",
                "C": best,
                "pronoun_labels": args.pronoun_labels,
                "cv_accuracy": round(scores[best], 3),
                "bias": round(float(model.intercept_[0]), 4),
                "min_probability": floor,
                "weights": dict(sorted(weights.items())),
            },
            indent=1,
        )
        + "\n"
    )
    print(f"chose C={best}, probability floor {floor}; wrote {OUT.relative_to(ROOT)} ({len(weights)} features)")


def _relabel(rows: list, article: int) -> list:
    """Quote ids made unique across articles."""
    return [(f, (article, *q), y) for f, q, y in rows]


if __name__ == "__main__":
    main()
