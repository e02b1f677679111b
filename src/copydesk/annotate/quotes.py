"""Quotes of one article: spans, kind (speech, document, partial, term) and raw speaker.

Spans come from the quotation marks (``quote_marks``), speakers from the parse the pipeline
already made (``attribution``). A quote with no attribution of its own that carries on an
attributed one (same paragraph, or the next paragraph in news run-on style) takes the same
speaker. ``Quote.speaker`` here is the in-article name; ``compare.speakers`` makes it
canonical across the story's outlets.
"""

from __future__ import annotations

from collections.abc import Callable

from copydesk.annotate import quote_marks, speaker_candidates, speaker_kinds, speaker_ranker
from copydesk.annotate.attribution import HE_SHE, Attributor, Speaker
from copydesk.annotate.speaker_candidates import Candidate, QuoteContext
from copydesk.model import Annotated, Quote

PARTIAL_MAX_WORDS = 3  # a fragment this short inside the reporter's sentence is a partial quote
TERM_MAX_WORDS = 4  # an unattributed quote this short is a scare-quoted term or a title


Chooser = Callable[[list[Candidate], QuoteContext], Candidate | None]


def extract(item: Annotated, doc, choose: Chooser | None = None) -> tuple[Quote, ...]:  # noqa: ANN001 - spacy Doc
    """Every quote of ``item`` outside boilerplate, with its kind and in-article speaker.

    ``choose`` picks the speaker among the candidates (default: the trained ranker); the
    training script passes one that records the candidates instead.
    """
    body = item.body_text()
    marked = quote_marks.find(body)
    if not marked:
        return ()
    choose = choose or (lambda cands, _ctx: speaker_ranker.choose(cands))
    paras = quote_marks.paragraphs(body)
    att = Attributor(doc, [(q.start, q.end) for q in marked], paras)
    text = item.text
    out: list[Quote] = []
    prev: tuple[Speaker | None, int] = (None, -1)  # last speaker and its quote's paragraph
    for q in marked:
        para = _para_index(paras, q.start)
        words = len(text[q.start : q.end].split())
        fragment = _is_fragment(body, q.start)
        short = fragment and words <= TERM_MAX_WORDS
        _cue, subj = att.cue(q.start, q.end, short=short)
        cued = att.speaker(subj) if subj is not None else None
        # "according to the filing, …": a document no one is named for (the ranker may still find one)
        unnamed_document = cued is not None and cued.sort == "document" and not speaker_kinds.admissible(att, subj, cued)
        labelled = att.transcript_label(q.start, q.end)
        if labelled is not None:  # "PENCE: Well, look, …": a transcript names its speakers
            speaker = labelled
        elif short:  # a few words in the reporter's sentence: only a verb they hang from names a speaker
            speaker = speaker_kinds.admissible(att, subj, cued) if subj is not None else None
        elif subj is not None and subj.lower_ in HE_SHE:  # "…," he added: the person meant before
            speaker = speaker_kinds.admissible(att, subj, cued)
        elif subj is not None and subj == att.signature(q.end):  # “…” ― Carla Sanchez: signed
            speaker = speaker_kinds.admissible(att, subj, cued)
        else:
            carries = prev[0] is not None and _carries_on(q, para, prev[1], words, fragment, body, paras)
            ctx = QuoteContext(q.start, q.end, fragment, words, subj, prev[0], carries, para == prev[1])
            cands = speaker_candidates.gather(att, ctx)
            if unnamed_document:  # "a memo said …": not handed to someone quoted before
                cands = [c for c in cands if c.features.get("sent_dist=0") and not c.features.get("carried")]
            best = choose(cands, ctx)
            speaker = best.speaker if best is not None else None
        if speaker is not None:  # a later "he said" may refer to it
            att.note(speaker)
        kind = _kind(speaker, words, fragment)
        if unnamed_document and speaker is None and words > PARTIAL_MAX_WORDS:
            kind = "document"
        if words == 1:  # "long", "ignored": a scare-quoted word, whoever used it
            kind, speaker = "term", None
        out.append(
            Quote(
                article=item.id,
                start=q.start,
                end=q.end,
                text=text[q.start : q.end],
                kind=kind,
                speaker=speaker.name if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
            )
        )
        if speaker is not None and kind in ("speech", "document"):
            prev = (speaker, para)
        elif kind in ("speech", "document"):
            prev = (None, para)
    return tuple(out)


def _para_index(paras: list[tuple[int, int]], pos: int) -> int:
    return quote_marks.paragraph_of(paras, pos)


def _is_fragment(body: str, start: int) -> bool:
    """True when the quote continues the reporter's syntax: a word right before the mark."""
    i = start - 1
    while i >= 0 and body[i] in " \u00a0\t":
        i -= 1
    i -= 1  # the opening mark
    while i >= 0 and body[i] in " \u00a0\t":
        i -= 1
    return i >= 0 and (body[i].isalnum() or body[i] in "’'")


def _carries_on(q, para: int, prev_para: int, words: int, fragment: bool, body: str, paras) -> bool:  # noqa: ANN001
    """An unattributed quote continues the last attributed one (news run-on conventions)."""
    if q.continues:
        return True
    if fragment and words <= TERM_MAX_WORDS:
        return False
    if para == prev_para:
        return True
    lo = paras[para][0] if para >= 0 else q.start
    opens_para = not body[lo : max(lo, q.start - 1)].strip()
    return para == prev_para + 1 and opens_para


def _kind(speaker: Speaker | None, words: int, fragment: bool) -> str:
    if speaker is None:
        return "term" if words <= TERM_MAX_WORDS else "speech"
    if fragment and words <= PARTIAL_MAX_WORDS:
        return "partial"
    return "document" if speaker.sort == "document" else "speech"
