"""Page furniture of news text: lines, credits, bylines, datelines, mastheads and widget cues.

The plain-text reader (title, outlet, date, authors) and the boilerplate stage (what is not
body) read the same furniture, so the recognisers live here, once. Every function works on
offsets into the text as received.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: ``text[start:end]`` with surrounding whitespace left out."""

    start: int
    end: int
    text: str
    gap_before: int = 0  # blank lines before it (layout: headline blocks stand apart)

    @property
    def words(self) -> int:
        return len(self.text.split())


_WS = " \t\r\f\v\u00a0\u2009\u200b\ufeff"


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their offsets (whitespace and NBSP trimmed)."""
    out: list[Line] = []
    pos, blanks = 0, 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip(_WS))
        body = raw.strip(_WS)
        if body:
            start = pos + lead
            out.append(Line(start, start + len(body), body, blanks))
            blanks = 0
        else:
            blanks += 1
        pos += len(raw) + 1
    return out


TERMINAL = tuple(".!?\"”’)…:;")
_ABBREV = frozenset(
    "mr mrs ms dr gen sen rep gov lt col sgt capt st jr sr prof rev maj adm cmdr supt u.s u.k u.n "
    "no vs inc corp co ltd jan feb mar apr aug sept sep oct nov dec".split()
)
# a sentence boundary: terminal punctuation (maybe closing a quote), space, a capital
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_TOKEN_WINDOW = 64  # longer than any abbreviation or run of initials


@lru_cache(maxsize=8192)  # captions, duplicates and credits all ask about the same lines
def last_sentence_start(line: str) -> int:
    """Offset in ``line`` where its last sentence starts (0 when it is a single sentence)."""
    best = 0
    for m in _BOUNDARY.finditer(line):
        # only the word before the boundary matters: look at a fixed window, not the whole
        # prefix, so a line of thousands of sentences stays linear (issue 15)
        before = line[max(0, m.start() - _TOKEN_WINDOW) : m.start()].rstrip(".!?\"”’)")
        words = before.split()
        token = words[-1] if words else ""
        # "Mr. Putin", "Vladimir V. Putin", "U.S. Army": a period that ends no sentence
        if token.lower().rstrip(".") in _ABBREV or re.fullmatch(r"[A-Z]|(?:[A-Z]\.)+[A-Z]?", token):
            continue
        best = m.end()
    return best


# --- photo and video credits -----------------------------------------------------------

_AGENCY_WORDS = (
    r"Getty(?:\s+Images)?|AFP|AP|Reuters|REUTERS|EPA(?:-EFE)?|EFE|Shutterstock|Alamy|Bloomberg|Handout|"
    r"HANDOUT|Pool|POOL|NurPhoto|SIPA|Sipa(?:\s+USA)?|Xinhua|TASS|Sputnik|ANI|PTI|IANS|dpa|Anadolu(?:\s+Agency)?|"
    r"ZUMA(?:\s+Press|\s+Wire)?|Newscom|iStock(?:photo)?|Corbis|PA(?:\s+Wire|\s+Images|\s+Media)?|"
    r"Rex(?:\s+Features)?|Redux|Polaris|MEGA|Splash(?:\s+News)?|BACKGRID|WireImage|FilmMagic|AAP|"
    r"Kyodo|Yonhap|UPI|Associated\s+Press|The\s+[A-Z][\w]*(?:\s+[A-Z][\w]*){0,3}"
)
_CAP = r"[A-Z][\w'’.\-]*"
# "Win McNamee/Getty Images", "Handout via REUTERS", "Name for The New York Times", "(Photo by X/AFP)"
CREDIT = re.compile(
    rf"""(?x)
    (?:\(?\s*(?:Photo(?:graph)?s?|Image|Picture|Video|Credit|Pic|Illustration)\s*(?:by|:|credit:?)\s*.{{2,80}}?\)?
      |(?:{_CAP}(?:\s+[\w'’.&\-]+){{0,9}}?(?:\s*/\s*{_CAP}(?:\s+{_CAP})*)+(?:\s+via\s+(?:{_AGENCY_WORDS}))?)
      |(?:{_CAP}(?:\s+(?:{_CAP}|of|the|and))*\s+via\s+(?:{_AGENCY_WORDS}))
      |(?:{_CAP}\s+{_CAP}(?:\s+{_CAP})?\s+for\s+The\s+[A-Z]\w+(?:\s+[A-Z]\w+){{0,3}})
      |(?:Getty\s+Images|AFP\s+via\s+Getty\s+Images|Shutterstock|AP\s+Photo(?:/{_CAP}(?:\s+{_CAP})*)?)
    )\s*$"""
)
_AGENCY = re.compile(rf"(?:{_AGENCY_WORDS})\b")


@lru_cache(maxsize=8192)
def trailing_credit(line: str) -> int | None:
    """Offset in ``line`` where a photo/video credit at its end starts, or None.

    A credit is the tail after the last sentence: names without a verb, then "/Agency",
    "via Agency" or "Photo: …"; the agency must be a known one or a capitalised name.
    """
    start = last_sentence_start(line)
    tail = line[start:]
    if not tail or tail.rstrip()[-1:] in ".!?\"”:;,":
        if not re.search(r"(?i)\(\s*photo", tail):
            return None
    if len(tail.split()) > 14 or not CREDIT.fullmatch(tail.strip()):
        return None
    if "/" in tail and not re.search(r"/\s*\S", tail):
        return None
    # "/" credits need an agency or a short Capitalised org after the slash
    if "/" in tail and not _AGENCY.search(tail.rsplit("/", 1)[1]) and len(tail.rsplit("/", 1)[1].split()) > 4:
        return None
    return start


def trailing_fragment(line: str) -> int | None:
    """Offset of a caption fragment glued after the last full sentence ("… Poland. NSF Redzikowo")."""
    start = last_sentence_start(line)
    if start == 0:
        return None
    head, tail = line[:start].rstrip(), line[start:].strip()
    words = tail.split()
    if not 1 <= len(words) <= 5 or tail[-1] in TERMINAL or len(head.split()) < 8:
        return None
    if head[-1] not in ".!?\"”’":
        return None
    # a label: every word Capitalised or an acronym, none a function word that starts a clause
    # ("Port of Antwerp", "NSF Redzikowo"); connectives may sit inside, not at the edges
    inner = {"of", "the", "de", "and", "on", "in", "at", "la", "le", "del", "da", "&"}
    if not all(w[0].isupper() or w[0].isdigit() or (0 < k < len(words) - 1 and w in inner)
               for k, w in enumerate(words)):
        return None
    if words[0] in {"The", "A", "An", "But", "And", "He", "She", "It", "They", "We", "I", "This", "That"}:
        return None
    return start


# --- bylines, credits, datelines, mastheads ------------------------------------------------

_NAME = r"[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.|[A-Z][\w'’\-]+|de|van|von|bin|al|da|del|la|le)){0,4}"
BYLINE = re.compile(
    rf"^(?:By|BY|Written by|Words by|Reporting by|Report by|Compiled by|Edited by|Story by|Text by)\s*:?\s+"
    rf"(?P<names>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)"
)
# "• Mike Glenn can be reached at mglenn@…", "Jane Doe is a reporter for …" at the foot
CONTACT = re.compile(rf"^[•\-–—*\s]*(?P<names>{_NAME})\s+(?:can be reached|may be reached|can be contacted)\b")
# "Steven Erlanger reported from Brussels and Andrew E. Kramer from Kyiv."
REPORTED = re.compile(
    rf"^(?P<names>{_NAME})\s+(?:reported|reports|is reporting|contributed reporting|contributed to this report)\b"
)
_CREDIT_NAME_AFTER_AND = re.compile(rf"\b(?:and|,)\s+(?P<name>{_NAME})\s+(?:from|in)\s+[A-Z]")
REPORTING_CUE = re.compile(
    r"\b(?:reported from|reporting from|contributed reporting|contributed to this report|"
    r"additional reporting by|reporting by|editing by|writing by)\b",
    re.I,
)

# "BRUSSELS —", "WASHINGTON (AP) —", "LONDON, Feb 2 (Reuters) -", "KYIV, Ukraine —"
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]+(?:\s+[A-Z][A-Z.'’\-]+){0,3}(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"
    r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?)"
    r"\s*(?P<agency>\((?:[A-Z][\w\s&.\-]{0,30})\))?\s*(?P<dash>[—–]|--?|:)\s*(?=[A-Z“\"‘'(])"
)

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_CLOCK = r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[AP]M)?(?:\s+[A-Z]{2,4})?"
DATE = re.compile(
    rf"(?:{_CLOCK},?\s+(?:on\s+)?)?(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH},?\s+\d{{4}}|"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|[AP]M)?(?:\s+[A-Z]{2,4})?)?"
)
_DATE_WORDS = re.compile(r"(?i)^(?:published|updated|posted|last updated|first published|modified|date)\b[:\s]*")


def masthead(line: str) -> tuple[str | None, str | None] | None:
    """``(outlet, date text)`` when ``line`` is a masthead or date line ("- The X Times - Wednesday, …")."""
    m = DATE.search(line)
    if not m or len(line.split()) > 16:
        return None
    rest = (line[: m.start()] + " " + line[m.end() :]).strip()
    rest = _DATE_WORDS.sub("", rest.strip(" -–—|•·,:"))
    rest = re.sub(r"(?i)\b(?:published|updated|posted|on|at|last)\b[:]?", " ", rest)
    rest = rest.strip(" -–—|•·,:").strip()
    if not rest:
        return None, m.group(0)
    # what is left must read as a name (the outlet), not as a sentence
    parts = [p.strip() for p in re.split(r"\s[-–—|•·]\s|\s*\|\s*", rest) if p.strip()]
    if len(parts) != 1 or rest[-1:] in ".!?" or re.search(r"\d", rest) or not all(w[0].isupper() for w in rest.split() if w[0].isalpha()):
        return None
    return parts[0], m.group(0)


SECTION_WORDS = frozenset(
    """news world us u.s. uk europe asia africa americas politics business markets economy tech technology
    science health sport sports opinion analysis entertainment culture lifestyle local national nation
    international metro breaking live exclusive video photos investigations climate defense defence
    middle-east india china russia ukraine elections""".split()
)


def section_label(line: Line, next_line: Line | None) -> bool:
    """True for a section/kicker label above the headline ("US News", "World | Europe")."""
    words = re.split(r"[\s|/>›»•·]+", line.text.strip())
    words = [w for w in words if w]
    if not words or len(words) > 4 or line.text[-1] in ".!?\"”:" or not line.text[0].isupper():
        return False
    known = all(w.lower().strip(",") in SECTION_WORDS for w in words)
    before_headline = next_line is not None and next_line.words > len(words) + 3
    return known or (len(words) <= 2 and before_headline and re.search(r"[|/>›»]", line.text) is not None)


# --- widgets, footers, teasers ---------------------------------------------------------------

# (kind, pattern matched at the start of a short line); "tail" cues end the story: whatever
# follows them to the end is furniture too.
CUES: tuple[tuple[str, bool, re.Pattern[str]], ...] = tuple(
    (kind, tail, re.compile(p, re.I))
    for kind, tail, p in (
        ("footer", True, r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}|[A-Z])"),
        ("footer", False, r"\ball rights reserved\b"),
        ("footer", True, r"^back to top\b"),
        ("footer", True, r"^source\s*link\s*$"),
        ("footer", False, r"^click (?:here )?to (?:hide|read more|view comments|show comments|expand)\b"),
        ("footer", False, r"^click here for reprint permission"),
        ("footer", False, r"\bcomment policy\b|^(?:view|show|hide|load) (?:\d+ )?comments?\b"),
        ("comments", True, r"^(?:leave a (?:comment|reply)|comments?|\d+ comments?|post a comment|"
                           r"join the conversation|what do you think\??)\s*$"),
        ("share", False, r"^(?:share|share this(?: article| story| post)?|share on \w+|tweet|email|print|"
                         r"whatsapp|facebook|twitter|linkedin|pinterest|reddit|copy link)\s*[:!]?\s*$"),
        # a row of share buttons flattened into one line: "Share on Facebook Share on X Email"
        ("share", False, r"^(?:(?:share (?:on|via) \w+|email|print|tweet|whatsapp|copy link)\s*){2,}$"),
        ("share", False, r"^(?:follow us on|follow \w+ on|like us on|sign up for|subscribe to|"
                         r"get the latest|download the \w+ app)\b"),
        ("ad", False, r"^(?:advertisement|advert|sponsored(?: content)?|ad|promoted|paid content|"
                      r"story continues below(?: advertisement)?|continue reading below|"
                      r"scroll to continue(?: with content)?|article continues below)\s*$"),
        ("teaser", True, r"^(?:related(?: articles| posts| stories| news| coverage| content)?|check also|"
                         r"you may also like|you might also like|more from [\w ]+|more stories|recommended(?: for you)?|"
                         r"also read|read more|read also|see also|most read|most popular|trending(?: now)?|"
                         r"latest news|more news|top stories|what to read next|don'?t miss|"
                         r"popular posts|recent posts|editor'?s picks)\s*[:.]?\s*$"),
        ("teaser", False, r"^(?:also read|read more|read also|see also|related|more|watch|listen|"
                          r"recommended|click here)\s*[:|»›\-–—]\s*\S"),
        ("footer", False, r"^(?:tags?|topics?|filed under|categories)\s*:"),
        ("author", False, r"^about (?:the )?(?:author|[A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){1,3})\s*$"),
    )
)


def cue(line: Line) -> tuple[str, bool] | None:
    """``(kind, ends_story)`` when ``line`` is a widget, footer, teaser heading or author box."""
    if line.words > 25:
        return None
    for kind, tail, pattern in CUES:
        if pattern.search(line.text):
            if kind == "author" and not line.text[6:7].isupper() and "author" not in line.text.lower():
                continue
            return kind, tail
    return None


# --- the head of a story: section, masthead, headline, standfirst, byline ------------------

_LABEL_COLON = re.compile(r"^[A-Z][\w’'\-]*(?:[\s\-][\w’'\-]+){0,4}:\s+[A-Z]")


@dataclass(frozen=True, slots=True)
class Head:
    """Indices (into ``split_lines``) of the furniture above the body."""

    section: tuple[int, ...] = ()
    masthead: tuple[int, ...] = ()  # outlet and/or date lines
    title: int | None = None
    standfirst: tuple[int, ...] = ()
    byline: tuple[int, ...] = ()
    body: int = 0  # index of the first body line


def _headline_like(line: Line) -> bool:
    t = line.text
    return 2 <= line.words <= 30 and not t.endswith(".") and DATELINE.match(t) is None and t[0] not in "•-–—*"


def _standfirst_like(line: Line, nxt: Line | None) -> bool:
    if line.words > 30 or DATELINE.match(line.text) or nxt is None:
        return False
    # a summary under the headline: "Topic: one line", set apart from the body, or unpunctuated
    return bool(_LABEL_COLON.match(line.text)) or nxt.gap_before >= 2 or line.text[-1] not in TERMINAL


def read_head(lines: list[Line]) -> Head:
    """Where the furniture above the body ends, and what each head line is."""
    section, mast, stand, by = [], [], [], []
    title = None
    i, n = 0, len(lines)
    while i < min(n, 10):
        ln, nxt = lines[i], (lines[i + 1] if i + 1 < n else None)
        if title is None and i < 2 and not mast and section_label(ln, nxt):
            section.append(i)
        elif masthead(ln.text) is not None:
            mast.append(i)
        elif BYLINE.match(ln.text) and ln.words <= 20:
            by.append(i)
        elif title is None and not by and nxt is not None and _headline_like(ln):
            title = i
        elif title is not None and not stand and _standfirst_like(ln, nxt):
            stand.append(i)
        else:
            break
        i += 1
    return Head(tuple(section), tuple(mast), title, tuple(stand), tuple(by), i)
