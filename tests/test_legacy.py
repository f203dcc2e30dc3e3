import ctypes
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from docx.oxml import OxmlElement
from docx.shared import Pt
from rapidfuzz.distance import Levenshtein

from extractors.normalize import normalize_text
from readers import read_bytes, read_document
from readers.legacy import (
    TCVN3,
    VISCII,
    VNI,
    decode_as,
    decode_legacy,
    decode_runs,
    font_encoding,
    table,
)
from tests.conftest import ROOT, SAMPLES, VU_DUONG

LEGACY = ROOT / "corpus" / "legacy"
ND_109 = LEGACY / "nd-109-2004-ND-CP-tcvn3.pdf"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"

_TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
# Every vowel with every tone, and đ: "a à á ả ã ạ ă ằ … ỵ đ".
ALL_VOWELS = (
    " ".join(unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in _TONES) + " đ"
)
SENTENCE = (
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015; Xét đề nghị "
    "của Giám đốc Sở Nội vụ, Điều 1. Giao Sở Nông nghiệp chủ trì, phối hợp với các sở, "
    "ngành hướng dẫn, theo dõi, đôn đốc; báo cáo ủy ban nhân dân tỉnh trước ngày 15/12. "
    "Quyết định này có hiệu lực kể từ ngày ký; nghĩa vụ, trách nhiệm, lưu trữ, khuyến khích."
)


def encode(text: str, name: str) -> str:
    """The inverse of a decoding table: Unicode text as a legacy font shows it."""
    inverse: dict[str, str] = {}
    for legacy, letter in sorted(table(name).items(), key=lambda kv: len(kv[0])):
        if len(legacy) == 1 or legacy in (legacy.lower(), legacy.upper()):
            inverse.setdefault(letter, legacy)
    return "".join(inverse.get(c, c) for c in unicodedata.normalize("NFC", text))


def squash(text: str) -> str:
    """Whitespace removed, case folded: "ỦY BAN" and "ủy Ban" compare equal."""
    return re.sub(r"\s+", "", normalize_text(text)).casefold()


def character_error_rate(truth: str, text: str) -> float:
    """CER of the part of ``text`` that spans the (excerpted) ground truth."""
    t, o = squash(truth), squash(text)
    start = max(o.find(t[:20]), 0)
    end = o.find(t[-20:], start + int(0.8 * len(t)))
    o = o[start : end + 20] if end >= 0 else o[start : start + len(t)]
    return Levenshtein.distance(t, o) / len(t)


def truth_of(path: Path) -> str:
    return path.with_suffix(".truth.txt").read_text(encoding="utf-8")


# --- tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", [TCVN3, VNI, VISCII])
def test_legacy_table_round_trip(name):
    # TCVN3 has no upper-case toned letters (an .VnTimeH font draws them): lower-case only.
    text = f"{ALL_VOWELS} {SENTENCE}"
    if name != TCVN3:
        text += f" {ALL_VOWELS.upper()} {SENTENCE.upper()}"
    encoded = encode(text, name)
    assert encoded != text
    assert not re.search("[ăđơưạ-ỹ]", encoded, re.I)  # nothing Unicode-only left
    assert decode_as(encoded, name) == text
    assert decode_legacy(encoded) == (text, name)


@pytest.mark.parametrize(("name", "charset"), [(TCVN3, "TCVN5712-1"), (VISCII, "VISCII")])
def test_legacy_tables_match_glibc_iconv(name, charset):
    """Our tables against an implementation we did not write (glibc's charsets)."""
    if not shutil.which("iconv"):
        pytest.skip("iconv is not installed")
    data = bytes(range(1, 256))
    result = subprocess.run(
        ["iconv", "-f", charset, "-t", "UTF-8"], input=data, capture_output=True
    )
    if result.returncode:
        pytest.skip(f"iconv has no {charset}")
    expected = dict(zip(data.decode("latin-1"), result.stdout.decode("utf-8"), strict=True))
    ours = {k: v for k, v in table(name).items() if len(k) == 1 and ord(k) < 256}
    assert len(ours) >= (74 if name == TCVN3 else 134)
    assert {k: expected[k] for k in ours} == ours


def test_legacy_vni_marks_spot_checks():
    assert decode_as("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam", VNI) == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )
    assert decode_as("TÆNH BÌNH PHÖÔÙC, Ñoäc laäp - Töï do - Haïnh phuùc", VNI) == (
        "TỈNH BÌNH PHƯỚC, Độc lập - Tự do - Hạnh phúc"
    )
    assert decode_as("aên naèm, ñaúng, tyû", VNI) == "ăn nằm, đẳng, tỷ"


@pytest.mark.parametrize(
    ("font", "expected"),
    [
        (".VnTime", (TCVN3, False)),
        (".VnTimeH", (TCVN3, True)),
        ("BADEPR+.VnTimeH,Bold", (TCVN3, True)),
        (".VnArial", (TCVN3, False)),
        ("VNI-Times", (VNI, False)),
        ("VNI-Helve-Condense", (VNI, False)),
        ("Times New Roman", (None, False)),
        (None, (None, False)),
    ],
)
def test_legacy_font_encoding(font, expected):
    assert font_encoding(font) == expected


# --- detection ------------------------------------------------------------------------

_FOREIGN = [
    "The Prime Minister signed Decision No. 991/QD-UBND on 14 May 2008.",
    "Über die Straße, ein café in São Paulo; naïve façade, España, Zürich, Ångström.",
    "© 2024 — ½ price, 30 °C, § 5 Abs. 2, µg/m³, × ÷ ± « » ¿qué? ¡olé!",
    "Le Comité a décidé à l'unanimité: élève, où, très, garçon, cœur.",
]


@pytest.mark.parametrize(
    "text",
    [
        VU_DUONG.read_text(encoding="utf-8"),
        SENTENCE,
        "là các cán bộ, về dự án, hòa bình",  # Unicode Vietnamese in Latin-1 letters only
        unicodedata.normalize("NFD", SENTENCE),
        *_FOREIGN,
    ],
)
def test_legacy_unicode_and_foreign_text_untouched(text):
    assert decode_legacy(text) == (text, None)


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")) + sorted(SAMPLES.glob("*.docx")))
def test_legacy_unicode_samples_read_without_decoder(path):
    document = read_document(path)
    assert document.reading.decoder is None


@pytest.mark.parametrize("name", [TCVN3, VNI])
def test_legacy_mixed_header_unicode_body(name):
    header = "Số: 991/QĐ-UBND\nCộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc"
    body = VU_DUONG.read_text(encoding="utf-8")
    decoded, decoder = decode_legacy(f"{encode(header, name)}\n{body}")
    assert decoder == name
    assert decoded == f"{header}\n{body}"


def test_legacy_upper_case_font_recovered_from_capitals():
    # .VnTimeH text without its font: capitals around the toned letters tell the case.
    assert decode_legacy("NGHÞ §ÞNH CñA CHÝNH PHñ\nNH÷NG QUY §ÞNH cHUNG\nVÒ ®¨ng ký")[0] == (
        "NGHỊ ĐỊNH CỦA CHÍNH PHỦ\nNHỮNG QUY ĐỊNH cHUNG\nVề đăng ký"
    )


def test_legacy_pdf_minus_sign_is_u_horn_only_beside_letters():
    assert decode_as("Thñ t\u2212íng, 5 \u2212 3", TCVN3) == "Thủ tướng, 5 \u2212 3"


# --- sources --------------------------------------------------------------------------


@pytest.mark.parametrize("name", [TCVN3, VNI, VISCII])
def test_legacy_text_file_in_legacy_bytes(name):
    data = encode(SENTENCE, name).encode("latin-1")
    document = read_bytes(data, f"{name}.txt")
    assert document.text == normalize_text(SENTENCE)
    assert (document.reading.encoding, document.reading.decoder) == (name, name)


def test_legacy_text_file_utf8_with_legacy_lookalikes():
    data = encode(SENTENCE, TCVN3).encode("utf-8")
    document = read_bytes(data, "copied.txt")
    assert document.text == normalize_text(SENTENCE)
    assert (document.reading.encoding, document.reading.decoder) == ("utf-8", TCVN3)


def _run(paragraph, text: str, font: str | None):
    run = paragraph.add_run(text)
    if font:
        run.font.name = font
    return run


def _legacy_docx() -> bytes:
    """A DOCX whose header runs are in .VnTimeH/.VnTime (TCVN3) and VNI-Times, body Unicode."""
    document = docx.Document()
    document.styles["Normal"].font.name = "Times New Roman"
    legacy_style = document.styles.add_style("Legacy", 1)  # a paragraph style
    legacy_style.base_style = document.styles["Normal"]
    legacy_style.font.name = ".VnTime"
    header = document.add_table(rows=2, cols=2)
    _run(header.cell(0, 0).paragraphs[0], encode("ủy ban nhân dân", TCVN3), ".VnTimeH")
    _run(header.cell(1, 0).paragraphs[0], encode("tỉnh bình phước", TCVN3), ".VnTimeH")
    _run(
        header.cell(0, 1).paragraphs[0],
        encode("cộng hòa xã hội chủ nghĩa việt nam", TCVN3),
        ".VnTimeH",
    )
    _run(header.cell(1, 1).paragraphs[0], encode("Độc lập - Tự do - Hạnh phúc", TCVN3), ".VnTime")
    paragraph = document.add_paragraph(style="Legacy")  # font from the paragraph style
    _run(paragraph, encode("Căn cứ Quyết định của Thủ t", TCVN3), None)
    soft_hyphen = _run(paragraph, "", None)  # LibreOffice writes TCVN3 ư as w:softHyphen
    soft_hyphen._r.append(OxmlElement("w:softHyphen"))
    _run(paragraph, encode("ớng Chính phủ;", TCVN3), None)
    paragraph = document.add_paragraph()
    _run(paragraph, "TM. ", None)
    _run(paragraph, "CHU", "VNI-Times")  # VNI base letter and its mark in two runs
    _run(paragraph, "Û TÒCH", "VNI-Times").font.size = Pt(14)
    document.add_paragraph("Giao Sở Nội vụ chủ trì, phối hợp thực hiện; báo cáo trước ngày 15/12.")
    document.add_paragraph("Café, naïve, São Paulo: the English summary follows.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_legacy_docx_runs_decoded_by_font():
    document = read_bytes(_legacy_docx(), "legacy.docx")
    lines = document.text.split("\n")
    # the header table is read column by column: its landmark was found after decoding
    assert lines[:4] == [
        "ỦY BAN NHÂN DÂN",
        "TỈNH BÌNH PHƯỚC",
        NATIONAL_TITLE,
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert "Căn cứ Quyết định của Thủ tướng Chính phủ;" in lines
    assert "TM. CHỦ TỊCH" in lines
    assert "Giao Sở Nội vụ chủ trì, phối hợp thực hiện; báo cáo trước ngày 15/12." in lines
    assert "Café, naïve, São Paulo: the English summary follows." in lines
    assert document.reading.decoder == "tcvn3+vni"


def test_legacy_decode_runs_joins_neighbouring_runs():
    runs = [("ñy ban", ".VnTimeH"), (" 2004 ", "Arial"), ("CHU", "VNI-Times"), ("Û", "VNI-Times")]
    assert decode_runs(runs) == ("ỦY BAN 2004 CHỦ", "tcvn3+vni")
    assert decode_runs([("Hà Nội", "Times New Roman")]) == ("Hà Nội", None)
    # re-encoded to Unicode by a converter that kept the legacy font name
    assert decode_runs([("Cộng hòa xã hội", ".VnTime")]) == ("Cộng hòa xã hội", None)


# --- the real TCVN3 PDF ---------------------------------------------------------------


def _pdf_pages(path: Path) -> list[str]:
    pdf = pdfium.PdfDocument(path)
    try:
        return [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    finally:
        pdf.close()


def _pdf_font_runs(path: Path) -> list[tuple[str, str]]:
    """Characters of the first page grouped by the font pdfium reports for each."""
    pdf = pdfium.PdfDocument(path)
    try:
        textpage = pdf[0].get_textpage()
        buffer, flags = ctypes.create_string_buffer(256), ctypes.c_int()
        runs: list[tuple[str, str]] = []
        for i in range(textpage.count_chars()):
            pdfium_c.FPDFText_GetFontInfo(textpage.raw, i, buffer, 256, ctypes.byref(flags))
            font, char = buffer.value.decode("utf-8", "replace"), textpage.get_text_range(i, 1)
            if runs and runs[-1][1] == font:
                runs[-1] = (runs[-1][0] + char, font)
            else:
                runs.append((char, font))
        return runs
    finally:
        pdf.close()


def test_legacy_tcvn3_pdf_text_layer_decoded():
    """nd-109's text layer is TCVN3 in .VnTime/.VnTimeH; the PDF reader decodes each page."""
    pages = [decode_legacy(page) for page in _pdf_pages(ND_109)]
    assert {decoder for _, decoder in pages} == {TCVN3}
    text = normalize_text("\n".join(page for page, _ in pages))
    assert character_error_rate(truth_of(ND_109), text) < 0.02
    # Without the fonts, .VnTimeH lines come back lower-case.
    assert NATIONAL_TITLE.casefold() in text.casefold()
    assert "NGHỊ ĐỊNH CỦA CHÍNH PHỦ" in text
    assert "Căn cứ Luật Tổ chức Chính phủ ngày 25 tháng 12 năm 2001;" in text


def test_legacy_tcvn3_pdf_with_fonts_keeps_capitals():
    text, decoder = decode_runs(_pdf_font_runs(ND_109))
    assert decoder == TCVN3
    assert NATIONAL_TITLE in normalize_text(text)
    assert "Số: 109/2004/NĐ-CP" in text
