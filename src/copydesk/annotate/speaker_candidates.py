"""Candidate speakers of one quote, each with the features a ranker weighs.

Candidates are the people, organisations and person-denoting nouns near the quote (its
sentence, two sentences before, one after, within its paragraph and the one before), the
subject the rule-based cue finds (``Attributor.cue``), pronoun subjects resolved to an earlier
person, and the speaker of the quote just before (news run-on style). Features describe how
each stands to the quote: the verb it is subject of, whether the quote hangs from that verb,
side and distance, a colon or dash introducing the quote, "according to".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from copydesk.annotate import speaker_kinds
from copydesk.annotate.attribution import (
    SPEECH_LEMMAS,
    SUBJECT_DEPS,
    WINDOW_TOKENS,
    Attributor,
    Speaker,
    surname,
)

NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PRONOUNS = frozenset("he she they it".split())
MODIFIER_DEPS = frozenset({"amod"})
SENTS_BEFORE, SENTS_AFTER = 2, 1


@dataclass
class Candidate:
    """One possible speaker and its features (name -> value; absent means 0)."""

    speaker: Speaker
    features: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class QuoteContext:
    """What the ranker knows about the quote itself and its neighbourhood."""

    start: int
    end: int
    fragment: bool  # inside the reporter's sentence
    words: int
    rule_token: object | None  # the subject the rule-based cue found
    previous: Speaker | None  # the speaker of the quote before
    carries_on: bool  # run-on conventions say this quote continues the one before
    same_para_as_previous: bool


def _bucket(n: float) -> str:
    return str(min(6, int(math.log2(1 + max(0.0, n)))))


def _window(att: Attributor, span) -> tuple[int, int]:  # noqa: ANN001
    """Token range searched: nearby sentences, clipped to this paragraph and the one before."""
    first, last = att.sent_of[span[0].i], att.sent_of[span[-1].i]
    # a "sentence" can be a page without stops: never look further than WINDOW_TOKENS away
    lo_s = max(att.sents[max(0, first - SENTS_BEFORE)].start, span.start - WINDOW_TOKENS)
    hi_s = min(att.sents[min(len(att.sents) - 1, last + SENTS_AFTER)].end, span.end + WINDOW_TOKENS)
    para = att._para_index(span[0].idx)
    floor = att.paragraphs[max(0, para - 1)][0] if att.paragraphs else 0
    ceil = att.paragraphs[para][1] if 0 <= para < len(att.paragraphs) else len(att.text)
    lo = next((t.i for t in att.doc[lo_s:hi_s] if t.idx >= floor), lo_s)
    hi = hi_s
    for t in att.doc[span[-1].i : hi_s]:
        if t.idx > ceil:
            hi = t.i
            break
    return lo, hi


def _governs(tok, tops: list) -> bool:  # noqa: ANN001
    """The verb ``tok`` hangs from is an ancestor of the quote (the quote is its content)."""
    head = tok.head
    for cur in tops:
        for _ in range(8):
            if cur.i == head.i:
                return True
            if cur.head.i == cur.i:
                break
            cur = cur.head
    return False


def _para_start(att: Attributor, pos: int) -> int:
    return att.paragraphs[att._para_index(pos)][0] if att.paragraphs else 0


def _addressee(tok) -> bool:  # noqa: ANN001
    """``tok`` is spoken to, not speaking: "told reporters", "said to the committee"."""
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "to":
        head = head.head
    elif tok.dep_ not in ("dobj", "dative"):
        return False
    return head.lemma_.lower() in SPEECH_LEMMAS


def _between(text: str, a: int, b: int) -> str:
    return text[min(a, b) : max(a, b)]


def gather(att: Attributor, ctx: QuoteContext) -> list[Candidate]:
    """Every candidate speaker of the quote ``[ctx.start, ctx.end)`` with its features."""
    doc = att.doc
    span = doc.char_span(ctx.start, ctx.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return []
    inside = {t.i for t in span}
    tops = [t for t in span if t.head.i not in inside or t.head.i == t.i]
    lo, hi = _window(att, span)
    q_sent0, q_sent1 = att.sent_of[span[0].i], att.sent_of[span[-1].i]
    q_para = att._para_index(ctx.start)
    seen_roots: set[int] = set()
    toks = []
    for t in doc[lo:hi]:
        if att.in_quote[t.i] or t.is_space:
            continue
        ent = att.ent_of.get(t.i)
        if ent is not None and ent.label_ in NAMED:
            root = ent.root
            # "Russian increases", "White House spokesman": a modifier is not the one speaking
            if root.i not in seen_roots and not att.in_quote[root.i] and root.dep_ not in MODIFIER_DEPS:
                seen_roots.add(root.i)
                toks.append(root)
        elif t.pos_ in ("NOUN", "PROPN") and t.dep_ in SUBJECT_DEPS | {"appos"}:
            toks.append(t)
        elif t.pos_ == "PRON" and t.lower_ in PRONOUNS and t.dep_ in SUBJECT_DEPS:
            toks.append(t)
    if ctx.rule_token is not None and ctx.rule_token.i not in {t.i for t in toks}:
        toks.append(ctx.rule_token)
    signed = att.signature(ctx.end)
    if signed is not None and signed.i not in {t.i for t in toks}:
        toks.append(signed)
    out: dict[tuple[int, int], Candidate] = {}
    text = att.text
    for tok in toks:
        if tok.dep_ == "appos" and att.ent_of.get(tok.head.i) is not None:  # "Paul Greer, the director"
            tok = tok.head
        sp = speaker_kinds.admissible(att, tok, att.speaker(tok))
        if sp is None:
            continue
        f: dict[str, float] = {}
        before = tok.i < span[0].i
        s_dist = (att.sent_of[tok.i] - q_sent0) if before else max(0, att.sent_of[tok.i] - q_sent1)
        tok_dist = (span[0].i - tok.i) if before else (tok.i - span[-1].i)
        f["before" if before else "after"] = 1
        f[f"sent_dist={s_dist}"] = 1
        f[f"tok_dist={_bucket(tok_dist)}"] = 1
        if att._para_index(tok.idx) < q_para:
            f["prev_para"] = 1
        f[f"sort={sp.sort}"] = 1
        ent = att.ent_of.get(tok.i)
        f[f"ent={ent.label_ if ent is not None else tok.pos_}"] = 1
        f[f"dep={tok.dep_}"] = 1
        head = tok.head
        if tok.dep_ in SUBJECT_DEPS:
            speech = head.lemma_.lower() in SPEECH_LEMMAS
            f["subj_of_speech" if speech else "subj_of_other"] = 1
            f[f"verb={head.lemma_.lower()}"] = 1
            if _governs(tok, tops):
                f["subj_governs" if speech else "subj_governs_other"] = 1
        if tok.pos_ == "NOUN":
            f[f"noun={tok.lemma_.lower()}"] = 1
        if tok.pos_ == "PRON":
            f["pronoun"] = 1
        if _addressee(tok):  # "Kirby told reporters": the one spoken to
            f["addressee"] = 1
        if ctx.rule_token is not None and tok.i == ctx.rule_token.i:
            f["rule"] = 1
        if head.lower_ == "to" and head.head.lower_ == "according":
            f["according"] = 1
        gap = _between(text, tok.idx, ctx.start if before else ctx.end).strip()
        if before and gap.endswith(":") or gap.endswith((":“", ':"', ": “", ': "')):
            f["colon"] = 1
        if signed is not None and tok.i == signed.i:
            f["dash"] = 1
        if ctx.fragment:
            f["fragment"] = 1
        key = (sp.start, sp.end)
        if key in out:  # one mention reached twice: keep the stronger features
            for k, v in f.items():
                out[key].features[k] = max(out[key].features.get(k, 0.0), v)
        else:
            out[key] = Candidate(sp, f)
    cands = list(out.values())
    nearest = {}
    for c in cands:  # which is nearest on each side
        side = "before" if "before" in c.features else "after"
        d = abs(c.speaker.start - (ctx.start if side == "before" else ctx.end))
        if side not in nearest or d < nearest[side][0]:
            nearest[side] = (d, c)
    for side, (_d, c) in nearest.items():
        c.features[f"nearest_{side}"] = 1
    speakers_before = [c for c in cands if c.features.get("before") and c.features.get("subj_of_speech")]
    if speakers_before:  # the last one said to speak before the quote
        max(speakers_before, key=lambda c: c.speaker.start).features["latest_speaker_before"] = 1
    if ctx.previous is not None:
        prev = next((c for c in cands if _same_name(c.speaker, ctx.previous)), None)
        if prev is None:
            prev = Candidate(ctx.previous, {"carried": 1})
            cands.append(prev)
        prev.features["previous"] = 1
        if ctx.carries_on:
            prev.features["previous_carries_on"] = 1
        if ctx.same_para_as_previous:
            prev.features["previous_same_para"] = 1
    counts = _name_counts(att)
    # what the other candidates are: a pointwise model needs it to let "according to" beat "said"
    present = {f"q_has_{k}" for c in cands for k in ("rule", "according", "colon", "dash") if c.features.get(k)}
    if ctx.carries_on:
        present.add("q_carries_on")
    if not _between(text, _para_start(att, ctx.start), ctx.start).strip(" \t\u00a0“\"‘'"):
        present.add("q_opens_para")
    for c in cands:
        last = surname(c.speaker.name)
        c.features[f"mentions={_bucket(counts.get(last, 0))}"] = 1
        c.features[f"quoted_before={_bucket(att.quoted.get(last, 0))}"] = 1
        c.features.update(dict.fromkeys(present, 1.0))
        c.features = _conjoin(c.features)
    return cands


def _conjoin(f: dict[str, float]) -> dict[str, float]:
    """The features plus every pair of the non-lexical ones (a linear model's interactions)."""
    f = {k: v for k, v in f.items() if v}
    core = sorted(k for k in f if not k.startswith(("verb=", "noun=")))
    for i, a in enumerate(core):
        for b in core[i + 1 :]:
            f[f"{a}&{b}"] = 1.0
    return f


def _same_name(a: Speaker, b: Speaker) -> bool:
    wa, wb = a.name.split(), b.name.split()
    return bool(wa and wb) and wa[-1].lower() == wb[-1].lower()


def _name_counts(att: Attributor) -> dict[str, int]:
    """How often each PERSON/ORG surname or last word is mentioned in the article (salience)."""
    cached = getattr(att, "_name_counts", None)
    if cached is not None:
        return cached
    counts: dict[str, int] = {}
    for ent in att.doc.ents:
        if ent.label_ in NAMED and ent.text.split():
            w = ent.text.split()[-1].lower().removesuffix("’s").removesuffix("'s")
            counts[w] = counts.get(w, 0) + 1
    att._name_counts = counts
    return counts
