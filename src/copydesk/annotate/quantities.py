"""Quantities in an article: numbers with their unit and what they count, money, percentages, years.

spaCy's NER proposes the spans (CARDINAL, QUANTITY, MONEY, PERCENT, bare-year DATEs) and
the dependency parse names the counted noun ("3,000 additional troops" -> unit "troops");
:mod:`copydesk.annotate.numbers` reads the value. A qualifier ("more than", "about") is
kept beside an exact number rather than folded into a string, so values stay comparable.
Against quantulum3 (``bench/quantities.py``: the example's 27 gold mentions plus 15
hand-written ones) values are about as good (0.98 against 0.93; its misses are ranges,
"half a million", "two dozen"; our one miss is a photo caption, boilerplate by design), but
quantulum3 names no counted noun (counts come back "dimensionless") and its unit classifier
does not load with the installed scikit-learn, so it is not used here.
"""

from __future__ import annotations

import re

from copydesk.annotate import numbers
from copydesk.model import Annotated, Quantity

NUMERIC = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}
VAGUE = {"one", "a", "an", "thousands", "hundreds", "dozens", "millions", "billions", "tens"}
# Prepositions through which a bare number borrows the noun it belongs to ("troops, including 1,000").
BORROW = {"including", "among", "of"}
YEAR_PREPS = {"in", "since", "by", "until", "till", "from", "before", "after", "of", "during"}
MAX_ABOUT_TOKENS = 12
RANGE_RE = re.compile(r"\b(?:[Bb]etween\s+)?\d[\d,.]*\s*(?:-|–|\bto\b|\band\b)\s*\d[\d,.]*(?:\s+(?:million|billion|thousand))?\b")
TALLY_RE = re.compile(r"(\d{1,3})\s*[-–]\s*(\d{1,3})")
TALLY_WORDS = {"vote", "decision", "ruling", "rule", "majority", "win", "victory", "loss", "defeat", "score",
               "lead", "beat", "verdict", "split", "margin", "draw", "tie"}


def extract(item: Annotated, doc) -> tuple[Quantity, ...]:  # noqa: ANN001 - spacy Doc
    """Every number of ``item``'s body with value, unit and what it counts, in text order."""
    out: list[Quantity] = []
    used: set[int] = set()
    # Ranges first: the NER splits "10 to 12 people" in two and calls "between 20 and 30" a DATE.
    for m in RANGE_RE.finditer(item.text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or item.in_boilerplate(m.start(), m.end()):
            continue
        if span.start > 0 and span.doc[span.start - 1].ent_type_ in {"DATE", "TIME"}:
            continue  # "Feb. 16-17" is a date range
        q = _number(item, span)
        if q is not None and (q.high is not None or q.unit == "score"):
            out.append(q)
            used.update(range(span.start, span.end))
    for ent in doc.ents:
        if any(i in used for i in range(ent.start, ent.end)):
            continue
        if item.in_boilerplate(ent.start_char, ent.end_char):
            continue
        q = None
        if ent.label_ in NUMERIC:
            q = _number(item, ent)
        elif ent.label_ == "DATE" and numbers.is_year(ent.text):
            q = _year(item, ent[0])
        if q is not None:
            out.append(q)
            used.update(range(ent.start, ent.end))
    # Digits the NER left out (it often skips numbers inside names or tables).
    for tok in doc:
        if tok.i in used or not any(c.isdigit() for c in tok.text) or tok.ent_type_ in {"DATE", "TIME", "ORDINAL"}:
            continue
        if item.in_boilerplate(tok.idx, tok.idx + len(tok.text)):
            continue
        if numbers.is_year(tok.text) and _year_like(tok):
            out.append(_year(item, tok))
        elif tok.like_num:
            q = _number(item, doc[tok.i : tok.i + 1])
            if q is not None:
                out.append(q)
    return tuple(sorted(out, key=lambda q: (q.start, q.end)))


def _number(item: Annotated, ent) -> Quantity | None:  # noqa: ANN001 - spacy Span
    text = ent.text.strip()
    if text.lower() in VAGUE:
        return None
    if numbers.is_year(text) and _year_like(ent.root):
        return _year(item, ent.root)
    noun = _counted_noun(ent)
    tally = _tally(item, ent, noun)
    if tally is not None:
        return tally
    reading = numbers.read(text)
    if reading is None:
        return None
    unit = reading.unit or (noun.text.lower() if noun is not None else None)
    if ent.label_ == "PERCENT" and unit is None:
        unit = "percent"
    start, end = ent.start_char, ent.end_char
    # Cover the counted noun when it follows closely ("more than 100,000 troops").
    if noun is not None and 0 <= noun.i - ent.end <= 3 and noun.i >= ent.end:
        end = noun.idx + len(noun.text)
    return Quantity(
        article=item.id, start=start, end=end, text=item.text[start:end], value=reading.value,
        unit=unit, about=_about(noun) if noun is not None else None,
        qualifier=reading.qualifier, high=reading.high,
    )


def _tally(item: Annotated, ent, noun) -> Quantity | None:  # noqa: ANN001 - spacy Span, Token
    """A vote or a score ("ruled 5-2", "a 4-3 decision", "won 3-1"): kept as written, unit "score"."""
    m = TALLY_RE.fullmatch(ent.text.strip())
    if not m:
        return None
    near = {t.lemma_.lower() for t in ent.doc[max(0, ent.start - 3) : ent.end + 2]}
    if int(m.group(1)) <= int(m.group(2)) and not (near & TALLY_WORDS or (noun is not None and noun.lemma_ in TALLY_WORDS)):
        return None  # "10-12" is a range
    value = f"{int(m.group(1))}-{int(m.group(2))}"
    return Quantity(article=item.id, start=ent.start_char, end=ent.end_char, text=item.text[ent.start_char : ent.end_char],
                    value=value, unit="score", about=_about(noun) if noun is not None else None)


def _year(item: Annotated, tok) -> Quantity:  # noqa: ANN001 - spacy Token
    """A year: what it names when it modifies a noun ("the 1997 agreement"), else the event it dates."""
    start, end = tok.idx, tok.idx + len(tok.text)
    head = tok.head
    if tok.dep_ in {"nummod", "compound", "amod", "nmod"} and head.pos_ in {"NOUN", "PROPN"}:
        about = _about(head)
    elif tok.dep_ == "pobj" and head.head is not head:
        about = head.head.lemma_ if head.head.pos_ in {"VERB", "AUX"} else _about(head.head)
    else:
        about = None
    return Quantity(article=item.id, start=start, end=end, text=item.text[start:end],
                    value=int(tok.text), unit="year", about=about)


def _year_like(tok) -> bool:  # noqa: ANN001 - spacy Token
    """True when a four-digit number reads as a year, not a count ("in 2019", "the 1997 pact")."""
    if tok.ent_type_ == "DATE":
        return True
    if "," in tok.text:
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in YEAR_PREPS:
        return True
    # "2000 troops" counts troops; "1997 Founding Act" names a thing.
    return tok.dep_ in {"nummod", "compound"} and tok.head.tag_ not in {"NNS"}


def _counted_noun(ent):  # noqa: ANN001, ANN202 - spacy Span -> Token | None
    """The noun a number counts: its head for "5,000 troops", the "of" object for "two of its sites"."""
    root = ent.root
    if root.dep_ in {"nummod", "quantmod", "amod", "compound"} and root.head.pos_ in {"NOUN", "PROPN"}:
        return root.head
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objs = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
            if objs:
                return objs[0]
    if root.dep_ == "pobj" and root.head.lower_ in BORROW - {"of"}:
        owner = root.head.head
        if owner.pos_ in {"NOUN", "PROPN"}:
            return owner
    # A noun the number governs directly ("5,000 of them" is handled above; "troops numbering 5,000").
    if root.dep_ in {"attr", "dobj", "nsubj"} and root.pos_ == "NUM":
        return None
    return None


def _about(noun) -> str:  # noqa: ANN001 - spacy Token
    """A short description of what is counted: the noun with its modifiers and attachments."""
    toks = [t for t in noun.subtree if t.dep_ not in {"relcl", "acl", "punct", "cc"} or t.i <= noun.i]
    toks = [t for t in toks if t.i >= noun.left_edge.i][:MAX_ABOUT_TOKENS]
    if not toks:
        return noun.text
    # A dangling preposition or punctuation at the edge says nothing about what is counted.
    while len(toks) > 1 and toks[-1].pos_ in {"ADP", "PUNCT", "SPACE", "CCONJ", "DET"}:
        toks.pop()
    span = noun.doc[toks[0].i : toks[-1].i + 1]
    return " ".join(span.text.split()).strip(" ,;:")
