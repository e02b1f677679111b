"""Provenance signals ("Source : Nytimes", "With Post wires", "(AP) —") as spans with a normalised value.

An outlet that republishes or buys copy usually says so in a line of furniture; these are
the cheapest, surest evidence of where a text came from, so the provenance stage reads them
before it compares texts.
"""

from __future__ import annotations

import re

from copydesk import outlets
from copydesk.model import Article, Span
from copydesk.text.furniture import DATELINE, Line, split_lines

_NAMEISH = r"[A-Za-z][\w.&'’\-]*(?:\s+[A-Za-z][\w.&'’\-]*){0,5}"
_AGENCIES = (
    r"AP|Associated Press|Reuters|AFP|Agence France-Presse|dpa|UPI|PTI|ANI|IANS|Xinhua|TASS|Kyodo|"
    r"Yonhap|AAP|EFE|ANSA|Anadolu|Bloomberg|Bloomberg News|PA|PA Media"
)

# whole-line notes; the group "name" (if any) names the source
_REPUBLISHED = (
    re.compile(rf"^\(?\s*(?:source|sources|via|courtesy(?: of)?)\s*:\s*(?P<name>{_NAMEISH})\s*\.?\)?$", re.I),
    re.compile(
        rf"^\(?\s*(?:this (?:article|story|piece|post|report) (?:was |is |has been )?"
        rf"(?:originally |first )?(?:appeared|published|ran|posted)|originally (?:published|appeared)|"
        rf"first (?:published|appeared))\s+(?:in|on|at|by)\s+(?P<name>(?:the\s+)?{_NAMEISH})",
        re.I,
    ),
    re.compile(rf"\b(?:republished|reprinted|reproduced) (?:with|by) (?:kind )?permission (?:of|from) (?P<name>{_NAMEISH})",
               re.I),
)
_SYNDICATED = (
    re.compile(r"\bauto-?generated from an? (?:syndicated|agency|wire) feed\b", re.I),
    re.compile(r"\b(?:has not been|was not|not) (?:edited|reviewed) by (?P<name>[\w.&\- ]{2,40}?) (?:staff|editors|editorial)",
               re.I),
    re.compile(r"\b(?:auto-?published|published) from an? (?:wire |news )?(?:agency|syndicated|wire) feed\b", re.I),
    re.compile(r"\bonly the headline (?:and picture )?(?:has|have) been changed\b", re.I),
)
_WIRE_LINE = (
    # "With Post wires", "With wire services", "With AFP, Reuters", "(With inputs from PTI)"
    re.compile(r"^\(?\s*with (?:(?P<outlet>[A-Z][\w.]*(?: [A-Z][\w.]*){0,2}) )?(?:wires|wire services|wire reports)\s*\.?\)?$",
               re.I),
    re.compile(rf"^\(?\s*(?:with )?(?:inputs|input|additional reporting|reporting) (?:from|by) "
               rf"(?P<names>(?:{_AGENCIES}|agencies|wires|wire services)(?:\s*(?:,|and|&)\s*(?:{_AGENCIES}|agencies))*)\s*\.?\)?$",
               re.I),
    re.compile(rf"^\(?\s*[Ww]ith (?P<names>(?:{_AGENCIES})(?:\s*(?:,|and|&)\s*(?:{_AGENCIES}))*)\s*\.?\)?$"),
    # "Reuters contributed to this report.", "Associated Press writer Kevin Freking contributed …"
    re.compile(rf"^(?:the )?(?P<names>(?:{_AGENCIES})(?:\s*(?:,|and|&)\s*(?:the )?(?:{_AGENCIES}))*)\b[^.]{{0,80}}?"
               rf"\bcontributed to this (?:report|story|article)", re.I),
)
# a lone agency name closing the story: "— AFP", "(Reuters)", "Agencies"; "PA" alone is too often a state
_WIRE_ALONE = re.compile(rf"^(?:[—–]|-{{1,2}})?\s*\(?(?P<names>{_AGENCIES}|[Aa]gencies)\)?\s*$")
# "… the talks, he said. — AFP" at the end of a line
_WIRE_SUFFIX = re.compile(rf"[.!?”\"]\s*(?:[—–]|-{{1,2}})\s*(?P<names>{_AGENCIES})\s*$")


def _agencies(names: str) -> str:
    """"AFP, Reuters and AP" -> "Agence France-Presse, Reuters, Associated Press"."""
    parts = [p for p in re.split(r"\s*(?:,|\band\b|&)\s*", names) if p.strip()]
    got = []
    for p in parts:
        p = re.sub(r"(?i)^the\s+", "", p.strip())
        name = outlets.wire(p) or ("wire services" if p.lower() in {"agencies", "wires", "wire services"} else None)
        if name and name not in got:
            got.append(name)
    return ", ".join(got) or "wire services"


def _line_signals(line: Line, tail: bool) -> list[Span]:
    t = line.text
    if line.words > 40:
        return []
    out = []
    for pattern in _REPUBLISHED:
        m = pattern.search(t)
        if not m:
            continue
        raw = re.sub(r"(?i)^the\s+", "", m.group("name")).strip(" .")
        if raw.lower() in {"link", "links"}:  # "Source link": an aggregator tail, names nobody
            continue
        known = outlets.canonical(raw)
        domain = re.fullmatch(r"[\w\-]+\.(?:com|org|net|co\.uk|in|co)", raw, re.I)
        # "Source: Ministry of Health" under a chart is not provenance: need a known outlet
        # or a domain, or a note at the foot of the story
        if not (known or domain or tail) or len(raw.split()) > 5:
            continue
        value = known or raw
        kind = "wire" if outlets.is_wire(raw) and pattern is _REPUBLISHED[0] else "republished_from"
        out.append(Span(line.start, line.end, "signal", kind, value))
        return out
    for pattern in _SYNDICATED:
        m = pattern.search(t)
        if m:
            named = next((p.search(t) for p in _SYNDICATED if "name" in p.groupindex and p.search(t)), None)
            value = None
            if named:
                raw = named.group("name").strip()
                value = outlets.canonical(raw) or raw
            out.append(Span(line.start, line.end, "signal", "syndicated", value))
            return out
    for pattern in _WIRE_LINE:
        m = pattern.search(t)
        if m:
            names = m.groupdict().get("names")
            out.append(Span(line.start, line.end, "signal", "wire", _agencies(names) if names else "wire services"))
            return out
    m = _WIRE_ALONE.match(t)
    if m and tail and (m.group("names") not in {"PA", "AP", "ANI"} or t[0] in "—–-("):
        return [Span(line.start, line.end, "signal", "wire", _agencies(m.group("names")))]
    m = _WIRE_SUFFIX.search(t)
    if m:
        out.append(Span(line.start + m.start("names"), line.start + m.end("names"), "signal", "wire",
                        _agencies(m.group("names"))))
    return out


def _dateline_signal(line: Line) -> Span | None:
    """The agency in a wire dateline: "WASHINGTON (AP) —", "LONDON, Feb 2 (Reuters) -"."""
    m = DATELINE.match(line.text)
    if not m or not m.group("agency"):
        return None
    name = outlets.wire(m.group("agency").strip("() "))
    if not name:
        return None
    return Span(line.start + m.start("agency"), line.start + m.end("agency"), "signal", "wire", name)


def find(article: Article) -> tuple[Span, ...]:
    """Provenance signal spans of ``article``: ``republished_from``, ``wire`` and ``syndicated``."""
    lines = split_lines(article.text)
    out: list[Span] = []
    for i, line in enumerate(lines):
        tail = i >= len(lines) - 6
        out.extend(_line_signals(line, tail))
        if i < 8:
            s = _dateline_signal(line)
            if s:
                out.append(s)
    return tuple(sorted(set(out), key=lambda s: (s.start, s.end)))
