"""Reading a number phrase as written in news copy: digits, spelled-out words, scales, ranges.

Pure string functions, no model: ``read("more than 100,000")`` gives
``Reading(value=100000, qualifier="more than")``. The quantities stage uses them on the
spans spaCy's NER proposes, so what counts as a number stays testable on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a dozen": 12, "a": 1, "an": 1, "half": 0.5,
}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
          "trillion": 1_000_000_000_000, "k": 1_000, "m": 1_000_000, "mn": 1_000_000,
          "bn": 1_000_000_000, "tn": 1_000_000_000_000}
# Longest first, so "more than" wins over "more".
QUALIFIERS = {
    "more than": "more than", "over": "more than", "upwards of": "more than", "in excess of": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "fewer than": "less than", "less than": "less than", "under": "less than", "below": "less than",
    "up to": "up to", "as many as": "up to", "as much as": "up to", "at most": "up to",
    "about": "about", "around": "about", "roughly": "about", "approximately": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "nearly": "nearly",
    "almost": "nearly", "close to": "nearly", "just under": "nearly", "just over": "more than",
}
CURRENCIES = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "dollars": "USD",
              "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY",
              "rupees": "INR", "yuan": "CNY"}
_QUAL_RE = re.compile(r"^(?:" + "|".join(sorted(map(re.escape, QUALIFIERS), key=len, reverse=True)) + r")\b\s*", re.I)
_NUM_RE = re.compile(r"\d+(?:[,\u00a0]\d{3})*(?:\.\d+)?|\.\d+")
_RANGE_RE = re.compile(r"^(?:between\s+)?(.+?)\s*(?:-|–|—|\bto\b|\band\b)\s*(.+)$", re.I)


@dataclass(frozen=True, slots=True)
class Reading:
    """What a number phrase says: a value, maybe an upper bound, a qualifier, a unit it carries."""

    value: int | float
    high: int | float | None = None
    qualifier: str | None = None
    unit: str | None = None  # "percent" or a currency code when the phrase itself says so


def _tidy(x: float) -> int | float:
    return int(x) if float(x).is_integer() else round(x, 6)


def words_value(text: str) -> int | float | None:
    """The value of a spelled-out or mixed number: "twenty-five", "44 million", "half a million"."""
    s = text.lower().replace(",", "").replace("\u00a0", " ").replace("-", " ").strip()
    s = re.sub(r"\s+and\s+", " ", s)
    if not s:
        return None
    if s in UNITS:
        return UNITS[s]
    half = re.fullmatch(r"half an? (\w+)", s)
    if half and half.group(1) in SCALES:
        return _tidy(SCALES[half.group(1)] / 2)
    total, current, seen = 0.0, 0.0, False
    tokens = s.split()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if i + 1 < len(tokens) and f"{tok} {tokens[i + 1]}" in UNITS:
            current += UNITS[f"{tok} {tokens[i + 1]}"]
            i += 2
            seen = True
            continue
        small = float(tok) if re.fullmatch(r"\d+(?:\.\d+)?", tok) else UNITS.get(tok)
        if small is not None:
            # Two plain numbers in a row only make one when tens meet units ("twenty five");
            # "10 12" is two numbers (a range or a list), not 22.
            if current % 100 and not (current % 10 == 0 and small < 10 and tok in UNITS):
                return None
            current += small
        elif tok in SCALES:
            scale = SCALES[tok]
            current = (current or 1) * scale
            if scale >= 1000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
        i += 1
    return _tidy(total + current) if seen else None


def _single(text: str) -> tuple[int | float | None, str | None]:
    """One number (no range) and the currency or percent unit written with it."""
    s = text.strip().lower()
    unit = None
    for sym, code in CURRENCIES.items():
        if s.startswith(sym) or s.endswith(" " + sym):
            unit = code
            s = s.removeprefix(sym).removesuffix(" " + sym).strip()
            break
    if s.endswith("%") or s.endswith(" percent") or s.endswith(" per cent"):
        unit = "percent"
        s = re.sub(r"\s*(%|per ?cent)$", "", s)
    m = _NUM_RE.fullmatch(s.replace(" ", ""))
    if m:
        return _tidy(float(s.replace(",", "").replace("\u00a0", "").replace(" ", ""))), unit
    m = re.fullmatch(r"(\d+(?:[.,]\d+)*)\s*([a-z]+)", s)
    if m and m.group(2) in SCALES:
        return _tidy(float(m.group(1).replace(",", "")) * SCALES[m.group(2)]), unit
    return words_value(s), unit


def read(text: str) -> Reading | None:
    """Read a number phrase ("more than 100,000", "$5 million", "10-12", "12%"); None if it is not one."""
    s = " ".join(text.replace("\u00a0", " ").split())
    qualifier = None
    m = _QUAL_RE.match(s)
    if m:
        qualifier = QUALIFIERS[m.group(0).strip().lower()]
        s = s[m.end():]
    value, unit = _single(s)
    if value is not None:
        return Reading(value, None, qualifier, unit)
    r = _RANGE_RE.match(s)
    if r:
        lo, lo_unit = _single(r.group(1))
        hi, hi_unit = _single(r.group(2))
        if lo is not None and hi is not None:
            # "5 to 10 million": the scale written once applies to both ends.
            if hi > 0 and lo < hi / 1000 and re.search(r"(million|billion|thousand|bn|m)$", r.group(2).lower()):
                lo = _tidy(lo * (hi / (_single(r.group(2).split()[0])[0] or 1)))
            if lo <= hi:
                return Reading(lo, hi, qualifier or "range", lo_unit or hi_unit)
    return None


def is_year(text: str) -> bool:
    """A bare four-digit year a news story would mention (1800–2100)."""
    s = text.strip()
    return bool(re.fullmatch(r"(1[89]\d\d|20\d\d|2100)", s))
