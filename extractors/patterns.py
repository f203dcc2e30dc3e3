"""Pattern tables of the genre (Decree 30/2020/NĐ-CP layouts, Party Quy định 66-QĐ/TW)."""

from __future__ import annotations

import re

# Canonical document types (GOLD_FORMAT), longest first so "QUY ĐỊNH" never eats
# "QUYẾT ĐỊNH" and "CHƯƠNG TRÌNH" wins over nothing shorter.
DOC_TYPES = (
    "Nghị quyết",
    "Chỉ thị",
    "Kết luận",
    "Quyết định",
    "Quy định",
    "Công văn",
    "Công điện",
    "Kế hoạch",
    "Chương trình",
    "Thông báo",
    "Báo cáo",
    "Hướng dẫn",
    "Tờ trình",
    "Nghị định",
    "Thông tư",
    "Luật",
    "Quy chế",
    "Đề án",
)

# The type code inside a số/ký hiệu ("226-CV/ĐU", "07/CT-TTg") and the type it names.
TYPE_CODES = {
    "NQ": "Nghị quyết",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "CV": "Công văn",
    "CĐ": "Công điện",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "QC": "Quy chế",
    "ĐA": "Đề án",
}

NATIONAL_TITLE = re.compile(
    r"C[ỘỌÔO]NG\s+H[OÒ]\s*[AÀ]\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT(?:\s+NAM)?", re.I
)
PARTY_TITLE = re.compile(r"Đ[ẢÁA]NG\s+CỘNG\s+S[ẢA]N\s+VIỆT\s+NAM")
MOTTO = re.compile(r"Độc\s+lập\s*[-–—]\s*Tự\s+do\s*[-–—]\s*Hạnh\s+phúc", re.I)

# "Số 226-CV/ĐU", "Số: 1468/UBND-VX", "Số:    /UBND-KT" (number left blank), "Số 2449 -CV/ĐU".
NUMBER = re.compile(r"(?<![\w])Số\s*:?\s*(?P<num>(?:\d[\d.]*\s*)?[-/]\s*[^\s,;]+|\d[\d.]*(?=\s|$))")

_BLANK = r"[\s._…]*"
# A handwritten day or month that OCR turned into marks (",@3", "/4}'", "⁄|Š", "l]"): a few
# characters; the date is then kept as far as it is legible ("2025-01", never a guessed day).
_SMUDGE = r"\S{1,5}?"
# "Vũ Dương, ngày 11 tháng 6 năm 2026"; pre-issue copies leave day/month blank.
PLACE_DATE = re.compile(
    r"(?P<place>[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ][^\n,]{1,40}?)\s*,\s*ngày"
    + _BLANK
    # OCR reads a 0 as O/U and a 1 as l/I/| ("ngày U6_ tháng 3"): one digit must be real.
    + r"(?:(?P<day>\d{1,2}|[OoUlI|]\d|\d[OoUlI|])|"
    + _SMUDGE
    + r")?"
    + _BLANK
    + r"tháng"
    + _BLANK
    + r"(?:(?P<month>\d{1,2})|"
    + _SMUDGE
    + r")?"
    + _BLANK
    + r"năm"
    + _BLANK
    + r"(?P<year>\d{4})"
)

# "Nơi nhận:" opens the distribution list beside the signature.
# "Nơi nhận:"; OCR may drop the colon or the space when it starts a line ("Nơinhận GIAM ĐỌC",
# qd-1050-QD-SCT-LaoCai-2026-garbled-font.pdf).
# OCR drops a tone or the horn ("Noi nhận:", "Nơi nhân:")
# At a line's start without a colon only alone or before the signature column of a layout
# line ("Nơi nhận        TM. ỦY BAN NHÂN DÂN", "Nơi nhận KT. CHỦ TỊCH"), not in a sentence
# ("Nơi nhận kết quả.").
DISTRIBUTION = re.compile(
    r"N[oơờởọ]i\s*nh[ậâạa]n\s*:|^[\W_]*N[oơờởọ]i\s*nh[ậâạa]n(?=[ \t]*$|[ \t]{2,}|[ \t]+[A-ZĐ])",
    re.M,
)

URGENCY = re.compile(r"\b(HỎA\s+TỐC|HOẢ\s+TỐC|THƯỢNG\s+KHẨN|KHẨN)\b")
SECURITY = re.compile(r"\b(TUYỆT\s+MẬT|TỐI\s+MẬT|MẬT)\b")

# Administrative units: a header line starting with one continues the line above
# ("ỦY BAN NHÂN DÂN" / "TỈNH QUẢNG NGÃI").
UNIT_WORDS = (
    "tỉnh",
    "thành phố",
    "tp.",
    "huyện",
    "quận",
    "thị xã",
    "thị trấn",
    "xã",
    "phường",
    "đặc khu",
    "trung ương",
    "quốc hội",
    "chính phủ",
)

# Abbreviations expanded in body names (GOLD_FORMAT: "as written in running text").
ABBREVIATIONS = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQVN": "Mặt trận Tổ quốc Việt Nam",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQVN": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCĐ": "Ban Chỉ đạo",
    "UBKT": "Ủy ban Kiểm tra",
    "BCHQS": "Bộ Chỉ huy Quân sự",
    "CHQS": "Chỉ huy Quân sự",  # "Bộ CHQS tỉnh", "Ban CHQS xã"
    "BHXH": "Bảo hiểm xã hội",
    "KBNN": "Kho bạc Nhà nước",
    "LĐLĐ": "Liên đoàn Lao động",
    "VPUB": "Văn phòng Ủy ban nhân dân",
    "VPCP": "Văn phòng Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "TU": "Tỉnh ủy",
    "ĐU": "Đảng ủy",
    "CT-XH": "chính trị - xã hội",
    "NN&MT": "Nông nghiệp và Môi trường",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "TN&MT": "Tài nguyên và Môi trường",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KH&CN": "Khoa học và Công nghệ",
    "TT&TT": "Thông tin và Truyền thông",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "VH,TT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "TP.": "thành phố",
    "TP": "thành phố",
}

# Words that stay capitalised inside a body name written in running text.
PROPER_TERMS = (
    "Tổng Bí thư",
    "Trung ương",
    "Quốc hội",
    "Chính phủ",
    "Việt Nam",
    "Tổ quốc",
    "Thường vụ",
    "Chấp hành",
    "Thường trực",
    "Tỉnh ủy",
    "Thành ủy",
    "Huyện ủy",
    "Quận ủy",
    "Thị ủy",
    "Ủy ban",
    "Hội đồng",
    "Mặt trận",
    "Đảng ủy",
    "Đảng bộ",
    "Đảng",
    "Công an",
    "Bộ Chính trị",
    "Ban Bí thư",
    "Bí thư",
    "Thủ tướng",
    "Chủ tịch",
    "Quân sự",
    "Nhà nước",
    "Công Thương",
    "Ban Tổ chức",
    "Ban Tuyên giáo và Dân vận",
    "Ban Tuyên giáo",
    "Ban Dân vận",
    "Ban Nội chính",
    "Ban Kinh tế",
    "Ban Chính sách, chiến lược",
    "Ban Đối ngoại",
    "Ban Chỉ đạo",
    "Ủy ban Kiểm tra",
    "Hội đồng Bầu cử Quốc gia",
    "Ủy ban bầu cử",
    "Văn phòng",
)
