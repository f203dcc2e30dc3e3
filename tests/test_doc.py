from concurrent.futures import ThreadPoolExecutor

import pytest

from directives.errors import ConversionError, ConverterMissingError, UnsupportedFormatError
from readers import read_bytes, read_document
from readers.doc import INSTALL_HINT, read_doc
from tests.test_legacy import LEGACY, NATIONAL_TITLE, character_error_rate, truth_of

VNI_DOC = LEGACY / "qd-991-QD-UBND-BinhPhuoc-2008-vni.doc"
TCVN3_DOC = LEGACY / "qd-256-QD-UB-CanTho-2004-tcvn3.doc"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@pytest.mark.parametrize(
    ("path", "decoder", "landmarks"),
    [
        (
            VNI_DOC,
            "vni",
            ["ỦY BAN NHÂN DÂN", "TỈNH BÌNH PHƯỚC", "Số: 991/QĐ-UBND", "Trương Tấn Thiệu"],
        ),
        (
            TCVN3_DOC,
            "tcvn3",  # header in .VnTimeH, an upper-case font: "ñy ban" is "ỦY BAN"
            ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ", "Số: 256 /2004/QĐ-UB", "Thủ tướng Chính phủ"],
        ),
    ],
)
def test_doc_legacy_word_file_reads_as_vietnamese(path, decoder, landmarks):
    document = read_document(path)
    reading = document.reading
    assert (reading.format, reading.method, reading.decoder) == ("doc", "doc-libreoffice", decoder)
    assert character_error_rate(truth_of(path), document.text) < 0.02
    for landmark in [NATIONAL_TITLE, "Độc lập - Tự do - Hạnh phúc", *landmarks]:
        assert landmark in document.text


def test_doc_parallel_conversions_each_get_a_profile():
    # Two soffice processes sharing a profile silently drop one conversion (STACK.md).
    with ThreadPoolExecutor(2) as pool:
        documents = list(pool.map(read_document, [VNI_DOC, TCVN3_DOC, VNI_DOC]))
    assert [d.reading.decoder for d in documents] == ["vni", "tcvn3", "vni"]
    assert all(NATIONAL_TITLE in d.text for d in documents)


def test_doc_libreoffice_missing_is_a_named_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    with pytest.raises(ConverterMissingError) as caught:
        read_document(VNI_DOC)
    assert VNI_DOC.name in str(caught.value)
    assert caught.value.reason == INSTALL_HINT
    assert "libreoffice-writer-nogui" in caught.value.reason


def test_doc_timeout_kills_the_conversion():
    with pytest.raises(ConversionError, match="did not finish within 0.01 s"):
        read_doc(VNI_DOC.read_bytes(), "slow.doc", timeout=0.01)


def test_doc_damaged_word_file_is_a_named_error():
    damaged = OLE_MAGIC + "WordDocument".encode("utf-16-le") + bytes(range(256)) * 20
    with pytest.raises(ConversionError) as caught:
        read_bytes(damaged, "damaged.doc")
    assert "damaged.doc" in str(caught.value)
    assert "could not read it" in caught.value.reason


def test_doc_office_file_that_is_not_word():
    with pytest.raises(UnsupportedFormatError, match="not a Word .doc"):
        read_bytes(OLE_MAGIC + "Workbook".encode("utf-16-le") + b"\x00" * 600, "sheet.doc")
