"""Who may be a speaker: people, organisations, and nouns that denote them.

A quote is said by a person ("Kirby"), an organisation or government ("the Pentagon",
"Washington"), or a noun phrase that stands for people ("a senior official", "the
spokesman", "the campaign"). Anything else ("documents", "the statement", "allies", "leaked
letters") is not named as a speaker: a generic document is traced back to whoever issued it
("NATO issued a statement … the statement said") or to the specific document it refers to
("the U.S. written response"), and otherwise the quote stays unattributed.
"""

from __future__ import annotations

from dataclasses import replace

from copydesk.annotate.attribution import Attributor, Speaker, person_name

PERSON_NOUNS = frozenset(
    """official spokesman spokeswoman spokesperson representative source aide adviser advisor
    diplomat officer minister secretary president senator congressman congresswoman lawmaker
    legislator governor mayor candidate nominee leader chairman chairwoman chair director
    ambassador chief executive founder manager owner analyst expert economist strategist
    pollster consultant lawyer attorney prosecutor judge justice investigator agent detective
    witness resident voter supporter critic opponent activist organizer protester protestor
    delegate member host anchor moderator reporter journalist columnist commentator editor
    writer author narrator speaker advocate partner colleague friend neighbor neighbour
    veteran soldier general commander sheriff police historian scholar professor researcher
    scientist doctor physician nurse teacher student pastor priest bishop rabbi imam man
    woman person father mother son daughter wife husband brother sister worker employee
    staffer operative insider surrogate donor fundraiser questioner attendee participant
    organiser king queen prince pope premier chancellor commissioner coach player fan
    mr mrs ms dr republican democrat conservative liberal progressive billionaire
    businessman businesswoman entrepreneur family relative""".split()
)
ORG_NOUNS = frozenset(
    """campaign administration government ministry department agency office committee council
    court party team board commission union group organization organisation company firm
    network newspaper magazine outlet station channel police military army navy
    embassy bank fund university school hospital foundation institute coalition alliance
    authority authorities regime cabinet congress parliament senate house legislature
    pentagon kremlin prosecutors poll survey""".split()
)
SHARE_NOUNS = frozenset("percent majority minority half third quarter share plurality most many".split())
DOCUMENT_VERBS = frozenset("issue release send provide sign circulate deliver write submit hand".split())  # not "publish": a publisher is not the author
LOOKBACK_PARAGRAPHS = 3
LOOKFORWARD_PARAGRAPHS = 2
MAX_TOKENS_SEARCHED = 2000  # paragraphs can be a page long: bound the work per quote
MAX_NAMES_SEARCHED = 50


def denotes_speaker(tok) -> bool:  # noqa: ANN001
    """A common noun that can speak: a person, a role, an organisation (by its lemma)."""
    lemma = tok.lemma_.lower()
    return lemma in PERSON_NOUNS or lemma in ORG_NOUNS or tok.lower_ in PERSON_NOUNS | ORG_NOUNS


def admissible(att: Attributor, tok, sp: Speaker | None) -> Speaker | None:  # noqa: ANN001
    """``sp`` if it can be a speaker, a document's issuer in its place, or None."""
    if sp is None:
        return None
    if sp.sort in ("person", "org"):
        return sp
    if _looks_proper(att, tok):  # "The Post", or a name the tagger took for a common noun
        return replace(sp, sort="org") if sp.sort == "document" else sp
    if sp.sort == "document":  # "it said" of a document: its antecedent is not at hand
        return None if tok.pos_ == "PRON" else issuer(att, tok, sp)
    if tok.pos_ == "PRON":  # its antecedent was a person already, perhaps by title only
        span = att.doc.char_span(sp.start, sp.end, alignment_mode="expand")
        return (titled_person(att, span.root) if span is not None else None) or sp
    if denotes_speaker(tok):
        return titled_person(att, tok) or sp
    return share_of_people(att, tok)


def share_of_people(att: Attributor, tok) -> Speaker | None:  # noqa: ANN001
    """A poll's respondents: "52 percent of registered voters", "a majority of Republicans"."""
    if tok.lemma_.lower() not in SHARE_NOUNS:
        return None
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ != "of":
            continue
        for obj in prep.children:
            ent = att.ent_of.get(obj.i)
            if obj.dep_ == "pobj" and (denotes_speaker(obj) or (ent is not None and ent.label_ == "NORP")):
                words = [t for t in att.doc[tok.left_edge.i : obj.i + 1] if not t.is_space]
                while words and words[0].dep_ in ("det", "predet", "punct"):
                    words = words[1:]
                start, end = words[0].idx, obj.idx + len(obj.text)
                return Speaker(start, end, att.text[start:end], "other")
    return None


def titled_person(att: Attributor, tok) -> Speaker | None:  # noqa: ANN001
    """The person an earlier mention gave this title: "spokesman John Kirby … the spokesman said".

    Only a definite, singular role ("the spokesman", "the senator"); "a senior official" is an
    anonymous source and stays one.
    """
    if tok.tag_ != "NN" or not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    lemma = tok.lemma_.lower()
    floor = att._para_floor(tok.idx, LOOKBACK_PARAGRAPHS)
    before = att.doc.char_span(floor, tok.idx, alignment_mode="expand")
    ents = before.ents[-MAX_NAMES_SEARCHED:] if before is not None else ()
    for ent in reversed(ents):
        if ent.label_ != "PERSON" or att.in_quote[ent.root.i]:
            continue
        root = ent.root
        phrase = list(root.subtree) + [t for c in root.children if c.dep_ == "appos" for t in c.subtree]
        if root.dep_ == "appos":  # "the spokesman, John Kirby,"
            phrase += [root.head]
        if any(t.lemma_.lower() == lemma for t in phrase):
            return Speaker(ent.start_char, ent.end_char, person_name(ent.text), "person")
    return None


def _looks_proper(att: Attributor, tok) -> bool:  # noqa: ANN001
    """A proper name: tagged so, or capitalised where a common noun would not be."""
    if tok.pos_ == "PROPN":
        return True
    if tok.pos_ != "NOUN" or not tok.text[:1].isupper():
        return False
    if not tok.is_sent_start:
        return True
    lowered = att.__dict__.setdefault("_lower_words", {t.lower_ for t in att.doc if t.text[:1].islower()})
    return tok.lower_ not in lowered


def _owner(att: Attributor, tok):  # noqa: ANN001, ANN202
    """Who the document's phrase says it is from: "the U.S. document", "the union's letter"."""
    for c in tok.children:
        if c.dep_ == "poss" and c.pos_ != "PRON" and (c.pos_ == "PROPN" or denotes_speaker(c)):
            return c
    for t in tok.subtree:
        if t.i >= tok.i:
            break
        ent = att.ent_of.get(t.i)
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP", "PERSON"):
            return ent
    return None


def issuer(att: Attributor, tok, sp: Speaker) -> Speaker | None:  # noqa: ANN001
    """Who a generic document speaks for; a named document ("the US document") keeps its name.

    Looks at the other mentions of the same noun, nearest first, a few paragraphs either way:
    "NATO issued a statement", "the documents that the United States provided", "the U.S.
    written response".
    """
    if _owner(att, tok) is not None:
        return sp
    lemma = tok.lemma_.lower()
    lo = att._para_floor(tok.idx, LOOKBACK_PARAGRAPHS)
    paras = att.paragraphs
    hi = paras[min(len(paras) - 1, att._para_index(tok.idx) + LOOKFORWARD_PARAGRAPHS)][1] if paras else len(att.text)
    near = att.doc.char_span(lo, hi, alignment_mode="expand") or att.doc[tok.i : tok.i + 1]
    half = MAX_TOKENS_SEARCHED // 2
    near = att.doc[max(near.start, tok.i - half) : min(near.end, tok.i + half)]
    same = [t for t in near if t.lemma_.lower() == lemma and not att.in_quote[t.i]]
    for t in sorted(same, key=lambda t: abs(t.i - tok.i)):
        verb = t.head if t.dep_ == "dobj" else next((c for c in t.children if c.dep_ == "relcl"), None)
        if verb is not None and verb.lemma_.lower() in DOCUMENT_VERBS:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            found = att.speaker(subj) if subj is not None and subj.pos_ != "PRON" else None
            if found is not None and found.sort in ("person", "org"):
                return found
        if t.i != tok.i and _owner(att, t) is not None:
            return att.speaker(t)
    return None
