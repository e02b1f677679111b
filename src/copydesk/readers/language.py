"""An article's language: the tag its page declares, else what its words say.

Detection uses py3langid, whose model ships inside the wheel (nothing downloads), loaded once
per process on first use. Tags are BCP 47 as declared ("en-US", "pt-BR"); detected ones are
bare ISO 639-1 codes ("de").
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
_SAMPLE_CHARS = 3000  # a few paragraphs decide; more only costs time
_MIN_LETTERS = 40  # below this a guess is noise ("OK", a headline)
_MIN_CONFIDENCE = 0.5


def normalize(tag: str | None) -> str | None:
    """A BCP 47 tag from a declared value ("en_US" -> "en-US", "fr-fr" kept), None if not one."""
    if not tag or not isinstance(tag, str):
        return None
    tag = tag.strip().split(",")[0].strip().replace("_", "-")
    if not _TAG.match(tag) or tag.lower() in ("und", "mul", "zxx", "xx"):
        return None
    primary, *rest = tag.split("-")
    return "-".join([primary.lower(), *(r.upper() if len(r) == 2 else r for r in rest)])


def declared(tree: etree._Element) -> str | None:
    """The language a page declares: ``<html lang>``, ``xml:lang``, then Content-Language meta."""
    root = tree.getroottree().getroot()
    for attr in ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang"):
        tag = normalize(root.get(attr))
        if tag:
            return tag
    for meta in tree.iter("meta"):
        name = (meta.get("http-equiv") or meta.get("name") or meta.get("property") or "").lower()
        if name in ("content-language", "language", "og:locale", "dc.language"):
            tag = normalize(meta.get("content"))
            if tag:
                return tag
    return None


def english_model_applies(tag: str | None) -> bool:
    """Whether the English spaCy model may read an article: its language is English or unknown
    (too short to tell). Other languages get no entities and no speakers until a multilingual
    pipeline exists: the English model finds "Il" and "propongono" as names there."""
    return not tag or tag.split("-")[0].lower() == "en"


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short or unclear."""
    sample = text[:_SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
        return None
    lang, confidence = _identifier().classify(sample)
    return lang if confidence >= _MIN_CONFIDENCE else None


@lru_cache(maxsize=1)
def _identifier():  # noqa: ANN202 - py3langid.LanguageIdentifier
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
