"""Quotes and speakers on a PolNeAR-style set (articles/*.txt + gold.json), scored like
../shared/tools/score_quotes.py, without the story stages (each article is its own story).

usage: .venv/bin/python bench/polnear.py [SET_DIR] [--errors]

The parse of each set is cached (spaCy DocBin under bench/cache/) so a rerun of the quote
stage alone takes seconds. Used to choose settings on polnear-train; polnear-dev is scored only.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
from pathlib import Path

from copydesk.annotate import nlp, quotes
from copydesk.compare import speakers
from copydesk.pipeline import clean, read_inputs

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache"
SETS = Path("/work/shared/data")


def _parse_code() -> bytes:
    src = ROOT / "src" / "copydesk"
    stages = [*sorted((src / "readers").glob("*.py")), src / "nlp_models.py", src / "model.py"]
    stages += [src / "annotate" / f"{m}.py" for m in ("boilerplate", "furniture", "signals", "nlp")]
    return b"".join(p.read_bytes() for p in stages)


def parsed(set_dir: Path) -> list[tuple[str, object, object]]:
    """``(file name, Annotated, Doc)`` for every article of the set, parsed once and cached."""
    from spacy.tokens import DocBin

    from copydesk.nlp_models import spacy_pipeline

    files = sorted((set_dir / "articles").glob("*.txt"))
    # the set's files and the code the cached stages run (readers, boilerplate, parse)
    key = hashlib.sha1("".join(f.name for f in files).encode() + _parse_code()).hexdigest()[:12]
    path = CACHE / f"{set_dir.name}-{key}-read.pkl"
    nlp_ = spacy_pipeline()
    if path.exists():
        names, items, blob = pickle.loads(path.read_bytes())
        docs = list(DocBin().from_bytes(blob).get_docs(nlp_.vocab))
        return list(zip(names, items, docs, strict=True))
    arts, _problems, _repeats = read_inputs(files)  # the CLI's readers: same text, title and furniture
    files = [f for f in files if str(f) in {a.source for a in arts}]
    items, bin_ = [], DocBin(store_user_data=True)
    docs = []
    for item, doc in nlp.parse([clean(a) for a in arts]):
        items.append(item)
        docs.append(doc)
        bin_.add(doc)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(([f.name for f in files], items, bin_.to_bytes())))
    return list(zip([f.name for f in files], items, docs, strict=True))


def _ov(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(set_dir: Path, show_errors: bool = False, choose=None, only=None) -> dict:  # noqa: ANN001
    """Quote P/R/F1 and speaker accuracy as score_quotes.py computes them.

    ``choose`` replaces the shipped ranker (cross-validation); ``only`` limits the article indices.
    """
    import json

    gold = json.loads((set_dir / "gold.json").read_text())
    found = named = spk = right = npred = total = 0
    errors = []
    for n, (name, item, doc) in enumerate(parsed(set_dir)):
        g = gold.get(name)
        if g is None or (only is not None and n not in only):
            continue
        qs = speakers.resolve(quotes.extract(item, doc, choose), [item])
        ps = [q for q in qs if q.kind in ("speech", "document")]
        text = item.text
        for gq in g["quotes"]:
            total += 1
            span = (gq["start"], gq["end"])
            hit = next((p for p in ps if _ov(span, (p.start, p.end)) >= 0.5 * (span[1] - span[0])), None)
            if gq["source"]:
                named += 1
            if hit is None:
                continue
            found += 1
            if gq["source"]:
                last = (hit.speaker or "").replace("’s", "").split()
                ok = bool(last) and last[-1].lower().strip(".,") in gq["source"].lower()
                spk += ok
                if not ok:
                    ctx = text[max(0, gq["start"] - 160) : gq["end"] + 90].replace("\n", " | ")
                    errors.append(f"{name[:40]} gold={gq['source']!r} pred={hit.speaker!r}\n    {ctx}")
        for p in ps:
            if len(p.text.split()) < 4:
                continue
            npred += 1
            right += any(_ov(tuple(c), (p.start, p.end)) > 0 for c in g["contents"])
    r = found / total if total else 0.0
    p = right / npred if npred else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    out = {
        "set": set_dir.name,
        "gold_quotes": total,
        "quote_precision": round(p, 3),
        "quote_recall": round(r, 3),
        "quote_f1": round(f, 3),
        "named_sources": named,
        "speaker_accuracy": round(spk / named, 3) if named else 0.0,
        "speakers_right": spk,
    }
    if show_errors:
        print("\n".join(errors))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("set_dir", nargs="?", default=str(SETS / "polnear-train"))
    parser.add_argument("--errors", action="store_true", help="print each wrong speaker with its context")
    args = parser.parse_args()
    print(score(Path(args.set_dir), args.errors))


if __name__ == "__main__":
    main()
