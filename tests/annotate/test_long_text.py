"""Per-article stages stay linear on hostile shapes of real-looking news text (issue 15, item 2).

Each case failed before: a JSONL body on one line of thousands of sentences, a page of
thousands of short paragraphs, thousands of quote marks that never close. The bounds are
generous (the quadratic versions took 10-80x longer on the same inputs) so a loaded CI
machine does not make them flaky; the sizes keep every test well under a second when linear.
"""

from __future__ import annotations

import time

import spacy

from copydesk.annotate import boilerplate, quotes
from copydesk.annotate.attribution import Attributor
from copydesk.annotate.furniture import last_sentence_start, split_lines
from copydesk.model import Annotated, Article, content_id

SENTENCES = [
    "NATO defence ministers met in Brussels on Thursday to discuss the alliance's eastern flank.",
    "Mr. Stoltenberg said the alliance would add 3,000 troops to its battlegroups in Poland.",
    "The U.S. Army confirmed that a second brigade would rotate through the region in March.",
    "Officials in Warsaw welcomed the decision but warned that air defences remained thin.",
    "Russia's foreign ministry called the move a provocation and summoned the Polish envoy.",
]


def wire_sentences(n: int) -> list[str]:
    return [f"{SENTENCES[i % len(SENTENCES)][:-1]} (update {i} of the day)." for i in range(n)]


def _timed(fn, *args):  # noqa: ANN001, ANN202
    t = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t


def test_last_sentence_of_a_line_of_thousands_of_sentences_is_found_in_linear_time():
    line = " ".join(wire_sentences(8000))  # ~700 KB on one line, as a JSONL body can be
    start, took = _timed(last_sentence_start.__wrapped__, line)
    assert line[start:] == wire_sentences(8000)[-1]
    assert took < 2.0  # was 28 s on the dev box (quadratic prefix copies)


def test_abbreviations_still_do_not_end_a_sentence():
    line = "Troops arrived on Monday. The talks were led by Mr. Putin and Gen. Gerasimov."
    assert line[last_sentence_start.__wrapped__(line):] == "The talks were led by Mr. Putin and Gen. Gerasimov."
    assert last_sentence_start.__wrapped__("He met Vladimir V. Putin there.") == 0


def test_duplicate_paragraphs_among_thousands_of_lines_are_linear_and_still_found():
    paras = wire_sentences(6000)
    pull_quote = paras[10]  # a pull quote repeats a body paragraph inside a longer one
    text = "Ministers agree to reinforce the eastern flank\n\n" + "\n\n".join(
        [*paras[:11], pull_quote + " Analysts expect more to follow.", *paras[11:]]
    )
    lines = split_lines(text)
    found, took = _timed(boilerplate._duplicates, lines)
    assert [lines[i].text for i in found] == [pull_quote]
    assert took < 3.0  # was ~8 s at 4,000 lines, growing with the square


def _blank_doc(text: str):  # noqa: ANN202
    """A spaCy Doc of ``text`` with tokens and one sentence per stop, without the slow parser."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_quotes_of_a_long_one_line_article_cost_linear_time():
    body = " ".join(f'“We will not back down,” Mr. Kirby said of update {i}.' for i in range(3000))
    text = "Pentagon rejects withdrawal\n\n" + body
    item = Annotated(Article(id=content_id(text), source="t", text=text))
    found, took = _timed(quotes.extract, item, _blank_doc(text))
    assert len(found) == 3000 and found[-1].text == "We will not back down,"
    assert took < 5.0  # Doc.text re-joined per quote made this quadratic (21 s for 2,000)


def test_thousands_of_unclosed_quotes_in_one_endless_sentence_cost_linear_time():
    body = " ".join(f"“he said {i} things and" for i in range(3000))  # no stop, no closing mark
    text = "Rally\n\n" + body
    item = Annotated(Article(id=content_id(text), source="t", text=text))
    doc = _blank_doc(text)
    assert len(list(doc.sents)) <= 2  # one page-long sentence: the cue window must be capped
    found, took = _timed(quotes.extract, item, doc)
    assert found
    assert took < 5.0  # was 81 s for 4,000 (each quote walked the whole sentence)


def test_attributor_window_is_the_sentence_when_sentences_are_short():
    text = "He spoke: “We stay.” Then he left the room after the talks in Brussels."
    doc = _blank_doc(text)
    att = Attributor(doc, [(11, 19)], [(0, len(text))])
    span = doc.char_span(11, 19, alignment_mode="expand")
    assert att._window(span).text == "He spoke: “We stay.”"
