"""HTML extraction quality and speed: copydesk's reader next to bare trafilatura, page for page.

usage: python bench/extraction.py [--data ../shared/data/readability-dev] [--rounds 3] [--no-speed] [--sweep]

Quality, on a set with gold bodies and metadata (``pages/<case>.html`` + ``gold.json``, the
layout of ``../shared/data/readability-dev``): body precision/recall/F1 by 4-gram shingles,
the metric of ``../shared/tools/score_extraction.py`` (the body is the text minus every
boilerplate span the reader and the boilerplate stage mark, minus the title line), metadata
hits per field, pages read. Per page it lists the gold lines we lost and what lost them:
``reader:<kind>`` (outside the body the HTML reader mapped), ``rule:<kind>`` (a line rule of
``annotate/boilerplate.py``) or ``absent`` (not in the visible text at all).

Held-out view: the set split in two by site (a stable hash of the page name without its
number), each half scored alone; the pages of real sites apart from the suite's synthetic
"Lorem ipsum" cases; ``--sweep`` picks the reader's one free setting (``html._PROSE_WORDS``)
on one half and reports it on the other. Check set: the news pages of the newspaper4k sdist,
scored against its own expected text and metadata (newspaper's output: it flatters newspaper,
not either reader here).

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
import tarfile
import zlib
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


def meta_hits(gold: dict, title, site, authors, lang, date=None) -> dict[str, bool]:  # noqa: ANN001
    hits = {}
    if gold.get("published"):  # the same calendar day
        hits["date"] = (date or "")[:10] == gold["published"][:10]
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
    return {"text": get("text") or "", "title": get("title"), "site": get("sitename"), "date": get("date"),
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


def site_of(page: str) -> str:
    """The site a readability-dev case comes from: its name without the trailing number."""
    return re.sub(r"-\d+$", "", page)


def half_of(page: str) -> int:
    return zlib.crc32(site_of(page).encode()) % 2


def synthetic(gold_body: str) -> bool:
    return "lorem ipsum" in gold_body.lower()


def halves(per_page: list[dict], pairs: dict[str, tuple], tpairs: dict[str, tuple]) -> dict:
    """Body P/R/F1 of both readers on each half by site and on the real-site pages."""
    groups = {"half_0": [p["page"] for p in per_page if half_of(p["page"]) == 0],
              "half_1": [p["page"] for p in per_page if half_of(p["page"]) == 1],
              "real_sites": [p["page"] for p in per_page if not synthetic(pairs[p["page"]][0])]}
    out = {}
    for name, keys in groups.items():
        ours, traf = prf([pairs[k] for k in keys]), prf([tpairs[k] for k in keys])
        out[name] = {"pages": len(keys), "copydesk": ours, "trafilatura": traf,
                     "f1_ratio": round(ours["F1"] / traf["F1"], 3) if traf["F1"] else 0.0}
    return out


def sweep(gold: dict, pages: dict, tpairs: dict[str, tuple]) -> dict:
    """``html._PROSE_WORDS`` chosen on one half by site, reported on the other."""
    from copydesk.readers import html

    keep, table = html._PROSE_WORDS, {}
    try:
        for value in (8, 15, 25, 40, 10_000):  # 10,000: the rule off
            html._PROSE_WORDS = value
            per = {}
            for key, g in gold.items():
                article, spans = read_ours(pages[key], key)
                per[key] = (g["body"], body_of(article.text, [(s.start, s.end) for s in spans], article.title)
                            if article else "")
            table[value] = {h: prf([per[k] for k in gold if half_of(k) == h])["F1"] for h in (0, 1)}
    finally:
        html._PROSE_WORDS = keep
    out = {"F1_by_value": {str(v): f for v, f in table.items()}}
    for tune, test in ((0, 1), (1, 0)):
        best = max(table, key=lambda v: table[v][tune])
        traf = prf([tpairs[k] for k in gold if half_of(k) == test])["F1"]
        out[f"tuned_on_half_{tune}"] = {"value": best, f"F1_half_{test}": table[best][test],
                                        f"trafilatura_F1_half_{test}": traf,
                                        "f1_ratio": round(table[best][test] / traf, 3) if traf else 0.0}
    return out


def newspaper4k_set() -> tuple[dict, dict]:
    """(gold, pages) from the newspaper4k sdist's test pages that have expected text."""
    from ingest import CACHE, SDISTS, html_pages

    html_pages()  # downloads the sdists once
    gold, pages = {}, {}
    with tarfile.open(CACHE / f"newspaper4k-{SDISTS['newspaper4k']}.tar.gz") as tar:
        files = {m.name.split("/", 1)[1]: m for m in tar.getmembers() if m.isfile()}
        for name, member in files.items():
            if not (name.startswith("tests/data/html/") and name.endswith(".html")):
                continue
            stem = name.rsplit("/", 1)[1][: -len(".html")]
            txt, meta = files.get(f"tests/data/txt/{stem}.txt"), files.get(f"tests/data/metadata/{stem}.json")
            if txt is None:
                continue
            g = {"body": tar.extractfile(txt).read().decode("utf-8")}
            if meta is not None:
                m = json.loads(tar.extractfile(meta).read())
                g.update(title=m.get("title"), byline="; ".join(m.get("authors") or []) or None,
                         lang=m.get("meta_lang") or m.get("language"), site=m.get("meta_site_name") or None)
            gold[stem], pages[stem] = g, tar.extractfile(member).read()
    return gold, pages


def check_set(gold: dict, pages: dict) -> dict:
    ours, traf = [], []
    om, tm = defaultdict(list), defaultdict(list)
    for key, g in gold.items():
        article, spans = read_ours(pages[key], key)
        t = read_trafilatura(pages[key])
        ours.append((g["body"], body_of(article.text, [(s.start, s.end) for s in spans], article.title)
                     if article else ""))
        traf.append((g["body"], t["text"]))
        hits = meta_hits(g, article.title, article.outlet, article.authors, article.language) if article else {}
        for f, v in hits.items():
            om[f].append(v)
        for f, v in meta_hits(g, t["title"], t["site"], t["authors"], t["lang"]).items():
            tm[f].append(v)
    o, t = prf(ours), prf(traf)
    return {"pages": len(gold), "copydesk": {"body": o, "meta": {f: f"{sum(v)}/{len(v)}" for f, v in sorted(om.items())}},
            "trafilatura": {"body": t, "meta": {f: f"{sum(v)}/{len(v)}" for f, v in sorted(tm.items())}},
            "f1_ratio": round(o["F1"] / t["F1"], 3) if t["F1"] else 0.0}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--sweep", action="store_true", help="choose html._PROSE_WORDS on one half, report the other")
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
            hits = meta_hits(g, None, None, [], None, None)
        else:
            ours_pairs.append((g["body"], body_of(article.text, [(s.start, s.end) for s in spans], article.title)))
            lost = losses(article, spans, g["body"])
            hits = meta_hits(g, article.title, article.outlet, article.authors, article.language, article.published)
            if g.get("lang"):  # the detector alone, on the body we kept, without the page's declaration
                detected = detect(body_of(article.text, [(s.start, s.end) for s in spans], None))
                hits["lang_detected"] = meta_hits(g, None, None, [], detected)["lang"]
        t = read_trafilatura(pages[key])
        traf_pairs.append((g["body"], t["text"]))
        thits = meta_hits(g, t["title"], t["site"], t["authors"], t["lang"], t["date"])
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
    pairs = dict(zip(gold, ours_pairs, strict=True))
    tpairs = dict(zip(gold, traf_pairs, strict=True))
    result["held_out"] = halves(per_page, pairs, tpairs)
    if args.sweep:
        result["held_out"]["sweep"] = sweep(gold, pages, tpairs)
    result["check_newspaper4k"] = check_set(*newspaper4k_set())
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
    for name, h in result["held_out"].items():
        if name == "sweep":
            for k, v in h.items():
                print(f"  sweep {k}: {v}")
            continue
        print(f"  {name} ({h['pages']} pages): copydesk F1 {h['copydesk']['F1']:.3f}, "
              f"trafilatura {h['trafilatura']['F1']:.3f}, ratio {h['f1_ratio']}")
    c = result["check_newspaper4k"]
    for name in ("copydesk", "trafilatura"):
        b, m = c[name]["body"], c[name]["meta"]
        print(f"check set newspaper4k ({c['pages']} pages), {name}: body P={b['P']:.3f} R={b['R']:.3f} F1={b['F1']:.3f}; "
              + ", ".join(f"{f} {v}" for f, v in m.items()))
    print("gold words lost, by what marked them:", result["lost_words_by"])
    for p in result["per_page"][: args.show]:
        print(f"  {p['page']}: F1 {p['F1']:.3f} (trafilatura {p['trafilatura_F1']:.3f}), lost {p['lost_words']} words: "
              + "; ".join(f"{x['by']} «{x['line'][:60]}»" for x in p["lost"][:3]))
    if "speed" in result:
        s = result["speed"]
        print(f"speed on {s['pages']} pages (best of {args.rounds}): copydesk {s['copydesk_pages_per_s']} pages/s, "
              f"bare trafilatura.extract {s['trafilatura_pages_per_s']} pages/s, ratio {s['ratio']}x")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
