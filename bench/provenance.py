"""Provenance quality: copy type precision/recall on pairs built from real news text.

Negatives are independent reports of one event: every pair of ECB+ development articles in
one story (``stories.json``), plus pairs across the two sub-events of one topic. Positives
are made from real ECB+ articles by each copy type's transformations:

- verbatim_copy: the same body wrapped in page furniture (headline, byline, caption,
  "Related Articles" footer);
- syndicated_copy: wire edits (dateline, a few words changed, a sentence cut, last sentence
  trimmed) or paragraphs cut and reordered, with furniture;
- partial_reuse: two or three consecutive sentences of A pasted into an independent report
  of the same event;
- rewritten_copy: synonym spinning with the hand-made thesaurus ``bench/data/thesaurus.txt``
  (which nothing under ``src/`` reads, so the bench is not circular), sentence order kept.

Articles are cleaned by the pipeline's boilerplate/signal stage; sentences come from the
regex splitter (no spaCy parse, to keep the bench short). Writes
``bench/results/provenance.json``.

usage: python bench/provenance.py [--seed 7] [--negatives 1500]
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import json
import random
import re
import sys
import time
from collections import Counter
from pathlib import Path

from copydesk import pipeline
from copydesk.compare import provenance
from copydesk.model import Article, content_id

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data" / "ecbplus-dev"
TYPES = ["verbatim_copy", "syndicated_copy", "partial_reuse", "rewritten_copy", "independent"]
_SENT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])|\n+")
_WORD_RE = re.compile(r"[A-Za-z]+")


def load_thesaurus() -> dict[str, list[str]]:
    out = {}
    for line in (HERE / "data" / "thesaurus.txt").read_text().splitlines():
        if line.startswith("#") or ":" not in line:
            continue
        word, syns = line.split(":", 1)
        out[word.strip()] = [s.strip() for s in syns.split(",") if s.strip()]
    return out


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENT_RE.split(text) if s and s.strip()]


def furnish(body: str, rng: random.Random) -> str:
    """Wrap a body in page furniture a copying site adds."""
    head = rng.choice(["BREAKING NEWS", "World News | Latest", "Home > News > World"])
    cap = rng.choice(["Photo: Reuters", "(AP Photo/File)", "Image credit: Getty Images"])
    foot = rng.choice([
        "Related Articles\n\nSubscribe to our newsletter for the latest news.",
        "Share this:\nFacebook\nTwitter\nEmail",
        "Copyright 2024. All rights reserved.\n\nBack to top",
    ])
    return f"{head}\n\n{cap}\n\n{body}\n\n{foot}\n"


def wire_edit(body: str, rng: random.Random) -> str:
    sents = sentences(body)
    if len(sents) > 4:
        del sents[rng.randrange(1, len(sents) - 1)]
        sents = sents[:-1]
    words_changed = []
    for s in sents:
        if rng.random() < 0.3:
            s = s.replace(" said", " said on Tuesday", 1) if " said" in s else s.replace(" the ", " a ", 1)
        words_changed.append(s)
    dateline = rng.choice(["LONDON (Reuters) - ", "NEW YORK (AP) — ", "WASHINGTON, AFP - "])
    return dateline + "\n\n".join(words_changed)


def cut_reorder(body: str, rng: random.Random) -> str:
    sents = sentences(body)
    keep = [s for s in sents if rng.random() > 0.25]
    if len(keep) >= len(sents) - 1:  # a cut copy loses at least two sentences
        keep = [s for k, s in enumerate(sents) if k not in rng.sample(range(1, len(sents)), 2)]
    if len(keep) >= 4:
        k = len(keep) // 2
        keep = keep[:1] + keep[k:] + keep[1:k]  # lead kept, middle paragraphs swapped
    return "\n\n".join(keep)


def spin(body: str, thesaurus: dict[str, list[str]], rng: random.Random, rate: float = 0.8) -> str:
    def swap(m: re.Match) -> str:
        w = m.group()
        syns = thesaurus.get(w.lower())
        if not syns or rng.random() > rate:
            return w
        s = rng.choice(syns)
        return s[0].upper() + s[1:] if w[0].isupper() else s

    sents = [_WORD_RE.sub(swap, s) for s in sentences(body)]
    if len(sents) > 5 and rng.random() < 0.5:
        del sents[rng.randrange(1, len(sents))]  # spinners also drop a sentence
    return "\n\n".join(sents)


def build(seed: int, n_neg: int) -> tuple[list[Article], list[tuple[str, str, str, str]]]:
    rng = random.Random(seed)
    thesaurus = load_thesaurus()
    rows = {r["id"]: r["text"] for r in map(json.loads, (DATA / "articles.jsonl").open())}
    stories = json.loads((DATA / "stories.json").read_text())
    arts: dict[str, Article] = {}

    def art(text: str, source: str) -> str:
        a = Article(content_id(text), source, text)
        arts.setdefault(a.id, a)
        return a.id

    pairs: list[tuple[str, str, str, str]] = []  # (a, b, label, group)
    negatives = []
    for ids in stories.values():
        ids = [i for i in ids if i in rows]
        negatives += [(x, y, "same_event") for x, y in itertools.combinations(ids, 2)]
    topics: dict[str, list[str]] = {}
    for name in stories:
        topics.setdefault(name.split("/")[0], []).append(name)
    for names in topics.values():
        if len(names) == 2:
            xs, ys = stories[names[0]], stories[names[1]]
            negatives += [(x, y, "same_topic") for x in xs[:4] for y in ys[:4] if x in rows and y in rows]
    for x, y, group in rng.sample(negatives, min(n_neg, len(negatives))):
        pairs.append((art(rows[x], x), art(rows[y], y), "independent", group))
    story_of = {i: name for name, ids in stories.items() for i in ids}
    for rid, text in rows.items():
        if len(sentences(text)) < 5:
            continue
        src = art(text, rid)
        kind = rng.choice(["verbatim", "wire", "cut", "partial", "spun", "spun"])
        if kind == "verbatim":
            pairs.append((src, art(furnish(text, rng), rid + "+verbatim"), "verbatim_copy", kind))
        elif kind == "wire":
            pairs.append((src, art(furnish(wire_edit(text, rng), rng), rid + "+wire"), "syndicated_copy", kind))
        elif kind == "cut":
            pairs.append((src, art(furnish(cut_reorder(text, rng), rng), rid + "+cut"), "syndicated_copy", kind))
        elif kind == "partial":
            hosts = [h for h in stories[story_of[rid]] if h != rid and h in rows]
            if not hosts:
                continue
            host = sentences(rows[rng.choice(hosts)])
            sents = sentences(text)
            blocks = [sents[k : k + n] for k in range(len(sents) - 1) for n in (2, 3)]
            # a reused paragraph: 35+ words of reporting, not a headline, dateline or quote
            blocks = [b for b in blocks if len(" ".join(b).split()) >= 35 and not re.search("[“”\"]", " ".join(b))]
            if not blocks:
                continue
            taken = rng.choice(blocks)
            at = rng.randrange(1, max(2, len(host)))
            mixed = host[:at] + taken + host[at:]
            pairs.append((src, art("\n\n".join(mixed), rid + "+partial"), "partial_reuse", kind))
        else:
            pairs.append((src, art(spin(text, thesaurus, rng), rid + "+spun"), "rewritten_copy", kind))
    return list(arts.values()), pairs


def looks_shared(x: str, y: str) -> bool:
    """Label audit for ECB+ negatives, independent of the detector (difflib on words).

    ECB+ stories hold wire versions and duplicates of one text as well as independent
    reports; a pair sharing a 12-word run or half its words in order is not a clean negative.
    """
    wx, wy = _WORD_RE.findall(x.lower()), _WORD_RE.findall(y.lower())
    sm = difflib.SequenceMatcher(None, wx, wy, autojunk=False)
    longest = max((b.size for b in sm.get_matching_blocks()), default=0)
    return longest >= 12 or sm.ratio() >= 0.5


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--negatives", type=int, default=1500)
    args = ap.parse_args()
    t0 = time.perf_counter()
    articles, pairs = build(args.seed, args.negatives)
    items = {a.id: provenance.prepare(pipeline.clean(a)) for a in articles}
    t1 = time.perf_counter()
    got = [provenance.compare_items(items[a], items[b]).type for a, b, _, _ in pairs]
    t2 = time.perf_counter()
    gold = [p[2] for p in pairs]
    per_type = {
        t: prf(
            sum(g == t and p == t for g, p in zip(gold, got, strict=True)),
            sum(g != t and p == t for g, p in zip(gold, got, strict=True)),
            sum(g == t and p != t for g, p in zip(gold, got, strict=True)),
        )
        for t in TYPES
    }
    copy_g = [g != "independent" for g in gold]
    copy_p = [p != "independent" for p in got]
    binary = prf(
        sum(g and p for g, p in zip(copy_g, copy_p, strict=True)),
        sum(p and not g for g, p in zip(copy_g, copy_p, strict=True)),
        sum(g and not p for g, p in zip(copy_g, copy_p, strict=True)),
    )
    spun = [p for g, p in zip(gold, got, strict=True) if g == "rewritten_copy"]
    by_id = {a.id: a for a in articles}
    neg = {grp: [p for (_, _, g, gg), p in zip(pairs, got, strict=True) if g == "independent" and gg == grp]
           for grp in ("same_event", "same_topic")}
    neg["same_event_clean"] = [
        p for (a, b, g, gg), p in zip(pairs, got, strict=True)
        if g == "independent" and gg == "same_event" and not looks_shared(by_id[a].text, by_id[b].text)
    ]
    clean_ids = {(a, b) for (a, b, g, gg) in pairs if g == "independent" and gg == "same_event"
                 and not looks_shared(by_id[a].text, by_id[b].text)}
    keep = [k for k, (a, b, g, gg) in enumerate(pairs) if g != "independent" or (a, b) in clean_ids
            or gg != "same_event"]
    cg = [copy_g[k] for k in keep]
    cp = [copy_p[k] for k in keep]
    binary_clean = prf(
        sum(g and p for g, p in zip(cg, cp, strict=True)), sum(p and not g for g, p in zip(cg, cp, strict=True)),
        sum(g and not p for g, p in zip(cg, cp, strict=True)),
    )
    result = {
        "pairs": len(pairs),
        "labels": dict(Counter(gold)),
        "per_type": per_type,
        "copy_vs_independent": binary,
        "copy_vs_independent_clean_negatives": binary_clean,
        "spun_recall_any_copy": round(sum(p != "independent" for p in spun) / max(len(spun), 1), 4),
        "spun_recall_as_rewritten": round(sum(p == "rewritten_copy" for p in spun) / max(len(spun), 1), 4),
        "negatives": {k: len(v) for k, v in neg.items()},
        "false_positive_rate": {k: round(sum(p != "independent" for p in v) / max(len(v), 1), 4)
                                for k, v in neg.items()},
        "confusion": {g: dict(Counter(p for gg, p in zip(gold, got, strict=True) if gg == g)) for g in TYPES},
        "seconds": {"prepare": round(t1 - t0, 2), "compare": round(t2 - t1, 2)},
        "pairs_per_second": round(len(pairs) / (t2 - t1), 1),
        "command": " ".join(["python", *sys.argv]),
    }
    out = HERE / "results" / "provenance.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(json.dumps({k: result[k] for k in ("labels", "copy_vs_independent", "copy_vs_independent_clean_negatives", "spun_recall_any_copy",
                                             "spun_recall_as_rewritten", "negatives", "false_positive_rate", "confusion",
                                             "pairs_per_second")}, indent=1))
    for t, v in per_type.items():
        print(f"{t:16s} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}")


if __name__ == "__main__":
    main()
