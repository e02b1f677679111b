"""Bytes -> str, once, at the reader: BOM, UTF-8, declared charset, detection, mojibake repair.

Everything downstream holds offsets into the string made here, so decoding is conservative:
the only change beyond decoding is ftfy's mojibake repair (``â€™`` -> ``’``); quotes, spaces,
line breaks and Unicode normal form stay exactly as received.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
import ftfy

# Unicode BOMs, longest first (the UTF-32 LE BOM starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 65536  # bytes looked at to call a file binary
# Control bytes that never occur in text (tab, LF, FF, CR and ESC do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# WHATWG: pages labelled latin-1/ascii are decoded as windows-1252.
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
}
# Below this size charset-normalizer has too few bytes to judge ("naïve" came back as Arabic):
# an unlabelled short text that reads as plain Western cp1252 is taken as cp1252, the WHATWG
# default for unlabelled Western pages.
_SHORT = 4096
_WESTERN_PUNCT = frozenset("\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u20ac\u2022\u00a0\u00ab\u00bb"
                           "\u00b0\u00a9\u00ae\u00a3\u00a7\u00b7\u2122\u00bd\u00bc\u00be\u00b2\u00b3\u00e9")
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)

# Mojibake repair only: everything else ftfy could "fix" would change the text as received.
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=True,
    fix_c1_controls=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)
# Characters that mojibake of UTF-8 read as cp1252/latin-1 is made of; no hit, no ftfy pass.
_MOJIBAKE_HINT = re.compile(
    # UTF-8 read as cp1252/latin-1 leaves a lead byte (Â..ô) followed by a continuation byte,
    # which shows as a C1 control, a Latin-1 sign (\u00a0-\u00bf) or one of cp1252's extras
    # (‘ ’ “ ” • – — € ™ Š Œ …); a lone accented letter in ordinary text does not match.
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


class ReadError(ValueError):
    """An input that cannot be read; its message is the one-line reason shown to the user."""


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as cp1252 (latin-1 where cp1252 has a hole)."""
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="strict") if _defined_cp1252(bad) else bad.decode("latin-1"), err.end


def _defined_cp1252(b: bytes) -> bool:
    return not any(x in (0x81, 0x8D, 0x8F, 0x90, 0x9D) for x in b)


codecs.register_error("copydesk-cp1252", _cp1252_fallback)


def is_binary(data: bytes) -> bool:
    """True for data that is not text: NUL bytes or control bytes in number, near the start."""
    head = data[:_SNIFF]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False
    # a stray NUL in a real page is not binary; binary formats hold them by the hundred
    if head.count(b"\x00") > 2 + len(head) // 1000:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL))
    return controls > max(8, len(head) // 20)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares in its first bytes, if any."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or re.search(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)""", head)
    return m.group(1).decode("ascii").lower() if m else None


def _codec(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when Python does not know it."""
    if not name:
        return None
    name = _ALIASES.get(name.strip().lower(), name.strip().lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    """True when the invalid UTF-8 bytes are a few strays among valid multi-byte characters."""
    bad = 0
    pos = 0
    while bad < 64:
        try:
            data[pos:].decode("utf-8")
            break
        except UnicodeDecodeError as e:
            bad += e.end - e.start
            pos += e.end
    text = data.decode("utf-8", errors="ignore")
    wide = sum(1 for c in text if ord(c) > 127) if not text.isascii() else 0
    return wide > 0 and wide >= bad


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text once; raise ``ReadError`` for empty, binary or undecodable data.

    Order: BOM, strict UTF-8, mostly-UTF-8 with stray cp1252 bytes, the ``declared`` charset
    (HTTP header or ``<meta charset>``), then charset-normalizer's guess. Mojibake is then
    repaired with ftfy; nothing else is changed.
    """
    if not data:
        raise ReadError("empty file")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return repair(data.decode(codec))
            except UnicodeDecodeError as e:
                raise ReadError(
                    f"undecodable: starts with a {codec} byte-order mark but is not {codec}"
                ) from e
    if is_binary(data):
        raise ReadError("binary file, not text (NUL or control bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # mojibake starts with a character in U+00C0-U+00FF, whose UTF-8 lead byte is C3:
        # without one, ``repair`` has nothing to find and its scan of a big page is skipped
        return repair(text) if b"\xc3" in data else text
    if _mostly_utf8(data):
        return repair(data.decode("utf-8", errors="copydesk-cp1252"))
    codec = _codec(declared)
    if codec and codec not in ("utf-8", "utf_8"):
        try:
            return repair(data.decode(codec))
        except UnicodeDecodeError:
            pass
    if len(data) <= _SHORT and _plain_cp1252(data):
        return repair(data.decode("cp1252"))
    best = charset_normalizer.from_bytes(data).best()
    if best is not None and best.encoding:
        try:
            return repair(data.decode(best.encoding))
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError("undecodable: not UTF-8 and no text encoding fits")


def _plain_cp1252(data: bytes) -> bool:
    """True when ``data`` reads as Western cp1252 text: every non-ASCII character a Latin letter
    or common punctuation ("naïve", "Café", "München", "’", "€"), and accented letters a minority
    (Cyrillic in cp1251 also reads as Latin letters, but words made of nothing else)."""
    if not _defined_cp1252(data):
        return False
    text = data.decode("cp1252")
    accented = 0
    for c in re.findall(r"[^\x00-\x7f]", text):
        if c in _WESTERN_PUNCT:
            continue
        if not ("\u00c0" <= c <= "\u017f" and c.isalpha()):
            return False
        accented += 1
    letters = sum(c.isalpha() for c in text)
    return accented <= 0.25 * letters


def repair(text: str) -> str:
    """Repair mojibake (UTF-8 read as cp1252/latin-1) and nothing else."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    # ftfy fixes line by line anyway; handing it only the suspicious lines keeps a 3 MB page
    # with one bad line from costing a second.
    lines = text.splitlines(keepends=True)
    return "".join(ftfy.fix_text(line, _FTFY) if _MOJIBAKE_HINT.search(line) else line for line in lines)
