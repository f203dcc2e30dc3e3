"""Done-when of issue 3: every real document reads to correct Vietnamese.

Over ``../shared/corpus/real`` when it is there (CI has it), otherwise over the copies of
those files in ``corpus/`` (a fresh clone): per document, at least 95% of word tokens are
Vietnamese syllables (readers/lexicon/vi_syllables.txt) and the national title or the
Party's name appears where the printed page shows it.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from readers.quality import text_stats
from tests.conftest import ROOT

REAL = ROOT.parent / "shared" / "corpus" / "real"
COPIES = [ROOT / "corpus" / folder for folder in ("samples", "dev", "hard", "legacy")]
MIN_RATIO = 0.95

NATIONAL = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # State bodies' header
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"  # Party bodies' header
# What each file's first page prints, from its layout (SOURCES.md describes each file).
LANDMARKS: dict[str, tuple[str, ...]] = {
    "bc-23-BC-UBND-QuangNgai-2025-scan.pdf": (NATIONAL,),
    "ct-01-CT-UBND-QuangNgai-2021-scan-lowres.pdf": (NATIONAL,),
    "ct-07-CT-TTg-2012-khu-kinh-te-kcn-ccn.docx": (NATIONAL,),
    "ct-07-CT-UBND-QuangNgai-2018-scan.pdf": (NATIONAL,),
    "ct-11-CT-UBND-QuangNgai-2024-scan.pdf": (NATIONAL,),
    "cv-2449-CV-DU-LaoCai-2026.txt": (PARTY,),
    "cv-299-UBND-TTHC-QuangNgai-2025-scan.pdf": (NATIONAL,),
    "cv-464-TTg-CDS-2026-scan.pdf": (NATIONAL,),
    "cv-575-UBND-KTTH-QuangNgai-2025-scan.pdf": (NATIONAL,),
    "cv-706-UBND-VP7-NinhBinh-2024.pdf": (NATIONAL,),
    "cv-9387-UBND-KT-LaoCai-2026.txt": (NATIONAL,),
    "cv-UBND-KGVX-QuangNgai-2025-gopy-VTCI.pdf": (NATIONAL,),
    "cv-UBND-KT-LaoCai-2026-bao-ve-khoang-san.docx": (NATIONAL,),
    "cv-UBND-KT-LaoCai-2026-giao-SCT-hang-nguy-hiem.pdf": (NATIONAL,),
    "kh-01-KH-TBTTKT-xa-PhoBang-2025.docx": (NATIONAL,),
    "kh-16-KH-MTTQ-xa-LuongMinh-2025.docx": (NATIONAL,),
    "kh-193-KH-UBND-NinhBinh-2024-ct20-CT-TU.pdf": (NATIONAL,),
    "kh-2242-KH-SCT-LaoCai-2026.docx": (NATIONAL,),
    "kh-UBND-LaoCai-2026-ct11-CT-TU-draft.docx": (NATIONAL,),
    "kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt": (PARTY,),
    "nd-109-2004-ND-CP-tcvn3.pdf": (NATIONAL,),  # lower-case: .VnTimeH without its font
    "nd-55-2023-ND-CP-signed.pdf": (NATIONAL,),
    "nq-1658-NQ-UBTVQH15-2025-sap-xep-xa-BacNinh.txt": (NATIONAL,),
    "nq-60-NQ-TW-2025-hoi-nghi-tw11.txt": (PARTY,),
    "qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf": (NATIONAL,),
    "qd-256-QD-UB-CanTho-2004-tcvn3.doc": (NATIONAL,),
    "qd-383-QD-TW-2025-phong-luu-tru-dang.txt": (PARTY,),
    "qd-968-QD-UBND-NinhBinh-2024-scan-badocr.pdf": (NATIONAL,),
    "qd-991-QD-UBND-BinhPhuoc-2008-vni.doc": (NATIONAL,),
    "tb-660-TB-UBND-QuangNgai-2024-scan.pdf": (NATIONAL,),
    "tb-TB-UBND-QuangNgai-2024-hoi-nghi-CTMTQG-DTTS.pdf": (NATIONAL,),
    "tb-TB-UBND-QuangNgai-2025-ketluan-QISC.pdf": (NATIONAL,),
}
# OCR misreads a landmark by one letter in these: tesseract reads the title's "CỘNG" as
# "CỌNG" on two scans (the circumflex of Ộ lost in the stamp-grey print), and the OCR text
# of kl-75 (made upstream, not by us) has "ĐÁNG" for "ĐẢNG". For them the landmark may
# differ by about one letter (rapidfuzz partial_ratio >= 94: one wrong letter in the
# 34-letter title scores 97, in the 22-letter Party name 95; two wrong letters in the
# Party name 91). Every other file must show its landmark exactly.
FUZZY = {
    "ct-11-CT-UBND-QuangNgai-2024-scan.pdf",
    "tb-660-TB-UBND-QuangNgai-2024-scan.pdf",
    "kl-75-KL-TW-2026-bvmt-bdkh-ocr.txt",
}
MIN_FUZZY = 94


def _located() -> dict[str, Path]:
    if REAL.is_dir():
        return {p.name: p for p in REAL.iterdir() if p.name in LANDMARKS}
    found: dict[str, Path] = {}
    for folder in COPIES:
        for path in sorted(folder.iterdir()):
            if path.name in LANDMARKS:
                found.setdefault(path.name, path)
    return found


FILES = _located()


def _read(path: str) -> tuple[str, dict[str, object]]:
    from readers import read_document

    document = read_document(Path(path))
    return document.text, document.reading.as_dict()


@pytest.fixture(scope="module")
def readings() -> dict[str, tuple[str, dict[str, object]]]:
    """Every file read once, two at a time: OCR is most of the time (about 1.2 s a page
    with one thread) and each tesseract runs on one core. Processes, not threads: pdfium
    is not thread-safe."""
    workers = min(2, os.cpu_count() or 1)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        names = sorted(FILES)
        results = pool.map(_read, [str(FILES[name]) for name in names])
        return dict(zip(names, results, strict=True))


def shows(text: str, landmark: str, *, fuzzy: bool) -> bool:
    flat = " ".join(text.upper().split())
    if landmark in flat:
        return True
    return fuzzy and fuzz.partial_ratio(landmark, flat) >= MIN_FUZZY


def test_real_corpus_all_present_or_copied():
    """Without ../shared, the copies in corpus/ stand in; with it, every listed file is there."""
    if REAL.is_dir():
        assert sorted(FILES) == sorted(LANDMARKS)
    else:
        assert len(FILES) >= 20


@pytest.mark.ocr
@pytest.mark.parametrize("name", sorted(LANDMARKS))
def test_real_corpus_reads_to_vietnamese(readings, name):
    if name not in readings:
        pytest.skip(f"{name}: neither ../shared/corpus/real nor a copy in corpus/")
    text, reading = readings[name]
    stats = text_stats(text)
    assert stats.ratio >= MIN_RATIO, f"{name}: {stats.ratio:.1%} Vietnamese syllables"
    assert reading["language"] == "vi"
    for landmark in LANDMARKS[name]:
        assert shows(text, landmark, fuzzy=name in FUZZY), f"{name}: no {landmark}"


def test_real_corpus_fuzzy_landmark_tolerates_one_letter_only():
    assert shows("Số: 44/CT-UBND CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NATIONAL, fuzzy=True)
    assert shows("BAN CHẤP HÀNH TRUNG ƯƠNG ĐÁNG CỘNG SẢN VIỆT NAM", PARTY, fuzzy=True)
    assert not shows("CỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", NATIONAL, fuzzy=False)
    assert not shows("ĐÁNG CỌNG SẢN VIỆT NAM", PARTY, fuzzy=True)  # two letters
    assert not shows("CONG HOA xA HO! CHIJ NGHIA VIT NAM", NATIONAL, fuzzy=True)  # qd-968's layer
    assert not shows("Mặt trận Tổ quốc Việt Nam", PARTY, fuzzy=True)
