"""Do summary citations state their sentence? Every citation of every summary, checked.

usage: .venv/bin/python bench/citations.py [--ecb] [--out citations.json]

The baseline (the code before citations were checked) runs the same script on older code:
``git worktree add /tmp/base 33ad719 && PYTHONPATH=/tmp/base/src .venv/bin/python
bench/citations.py --ecb --out citations_before.json``.

A cited span *supports* its summary sentence when it holds at least ``FLOOR`` of the
sentence's content words, at least ``FOCUS`` of its own content words are the sentence's, and
they share more than names (``supported`` below: written here on its own, apart from the
check in ``copydesk.summarize``, so the one can check the other; tests/test_citations.py
uses it too). Sets: the example story, bench/claims.py's hand-written stories and, with ``--ecb``,
the ECB+ dev articles (/work/shared/data/ecbplus-dev, grouped into stories as ``analyze``
does). Writes ``bench/results/citations.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import time
from pathlib import Path

import copydesk
from copydesk.model import Annotated, Article, SummarySentence
from copydesk.pipeline import analyze_story, annotate_articles, build_stories
from copydesk.text.words import STOP

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "nato-leak-2022"
CLAIM_STORIES = HERE / "data" / "claims"
ECB = Path("/work/shared/data/ecbplus-dev/articles.jsonl")

FLOOR = 0.4  # share of the summary sentence's content words the cited span must hold
FOCUS = 0.2  # share of the span's content words that must be the sentence's
# A word: letters (inner apostrophes and hyphens kept) or a number with its separators.
_TOKEN = re.compile(r"[a-z][a-z'’-]+|\d[\d,.]*")


def words(text: str) -> set[str]:
    """Content words: lower case, cut to five characters so "confirmed" meets "confirms"."""
    return {t.replace("’", "'")[:5] for t in _TOKEN.findall(text.lower()) if t not in STOP}


def coverage(sentence: str, span: str) -> float:
    """Share of the sentence's content words the span holds."""
    need = words(sentence)
    return len(need & words(span)) / len(need) if need else 0.0


def supported(sentence: str, span: str) -> bool:
    """The span holds FLOOR of the sentence's content words, FOCUS of its own are the sentence's,
    and one shared word is in lower case (or a number) in the sentence: not a name only."""
    need, have = words(sentence), words(span)
    tokens = sentence.split()[1:]  # the first word is capitalised whatever it is
    lower = words(" ".join(t for t in tokens if not t[:1].isupper()))
    shared = need & have
    return bool(shared & lower) and len(shared) >= FLOOR * len(need) and len(shared) >= FOCUS * len(have)


def citations(members: list[Annotated], summary: tuple[SummarySentence, ...]) -> list[dict]:
    """Each (sentence, cited span) pair of one summary, with the check's verdict."""
    by_id = {m.id: m for m in members}
    out = []
    for s in summary:
        for src in s.sources:
            span = " ".join(by_id[src.article].text[src.start : src.end].split())
            out.append({"sentence": s.text, "span": span, "article": src.article, "supported": supported(s.text, span)})
    return out


def _example() -> list[tuple[list[Annotated], tuple]]:
    analysis = copydesk.analyze([EXAMPLE])
    by_id = {m.id: m for m in analysis.articles}
    return [([by_id[a] for a in st.articles], st.summary) for st in analysis.stories]


def claim_story(path: Path) -> tuple[list[Annotated], tuple]:
    """One bench/claims.py story: its articles, annotated, and the summary ``analyze`` writes for them."""
    story = json.loads(path.read_text())
    arts = [Article(id=a["id"], source=f"{path.stem}/{a['id']}", text=a["text"]) for a in story["articles"]]
    members = annotate_articles(arts)
    return members, analyze_story(members).summary


def _ecb() -> list[tuple[list[Annotated], tuple]]:
    rows = [json.loads(line) for line in ECB.read_text().splitlines() if line.strip()]
    arts = [Article(id=r["id"], source=r.get("url") or r["id"], text=r["text"]) for r in rows]
    members = annotate_articles(arts)
    by_id = {m.id: m for m in members}
    return [([by_id[a] for a in st.articles], st.summary) for st in build_stories(members)]


def _figures(stories: list[tuple[list[Annotated], tuple]]) -> dict:
    cites = [c for members, summary in stories for c in citations(members, summary)]
    sentences = [s for _, summary in stories for s in summary]
    return {
        "stories": len(stories),
        "summary_sentences": len(sentences),
        "sentences_citing_2plus_articles": sum(1 for s in sentences if len({x.article for x in s.sources}) >= 2),
        "citations_checked": len(cites),
        "citations_supported": sum(c["supported"] for c in cites),
        "unsupported": [{k: c[k] for k in ("sentence", "span")} for c in cites if not c["supported"]][:40],
        # to read by hand: are the supported citations nearest the floor really statements of the sentence?
        "weakest_supported": [
            {"coverage": round(coverage(c["sentence"], c["span"]), 2), "sentence": c["sentence"], "span": c["span"]}
            for c in sorted((c for c in cites if c["supported"] and c["sentence"][1:] not in c["span"]),
                            key=lambda c: coverage(c["sentence"], c["span"]))[:15]
        ],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ecb", action="store_true", help="also the ECB+ dev articles (a few minutes)")
    ap.add_argument("--out", default="citations.json", help="file name under bench/results/")
    args = ap.parse_args()
    t0 = time.perf_counter()
    sets = {"example": _example(), "claims_stories": [claim_story(p) for p in sorted(CLAIM_STORIES.glob("*.json"))]}
    if args.ecb:
        sets["ecbplus_dev"] = _ecb()
    result = {
        "machine": f"{platform.node()} {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}",
        "code": copydesk.__file__, "floor": FLOOR, "focus": FOCUS,
        "sets": {name: _figures(stories) for name, stories in sets.items()},
        "seconds": round(time.perf_counter() - t0, 1),
    }
    out = HERE / "results" / args.out
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    for name, f in result["sets"].items():
        print(f"{name}: {f['citations_supported']}/{f['citations_checked']} citations supported; "
              f"{f['summary_sentences']} summary sentences, {f['sentences_citing_2plus_articles']} citing 2+ articles "
              f"({f['stories']} stories)")
    print(f"({result['seconds']} s, {result['machine']}) -> {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
