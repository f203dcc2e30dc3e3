"""Plain text: detect UTF-8, UTF-16, Windows-1258 or a legacy Vietnamese byte encoding
(TCVN3, VNI, VISCII) and clean light markup."""

from __future__ import annotations

import codecs
import re

from readers.cell_tables import rejoin_cell_tables
from readers.document import ReadDocument, Reading, assemble
from readers.legacy import decode_legacy, syllable_share

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16"),
)


class UndecodableText(ValueError):
    """The bytes are not text in any encoding we know."""


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Decode text bytes; return (text, encoding name, legacy decoder or None)."""
    decoder = None
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text, name = data.decode(codec), label
            break
    else:
        if _looks_utf16(data):
            codec = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
            text, name = data.decode(codec, errors="replace"), "utf-16"
        else:
            try:
                text, name = data.decode("utf-8"), "utf-8"
            except UnicodeDecodeError:
                text, name, decoder = _single_byte(data)
    if _control_ratio(text) > 0.05:
        raise UndecodableText("too many control or undecodable bytes for a text file")
    if decoder is None:
        # Legacy text saved as Unicode: "Céng hßa" copied out of a .VnTime document.
        text, decoder = decode_legacy(text)
    return text, name, decoder


def _single_byte(data: bytes) -> tuple[str, str, str | None]:
    """Windows-1258 or a legacy Vietnamese encoding, whichever reads as Vietnamese."""
    # Windows-1258: base letters plus combining tone marks; NFC composes them later.
    windows = data.decode("cp1258", errors="replace")
    legacy, decoder = decode_legacy(data.decode("latin-1"))
    if decoder and syllable_share(legacy) > syllable_share(windows):
        return legacy, decoder, decoder
    return windows, "windows-1258", None


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) > len(sample) // 4


def _control_ratio(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\n\r\t\f") or c == "\ufffd")
    return bad / len(sample)


# Markdown and pandoc residue seen in text exports of directives
# (nq-60-NQ-TW-2025-hoi-nghi-tw11.txt, qd-383-QD-TW-2025-phong-luu-tru-dang.txt).
_ESCAPE = re.compile(r"\\([-*_.\[\]()#|`>])")
_BOLD = re.compile(r"\*\*")
# "__Nơi nhận__:": bold written with underscores; a rule of underscores is left alone
_UNDERSCORE_BOLD = re.compile(r"(?<![_\w])__(?=[^\s_])(.+?)(?<=[^\s_])__(?![_\w])")
_EMPH_OPEN = re.compile(r"(?:(?<=\s)|^)\*(?=[^\s*])", re.M)
_EMPH_CLOSE = re.compile(r"(?<=[^\s*])\*(?=\s|$|[.,;:)])", re.M)
_RULE = re.compile(r"^[ \t]*[-=_|+ ]{5,}[ \t]*$", re.M)
_BARE_PIPE = re.compile(r"^[ \t]*\|[ \t]*$", re.M)
_TRAILING_BACKSLASH = re.compile(r"\\(?=[ \t]|$)", re.M)


def strip_markup(text: str) -> str:
    """Remove markdown emphasis, escapes and table rules; keep the words. A plan table
    saved one cell a line goes back to pipe rows first (readers/cell_tables.py)."""
    text = _ESCAPE.sub(r"\1", text)
    text = rejoin_cell_tables(text)
    text = _BOLD.sub("", text)
    text = _UNDERSCORE_BOLD.sub(r"\1", text)
    text = _EMPH_OPEN.sub("", text)
    text = _EMPH_CLOSE.sub("", text)
    text = _RULE.sub("", text)
    text = _BARE_PIPE.sub("", text)
    return _TRAILING_BACKSLASH.sub("", text)


def read_text(data: bytes) -> ReadDocument:
    text, encoding, decoder = decode(data)
    pages = [strip_markup(page) for page in text.split("\f")]
    return assemble(pages, Reading("text", "plain-text", encoding, len(pages), decoder=decoder))
