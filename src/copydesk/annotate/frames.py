"""Predicate frames: who did what to what, read off the article's own parse (reused, not re-run).

A frame is one non-reporting verb of a sentence with its agent (active subject, or the
"by" phrase of a passive) and its object (direct object, passive subject, or clausal
complement), each as a span of the article. Conjoined and raising verbs inherit the
subject of the verb they hang on ("were obtained, published … and confirmed by X";
"denied leaking … but appeared to confirm …"). ``compare/frames.py`` compares them across a story.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.attrs import IS_PUNCT, IS_SPACE, SENT_START

from copydesk.annotate.claim_units import units
from copydesk.model import Annotated, Frame
from copydesk.nlp_models import spacy_pipeline
from copydesk.text.words import REPORTING, STOP

# Heads of agent phrases that name an actor by role: officials, offices and institutions.
ROLES = frozenset("""official spokesman spokeswoman spokesperson minister secretary president chancellor premier
diplomat aide adviser advisor source officer administration government ministry department agency office
police prosecutor court judge lawmaker senator congressman governor mayor leader general commander ambassador
envoy analyst expert researcher scientist investigator authority regulator company firm executive""".split())
SUBJ = {"nsubj", "csubj"}


def extract(item: Annotated, doc) -> tuple[Frame, ...]:  # noqa: ANN001 - spacy Doc of item.body_text()
    """The frames of the article's claim sentences, in text order, reusing its parse where it holds.

    A claim sentence (``claim_units``: a sentence piece cut at line breaks) that is a whole
    sentence of the parse is read from it (``Span.as_doc`` keeps its tree). One the parser glued
    to other text (a headline run into the lede, lines run together) has a tree that crosses
    the break, so that sentence alone is parsed again: a few per article.
    """
    bounds = _sentence_bounds(doc)
    found: dict[int, list[Frame]] = {}
    again: list[tuple[int, int, int]] = []
    for k, u in enumerate(units(item)):
        span = doc.char_span(u.start, u.end, alignment_mode="expand")
        first, last = bounds[span.start] if span is not None and len(span) else (-1, -1)
        if span is None or first < span.start or last >= span.end:
            again.append((k, u.start, u.end))
        elif any(t.pos_ == "VERB" and t.lemma_.lower() not in REPORTING for t in span):
            found[k] = _doc_frames(span.as_doc(), span.start_char)
    if again:
        texts = [item.text[start:end] for _, start, end in again]
        for (k, start, _), piece_doc in zip(again, spacy_pipeline().pipe(texts, disable=["ner"]), strict=True):
            found[k] = _doc_frames(piece_doc, start)
    return tuple(f for k in sorted(found) for f in found[k])


def _sentence_bounds(doc) -> list[tuple[int, int]]:  # noqa: ANN001 - spacy Doc
    """Per token: the first and last word of its sentence (not space, not punctuation: a stray
    closing quote the parser put before a line's first word does not glue the line to another)."""
    starts, spaces, puncts = doc.to_array([SENT_START, IS_SPACE, IS_PUNCT]).T.tolist()
    out: list[tuple[int, int]] = []
    begin = 0
    for i in range(1, len(doc) + 1):
        if i == len(doc) or starts[i] == 1:
            words = [k for k in range(begin, i) if not spaces[k] and not puncts[k]]
            out += [(words[0], words[-1]) if words else (k, k) for k in range(begin, i)]
            begin = i
    return out


def _doc_frames(doc, offset: int) -> list[Frame]:  # noqa: ANN001 - spacy Doc of one sentence piece
    """Frames of one parsed sentence piece, with article offsets (``offset``: where the piece starts)."""
    found = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in REPORTING:
            continue
        agent, obj = _agent(tok), _object(tok)
        if agent is None or obj is None or not _named_actor(agent):
            continue
        a_toks, o_toks = _phrase(agent), _phrase(obj)
        aw = _words(a_toks) | _apposition(agent)
        ow = _key_nouns(obj)
        if not aw or not ow:
            continue
        lo = min(a_toks[0].idx, tok.idx, o_toks[0].idx)
        last = max(a_toks[-1], o_toks[-1], tok, key=lambda t: t.i)
        hi = last.idx + len(last.text)
        found.append(Frame(tok.lemma_.lower(), offset + lo, offset + hi, " ".join(t.text for t in a_toks),
                           tuple(sorted(aw)), tuple(sorted(ow)), _head_noun(obj).text))
    return found


def _named_actor(tok) -> bool:  # noqa: ANN001
    """An agent worth comparing: a name ("The Pentagon", "Reuters") or a role ("a senior official").

    Descriptions such as "the country" or "his troops" point back to something named
    elsewhere; comparing them would report a difference in wording, not in who acted.
    """
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in ROLES


def _head_noun(tok):  # noqa: ANN001, ANN202
    """The noun a clause object is about: its subject for a clause ("confirm the documents were genuine")."""
    if tok.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj if subj is not None else tok
    return tok


def _key_nouns(obj) -> frozenset[str]:  # noqa: ANN001
    """The object's head noun and the noun of its "of" phrase ("the authenticity of the documents")."""
    head = _head_noun(obj)
    keys = {head}
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            keys |= {g for g in c.children if g.dep_ == "pobj"}
    # A noun the tagger took for a verb ("replies") still heads a nominal slot.
    nominal = ("NOUN", "PROPN")
    return frozenset(t.lemma_.lower() for t in keys
                     if (t.pos_ in nominal or t.dep_ in ("nsubjpass", "dobj", "pobj")) and t.lower_ not in STOP)


def _agent(verb):  # noqa: ANN001, ANN202 - spaCy tokens
    """The doer: "by X" of a passive, else the subject, else the subject of the verb it is joined to."""
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if tok is verb or not _passive(verb):
            for c in tok.children:
                if c.dep_ in SUBJ:
                    return c
        # A joined verb shares its head's subject; a raising verb ("appeared to confirm") too.
        if tok.dep_ in ("conj", "xcomp") and tok.head is not tok and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
        else:
            return None
    return None


def _passive(verb) -> bool:  # noqa: ANN001
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.tag_ == "VBN"


def _object(verb):  # noqa: ANN001, ANN202
    """What the act is done to: the direct object or clause, or the subject of a passive (inherited along conj)."""
    for c in verb.children:
        if c.dep_ in ("dobj", "ccomp"):
            return c
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
        if tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None


def _phrase(tok) -> list:  # noqa: ANN001
    """A head's phrase, cut before relative clauses and appositions so the words stay on the thing named.

    Of its prepositional phrases only those that say whose or which one ("of the documents")
    are kept; "officials on Wednesday" names officials, not Wednesday.
    """
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "appos", "punct", "cc", "conj", "advcl", "acl") and c.i > tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ not in ("of", "from", "at", "for"):
            continue
        keep.extend(c.subtree)
    keep.sort(key=lambda t: t.i)
    # contiguous run around the head only
    run = [tok]
    idx = {t.i for t in keep}
    i = tok.i - 1
    while i in idx:
        run.insert(0, tok.doc[i])
        i -= 1
    i = tok.i + 1
    while i in idx:
        run.append(tok.doc[i])
        i += 1
    return run


def _apposition(tok) -> frozenset[str]:  # noqa: ANN001
    """Words of an apposition ("John Kirby, the Pentagon press secretary"): the same agent named by role."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ == "appos":
            out |= _words(list(c.subtree))
    return frozenset(out)


def _words(toks: Sequence) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower()[:5] for t in toks
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and t.lower_ not in STOP and t.is_alpha
    )
