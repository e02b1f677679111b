"""HTML extraction quality and speed: copydesk's reader next to bare trafilatura, page for page.

usage: python bench/extraction.py [--data ../shared/data/readability-dev] [--rounds 3] [--no-speed]

Quality, on a set with gold bodies and metadata (``pages/<case>.html`` + ``gold.json``, the
layout of ``../shared/data/readability-dev``): body precision/recall/F1 by 4-gram shingles,
the metric of ``../shared/tools/score_extraction.py`` (the body is the text minus every
boilerplate span the reader and the boilerplate stage mark, minus the title line), metadata
hits per field, pages read. Per page it lists the gold lines we lost and what lost them:
``reader:<kind>`` (outside the body the HTML reader mapped), ``rule:<kind>`` (a line rule of
``annotate/boilerplate.py``) or ``absent`` (not in the visible text at all).

Speed: best-of-``rounds`` seconds per page of ``from_html`` and of bare ``trafilatura.extract``,
the two alternating page by page so load from other jobs on the machine hits both alike, on the
quality set plus the news test pages in the newspaper4k and trafilatura sdists (``bench/ingest.py``).

Writes bench/results/extraction.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import ftfy
import trafilatura

from copydesk.readers.language import detect

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # for ingest.html_pages and ingest.time_html
OUT = HERE / "results" / "extraction.json"
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "readability-dev"
TOK = re.compile(r"\w+", re.UNICODE)


# --- the metric of score_extraction.py -------------------------------------------------------

def shingles(text: str, n: int = 4) -> Counter:
    t = TOK.findall(text or "")
    return Counter(tuple(t[i : i + n]) for i in range(max(1, len(t) - n + 1)) if t[i : i + n])


def prf(pairs: list[tuple[str, str]]) -> dict[str, float]:
    tp = fp = fn = 0.0
    for true, pred in pairs:
        a, b = shingles(true), shingles(pred)
        x, y, z = sum((a & b).values()), sum((b - a).values()), sum((a - b).values())
        s = x + y + z
        if s:
            tp, fp, fn = tp + x / s, fp + y / s, fn + z / s
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"P": round(p, 4), "R": round(r, 4), "F1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def fold(s: str | None) -> str:
    return " ".join(TOK.findall((s or "").lower()))


def meta_hits(gold: dict, title, site, authors, lang) -> dict[str, bool]:  # noqa: ANN001
    hits = {}
    if gold.get("title"):
        hits["title"] = fold(title) == fold(gold["title"])
    if gold.get("site"):
        g, o = fold(gold["site"]), fold(site)
        hits["site"] = bool(o) and (g in o or o in g)
    if gold.get("byline"):
        g = fold(gold["byline"]).split()
        hits["byline"] = any(fold(x).split()[-1:] and fold(x).split()[-1] in g for x in authors or [])
    if gold.get("lang"):
        hits["lang"] = (lang or "").lower().split("-")[0] == gold["lang"].lower().split("-")[0]
    return hits


def unmarked(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    out.append((pos, len(text)))
    return out


def body_of(text: str, spans: list[tuple[int, int]], title: str | None) -> str:
    b = "".join(text[s:e] for s, e in unmarked(text, spans)).strip()
    title = (title or "").strip()
    return b[len(title) :] if title and b.startswith(title) else b


# --- reading ----------------------------------------------------------------------------------

def read_ours(raw: bytes, source: str):  # noqa: ANN201 - (Article, spans) or (None, reason)
    from copydesk.pipeline import clean
    from copydesk.readers import ReadProblem, read_bytes

    got = list(read_bytes(raw, source, ".html"))
    if not got or isinstance(got[0], ReadProblem):
        return None, str(got[0]) if got else "nothing read"
    return got[0], clean(got[0]).boilerplate


def read_trafilatura(raw: bytes) -> dict:
    doc = trafilatura.bare_extraction(raw.decode("utf-8", "replace"), with_metadata=True)
    get = (lambda f: getattr(doc, f, None)) if doc is not None and not isinstance(doc, dict) else (
        lambda f: (doc or {}).get(f))
    author = get("author")
    return {"text": get("text") or "", "title": get("title"), "site": get("sitename"),
            "authors": [x.strip() for x in author.split(";")] if author else [], "lang": get("language")}


# --- why gold lines are lost ------------------------------------------------------------------

def losses(article, spans, gold_body: str) -> list[dict]:  # noqa: ANN001
    """Gold body lines (5+ words) we lost, each with the span kind that covered most of it."""
    text = article.text
    squeezed, where = [], []
    for i, c in enumerate(text):
        if not c.isspace():
            squeezed.append(c)
            where.append(i)
    sq = "".join(squeezed)
    reader = {(m.start, m.end) for m in article.marks}
    out = []
    for line in gold_body.split("\n"):
        # many gold files are UTF-8 read as Latin-1: repaired here only to find the line
        line = ftfy.fix_text(line, uncurl_quotes=False)
        if len(line.split()) < 5:
            continue
        needle = "".join(line.split())
        at = sq.find(needle)
        if at < 0:
            probe = "".join(line.split()[:6])
            at = sq.find(probe)
            if at < 0:
                out.append({"line": line[:160], "words": len(line.split()), "by": "absent"})
                continue
            needle = probe
        start, end = where[at], where[at + len(needle) - 1] + 1
        cover: Counter = Counter()
        for s in spans:
            lo, hi = max(s.start, start), min(s.end, end)
            if hi > lo:
                origin = "reader" if (s.start, s.end) in reader else "rule"
                cover[f"{origin}:{s.kind}"] += hi - lo
        if sum(cover.values()) > 0.5 * (end - start):
            out.append({"line": line[:160], "words": len(line.split()), "by": cover.most_common(1)[0][0]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--show", type=int, default=15, help="pages furthest behind trafilatura to print")
    args = ap.parse_args()

    gold = json.loads((args.data / "gold.json").read_text())
    gold = {k: (v if isinstance(v, dict) else {"body": v}) for k, v in gold.items()}
    pages = {k: (args.data / "pages" / f"{k}.html").read_bytes() for k in gold}

    ours_pairs, traf_pairs, per_page = [], [], []
    ours_meta, traf_meta = defaultdict(list), defaultdict(list)
    lost_by: Counter = Counter()
    skipped = {}
    for key, g in gold.items():
        article, spans = read_ours(pages[key], key)
        if article is None:
            skipped[key] = spans
            ours_pairs.append((g["body"], ""))
            lost = [{"line": "(page skipped)", "words": len(g["body"].split()), "by": "skipped"}]
            hits = meta_hits(g, None, None, [], None)
        else:
            ours_pairs.append((g["body"], body_of(article.text, [(s.start, s.end) for s in spans], article.title)))
            lost = losses(article, spans, g["body"])
            hits = meta_hits(g, article.title, article.outlet, article.authors, article.language)
            if g.get("lang"):  # the detector alone, on the body we kept, without the page's declaration
                detected = detect(body_of(article.text, [(s.start, s.end) for s in spans], None))
                hits["lang_detected"] = meta_hits(g, None, None, [], detected)["lang"]
        t = read_trafilatura(pages[key])
        traf_pairs.append((g["body"], t["text"]))
        thits = meta_hits(g, t["title"], t["site"], t["authors"], t["lang"])
        for f, v in hits.items():
            ours_meta[f].append(v)
        for f, v in thits.items():
            traf_meta[f].append(v)
        for x in lost:
            lost_by[x["by"]] += x["words"]
        page_f = prf([ours_pairs[-1]])["F1"]
        per_page.append({"page": key, "F1": page_f, "trafilatura_F1": prf([traf_pairs[-1]])["F1"],
                         "meta": hits, "lost_words": sum(x["words"] for x in lost), "lost": lost})

    result = {
        "data": str(args.data), "pages": len(gold), "read": len(gold) - len(skipped), "skipped": skipped,
        "copydesk": {"body": prf(ours_pairs), "meta": {f: f"{sum(v)}/{len(v)}" for f, v in sorted(ours_meta.items())}},
        "trafilatura": {"version": trafilatura.__version__, "body": prf(traf_pairs),
                        "meta": {f: f"{sum(v)}/{len(v)}" for f, v in sorted(traf_meta.items())}},
        "lost_words_by": dict(lost_by.most_common()),
    }
    f_ours, f_traf = result["copydesk"]["body"]["F1"], result["trafilatura"]["body"]["F1"]
    result["f1_ratio"] = round(f_ours / f_traf, 3) if f_traf else 0.0
    if not args.no_speed:
        from ingest import html_pages, time_html

        test_pages = [(k, pages[k]) for k in gold] + html_pages()
        result["speed"] = time_html(test_pages, args.rounds)
    result["per_page"] = sorted(per_page, key=lambda p: p["F1"] - p["trafilatura_F1"])
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")

    print(f"pages read: {result['read']}/{result['pages']}" + (f" (skipped: {skipped})" if skipped else ""))
    for name in ("copydesk", "trafilatura"):
        b, m = result[name]["body"], result[name]["meta"]
        print(f"{name}: body P={b['P']:.3f} R={b['R']:.3f} F1={b['F1']:.3f}; metadata "
              + ", ".join(f"{f} {v}" for f, v in m.items()))
    print(f"body F1 ratio copydesk/trafilatura: {result['f1_ratio']}")
    print("gold words lost, by what marked them:", result["lost_words_by"])
    for p in result["per_page"][: args.show]:
        print(f"  {p['page']}: F1 {p['F1']:.3f} (trafilatura {p['trafilatura_F1']:.3f}), lost {p['lost_words']} words: "
              + "; ".join(f"{x['by']} «{x['line'][:60]}»" for x in p["lost"][:3]))
    if "speed" in result:
        s = result["speed"]
        print(f"speed on {s['pages']} pages (best of {s['rounds']}): copydesk {s['copydesk_pages_per_s']} pages/s, "
              f"bare trafilatura.extract {s['trafilatura_pages_per_s']} pages/s, ratio {s['ratio']}x")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
