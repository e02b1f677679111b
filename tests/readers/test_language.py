from __future__ import annotations

import pytest

from copydesk.readers.html import from_html
from copydesk.readers.language import detect, normalize
from copydesk.readers.text import from_text

PARAS = {
    "de": "Der Bundestag hat am Donnerstag mit großer Mehrheit ein Gesetz zur Förderung der Windenergie "
          "beschlossen. Die Opposition kritisierte, dass die Kommunen zu wenig Mitsprache erhielten.",
    "fr": "Les députés ont adopté mardi le projet de loi sur le renseignement, malgré les critiques des "
          "associations qui dénoncent une surveillance de masse des citoyens.",
    "es": "Los pueblos indígenas reclaman por derechos que permanecen pendientes desde hace décadas, "
          "según el informe publicado este lunes por la organización.",
    "cs": "West Ham je opět v kurzu, nadšené ohlasy po nedělní jasné výhře nad soupeřem z Londýna "
          "potvrdily, že tým má na to bojovat o evropské poháry.",
    "en": "The harbour council voted 7 to 2 on Tuesday night to build the flood barrier, ending a "
          "decade of argument over who should pay for it.",
}


@pytest.mark.parametrize("lang", sorted(PARAS))
def test_detects_the_language_of_a_paragraph(lang):
    assert detect(PARAS[lang]) == lang


def test_too_little_text_is_not_guessed():
    assert detect("OK 12") is None


@pytest.mark.parametrize(("raw", "tag"), [
    ("en_US", "en-US"), ("pt-br", "pt-BR"), ("zh-TW", "zh-TW"), ("FR", "fr"), ("und", None), ("", None), ("a b", None),
])
def test_declared_tags_are_normalised(raw, tag):
    assert normalize(raw) == tag


def _page(lang_attr: str, head: str, para: str) -> str:
    return (f"<html{lang_attr}><head><title>T</title>{head}</head><body><article><h1>Headline</h1>"
            + f"<p>{para}</p>" * 3 + "</article></body></html>")


def test_a_page_declares_its_language_or_its_words_tell_it():
    assert from_html(_page(' lang="pt-BR"', "", PARAS["es"]), "p.html").language == "pt-BR"  # declared wins
    assert from_html(_page("", '<meta property="og:locale" content="fr_FR">', PARAS["fr"]), "p.html").language == "fr-FR"
    assert from_html(_page("", "", PARAS["de"]), "p.html").language == "de"


def test_plain_text_gets_a_detected_language():
    assert from_text("Windenergie\n\n" + PARAS["de"], "a.txt").language == "de"
