import json

import pytest

from extractors.fold import fold
from extractors.header import extract_header
from readers import read_document
from tests.conftest import GOLD, ROOT, SAMPLES, VU_DUONG

DEV = ROOT / "corpus" / "dev"
FIELDS = ("doc_type", "number", "issuer", "issuer_parent", "place", "date", "subject")


def _header(name: str):
    return extract_header(read_document(SAMPLES / name).text)


def test_header_vu_duong_cong_van():
    header = extract_header(read_document(VU_DUONG).text)
    assert header.doc_type.value == "Công văn"
    assert header.number.value == "226-CV/ĐU"
    assert header.issuer.value == "Đảng ủy xã Vũ Dương"
    assert header.issuer_parent.value == "Đảng bộ tỉnh Ninh Bình"
    assert header.place.value == "Vũ Dương"
    assert header.date.value == "2026-06-11"
    assert header.subject.value.startswith("đẩy mạnh xây dựng lực lượng Công an xã")


def test_header_offsets_point_at_the_printed_text():
    text = read_document(VU_DUONG).text
    header = extract_header(text)
    for field in (header.number, header.issuer, header.place, header.date, *header.recipients):
        assert text[field.start : field.end] == field.text
    assert header.number.text == "226-CV/ĐU"
    assert fold(text[header.issuer.start : header.issuer.end]) == fold(header.issuer.value)


# Values as printed on each document (checked against the page). The number and day of
# the two e-signed PDFs are stamped into signature fields, which the reader renders in place.
EXPECTED = {
    "cv-706-UBND-VP7-NinhBinh-2024.pdf": {
        "doc_type": "Công văn",
        "number": "706/UBND-VP7",
        "issuer": "Ủy ban nhân dân tỉnh Ninh Bình",
        "issuer_parent": None,
        "place": "Ninh Bình",
        "date": "2024-11-04",
        "subject": "tuyển chọn và gọi công dân nhập ngũ năm 2025",
    },
    "ct-07-CT-TTg-2012-khu-kinh-te-kcn-ccn.docx": {
        "doc_type": "Chỉ thị",
        "number": "07/CT-TTg",
        "issuer": "Thủ tướng Chính phủ",
        "place": "Hà Nội",
        "date": "2012-03-02",
    },
    "kh-2242-KH-SCT-LaoCai-2026.docx": {
        "doc_type": "Kế hoạch",
        "number": "/KH-SCT",
        "issuer": "Sở Công Thương",
        "issuer_parent": "Ủy ban nhân dân tỉnh Lào Cai",
        "place": "Lào Cai",
        "date": "2026-04",
    },
    "cv-UBND-KT-LaoCai-2026-bao-ve-khoang-san.docx": {
        "doc_type": "Công văn",
        "number": "/UBND-KT",
        "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
        "date": "2026",
        "subject": "tăng cường công tác quản lý bảo vệ khoáng sản chưa khai thác trên địa bàn",
    },
    "cv-9387-UBND-KT-LaoCai-2026.txt": {
        "doc_type": "Công văn",
        "number": "9387/UBND-KT",
        "issuer": "Ủy ban nhân dân tỉnh Lào Cai",
        "place": "Lào Cai",
        "date": "2026-09-15",
    },
    "cv-2449-CV-DU-LaoCai-2026.txt": {
        "doc_type": "Công văn",
        "number": "2449-CV/ĐU",
        "issuer": "Đảng ủy Ủy ban nhân dân tỉnh",
        "issuer_parent": "Đảng bộ tỉnh Lào Cai",
        "place": "Lào Cai",
        "date": "2026-09-07",
    },
    "nq-60-NQ-TW-2025-hoi-nghi-tw11.txt": {
        "doc_type": "Nghị quyết",
        "number": "60-NQ/TW",
        "issuer": "Ban Chấp hành Trung ương",
        "place": "Hà Nội",
        "date": "2025-04-12",
    },
    "qd-383-QD-TW-2025-phong-luu-tru-dang.txt": {
        "doc_type": "Quy định",
        "number": "383-QĐ/TW",
        "issuer": "Ban Chấp hành Trung ương",
        "date": "2025-11-19",
        "subject": "phông lưu trữ Đảng Cộng sản Việt Nam",
    },
    "nd-55-2023-ND-CP-signed.pdf": {
        "doc_type": "Nghị định",
        "number": "55/2023/NĐ-CP",
        "issuer": "Chính phủ",
        "place": "Hà Nội",
        "date": "2023-07-21",
    },
    "tb-TB-UBND-QuangNgai-2025-ketluan-QISC.pdf": {
        "doc_type": "Thông báo",
        "number": "11/TB-UBND",
        "issuer": "Ủy ban nhân dân tỉnh Quảng Ngãi",
        "place": "Quảng Ngãi",
        "date": "2025-01-08",
    },
}


@pytest.mark.parametrize(("name", "field"), [(n, f) for n, e in EXPECTED.items() for f in e])
def test_header_fields_on_real_documents(name, field):
    value = getattr(_header(name), field)
    expected = EXPECTED[name][field]
    if expected is None:
        assert value is None
    else:
        assert value is not None and fold(value.value) == fold(expected)


# The worked gold of shared/corpus/seeds (the team's own gold is scored by test_eval.py).
SEEDS = (
    "bv-KonTum-bo-truong-lam-viec",
    "bv-LaiChau-2021-cong-an-xa-chinh-quy",
    "cv-226-CV-DU-VuDuong-2026",
    "nq-BTVTU-QuangNgai-2023-cong-an-phuong-kieu-mau",
)


@pytest.mark.parametrize("gold_path", [GOLD / f"{s}.json" for s in SEEDS], ids=lambda p: p.stem)
def test_header_matches_seed_gold(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    header = extract_header(read_document(SAMPLES / f"{gold_path.stem}.txt").text)
    for field in FIELDS:
        if field not in gold:
            continue
        value = getattr(header, field)
        predicted = value.value if value else None
        if field == "subject" and gold[field]:
            assert predicted and set(fold(predicted).split()) >= set(fold(gold[field]).split())
        else:
            assert (fold(predicted) if predicted else None) == (
                fold(gold[field]) if gold[field] else None
            ), field


def test_header_press_article_has_no_header_fields():
    header = _header("bv-LaiChau-2021-cong-an-xa-chinh-quy.txt")
    assert header.doc_type.value == "Bài viết"
    # "Số: 1468/UBND-VX" appears only in the site's related-documents list, far below
    assert header.number is None and header.issuer is None
    # a headline that starts with a head word ("Bộ trưởng Tô Lâm phát biểu …") is no issuer
    header = _header("bv-KonTum-bo-truong-lam-viec.txt")
    assert header.doc_type.value == "Bài viết" and header.issuer is None


def test_header_signer_and_recipients():
    header = extract_header(read_document(VU_DUONG).text)
    assert header.signer.name.value == "Trương Quang Đông"
    assert fold(header.signer.title.value) == fold("Phó Bí thư Thường trực")
    assert header.signer.authority.value == "T/M Ban Thường vụ"
    assert [r.value for r in header.recipients][:2] == [
        "Thường trực HĐND, lãnh đạo UBND xã",
        "Các đồng chí Ủy viên Ban Chấp hành Đảng bộ xã",
    ]


@pytest.mark.parametrize(
    ("line", "place", "date"),
    [
        ("Quảng Ngãi, ngày 04 tháng 02 năm 2025", "Quảng Ngãi", "2025-02-04"),
        ("Quảng Ngãi, ngày 3| tháng 12 năm 2024", "Quảng Ngãi", "2024-12-31"),
        # a handwritten day OCR could not read: place, month and year are still printed
        ("Quảng Ngãi, ngày ,@3 tháng 01 năm 2025", "Quảng Ngãi", "2025-01"),
        ("Quảng Ngãi, ngày⁄|Š tháng 01 năm 2025", "Quảng Ngãi", "2025-01"),
        ("Ninh Bình, ngày _. tháng l] năm 2024", "Ninh Bình", "2024"),
        ("Hà Nội, ngày      tháng      năm 2025", "Hà Nội", "2025"),
    ],
)
def test_header_place_and_date_as_far_as_legible(line, place, date):
    text = f"ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 23/BC-UBND\n{line}\nBÁO CÁO\nTình hình\n"
    header = extract_header(text)
    assert header.place.value == place
    assert header.date.value == date


def test_header_national_title_misread_by_ocr_is_not_the_issuer():
    # tb-660-TB-UBND-QuangNgai-2024-scan.pdf: "CỌNG HÒA" for "CỘNG HÒA".
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nSố: 660/TB-UBND\nCỌNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\nQuảng Ngãi, ngày 31 tháng 12 năm 2024\nTHÔNG BÁO\n"
        "Kết luận của Chủ tịch UBND tỉnh\n"
    )
    assert fold(extract_header(text).issuer.value) == fold("Ủy ban nhân dân tỉnh Quảng Ngãi")


# Sub-unit headers, names broken over two lines, joined abbreviations (GOLD_FORMAT's
# issuer clarification; the header forms of Hướng dẫn 36-HD/VPTW and Nghị định 30/2020).
@pytest.mark.parametrize(
    ("head", "issuer", "parent"),
    [
        (
            "THÀNH ỦY HÀ NỘI\nBAN TỔ CHỨC\n*\nSố 12-HD/BTCTU",
            "Ban Tổ chức Thành ủy",
            "Thành ủy Hà Nội",
        ),
        (
            "ỦY BAN MTTQ VIỆT NAM\nPHƯỜNG HÀ ĐÔNG\nBAN THƯỜNG TRỰC\nSố: 5/KH-MTTQ-BTT",
            "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam phường Hà Đông",
            "Ủy ban Mặt trận Tổ quốc Việt Nam phường Hà Đông",
        ),
        (
            "BAN CHẤP HÀNH TRUNG ƯƠNG\nVĂN PHÒNG\n*\nSố 12-TB/VPTW",
            "Văn phòng Trung ương Đảng",
            "Ban Chấp hành Trung ương",
        ),
        ("HỘI ĐỒNG BẦU CỬ\nQUỐC GIA\nSố: 5/HĐBCQG", "Hội đồng Bầu cử Quốc gia", None),
        ("ỦY BAN THƯỜNG VỤ\nQUỐC HỘI\nSố: 1658/NQ-UBTVQH15", "Ủy ban Thường vụ Quốc hội", None),
        (
            "VĂN PHÒNG HĐND&UBND\nHUYỆN ĐÔNG ANH\nSố: 5/VP",
            "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Đông Anh",
            None,
        ),
        (
            "UBND TỈNH LÀO CAI\nSỞ CÔNG THƯƠNG\nSố: 5/KH-SCT",
            "Sở Công Thương",
            "Ủy ban nhân dân tỉnh Lào Cai",
        ),
        # a legacy font whose capitals decode in lower case
        (
            "ủy ban nhân dân\ntỉnh bình phước\nSố: 991/QĐ-UBND",
            "Ủy ban nhân dân tỉnh Bình Phước",
            None,
        ),
    ],
)
def test_header_issuer_named_as_running_text_names_it(head, issuer, parent):
    header = extract_header(f"{head}\nKẾ HOẠCH\nTriển khai thực hiện công tác năm 2026\n")
    assert header.issuer is not None and header.issuer.value == issuer
    assert (header.issuer_parent.value if header.issuer_parent else None) == parent


# Web captures: a blank line between the lines of one name, a name broken before its
# last word ("THỦ TƯỚNG CHÍNH / PHỦ"), and no header at all, where the issuer names itself
# in the text ("Văn phòng Chính phủ thông báo để …", "Bộ … (VHTTDL) đề nghị …").
@pytest.mark.parametrize(
    ("name", "issuer"),
    [
        ("kh-165-KH-UBND-CanTho-2025-cong-tac-dan-so-web.txt", "Ủy ban nhân dân thành phố Cần Thơ"),
        ("cd-217-CD-TTg-2025-mua-lu-web.txt", "Thủ tướng Chính phủ"),
        ("tb-VPCP-2025-ketluan-TTg-mua-lu-NamTrungBo-web-noheader.txt", "Văn phòng Chính phủ"),
        ("cv-6386-BVHTTDL-KHCNDTMT-2025-web-noheader.txt", "Bộ Văn hóa, Thể thao và Du lịch"),
        # a head word alone on its line: "BAN / CHẤP HÀNH TRUNG ƯƠNG"
        ("kl-221-KL-TW-2025-chinh-quyen-2-cap-web.txt", "Ban Chấp hành Trung ương"),
    ],
)
def test_header_issuer_of_web_captures(name, issuer):
    header = extract_header(read_document(DEV / name).text)
    assert header.issuer is not None and fold(header.issuer.value) == fold(issuer)


def test_header_issuer_named_in_text_only_as_a_whole_sentence_subject():
    # a body inside a longer sentence before "đề nghị" is not the speaker
    text = "Kính gửi: Các sở.\n\nTheo báo cáo của Sở Y tế đề nghị các đơn vị rà soát.\n"
    assert extract_header(text).issuer is None
    text = "Kính gửi: Các sở.\n\nSở Y tế đề nghị các đơn vị rà soát số liệu.\n"
    assert extract_header(text).issuer.value == "Sở Y tế"


def test_header_letter_kept_without_its_header_is_a_cong_van():
    text = read_document(DEV / "cv-6386-BVHTTDL-KHCNDTMT-2025-web-noheader.txt").text
    assert extract_header(text).doc_type.value == "Công văn"
    # a press article (no header, no addressees) stays an article
    article = read_document(SAMPLES / "bv-KonTum-bo-truong-lam-viec.txt").text
    assert extract_header(article).doc_type.value == "Bài viết"


def test_header_subject_runs_on_after_a_comma_and_stops_at_kinh_gui():
    text = (
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HUẾ\nSố: 125/2025/QĐ-UBND\nHuế, ngày 10 tháng 3 năm 2025\n"
        "QUYẾT ĐỊNH\nBan hành quy trình rà soát đối tượng giai đoạn 2021-2030,\n"
        "giai đoạn I: từ năm 2021 đến năm 2025 trên địa bàn thành phố Huế\n\nCăn cứ Luật …\n"
    )
    assert extract_header(text).subject.value.endswith("trên địa bàn thành phố Huế")
    text = (
        "BỘ CÔNG AN\nSố: 5240/BCA-V01\nHà Nội, ngày 23 tháng 11 năm 2025\n"
        "V/v tổng kết công tác PCMT năm 2025. Kính gửi: Các Bộ, ngành thành viên\n"
    )
    assert extract_header(text).subject.value == "tổng kết công tác PCMT năm 2025"


def test_header_of_a_web_page_whose_printed_header_comes_after_its_own_matter():
    # a legal portal's page: metadata table and a summary first, then the printed header
    header = extract_header(read_document(DEV / "cd-96-CD-BXD-2025-mua-lu-TrungBo-web.txt").text)
    assert header.issuer is not None and header.issuer.value == "Bộ Xây dựng"
    assert header.doc_type is not None and header.doc_type.value == "Công điện"
    assert header.number is not None and header.number.value == "96/CĐ-BXD"
    assert header.date is not None and header.date.value == "2025-11-22"
    # the Công điện's "BỘ XÂY DỰNG điện:" line is not part of the trích yếu
    assert header.subject is not None and not header.subject.value.endswith("điện")


def test_header_signer_of_a_capture_with_underscore_bold_and_a_wrapped_authority():
    # "__Nơi nhận__:" (bold with underscores), "K/T CHÁNH / VĂN PHÒNG" above the title
    text = read_document(DEV / "tb-432-TB-VPTW-2025-tre-em-web.txt").text
    signer = extract_header(text).signer
    assert signer is not None and signer.name is not None
    assert signer.name.value == "Lâm Thị Phương Thanh"
    assert signer.authority is not None and signer.authority.value == "K/T Chánh Văn phòng"
    assert signer.title is not None and signer.title.value == "Phó Chánh Văn phòng Thường trực"
    # "THÔNG BÁO KẾT LUẬN / CỦA ĐỒNG CHÍ TỔNG BÍ THƯ …": a Thông báo, the conclusions its subject
    header = extract_header(text)
    assert header.doc_type is not None and header.doc_type.value == "Thông báo"
    assert header.subject is not None
    assert header.subject.value.startswith("kết luận của đồng chí Tổng Bí thư tại buổi làm việc")


def test_header_authority_line_wrapped_before_the_name():
    text = read_document(DEV / "kl-221-KL-TW-2025-chinh-quyen-2-cap-web.txt").text
    signer = extract_header(text).signer
    assert signer is not None and signer.authority is not None
    assert signer.authority.value == "T/M Bộ Chính trị"
