"""Decoding bytes once: BOMs, cp1252, mixed encodings, mojibake repair, binary refusal."""

from __future__ import annotations

import pytest

from copydesk.readers.decode import ReadError, declared_charset, decode, is_binary, repair

STORY = (
    "The council’s “emergency plan” will cost €14m — café owners on Quay Street said "
    "they had not been consulted.\u00a0The vote is on Tuesday.\r\n"
)


def test_utf8_is_kept_exactly_as_received():
    assert decode(STORY.encode("utf-8")) == STORY


def test_cp1252_is_detected():
    assert decode(STORY.encode("cp1252")) == STORY


def test_declared_charset_is_used_when_detection_would_guess():
    text = "Ça coûte 12 € à l’État, déclare le maire. " * 3
    data = f'<meta charset="windows-1252"><p>{text}</p>'.encode("cp1252")
    assert declared_charset(data) == "windows-1252"
    assert text in decode(data, declared_charset(data))


def test_utf8_with_stray_cp1252_bytes_keeps_both_parts():
    data = STORY.encode("utf-8") + " The naïve résumé said so.".encode("cp1252")
    assert decode(data) == STORY + " The naïve résumé said so."


def test_mojibake_is_repaired_but_quotes_and_nbsp_stay():
    import ftfy.bad_codecs  # noqa: F401 - registers sloppy-windows-1252

    garbled = STORY.encode("utf-8").decode("sloppy-windows-1252")
    assert "â€™" in garbled
    assert decode(garbled.encode("utf-8")) == STORY


def test_mojibake_of_one_word_in_a_long_page_is_repaired():
    # the only U+00C0-U+00FF character is the mojibake lead: the repair must still run
    page = "<p>Prices rose 3% in March, the ministry said.</p>\n" * 200 + "<p>Le cafÃ© ferme.</p>"
    assert decode(page.encode("utf-8")).endswith("<p>Le café ferme.</p>")


def test_utf8_without_latin1_letters_is_kept_exactly():
    text = "“Costs rose” — €14m\u00a0in 2024…  ‘a pity’, she said.\x85 " * 50
    assert decode(text.encode("utf-8")) == text


def test_repair_leaves_straight_and_curly_quotes_alone():
    text = 'He said "no" and she said “yes”\u00a0— twice…  '
    assert repair(text) == text


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig", "utf-32"])
def test_bom_decides(codec):
    assert decode(STORY.encode(codec)) == STORY


def test_empty_binary_and_undecodable_are_refused():
    with pytest.raises(ReadError, match="empty"):
        decode(b"")
    with pytest.raises(ReadError, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    assert is_binary(bytes(range(32)) * 50)
    assert not is_binary(STORY.encode("utf-16"))  # NULs, but a BOM says it is text


SHORT_WESTERN = [
    "naïve",
    "Café",
    "München",
    "The naïve plan for the Café Central in München was dropped.",
    "Le café coûte 2 € à Zürich, dit le fils du propriétaire. Les prix ont encore augmenté.",
    "Der Bürgermeister von München sagte am Dienstag, die Brücke über die Isar werde im Frühjahr "
    "für sechs Wochen gesperrt. Die Anwohner äußerten sich überrascht; ein Café an der Straße fürchtet "
    "um seine Gäste. „Wir wurden nicht gefragt“, sagte die Inhaberin.",
    "El niño comió piñata en la reunión del año; según el alcalde, la señal llegó tarde y la "
    "decisión se tomó sin consultar a los vecinos del barrio, que protestaron el miércoles.",
]


@pytest.mark.parametrize("text", SHORT_WESTERN)
@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_short_western_text_in_cp1252_or_latin1_is_decoded_right(text, codec):
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        pytest.skip("not encodable in Latin-1")
    assert decode(data) == text


@pytest.mark.parametrize(("text", "codec"), [
    ("Привет, как дела? Это короткий текст о погоде в Москве.", "cp1251"),
    ("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία.", "cp1253"),
    ("Příliš žluťoučký kůň úpěl ďábelské ódy. Vláda schválila zákon.", "cp1250"),
])
def test_short_text_in_other_code_pages_is_not_taken_for_cp1252(text, codec):
    got = decode(text.encode(codec))
    # the words themselves must come back (charset-normalizer may still miss a capital letter)
    assert text.split()[1] in got and text.split()[-1][1:] in got
