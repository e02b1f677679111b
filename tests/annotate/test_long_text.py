"""Per-article stages stay linear on hostile shapes of real-looking news text (issue 15, item 2).

Each case failed before: a JSONL body on one line of thousands of sentences, a page of
thousands of short paragraphs, thousands of quote marks that never close. The tests check the
answers on those shapes; their cost is measured by ``bench/long_text.py`` (x4 text, about x4
time), not by wall-clock bounds here, which a loaded machine would make flaky. The sizes keep
each test well under a second when linear (the quadratic versions took 10-80 s).
"""

from __future__ import annotations

import spacy

from copydesk.annotate import boilerplate, quotes
from copydesk.annotate.attribution import Attributor
from copydesk.model import Annotated, Article, content_id
from copydesk.text.furniture import last_sentence_start, split_lines

SENTENCES = [
    "NATO defence ministers met in Brussels on Thursday to discuss the alliance's eastern flank.",
    "Mr. Stoltenberg said the alliance would add 3,000 troops to its battlegroups in Poland.",
    "The U.S. Army confirmed that a second brigade would rotate through the region in March.",
    "Officials in Warsaw welcomed the decision but warned that air defences remained thin.",
    "Russia's foreign ministry called the move a provocation and summoned the Polish envoy.",
]


def wire_sentences(n: int) -> list[str]:
    return [f"{SENTENCES[i % len(SENTENCES)][:-1]} (update {i} of the day)." for i in range(n)]


def test_last_sentence_of_a_line_of_thousands_of_sentences_is_found():
    line = " ".join(wire_sentences(8000))  # ~700 KB on one line, as a JSONL body can be
    start = last_sentence_start.__wrapped__(line)
    assert line[start:] == wire_sentences(8000)[-1]


def test_abbreviations_still_do_not_end_a_sentence():
    line = "Troops arrived on Monday. The talks were led by Mr. Putin and Gen. Gerasimov."
    assert line[last_sentence_start.__wrapped__(line):] == "The talks were led by Mr. Putin and Gen. Gerasimov."
    assert last_sentence_start.__wrapped__("He met Vladimir V. Putin there.") == 0


def test_duplicate_paragraphs_among_thousands_of_lines_are_still_found():
    paras = wire_sentences(6000)
    pull_quote = paras[10]  # a pull quote repeats a body paragraph inside a longer one
    text = "Ministers agree to reinforce the eastern flank\n\n" + "\n\n".join(
        [*paras[:11], pull_quote + " Analysts expect more to follow.", *paras[11:]]
    )
    lines = split_lines(text)
    found = boilerplate._duplicates(lines)
    assert [lines[i].text for i in found] == [pull_quote]


def _blank_doc(text: str):  # noqa: ANN202
    """A spaCy Doc of ``text`` with tokens and one sentence per stop, without the slow parser."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp(text)


def test_quotes_of_a_long_one_line_article_are_found():
    body = " ".join(f'“We will not back down,” Mr. Kirby said of update {i}.' for i in range(3000))
    text = "Pentagon rejects withdrawal\n\n" + body
    item = Annotated(Article(id=content_id(text), source="t", text=text))
    found = quotes.extract(item, _blank_doc(text))
    assert len(found) == 3000 and found[-1].text == "We will not back down,"


def test_thousands_of_unclosed_quotes_in_one_endless_sentence_are_found():
    body = " ".join(f"“he said {i} things and" for i in range(3000))  # no stop, no closing mark
    text = "Rally\n\n" + body
    item = Annotated(Article(id=content_id(text), source="t", text=text))
    doc = _blank_doc(text)
    assert len(list(doc.sents)) <= 2  # one page-long sentence: the cue window must be capped
    found = quotes.extract(item, doc)
    assert found


def test_attributor_window_is_the_sentence_when_sentences_are_short():
    text = "He spoke: “We stay.” Then he left the room after the talks in Brussels."
    doc = _blank_doc(text)
    att = Attributor(doc, [(11, 19)], [(0, len(text))])
    span = doc.char_span(11, 19, alignment_mode="expand")
    assert att._window(span).text == "He spoke: “We stay.”"
