"""The whole ``copydesk analyze -p 1`` against spaCy alone on the same texts, with a per-stage breakdown.

Data: ``../shared/data/ecbplus-dev`` + ``../shared/data/basil-dev`` (503 articles), read by
copydesk's JSONL reader. In one process, after both models are loaded (loading is not timed):

- ``spacy_alone``: the shared pipeline (``nlp_models.spacy_pipeline``) parsing every article's text,
  ``nlp.pipe(texts, batch_size=32)`` as the article stage calls it;
- ``analyze``: ``pipeline.analyze(paths, n_process=1)``, what ``copydesk analyze -p 1`` runs,
  with the time spent in each stage (stage functions wrapped by a timer for the run; ``parse``
  is the annotate time the other per-article stages leave).

Rounds alternate the two (``--rounds``, best of each kept). The analysis is rendered by
``render/json.py`` (what ``--json`` writes) and its SHA-256 recorded, with one digest per
top-level section and per story so a change can be located. ``--baseline`` writes
``bench/results/analyze_baseline.json`` (the code before issue 17); every other run writes
``bench/results/analyze.json`` with the baseline's figures beside its own and says which
sections and stories differ from the baseline (``--expect``: fail unless none do).

usage: nice .venv/bin/python bench/analyze.py [--rounds 1] [--baseline] [--expect] [--save-json PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import os
import platform
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from copydesk import pipeline
from copydesk.nlp_models import spacy_pipeline, word_embedder
from copydesk.render import json as render_json

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
SETS = ("ecbplus-dev", "basil-dev")
OUT = HERE / "results" / "analyze.json"
BASELINE = HERE / "results" / "analyze_baseline.json"

# (stage name, module, attribute): the functions the pipeline calls, looked up where it calls them.
# A name missing from the code (moved by a refactor) is skipped, so the bench runs on any version.
STAGES = [
    ("read", "copydesk.pipeline", "read_inputs"),
    ("annotate", "copydesk.pipeline", "annotate_articles"),
    ("  clean", "copydesk.pipeline", "clean"),
    ("  after_parse", "copydesk.pipeline", "_after_parse"),
    ("stories", "copydesk.pipeline", "build_stories"),
    ("  grouping", "copydesk.stories.grouping", "group"),
    ("  story_context", "copydesk.compare.context", "build"),
    ("  speakers", "copydesk.compare.speakers", "resolve"),
    ("  quote_groups", "copydesk.compare.quote_groups", "group"),
    ("  provenance", "copydesk.compare.provenance", "relate"),
    ("  title", "copydesk.stories.titles", "story_title"),
    ("  claims", "copydesk.compare.claims", "align"),
    ("  divergence", "copydesk.compare.divergence", "find"),
    ("  summary", "copydesk.pipeline", "summarize"),
]


@contextmanager
def stage_timers(totals: dict[str, float]):
    """Wrap each stage function with a timer (re-entrant calls counted once); restore on exit."""
    saved = []
    for name, module_name, attr in STAGES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        fn = getattr(module, attr, None)
        if fn is None:
            continue
        depth = [0]

        def timed(*args, _fn=fn, _name=name, _depth=depth, **kwargs):
            if _depth[0]:
                return _fn(*args, **kwargs)
            _depth[0] += 1
            t0 = time.perf_counter()
            try:
                return _fn(*args, **kwargs)
            finally:
                _depth[0] -= 1
                totals[_name] = totals.get(_name, 0.0) + time.perf_counter() - t0

        # Patch the function where it is defined and in pipeline's namespace (it imports modules,
        # so module attributes are looked up at call time).
        saved.append((module, attr, fn))
        setattr(module, attr, timed)
    try:
        yield
    finally:
        for module, attr, fn in reversed(saved):
            setattr(module, attr, fn)


# Article layers added since the baseline: left out of the "articles" digest (so it still proves
# every earlier layer unchanged) and digested on their own.
NEW_LAYERS = ("frames",)


def digests(analysis) -> tuple[str, dict]:  # noqa: ANN001 - Analysis
    text = render_json.dumps(analysis)
    d = json.loads(text)
    new = [{k: a.pop(k) for k in NEW_LAYERS if k in a} for a in d.get("articles", [])]
    parts = {key: _sha(json.dumps(value, sort_keys=True, ensure_ascii=False)) for key, value in d.items()}
    parts["new_article_layers"] = _sha(json.dumps(new, sort_keys=True, ensure_ascii=False))
    stories = {s["id"]: _sha(json.dumps(s, sort_keys=True, ensure_ascii=False)) for s in d.get("stories", [])}
    return _sha(text), {"sections": parts, "stories": stories}


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--baseline", action="store_true", help="write the baseline figures and digests")
    ap.add_argument("--expect", action="store_true", help="fail unless every digest equals the baseline's")
    ap.add_argument("--save-json", type=Path, help="also write the analysis JSON here (to diff two versions)")
    ap.add_argument("--label", default="", help="a note saved with the figures (e.g. 'baseline')")
    args = ap.parse_args()

    paths = [DATA / name / "articles.jsonl" for name in SETS]
    nlp = spacy_pipeline()
    word_embedder()
    articles, problems, _ = pipeline.read_inputs(paths)
    assert not problems, problems
    texts = [a.text for a in articles]
    nlp("warm up")

    spacy_times, analyze_times, breakdowns = [], [], []
    analysis = None
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=32):
            pass
        spacy_times.append(time.perf_counter() - t0)

        totals: dict[str, float] = {}
        with stage_timers(totals):
            t0 = time.perf_counter()
            analysis = pipeline.analyze(paths, n_process=1)
            analyze_times.append(time.perf_counter() - t0)
        annotate = totals.get("annotate", 0.0)
        totals["  parse (annotate − clean − after_parse)"] = annotate - totals.get("  clean", 0.0) - totals.get(
            "  after_parse", 0.0
        )
        breakdowns.append(totals)

    best = min(range(args.rounds), key=lambda i: analyze_times[i])
    digest, parts = digests(analysis)
    if args.save_json:
        args.save_json.write_text(render_json.dumps(analysis), encoding="utf-8")
    result = {
        "label": args.label,
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, {platform.python_version()}",
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "data": [str(p.relative_to(DATA.parent.parent)) for p in paths],
        "articles": len(analysis.articles),
        "stories": len(analysis.stories),
        "spacy_alone_s": round(min(spacy_times), 2),
        "analyze_s": round(analyze_times[best], 2),
        "ratio": round(analyze_times[best] / min(spacy_times), 3),
        "all_rounds": {"spacy_alone_s": [round(t, 2) for t in spacy_times],
                       "analyze_s": [round(t, 2) for t in analyze_times]},
        "stages_s": {k: round(v, 2) for k, v in sorted(breakdowns[best].items(), key=lambda kv: _order(kv[0]))},
        "digest": digest,
        "digests": parts,
    }
    print(f"{result['articles']} articles, {result['stories']} stories; load {result['load_average_at_end']}")
    print(f"spaCy alone {result['spacy_alone_s']:.2f} s · analyze {result['analyze_s']:.2f} s · "
          f"ratio {result['ratio']:.2f}")
    for k, v in result["stages_s"].items():
        print(f"  {k:45s} {v:7.2f} s")
    print(f"digest {digest}")
    if args.baseline:
        BASELINE.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return
    base = json.loads(BASELINE.read_text(encoding="utf-8"))
    sections = sorted(k for k, v in parts["sections"].items()
                      if k != "new_article_layers" and base["digests"]["sections"].get(k) != v)
    stories = sorted(k for k, v in parts["stories"].items() if base["digests"]["stories"].get(k) != v)
    stories += sorted(k for k in base["digests"]["stories"] if k not in parts["stories"])
    result["against_baseline"] = {
        "identical": not sections and not stories,  # every section but the new article layers
        "sections_differing": sections,
        "stories_differing": stories,
        "baseline": {k: base[k] for k in ("label", "spacy_alone_s", "analyze_s", "ratio", "stages_s",
                                          "load_average_at_end")},
    }
    print(f"against the baseline: sections differing {sections}, stories differing {len(stories)} of "
          f"{len(base['digests']['stories'])}; baseline ratio {base['ratio']} (load {base['load_average_at_end']})")
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.expect and (sections or stories):
        sys.exit(1)


def _order(name: str) -> int:
    names = [n for n, _, _ in STAGES]
    return names.index(name) if name in names else names.index("  after_parse")


if __name__ == "__main__":
    main()
