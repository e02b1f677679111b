"""Quantity value accuracy: copydesk's quantities stage against quantulum3 on the same mentions.

usage: .venv/bin/python bench/quantities.py

Mentions: the gold numbers of the bundled example (``/work/shared/gold/nato-leak-2022.json``
when present) plus hand-written news sentences below. A mention is right when one extracted
quantity overlapping its span has the gold value (and, for ours, the gold unit counts too
in ``ours_unit``). quantulum3 gets each mention's whole sentence, and runs without its unit
classifier (the pickle in its wheel does not load with the installed scikit-learn). Writes
``bench/results/quantities.json``.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from copydesk.model import Article
from copydesk.pipeline import annotate_articles

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = Path("/work/shared/gold/nato-leak-2022.json")
EXAMPLE = ROOT / "examples" / "nato-leak-2022"

# (sentence, mention, value, unit) written for this bench: the genre's usual number forms.
CASES = [
    ("Officials said more than 2,400 people were evacuated from the valley.", "more than 2,400 people", 2400, "people"),
    ("The storm knocked out power to about 310,000 homes across the state.", "about 310,000 homes", 310000, "homes"),
    ("The company will cut 1,200 jobs, or 8% of its workforce.", "1,200 jobs", 1200, "jobs"),
    ("The company will cut 1,200 jobs, or 8% of its workforce.", "8%", 8, "percent"),
    ("Three people were killed and twelve injured in the crash.", "Three people", 3, "people"),
    ("Three people were killed and twelve injured in the crash.", "twelve", 12, None),
    ("The deal is worth $4.5 billion, the firm said on Monday.", "$4.5 billion", 4.5e9, "USD"),
    ("Between 10 and 12 hikers were rescued by helicopter.", "Between 10 and 12 hikers", 10, "hikers"),
    ("A magnitude 6.2 earthquake struck the coast early on Tuesday.", "6.2", 6.2, None),
    ("The council voted 7-2 to approve the budget of 3.2 million euros.", "3.2 million euros", 3.2e6, "EUR"),
    ("Nearly half a million fans attended the parade.", "half a million fans", 500000, "fans"),
    ("Two dozen protesters were arrested outside the embassy.", "Two dozen protesters", 24, "protesters"),
    ("Rainfall reached 150 millimetres in some areas.", "150 millimetres", 150, "millimetres"),
    ("The five-page letter was sent to 30 member states.", "30 member states", 30, "states"),
    ("Fuel prices rose by 12.5 percent last month.", "12.5 percent", 12.5, "percent"),
]


def _mentions() -> list[tuple[str, str, str, float]]:
    """(article key, article text, mention, value) for the example's gold numbers with a numeric value."""
    out = []
    if not GOLD.exists():
        return out
    gold = json.loads(GOLD.read_text())
    for n in gold["numbers"]:
        value = n["value"]
        if isinstance(value, str):
            m = re.fullmatch(r"[<>~]?(\d+(?:\.\d+)?)", value)
            if not m:
                continue
            value = float(m.group(1))
        for name, surface in n["reported_by"].items():
            path = EXAMPLE / name
            if path.exists():
                out.append((name, path.read_text(), surface, float(value)))
    return out


def _ours(texts: dict[str, str]) -> dict[str, list]:
    arts = [Article(id=k, source=k, text=t) for k, t in texts.items()]
    return {a.id: list(a.quantities) for a in annotate_articles(arts)}


def _quantulum(sentence: str) -> list[tuple[int, int, float, str]]:
    from quantulum3 import classifier, parser

    # The unit classifier pickled in quantulum3's wheel does not load with the installed
    # scikit-learn; its rule-based disambiguation is what runs without it.
    classifier.USE_CLF = False
    out = []
    for q in parser.parse(sentence):
        try:
            out.append((q.span[0], q.span[1], float(q.value), q.unit.name))
        except (TypeError, ValueError):
            continue
    return out


def _sentence(text: str, start: int, end: int) -> tuple[int, str]:
    lo = max(text.rfind("\n", 0, start), max(text.rfind(". ", 0, start) + 1, 0))
    hi = min(x for x in (text.find("\n", end), text.find(". ", end), len(text)) if x >= 0)
    return lo, text[lo:hi + 1]


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def main() -> None:
    t0 = time.perf_counter()
    items = []  # (key, text, start, end, value, unit)
    for key, text, surface, value in _mentions():
        i = text.find(surface)
        if i >= 0:
            items.append((key, text, i, i + len(surface), value, None, "example"))
    for k, (sent, mention, value, unit) in enumerate(CASES):
        i = sent.find(mention)
        items.append((f"case{k}", sent, i, i + len(mention), float(value), unit, "cases"))
    ours = _ours({key: text for key, text, *_ in items})
    rows = []
    for key, text, s, e, value, unit, setname in items:
        mine = [q for q in ours[key] if q.start < e and s < q.end and isinstance(q.value, (int, float))]
        ok_mine = any(_close(float(q.value), value) for q in mine)
        unit_mine = unit is None or any(_close(float(q.value), value) and (q.unit or "").lower().startswith(unit.lower()[:4])
                                        for q in mine)
        off, sent = _sentence(text, s, e)
        theirs = [q for q in _quantulum(sent) if q[0] + off < e and s < q[1] + off]
        ok_theirs = any(_close(q[2], value) for q in theirs)
        rows.append({"set": setname, "mention": text[s:e], "value": value, "ours": ok_mine, "ours_unit": ok_mine and unit_mine,
                     "quantulum3": ok_theirs, "quantulum3_read": [f"{q[2]:g} {q[3]}" for q in theirs]})
    result: dict = {"seconds": round(time.perf_counter() - t0, 2)}
    for setname in ("example", "cases", "all"):
        rs = [r for r in rows if setname in ("all", r["set"])]
        if not rs:
            continue
        result[setname] = {
            "mentions": len(rs),
            "ours_value_accuracy": round(sum(r["ours"] for r in rs) / len(rs), 3),
            "quantulum3_value_accuracy": round(sum(r["quantulum3"] for r in rs) / len(rs), 3),
        }
    result["rows"] = rows
    out = HERE / "results" / "quantities.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    for setname in ("example", "cases", "all"):
        if setname in result:
            r = result[setname]
            print(f"{setname}: {r['mentions']} mentions, value accuracy ours {r['ours_value_accuracy']:.2f}, "
                  f"quantulum3 {r['quantulum3_value_accuracy']:.2f}")
    for r in rows:
        if r["ours"] != r["quantulum3"]:
            print(f"  {r['mention']!r}: ours {r['ours']}, quantulum3 {r['quantulum3']} {r['quantulum3_read']}")
    print(f"({result['seconds']} s) -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
