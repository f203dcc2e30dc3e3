"""The issuer as running text names it, from the header's lines (Nghị định 30/2020/NĐ-CP
for State bodies, Hướng dẫn 36-HD/VPTW for the Party).

The header's left column names the issuing body on its lowest line, under the body it
belongs to. When that lowest line is a unit inside a larger body (VĂN PHÒNG, BAN
THƯỜNG TRỰC, BAN TỔ CHỨC, a BAN CHỈ ĐẠO…), running text names it with that body:
"TỈNH ỦY X / BAN TUYÊN GIÁO" is "Ban Tuyên giáo Tỉnh ủy"; "ỦY BAN MTTQ VIỆT NAM HUYỆN Y /
BAN THƯỜNG TRỰC" is "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam huyện Y"; "BAN CHẤP
HÀNH TRUNG ƯƠNG / VĂN PHÒNG" is "Văn phòng Trung ương Đảng".
"""

from __future__ import annotations

import re

from extractors.fold import fold

# Units that exist inside a body and are named with it (folded, no marks).
_UNITS = re.compile(
    r"^(?:van phong|ban (?:thuong truc|thuong vu|to chuc|tuyen giao|dan van|noi chinh|"
    r"kinh te|chinh sach|doi ngoai|bao ve|phap che|van hoa|dan toc|chi dao|can su|"
    r"tuyen giao va dan van|quan ly|thi dua)|uy ban kiem tra|thuong truc|tieu ban|"
    r"to (?:cong tac|giup viec)|dang doan|ban chap hanh)\b"
)
# A unit line that already names its body ("Văn phòng Ủy ban nhân dân tỉnh"): a body
# word or a level after the unit's own words.
_NAMES_ITS_BODY = re.compile(
    r"\b(?:uy ban|hoi dong nhan dan|tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy|"
    r"dang bo|trung uong|chinh phu|quoc hoi|mat tran|tinh|huyen|xa|phuong|thanh pho|"
    r"thi xa|quan|thi tran|dac khu|doan|hoi)\b"
)
# Party committees that running text names without their place ("Ban Tổ chức Tỉnh ủy").
_COMMITTEE = re.compile(r"^(Tỉnh ủy|Thành ủy|Huyện ủy|Quận ủy|Thị ủy)\b", re.I)
_CENTRAL = re.compile(r"^Ban Chấp hành Trung ương", re.I)


def is_unit(name: str) -> bool:
    """True for a unit that running text names with its body ("Ban Tuyên giáo")."""
    folded = fold(name)
    m = _UNITS.match(folded)
    return m is not None and not _NAMES_ITS_BODY.search(folded[m.end() :])


def unit_with_body(unit: str, parent: str) -> str:
    """ "Ban Tuyên giáo" under "Tỉnh ủy Hà Nội" -> "Ban Tuyên giáo Tỉnh ủy"."""
    committee = _COMMITTEE.match(parent)
    if committee:
        return f"{unit} {committee.group(1)[:1].upper()}{committee.group(1)[1:]}"
    if _CENTRAL.match(parent):
        return f"{unit} Trung ương Đảng" if fold(unit) == "van phong" else f"{unit} Trung ương"
    return f"{unit} {parent}"
