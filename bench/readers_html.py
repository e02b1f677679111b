"""Time copydesk's HTML reader against bare ``trafilatura.extract`` on the same pages.

Usage: .venv/bin/python bench/readers_html.py DIR_OR_FILES... [--repeat N]
Writes bench/results/readers_html.json: pages/s for both, the ratio, and per page how much of
trafilatura's body we located in our text (a check on the paragraph mapping).
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import trafilatura

from copydesk.readers.decode import declared_charset, decode
from copydesk.readers.html import from_html

OUT = Path(__file__).parent / "results" / "readers_html.json"


def _pages(args: list[str]) -> list[tuple[str, str]]:
    files: list[Path] = []
    for a in args:
        p = Path(a)
        files.extend(sorted(p.glob("*.htm*")) if p.is_dir() else [p])
    pages = []
    for f in files:
        data = f.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        pages.append((str(f), decode(data, declared_charset(data))))
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    pages = [(s, h) for s, h in _pages(args.paths) if _readable(h)]

    methods = {
        "extract": lambda h: trafilatura.extract(h, include_comments=False),
        "extract_meta": lambda h: trafilatura.extract(h, include_comments=False, with_metadata=True),
        "ours": lambda h: from_html(h, "bench"),
    }
    # interleaved per page, best of N per page and method: other jobs share these 2 cores
    best = {name: [float("inf")] * len(pages) for name in methods}
    for _ in range(args.repeat):
        for i, (_src, html) in enumerate(pages):
            for name, fn in methods.items():
                t = time.perf_counter()
                fn(html)
                best[name][i] = min(best[name][i], time.perf_counter() - t)
    t_traf, t_traf_meta, t_ours = (sum(best[n]) for n in ("extract", "extract_meta", "ours"))
    per_page = []
    for src, html in pages:
        body = trafilatura.extract(html, include_comments=False) or ""
        a = from_html(html, src)
        marked = sum(m.end - m.start for m in a.marks)
        body_words = len(body.split())
        unmarked = "".join(
            a.text[s:e] for s, e in _unmarked(len(a.text), [(m.start, m.end) for m in a.marks])
        )
        per_page.append(
            {"page": src, "text_chars": len(a.text), "marked_chars": marked, "marks": len(a.marks),
             "traf_body_words": body_words, "unmarked_words": len(unmarked.split()),
             "title": a.title, "published": a.published, "authors": list(a.authors), "outlet": a.outlet}
        )
    result = {
        "pages": len(pages), "repeat": args.repeat,
        "trafilatura_extract_pages_per_s": len(pages) / t_traf,
        "trafilatura_extract_with_metadata_pages_per_s": len(pages) / t_traf_meta,
        "copydesk_from_html_pages_per_s": len(pages) / t_ours,
        "ratio_vs_extract": t_ours / t_traf, "ratio_vs_extract_with_metadata": t_ours / t_traf_meta,
        "per_page": per_page,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(f"{len(pages)} pages: trafilatura.extract {result['trafilatura_extract_pages_per_s']:.1f}/s, "
          f"with metadata {result['trafilatura_extract_with_metadata_pages_per_s']:.1f}/s, "
          f"from_html {result['copydesk_from_html_pages_per_s']:.1f}/s; "
          f"ratio {result['ratio_vs_extract']:.2f}x (vs with-metadata {result['ratio_vs_extract_with_metadata']:.2f}x)")
    for p in per_page:
        print(f"  {Path(p['page']).name[:28]:28} text {p['text_chars']:6} marked {p['marked_chars']:6} "
              f"body words traf {p['traf_body_words']:5} unmarked {p['unmarked_words']:5}")


def _readable(html: str) -> bool:
    """Pages with no visible text (a bare redirect) are a ReadProblem, not a timing."""
    try:
        from_html(html, "bench")
        return True
    except ValueError:
        return False


def _unmarked(n: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out, pos = [], 0
    for s, e in sorted(spans):
        if s > pos:
            out.append((pos, s))
        pos = max(pos, e)
    if pos < n:
        out.append((pos, n))
    return out


if __name__ == "__main__":
    main()
