"""Legacy Vietnamese encodings (TCVN3/ABC, VNI, VISCII) decoded to Unicode.

Text typed in a legacy font reaches us as the font's byte values shown as Latin-1 or
cp1252 characters: "Céng hßa" (TCVN3, .VnTime), "Coäng hoøa" (VNI-Times), whether from a
PDF text layer, a .doc converted by LibreOffice, a .docx run or a .txt file. Two ways in:

- ``decode_runs``: the font of each run is known (DOCX): a ``.Vn*`` font is TCVN3 (its
  ``H`` variant, ``.VnTimeH``, draws every letter upper-case), ``VNI*`` is VNI.
- ``decode_legacy``: only the text is known (a PDF page, a text file): each line is
  decoded with the table that turns the most of its changed words into Vietnamese
  syllables, and only when it does; a line that already holds Unicode Vietnamese letters
  (ă đ ơ ư ệ …) is never touched.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

TCVN3, VNI, VISCII = "tcvn3", "vni", "viscii"

# TCVN 5712:1993 VN3 ("ABC"), bytes 0xA1-0xFF; "_" is a byte the encoding leaves unused
# (VN3 has no upper-case toned letters: .VnTimeH draws the lower-case ones as capitals).
# Checked against glibc's TCVN5712-1 in tests/test_legacy.py.
_TCVN3_A1 = (
    "ĂÂÊÔƠƯĐăâêôơưđ______àảãáạ_ằẳẵắ_______ặầẩẫấậè_ẻẽéẹềểễếệìỉ___ĩíịò_ỏõóọồổỗốộờởỡớợù_"
    "ủũúụừửữứựỳỷỹýỵ_"
)
# VISCII (RFC 1456): bytes 0x80-0xFF, and six control bytes it reuses for letters.
_VISCII_80 = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứ"
    "ÒÓÔạỷừửÙÚỹỵÝỡưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ"
)
_VISCII_CONTROLS = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}

# Tone marks in the order of the VNI mark tables below: huyền, sắc, hỏi, ngã, nặng.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
# VNI writes a toned vowel as its base letter then one mark byte that carries the tone
# and, for â ê ô ă, the vowel's own mark: "aù" á, "aâ" â, "aá" ấ, "aê" ă, "aé" ắ.
_VNI_MARKS = {  # the vowel's mark (None: none), then huyền, sắc, hỏi, ngã, nặng
    "plain": (None, "øùûõï"),
    "circumflex": ("â", "àáåãä"),
    "breve": ("ê", "èéúüë"),
}
# (VNI base letter, its Unicode letter, mark families it takes)
_VNI_BASES = [
    ("a", "a", "plain"), ("e", "e", "plain"), ("o", "o", "plain"), ("u", "u", "plain"),
    ("y", "y", "plain"), ("ô", "ơ", "plain"), ("ö", "ư", "plain"),
    ("a", "â", "circumflex"), ("e", "ê", "circumflex"), ("o", "ô", "circumflex"),
    ("a", "ă", "breve"),
]  # fmt: skip
# Single-byte letters: the toned i's, ỵ and đ.
_VNI_SINGLES = {"ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ", "ñ": "đ"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _with_case_pairs(pairs: dict[str, str]) -> dict[str, str]:
    """Add the upper-case form of each sequence; the base letter decides the case."""
    cased = dict(pairs)
    for legacy, letter in pairs.items():
        upper = legacy.upper()
        cased.setdefault(upper, letter.upper())
        if len(legacy) > 1:  # "Aø" and "aØ" occur where a mark was typed with caps lock
            cased.setdefault(upper[0] + legacy[1:], letter.upper())
            cased.setdefault(legacy[0] + upper[1:], letter)
    return cased


@cache
def table(name: str) -> dict[str, str]:
    """The legacy sequence -> Unicode letter table of one encoding."""
    if name == TCVN3:
        return {chr(0xA1 + i): c for i, c in enumerate(_TCVN3_A1) if c != "_"}
    if name == VISCII:
        pairs = {chr(0x80 + i): c for i, c in enumerate(_VISCII_80)}
        return pairs | {chr(b): c for b, c in _VISCII_CONTROLS.items()}
    if name == VNI:
        pairs = dict(_VNI_SINGLES)
        for base, letter, family in _VNI_BASES:
            vowel_mark, tone_marks = _VNI_MARKS[family]
            if vowel_mark:
                pairs[base + vowel_mark] = letter
            elif base != letter:
                pairs[base] = letter  # ô -> ơ, ö -> ư
            for mark, tone in zip(tone_marks, _TONES, strict=True):
                pairs[base + mark] = _nfc(letter + tone)
        return _with_case_pairs(pairs)
    raise ValueError(f"unknown legacy encoding: {name}")


@cache
def _pattern(name: str) -> re.Pattern[str]:
    keys = sorted((k for k, v in table(name).items() if k != v), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


def decode_as(text: str, name: str, *, upper: bool = False) -> str:
    """Decode ``text`` with one table: ``decode_as("Céng hßa", "tcvn3") == "Cộng hòa"``.

    ``upper`` for the upper-case TCVN3 fonts (.VnTimeH): "ñy ban" -> "ỦY BAN".
    """
    if name == TCVN3:
        text = _PDF_STAND_INS.sub(lambda m: _PDF_STAND_IN[m.group(0)], text)
        # Word shows 0xAD (ư) as an optional hyphen, hidden, so typists sometimes typed it
        # twice: "nhà nưước" (qd-256-QD-UB-CanTho-2004-tcvn3.doc). No Vietnamese word has "ưư".
        text = _DOUBLE_U_HORN.sub("\xad", text)
    letters = table(name)
    decoded = _pattern(name).sub(lambda m: letters[m.group(0)], text)
    return decoded.upper() if upper else decoded


# Some PDF font encodings show TCVN3 0xAD (ư) as a minus sign and 0xB7 (ã) as a bullet
# operator; they stand for the letter only next to a letter (not in "5 − 3").
_PDF_STAND_IN = {"\u2212": "\xad", "\u2219": "\xb7"}
_PDF_STAND_INS = re.compile(r"(?<=[^\W\d_])[\u2212\u2219]|[\u2212\u2219](?=[^\W\d_])")
_DOUBLE_U_HORN = re.compile("\xad{2,}")


_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")  # an embedded PDF font subset: "BADEPR+.VnTimeH"


def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """``(encoding, upper_case)`` of a font name: (".VnTimeH") -> ("tcvn3", True)."""
    if not font:
        return None, False
    name = _SUBSET_TAG.sub("", font.strip()).split(",")[0].strip()
    folded = name.lower()
    if folded.startswith(".vn"):
        return TCVN3, name.endswith("H")
    if folded.startswith("vni"):
        return VNI, False
    if "viscii" in folded:
        return VISCII, False
    return None, False


def decode_runs(runs: Iterable[tuple[str, str | None]]) -> tuple[str, str | None]:
    """Decode text runs by their font: ``[("Céng hßa", ".VnTime"), (" 2004", "Arial")]``.

    Neighbouring runs in the same legacy font are decoded together: VNI's base letter
    and its mark can sit in two runs (qd-991-QD-UBND-BinhPhuoc-2008-vni.doc, "CHUÛ").
    Text that is already Unicode Vietnamese is left alone whatever its font: converters
    often re-encode a document and keep its .VnTime font names.
    """
    groups: list[tuple[tuple[str | None, bool], list[str]]] = []
    for text, font in runs:
        key = font_encoding(font)
        if groups and groups[-1][0] == key:
            groups[-1][1].append(text)
        else:
            groups.append((key, [text]))
    parts: list[str] = []
    used: list[str] = []
    for (name, upper), texts in groups:
        joined = "".join(texts)
        if not name or _UNICODE_VIETNAMESE.search(joined):
            parts.append(joined)
        elif joined.isascii():
            parts.append(joined.upper() if upper else joined)
        else:
            parts.append(decode_as(joined, name, upper=upper))
            used.append(name)
    return "".join(parts), joined_names(used)


def joined_names(names: Iterable[str | None]) -> str | None:
    """The decoders used, once each: "tcvn3", "tcvn3+vni"; None when none."""
    unique = list(dict.fromkeys(n for part in names if part for n in part.split("+")))
    return "+".join(unique) if unique else None


# --- Detection by content -------------------------------------------------------------

# A letter only Unicode Vietnamese has (never a Latin-1 lookalike): ă đ ơ ư, the toned
# vowels U+1EA0-U+1EF9, or a combining tone mark. A line holding one is Unicode.
_UNICODE_VIETNAMESE = re.compile("[ĂăĐđƠơƯư\u1ea0-\u1ef9\u0300-\u0303\u0309\u0323]")

_ONSET = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
_OPEN = (
    "a|e|ê|i|o|ô|ơ|u|ư|y|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưi|ưu|ua|ưa|uơ|oa|oe|"
    "uê|uy|iêu|yêu|oai|oay|oao|oeo|uây|uôi|uya|ươi|ươu|uyu"
)
_CLOSED = "a|ă|â|e|ê|i|o|ô|ơ|u|ư|iê|yê|oa|oă|oe|uâ|uê|uô|ươ|uyê|uy|oo"
_SYLLABLE = re.compile(f"{_ONSET}(?:(?:{_OPEN})|(?:{_CLOSED})(?P<coda>ch|nh|ng|c|m|n|p|t))")
_STOP_TONES = frozenset("\u0301\u0323")  # a syllable ending in c, ch, p, t: sắc or nặng
_LATIN = re.compile("[A-Za-z]")
_SPLIT = re.compile(r"[\s\-/.,;:!?()\[\]{}\"'“”‘’…–—*|]+")


def is_syllable(word: str) -> bool:
    """Whether ``word`` is spelled as a Vietnamese syllable: "Cộng", "hòa"; not "héi"."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    match = _SYLLABLE.fullmatch(_nfc("".join(c for c in decomposed if c not in _TONES)))
    if not match:
        return False
    if match.group("coda") in ("c", "ch", "p", "t"):
        return bool(tones) and tones[0] in _STOP_TONES
    return True


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text) if w and not any(c.isdigit() for c in w)]


def syllable_share(text: str) -> float:
    """Share of the words of ``text`` (digits aside) spelled as Vietnamese syllables."""
    words = _words(unicodedata.normalize("NFC", text))
    return sum(map(is_syllable, words)) / len(words) if words else 0.0


def _gain(raw: str, decoded: str) -> tuple[int, int]:
    """(changed words, syllables gained) between a line and its decoding.

    Only words with a Latin letter count: a symbol alone ("©", "•") is no evidence, even
    when a table turns it into a one-letter syllable.
    """
    changed = gained = 0
    for before, after in zip(_words(raw), _words(decoded), strict=False):
        if before != after and _LATIN.search(before):
            changed += 1
            gained += is_syllable(after) - is_syllable(before)
    return changed, gained


def _decode_line(line: str, name: str) -> str:
    if name != TCVN3:
        return decode_as(line, name)
    # Text from an upper-case .VnTimeH run comes back lower-case without its font; a word
    # typed with capitals around its toned letters ("NGHÞ", "CñA") is meant upper-case.
    return _WORD.sub(lambda m: decode_as(m.group(0), name, upper=_capitals(m.group(0))), line)


_WORD = re.compile(r"\S+")


def _capitals(word: str) -> bool:
    """At least two ASCII capitals and no ASCII small letter: "NGHÞ", "CñA", not "Sè"."""
    return sum(c.isupper() for c in word if c.isascii()) >= 2 and not any(
        c.islower() for c in word if c.isascii()
    )


_CANDIDATES = (TCVN3, VNI, VISCII)


# An encoding is taken when its decoding turns into syllables at least MIN_GAIN of the
# words it changes and MIN_GAIN_SHARE of all words, and leaves at least MIN_SHARE of all
# words Vietnamese syllables. A French "où" becomes the syllable "ó" in VNI, but the
# sentence around it stays French; OCR junk with umlauts ("Chü tjch") gains a few
# syllables in VISCII among hundreds of words (qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf).
MIN_GAIN = 0.3
MIN_GAIN_SHARE = 0.15
MIN_SHARE = 0.5


def _best_encoding(lines: list[str]) -> str | None:
    """The encoding whose decoding turns the most changed words into syllables."""
    words = sum(1 for line in lines for word in _words(line) if _LATIN.search(word))
    best, best_gain = None, 0
    for name in _CANDIDATES:
        changed = gained = 0
        decoded = [decode_as(line, name) for line in lines]
        for line, after in zip(lines, decoded, strict=True):
            c, g = _gain(line, after)
            changed, gained = changed + c, gained + g
        if (
            gained > best_gain
            and gained >= MIN_GAIN * changed
            and gained >= MIN_GAIN_SHARE * words
            and syllable_share("\n".join(decoded)) >= MIN_SHARE
        ):
            best, best_gain = name, gained
    return best


def decode_legacy(text: str) -> tuple[str, str | None]:
    """Return ``(unicode_text, decoder_name)``; ``decoder_name`` is None when ``text`` is
    not in a legacy encoding and is returned unchanged.

    >>> decode_legacy("Céng hßa x· héi chñ nghÜa ViÖt Nam")
    ('Cộng hòa xã hội chủ nghĩa Việt Nam', 'tcvn3')
    """
    if text.isascii():
        return text, None
    lines = text.split("\n")
    legacy = [i for i, line in enumerate(lines) if not _UNICODE_VIETNAMESE.search(line)]
    name = _best_encoding([lines[i] for i in legacy])
    if name is None:
        return text, None
    changed_any = False
    for i in legacy:
        decoded = _decode_line(lines[i], name)
        if decoded != lines[i] and _gain(lines[i], decoded)[1] >= 0:
            lines[i], changed_any = decoded, True
    return ("\n".join(lines), name) if changed_any else (text, None)
