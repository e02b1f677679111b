"""Words: the word pattern of claim comparison, its stop words, verbs that only report speech, folding."""

from __future__ import annotations

import re

# A word for comparing statements: letters (with inner apostrophes and hyphens) or a number.
WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
STOP = frozenset("""a an the and or but if of to in on at by for with from as that this these those it its is are was
were be been being has have had do does did not no so than then there their they them he she his her we our you
your i me my said says say told tell also would could should will may might can who whom which what when where
while after before about into over under more most other such only just up out new mr mrs ms""".split())

# Verbs that report speech or only link (lemmas). ``REPORTING_CORE`` is the short list that dates
# anchor on; ``REPORTING`` adds verbs of opinion and linking that frames never treat as the act.
REPORTING_CORE = frozenset("say tell add ask note write state report be have do continue".split())
REPORTING = REPORTING_CORE | frozenset("""make take get go come give describe call quote explain insist argue
claim suggest warn predict believe think know see want seem appear accord include""".split())


_TOKEN = re.compile(r"\w+")


def fold(s: str) -> str:
    """Lower-cased words only, any script: a line or a headline matched across case and punctuation
    (boilerplate's repeated lines, readers' headlines)."""
    return " ".join(_TOKEN.findall(s.lower()))


def content_words(text: str) -> frozenset[str]:
    """Folded content words, cut to a 5-letter stem so "confirmed" meets "confirms"."""
    return frozenset(w.lower().replace("’", "'")[:5] for w in WORD_RE.findall(text) if w.lower() not in STOP)
