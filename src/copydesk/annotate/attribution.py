"""Who is quoted: the speaker of a quote from the dependency parse and NER of its article.

Follows the attribution patterns news uses: "…," Kirby said / said Kirby, the title /
Kirby said: "…" / saying "…" (the subject of the clause it hangs from) / according to X /
the document says / he said (the person the paragraph is about). Works on the spaCy Doc
the pipeline already parsed; no model of its own.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from dataclasses import dataclass

SPEECH_LEMMAS = frozenset(
    """say tell add state note explain claim insist warn argue write announce declare ask reply
    respond answer continue conclude acknowledge admit confirm deny suggest stress emphasize
    emphasise urge call describe recall predict report comment remark observe testify caution
    complain vow pledge promise demand propose read affirm assert contend maintain reiterate
    mention reveal disclose shout yell whisper joke quip boast concede counter retort exclaim
    recount dub brand label term tweet post quote cite underline highlight point put rule""".split()
)
DOCUMENT_NOUNS = frozenset(
    """document documents letter letters statement statements report reports text response
    responses reply replies memo memorandum paper papers proposal proposals draft treaty
    agreement resolution filing complaint lawsuit ruling indictment email e-mail message
    communique communiqué declaration decree bill law constitution guidance guideline guidelines
    release transcript affidavit motion judgment verdict study survey analysis book article
    post tweet note notes minutes plan order website page notice record records""".split()
)
ROLE_NOUNS = frozenset(
    """official officials spokesman spokeswoman spokesperson spokespeople representative
    representatives source sources aide aides diplomat diplomats officer officers""".split()
)
PROXY_NOUNS = frozenset("office campaign team administration government lawyers".split())
HONORIFICS = frozenset(
    """mr mrs ms miss dr prof sen rep gov gen col lt sgt capt adm rev sir dame lord lady
    president vice prime minister chancellor secretary spokesman spokeswoman spokesperson
    senator representative governor general judge justice mayor chairman chairwoman chair
    director ambassador king queen prince princess pope premier commissioner coach""".split()
)
NAMING_LEMMAS = frozenset("say call dub term brand label describe".split())
HE_SHE = frozenset("he she him her".split())
IT_THEY = frozenset("it they".split())
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "relcl"})
_POSSESSIVE = re.compile(r"[’']s$")
_SIGNATURE = re.compile(r"[”\"»’'.,\s]{0,4}[—―–-]+\s*")
_EDGE_MARKS = " \t\n\u00a0―—–-,;:"  # a signature's dash or a list's comma the tagger put in a name
_PARAGRAPH_END = re.compile(r"\n[ \t\u00a0]*\n|(?<=[.!?”\"’])[ \t\u00a0]*\n")  # a blank line, or a line ending a sentence
# a transcript line: "PENCE: …", "JAKE TAPPER: …" (capitals only, so "Note: …" is prose)
_TRANSCRIPT_LABEL = re.compile(r"(?P<name>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,2}):[ \t\u00a0]+(?=\S)")
NOT_SPEAKER_LABELS = frozenset(
    "VIDEO AUDIO PHOTO PHOTOS WATCH UPDATE UPDATED BREAKING EXCLUSIVE NOTE READ LIVE WARNING MORE SOURCE RELATED".split()
)
SIGNING_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


@dataclass(frozen=True, slots=True)
class Speaker:
    """A speaker mention: ``text[start:end]``, its in-article name, and what sort it is."""

    start: int
    end: int
    name: str
    sort: str  # person | org | document | other


def person_name(surface: str) -> str:
    """A person's name without honorifics, titles or a possessive: "Mr. Kirby's" -> "Kirby"."""
    words = _POSSESSIVE.sub("", surface.strip(_EDGE_MARKS)).split()
    while len(words) > 1 and (words[0].rstrip(".").lower() in HONORIFICS or words[0][:1].islower()):
        words.pop(0)
    return " ".join(words)


def surname(name: str) -> str:
    """The last word of a speaker's name, folded: how two mentions of one speaker are matched."""
    words = _POSSESSIVE.sub("", name).split()
    return words[-1].lower().strip(".,") if words else ""


def _strip_det(tokens: list) -> list:
    while tokens and (tokens[0].dep_ in ("det", "predet") or tokens[0].is_punct):
        tokens = tokens[1:]
    return tokens


WINDOW_TOKENS = 120  # tokens either side of a quote that may hold its cue


class Attributor:
    """Finds speakers in one parsed article; ``quote_tokens`` marks tokens inside any quote."""

    def __init__(self, doc, quoted: list[tuple[int, int]], paragraphs: list[tuple[int, int]]) -> None:  # noqa: ANN001
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.paragraphs = paragraphs
        self._para_starts = [lo for lo, _hi in paragraphs]
        self.in_quote = [False] * len(doc)
        for s, e in quoted:
            span = doc.char_span(max(0, s - 1), min(len(self.text), e + 1), alignment_mode="expand")
            if span is not None:
                for t in span:
                    self.in_quote[t.i] = True
        self.ent_of: dict[int, object] = {}
        for ent in doc.ents:
            for t in ent:
                self.ent_of[t.i] = ent
        # Token.sent walks the whole doc on every call; index each token's sentence once.
        self.sents = list(doc.sents)
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(self.sents):
            self.sent_of[sent.start : sent.end] = [n] * (sent.end - sent.start)
        self._persons: list[tuple[int, Speaker, bool]] | None = None
        self._things: list[tuple[int, Speaker]] | None = None
        self._surnames: frozenset[str] | None = None
        self.quoted: dict[str, int] = {}  # surname -> quotes given to that speaker so far
        self._signers: dict[int, Speaker] = {}  # token -> the whole name on a signature line

    # -- finding the cue -------------------------------------------------------------
    def cue(self, start: int, end: int, short: bool = False) -> tuple[object | None, object | None]:
        """``(cue token, speaker token)`` for the quote ``[start, end)``, or ``(None, None)``.

        ``short``: the quote is a few words inside the reporter's sentence; it then needs a
        speech verb its words hang from, not merely one somewhere in the sentence, and the
        object of a verb such as "proposed" is a term, not a quote of what was proposed.
        """
        span = self.doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None, None
        inside = {t.i for t in span}
        window = None
        for t in span:  # the quote's clause hangs from a speech verb: "…," Kirby said
            if t.head.i in inside and t.head.i != t.i:
                continue
            verb, via = self._speech_ancestor(t)
            if verb is not None:
                window = window or self._window(span)
                if not window.start <= verb.i < window.end:
                    continue  # a parse run over a paragraph break: that verb cues another paragraph
            if verb is not None and short and via in ("dobj", "nsubj", "nsubjpass", "pobj") and (
                verb.lemma_.lower() not in NAMING_LEMMAS
            ):
                continue
            if verb is not None:
                subj = self._subject(verb)
                if subj is not None:
                    return verb, subj
        signed = self.signature(end)  # “…” ― Carla Sanchez: a signature is the quote's own cue
        if signed is not None:
            return None, signed
        window = window or self._window(span)
        according = self._according_to(window)
        if according is not None:
            return according.head, according
        if short:
            return None, None
        best = None
        for t in window:  # any speech verb of the sentence outside quotes, nearest first
            if self.in_quote[t.i] or t.lemma_.lower() not in SPEECH_LEMMAS or t.pos_ not in ("VERB", "AUX"):
                continue
            subj = self._subject(t)
            if subj is None:
                continue
            dist = min(abs(t.idx - start), abs(t.idx - end))
            if best is None or dist < best[0]:
                best = (dist, t, subj)
        if best is not None:
            return best[1], best[2]
        for t in window:  # "The leaked letters call for …": a document as the clause subject
            if t.dep_ in SUBJECT_DEPS and not self.in_quote[t.i] and t.lemma_.lower() in DOCUMENT_NOUNS:
                return t.head, t
        return None, None

    def transcript_label(self, start: int, end: int) -> Speaker | None:
        """The speaker a transcript line names at its start: "PENCE: Well, look, …"."""
        m = _TRANSCRIPT_LABEL.match(self.text, start, end)
        if m is None or m["name"].split()[-1] in NOT_SPEAKER_LABELS:
            return None
        return Speaker(m.start("name"), m.end("name"), person_name(m["name"].title()), "person")

    def signature(self, end: int):  # noqa: ANN201
        """The name signing the quote ending at ``end``: “…” ― Carla Sanchez (same line or the next)."""
        m = _SIGNATURE.match(self.text, end)
        if m is None:
            return None
        line_end = self.text.find("\n", m.end(), m.end() + 200)  # a signature is short: never scan the page
        line_end = min(len(self.text), m.end() + 200) if line_end < 0 else line_end
        span = self.doc.char_span(m.end(), line_end, alignment_mode="expand")
        if span is None:
            return None
        run = []  # the first run of name words on the signature line
        for t in span[:8]:
            if t.is_punct or t.is_space:
                if run:
                    break
                continue
            if t.pos_ != "PROPN" and t.i not in self.ent_of and not t.text[:1].isupper():
                break  # "— a promise few believed": prose goes on after a dash, no one signs
            run.append(t)
        if not run or not any(t.pos_ == "PROPN" or t.i in self.ent_of for t in run):
            return None
        head = next((t for t in run if t.i in self.ent_of and self.ent_of[t.i].label_ in SIGNING_ENTS), run[-1])
        ent = self.ent_of.get(head.i)
        sort = "org" if ent is not None and ent.label_ != "PERSON" and len(ent) >= len(run) else "person"
        start, stop = run[0].idx, run[-1].idx + len(run[-1].text)
        name = person_name(self.text[start:stop]) if sort == "person" else _org_name(self.text[start:stop])
        self._signers[head.i] = Speaker(start, stop, name, sort)
        return head

    def _speech_ancestor(self, tok):  # noqa: ANN001, ANN202
        """The nearest speech verb above ``tok`` and the dependency of the branch it heads."""
        cur = tok
        for _ in range(6):
            if cur.head.i == cur.i:
                return None, None
            via, cur = cur.dep_, cur.head
            if self.in_quote[cur.i]:
                continue
            if cur.lemma_.lower() in SPEECH_LEMMAS and cur.pos_ in ("VERB", "AUX"):
                return cur, via
            if cur.lower_ == "to" and cur.head.lower_ == "according":
                return None, None
        return None, None

    def _subject(self, verb):  # noqa: ANN001, ANN202
        cur = verb
        for _ in range(4):
            for child in cur.children:
                if child.dep_ in SUBJECT_DEPS and not self.in_quote[child.i]:
                    return child
            if cur.dep_ == "acl" and cur.head.pos_ in ("NOUN", "PROPN"):  # "a statement saying …"
                return cur.head
            if cur.dep_ not in CLIMB_DEPS or cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _window(self, span):  # noqa: ANN001, ANN202
        """The quote's sentence(s) within its paragraph, plus the sentence before when it ends in a colon."""
        first = self.sents[self.sent_of[span[0].i]]
        last = self.sents[self.sent_of[span[-1].i]]
        # a "sentence" can be a whole page without stops: look no further than a long sentence
        start, end = max(first.start, span.start - WINDOW_TOKENS), min(last.end, span.end + WINDOW_TOKENS)
        # the parser can run a sentence over a paragraph break: a cue past it is another quote's
        after = _PARAGRAPH_END.search(self.text, span.end_char, self.doc[end - 1].idx)
        if after is not None:
            end = next((t.i for t in self.doc[span.end : end] if t.idx >= after.end()), end)
        breaks = list(_PARAGRAPH_END.finditer(self.text, self.doc[start].idx, span.start_char))
        if breaks:
            start = next((t.i for t in self.doc[start : span.start] if t.idx >= breaks[-1].end()), start)
        if start > 0 and (start == first.start or breaks):
            prev = self.sents[self.sent_of[start - 1]]
            tail = self.text[max(prev.start_char, self.doc[start - 1].idx - 16) : self.doc[start].idx].rstrip()  # not a page-long copy
            if tail.endswith(":") or (tail.endswith(("“", '"')) and tail[:-1].rstrip().endswith(":")):
                start = max(prev.start, start - WINDOW_TOKENS)
        return self.doc[start:end]

    def _according_to(self, window):  # noqa: ANN001, ANN202
        for t in window:
            if t.lower_ == "according" and not self.in_quote[t.i] and t.i + 1 < len(self.doc):
                to = self.doc[t.i + 1]
                for child in to.children:
                    if child.dep_ == "pobj":
                        return child
        return None

    # -- naming the speaker ------------------------------------------------------------
    def speaker(self, tok) -> Speaker | None:  # noqa: ANN001
        """The speaker mention headed by ``tok``; pronouns resolved to an earlier mention."""
        if tok.i in self._signers:
            return self._signers[tok.i]
        low = tok.lower_
        if tok.pos_ == "PRON":
            if low in HE_SHE:
                return self._latest_person(tok.idx)
            if low in IT_THEY:
                return self._latest_thing(tok.idx)
            return None
        ent = self.ent_of.get(tok.i)
        if ent is not None and ent.label_ == "PERSON":
            return Speaker(ent.start_char, ent.end_char, person_name(ent.text), "person")
        if tok.pos_ == "PROPN" and (ent is None or (len(ent) == 1 and ent.label_ == "ORG")) and tok.text in self.surnames():
            # "DuVernay said", tagged ORG or nothing, in an article that named "Ava DuVernay"
            return Speaker(tok.idx, tok.idx + len(tok.text), tok.text, "person")
        for child in tok.children:  # "a spokesman, John Kirby," / "the office of Mr. Johnson"
            e = self.ent_of.get(child.i)
            if e is not None and e.label_ == "PERSON" and (
                child.dep_ == "appos" or (child.dep_ == "poss" and low in PROXY_NOUNS)
            ):
                return Speaker(e.start_char, e.end_char, person_name(e.text), "person")
        if ent is not None and ent.label_ in ("ORG", "GPE", "NORP") and tok.lemma_.lower() not in DOCUMENT_NOUNS | ROLE_NOUNS:
            return Speaker(ent.start_char, ent.end_char, _org_name(ent.text), "org")
        tokens = _strip_det(
            [t for t in self.doc[tok.left_edge.i : tok.i + 1] if not self.in_quote[t.i] and not t.is_space]
        )
        if not tokens:
            return None
        start, end = tokens[0].idx, tok.idx + len(tok.text)
        lemma = tok.lemma_.lower()
        if lemma in DOCUMENT_NOUNS or low in DOCUMENT_NOUNS:
            return Speaker(start, end, self.text[start:end], "document")
        if lemma in ROLE_NOUNS or low in ROLE_NOUNS:  # "a NATO official" speaks for NATO
            for t in tokens:
                e = self.ent_of.get(t.i)
                if e is not None and e.label_ == "ORG":
                    return Speaker(start, end, _org_name(e.text), "org")
        return Speaker(start, end, self.text[start:end].strip(_EDGE_MARKS), "other")

    def surnames(self) -> frozenset[str]:
        """The last word of every PERSON entity: a lone "DuVernay" elsewhere is that person."""
        if self._surnames is None:
            self._surnames = frozenset(
                person_name(e.text).split()[-1] for e in self.doc.ents if e.label_ == "PERSON" and len(person_name(e.text).split()) > 1
            )
        return self._surnames

    def _mentions(self) -> None:
        persons, things = [], []
        for ent in self.doc.ents:
            if ent.label_ != "PERSON" or self.in_quote[ent.root.i]:
                continue
            root = ent.root
            subj = root.dep_ in SUBJECT_DEPS or (root.dep_ == "appos" and root.head.dep_ in SUBJECT_DEPS)
            persons.append((ent.start_char, Speaker(ent.start_char, ent.end_char, person_name(ent.text), "person"), subj))
        for t in self.doc:
            if t.dep_ in SUBJECT_DEPS and t.pos_ in ("NOUN", "PROPN") and not self.in_quote[t.i]:
                sp = self.speaker(t)
                if sp is None:
                    continue
                if sp.sort == "person":  # a surname the tagger did not take for a PERSON
                    if self.ent_of.get(t.i) is None or self.ent_of[t.i].label_ != "PERSON":
                        persons.append((t.idx, sp, True))
                    continue
                if t.lemma_.lower() in ROLE_NOUNS and t.tag_ in ("NN", "NNP"):  # "a spokesman … He said"
                    persons.append((t.idx, sp, True))
                else:
                    things.append((t.idx, sp))
        persons.sort(key=lambda m: m[0])
        self._persons, self._things = persons, things

    def note(self, speaker: Speaker) -> None:
        """Remember a quote's named speaker as a mention a later "he said" can refer to."""
        if self._persons is None:
            self._mentions()
        last = surname(speaker.name)
        self.quoted[last] = self.quoted.get(last, 0) + 1
        if speaker.sort in ("person", "other") and speaker.name[:1].isupper():
            insort(self._persons, (speaker.start, speaker, True), key=lambda m: m[0])  # no re-sort per quote

    def _para_index(self, pos: int) -> int:
        return max(0, bisect_right(self._para_starts, pos) - 1)  # the last paragraph starting at or before pos

    def _para_floor(self, pos: int, back: int) -> int:
        """Start offset of the paragraph ``back`` paragraphs before the one holding ``pos``."""
        idx = self._para_index(pos)
        return self.paragraphs[max(0, idx - back)][0] if self.paragraphs else 0

    def _latest_person(self, pos: int) -> Speaker | None:
        """The person the paragraph is about: its latest subject, else the latest earlier one."""
        if self._persons is None:
            self._mentions()
        here = self._para_floor(pos, 0)
        floor = self._para_floor(pos, 3)
        for lo in (here, floor):
            near = [(sp, subj) for p, sp, subj in self._persons if lo <= p < pos]
            subjects = [sp for sp, subj in near if subj]
            if subjects:
                return subjects[-1]
            if near and lo == here:
                return near[-1][0]
        near = [sp for p, sp, _subj in self._persons if floor <= p < pos]
        return near[-1] if near else None

    def _latest_thing(self, pos: int) -> Speaker | None:
        if self._things is None:
            self._mentions()
        floor = self._para_floor(pos, 2)
        near = [sp for p, sp in self._things if floor <= p < pos]
        return near[-1] if near else None


def _org_name(text: str) -> str:
    words = _POSSESSIVE.sub("", text.strip()).split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)
