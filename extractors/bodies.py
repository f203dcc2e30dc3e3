"""bodies.v2: Party and State bodies named in running text, by the genre's grammar.

A body phrase starts with a head noun ("Sở", "Ban Thường vụ", "Ủy ban nhân dân", "các
cơ quan"…) and runs over capitalised name words ("Sở Tài chính", "Ban Nội chính Tỉnh
ủy"), administrative units with their place ("tỉnh", "xã Vũ Dương") and the generic
words of group names ("các sở, ban, ngành", "cơ quan liên quan"); it stops at the first
lower-case word that is none of these: the predicate ("chủ trì", "tham mưu"…).
A list ("Sở Tài chính, Sở Xây dựng và các cơ quan liên quan") is split where a new head
begins, never inside a name ("Sở Văn hóa, Thể thao và Du lịch").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import enumerated
from extractors.fold import fold
from extractors.names import expand_abbreviations
from extractors.patterns import ABBREVIATIONS
from extractors.records import Body

NAME = "bodies.v7"

# Heads that begin a body; multi-word heads first (matched on folded words).
_HEADS = (
    "ban thường vụ",
    "ban chấp hành",
    "ban bí thư",
    "bộ chính trị",
    "ban cán sự đảng",
    "ban chỉ đạo",  # often lower-cased: "Ban chỉ đạo Cải cách hành chính" (qd-256)
    "đảng đoàn",
    "đảng ủy",
    "đảng bộ",
    "chi bộ",
    "tỉnh ủy",
    "thành ủy",
    "huyện ủy",
    "thị ủy",
    "quận ủy",
    "cấp ủy",
    "ủy ban kiểm tra",
    "ủy ban nhân dân",
    "hội đồng nhân dân",
    "ủy ban mặt trận tổ quốc",
    "mặt trận tổ quốc",
    "ủy ban thường vụ quốc hội",
    "ủy ban",
    "hội đồng",
    "thường trực",
    "quốc hội",
    "chính phủ",
    "thủ tướng",
    "phó thủ tướng",
    "bộ trưởng",
    "thứ trưởng",
    "bộ chỉ huy",
    "bộ tư lệnh",
    "bộ đội biên phòng",
    "bộ",
    "sở",
    "ban",
    "văn phòng",
    "thanh tra",
    "công an",
    "tổng cục",
    "cục",
    "chi cục",
    "kho bạc",
    "ngân hàng",
    "bảo hiểm xã hội",
    "trung tâm",
    "đài",
    "thông tấn xã",
    "báo",
    "học viện",
    "bệnh viện",
    "viện",
    "trường",
    # institutions that receive a ministry's or department's instructions
    "cơ sở đào tạo",
    "cơ sở giáo dục",
    "cơ sở y tế",
    "cơ sở khám bệnh, chữa bệnh",
    "tổng công ty",
    "công ty",
    "tập đoàn",
    "hội liên hiệp",
    "hội",
    "liên đoàn",
    "đoàn thanh niên",
    "tỉnh đoàn",
    "đoàn",
    "tiểu ban",
    "tổ công tác",
    "phòng",
    "chủ tịch",
    "phó chủ tịch",
    "giám đốc",
    "phó giám đốc",
    "thủ trưởng",
    "người đứng đầu",
    "chánh văn phòng",
    "cán bộ",
    "chuyên viên",
    "bí thư",
    "các đồng chí",
    "đồng chí",
    "lực lượng vũ trang",
    "cơ quan",
    "đơn vị",
    "địa phương",
    "ngành",
    "các tổ chức chính trị",
    "tổ chức chính trị",
    "tổ chức thành viên",
    "ủy ban bầu cử",
    "ban bầu cử",
    "tổ bầu cử",
    "tổ chức đảng",
    "tổ chức cơ sở đảng",
    "các tổ chức",
    "doanh nghiệp",
    "đoàn thể",
    "chính quyền",
    "mttq",
    "ubnd",
    "hđnd",
    "ubmttq",
    "btv",
    "bch",
    "uỷ ban nhân dân",
)
# The heads' vocabulary, for reading an authority line that OCR garbled (extractors.authority)
HEADS = _HEADS
_HEAD_WORDS = sorted((tuple(h.split()) for h in _HEADS), key=len, reverse=True)
_HEAD_FIRST = {h[0] for h in _HEAD_WORDS}

# Lower-case words that belong inside body names and group names.
_INNER = frozenset(
    [
        "tỉnh",
        "thành",
        "phố",
        "huyện",
        "quận",
        "xã",
        "phường",
        "thị",
        "trấn",
        "đặc",
        "khu",
        "trung",
        "ương",
        "tp",
        "các",
        "cơ",
        "quan",
        "đơn",
        "vị",
        "địa",
        "phương",
        "sở",
        "ban",
        "ngành",
        "đoàn",
        "thể",
        "bộ",
        "tổ",
        "chức",
        "chính",
        "trị",
        "xã",
        "hội",
        "-",
        "hội",
        "nhân",
        "dân",
        "cấp",
        "ủy",
        "đảng",
        "bộ",
        "chi",
        "trực",
        "thuộc",
        "liên",
        "quan",
        "chuyên",
        "môn",
        "chuyên",
        "trách",
        "giúp",
        "việc",
        "thành",
        "viên",
        "lực",
        "lượng",
        "vũ",
        "trang",
        "cơ",
        "sở",
        "doanh",
        "nghiệp",
        "nghiệp",
        "của",
        "và",
        "với",
        "vụ",
        "trực",
        "nhà",
        "nước",
        "quản",
        "lý",
        "mặt",
        "trận",
        "quốc",
        "quan",
        "trên",
        "địa",
        "bàn",
        "công",
        "an",
        "biên",
        "phòng",
        "quân",
        "sự",
        "đội",
        "nông",
        "thôn",
        "khu",
        "công",
        "kinh",
        "tế",
        "chế",
        "xuất",
        "cao",
        "đại",
        "biểu",
        "uỷ",
        "hữu",
    ]
)
# Words keep inner dots and slashes ("TP.HCM", "CT-XH"); a full stop after a word is not part of it.
_WORD = re.compile(r"[\w&/\-]+(?:\.[\w&/\-]+)*|[,;:()]", re.U)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def folded(self) -> str:
        return self.text.lower()


def _tokens(text: str, base: int = 0) -> list[_Token]:
    out = []
    for m in _WORD.finditer(text):
        word, at = m.group(0), base + m.start()
        left, dash, right = word.partition("-")
        if dash and left.isalpha() and right.isalpha() and left.islower() and right.islower():
            # "chính trị-xã hội" as "chính trị - xã hội"; "LĐ-TB&XH" stays one word
            out += [
                _Token(left, at, at + len(left)),
                _Token("-", at + len(left), at + len(left) + 1),
            ]
            out.append(_Token(right, at + len(left) + 1, base + m.end()))
        else:
            out.append(_Token(word, at, base + m.end()))
    return out


# One-word heads that are also common words: a body only before a name ("Sở Tài
# chính", "Trường Chính trị") or after "các" ("các sở").
_AMBIGUOUS = frozenset(
    [
        "sở",
        "ban",
        "bộ",
        "cục",
        "phòng",
        "trường",
        "báo",
        "đài",
        "viện",
        "hội",
        "đoàn",
        "trung",
        "tâm",
        "công",
        "an",
        "thanh",
        "tra",
        "văn",
        "phòng",
    ]
)


def _head_at(tokens: list[_Token], i: int, grouped: bool = False) -> int:
    """Length in tokens of the head starting at ``i`` (0 when none)."""
    if i >= len(tokens) or tokens[i].folded.rstrip(".") not in _HEAD_FIRST:
        first = tokens[i].text if i < len(tokens) else ""
        if first.rstrip(".") in ABBREVIATIONS or first.startswith(("UBND", "HĐND")):
            return 1
        return 0
    for head in _HEAD_WORDS:
        n = len(head)
        if tuple(t.folded for t in tokens[i : i + n]) == head:
            if n == 1 and head[0] in _AMBIGUOUS and not grouped:
                following = tokens[i + 1] if i + 1 < len(tokens) else None
                if following is None or not (
                    _is_name_word(following)
                    or head[0] in ("bộ", "sở")
                    and _bare_group(tokens, i + 1)
                ):
                    return 0  # "Trường hợp", "Báo cáo", "Ban hành": not a body
            return n
    return 0


def _bare_group(tokens: list[_Token], i: int) -> bool:
    """ "Bộ, ngành liên quan", "Bộ ngành liên quan", "Sở, ban, ngành thuộc …": "Bộ" or
    "Sở" named bare, as the first of a group of kinds of body."""
    words = [t.folded for t in tokens[i : i + 2]]
    return words[:1] == ["ngành"] or words in ([",", "ngành"], [",", "ban"])


# The Ministry of Public Security names its departments by code: "C04", "V01", "PC04".
_UNIT_CODE = re.compile(r"(?:[A-Z]{1,2})\d{2}")


def _starts_body(tokens: list[_Token], i: int) -> int:
    """Head length when a body starts at ``i``, allowing a leading "các"/"cho"."""
    j = i
    words = [t.text.lower() for t in tokens[j : j + 4]]
    if words == ["các", "tổ", "chức", ","] and j + 4 < len(tokens) and _list_noun(tokens, j + 4):
        return 3  # "các tổ chức, đoàn thể tỉnh": organisations in a list of bodies
    if j == i and j < len(tokens) and _UNIT_CODE.fullmatch(tokens[j].text):
        return 1  # "C04 chủ trì, phối hợp với V01": a police unit named by its code
    if j < len(tokens) and tokens[j].folded in ("các", "cho", "những"):
        j += 1
    n = _head_at(tokens, j, grouped=j > i)
    if n and [t.folded for t in tokens[j : j + n + 2]][-2:] == ["hành", "chính"]:
        return 0  # "đơn vị hành chính": an administrative unit, not a body
    if (
        n
        and "nghề" in [t.folded for t in tokens[j + n : j + n + 2]]
        and tokens[j].folded == "ngành"
    ):
        return 0  # "ngành, nghề kinh doanh": trades, not a body
    return (j - i + n) if n else 0


def _is_name_word(token: _Token) -> bool:
    t = token.text
    return t[:1].isupper() or t.isdigit() or t in ABBREVIATIONS or t in ("&",)


def _is_generic(group: list[_Token]) -> bool:
    """ "các sở", "Các Sở, ngành", "cơ quan liên quan": a group, not one named body."""
    if group and group[0].folded == "các":
        return True
    if len(group) == 1 and group[0].folded == "bộ":
        return True  # "Bộ, ngành liên quan": a bare head starts a group of kinds
    words = [t for t in group if t.folded not in ("cho", "những")]
    return bool(words) and not words[0].text[:1].isupper()


# Lower-case words that continue a list inside one group name ("các sở, ban, ngành",
# "Ủy ban nhân dân các huyện, thành phố").
_LIST_NOUNS = frozenset(
    [
        "tỉnh",
        "thành",
        "huyện",
        "quận",
        "xã",
        "phường",
        "thị",
        "đặc",
        "sở",
        "ban",
        "ngành",
        "đoàn",
        "đơn",
        "địa",
        "cơ",
        "tổ",
        "doanh",
        "hội",
        "chi",
        "đảng",
        "chính",
    ]
)


def _list_noun(tokens: list[_Token], i: int) -> bool:
    word = tokens[i].folded
    if word == "thành":  # "thành phố", not "thành viên"
        # "phô", "pho": "phố" with its tone lost in a scan
        return i + 1 < len(tokens) and tokens[i + 1].folded in ("phố", "phô", "pho")
    return word in _LIST_NOUNS


# First words of a predicate: a body's name stops before them ("Sở Tài chính | chủ trì").
_PREDICATE = frozenset(
    [
        "chủ",
        "phối",
        "chịu",
        "thực",
        "triển",
        "tham",
        "hướng",
        "chỉ",
        "kiểm",
        "rà",
        "theo",
        "báo",
        "xây",
        "nghiên",
        "đề",
        "tăng",
        "đẩy",
        "khẩn",
        "tiếp",
        "quán",
        "căn",
        "bảo",
        "đảm",
        "phụ",
        "thường",
        "tập",
        "giải",
        "cung",
        "cử",
        "bố",
        "lập",
        "là",
        "được",
        "đã",
        "cần",
        "phải",
        "sẽ",
        "tiến",
        "thẩm",
        "trình",
        "phê",
        "gửi",
        "nộp",
        "tuyên",
        "vận",
        "lãnh",
        "đôn",
        "giám",
        "định",
        "hằng",
        "hàng",
        "kịp",
        "nghiêm",
        "trong",
        "về",
        "để",
        "tại",
        "nhằm",
        "khi",
        "nếu",
        "thì",
        "từ",
        "đến",
        "ngay",
        "sớm",
        "chậm",
        "trước",
        "sau",
        "tổ",
        "quản",
        "hoàn",
        "duy",
        "nâng",
        "đổi",
        "rút",
        "xử",
        "thông",
        "phát",
        "chuẩn",
        "làm",
        "phổ",
        "kêu",
        "tạo",
        "ưu",
        "mở",
        "hỗ",
        "cập",
        "thống",
        "đánh",
        "tổng",
        "sơ",
        "kiện",
        "sắp",
        "hợp",
        "bổ",
        "điều",
        "tích",
        "chú",
        "đăng",
        "lựa",
        "giới",
        "biên",
        "tìm",
        "dự",
        "ký",
        "thu",
        "nắm",
        "chấp",
        "ban",
        "tuyệt",
        "luôn",
        "cùng",
        "yêu",
        "giao",
        "có",
        "kết",
        "sửa",
        "ra",
        "quy",
        "quyết",
        "cũng",
        "vẫn",
        "nhấn",
    ]
)
# Predicate words that never end a two-syllable name ("Tỉnh ủy | yêu cầu").
_STRONG_PREDICATE = frozenset(
    [
        "yêu",
        "giao",
        "chủ",
        "phối",
        "có",
        "chịu",
        "là",
        "được",
        "đã",
        "sẽ",
        "cần",
        "phải",
        "về",
        "theo",
        "tại",
        "để",
        "trong",
        "cho",
        "nhằm",
        "thì",
        "từ",
        "đến",
        "sau",
        "trước",
        "khi",
        "cũng",
    ]
)
_MAX_LOWER_RUN = 4
# Two-word verbs that end a name once it has its own capitalised words: lower-case words
# go on a name ("Sở Tài chính", "Phát triển nông thôn"), these do not.
_VERB_PAIRS = frozenset(
    [
        ("hướng", "dẫn"),
        ("ban", "hành"),
        ("chỉ", "đạo"),
        ("triển", "khai"),
        ("thực", "hiện"),
        ("chủ", "trì"),
        ("phối", "hợp"),
        ("kiểm", "tra"),
        ("chịu", "trách"),
        ("có", "trách"),
        ("tham", "mưu"),
        ("đề", "nghị"),
        ("yêu", "cầu"),
        ("quyết", "định"),
        ("ủy", "quyền"),
        ("uỷ", "quyền"),
        ("huy", "động"),
        ("tập", "trung"),
        ("tăng", "cường"),
        ("khẩn", "trương"),
        ("chủ", "động"),
        ("tiếp", "tục"),
        ("rà", "soát"),
        ("nghiên", "cứu"),
        ("hoàn", "thiện"),
        ("đẩy", "mạnh"),
        ("theo", "dõi"),
        ("bố", "trí"),
        ("cung", "cấp"),
        ("tham", "gia"),
        ("báo", "cáo"),
        ("đôn", "đốc"),
        ("giám", "sát"),
        ("lãnh", "đạo"),
        ("phổ", "biến"),
        ("xử", "lý"),
        ("giải", "quyết"),
        ("tổng", "hợp"),
        ("thẩm", "định"),
        ("phê", "duyệt"),
        ("quán", "triệt"),
        ("khắc", "phục"),
        ("bảo", "đảm"),
        ("nghiêm", "túc"),
        ("kịp", "thời"),
        ("triệu", "tập"),
        ("tổ", "chức"),
        ("xây", "dựng"),
    ]
)


# Heads of three words whose last two read as a verb: "Văn phòng Ban chỉ đạo …".
_HEAD_TRIPLES = frozenset(h for h in _HEAD_WORDS if len(h) == 3)


def _has_specific_name(group: list[_Token]) -> bool:
    """Whether the name has a capitalised word of its own after its head ("Văn phòng
    Trung ương Đảng", "Ban Thường vụ Tỉnh ủy"), not only a head and a level."""
    head = _starts_body(group, 0) if group else 0
    if len(group) > head and group[-1].folded in _LEVELS:
        return True  # "Ủy ban nhân dân xã | triệu tập": a level ends the name
    return any(t.text[:1].isupper() for t in group[max(head, 1) :])


def _continues(group: list[_Token], tok: _Token, following: list[_Token]) -> bool:
    """Whether ``tok`` still belongs to the body name in ``group``."""
    if _is_name_word(tok):
        return True
    if tok.folded == "có" and following and following[0].folded in ("liên", "thẩm"):
        return True  # "các cơ quan có liên quan", "cơ quan nhà nước có thẩm quyền"
    if tok.folded == "thẩm" and group and group[-1].folded == "có":
        return bool(following) and following[0].folded == "quyền"
    if (
        tok.folded == "trong"
        and following
        and following[0].folded in ("tỉnh", "thành", "huyện", "xã")
    ):
        return True  # "Chủ tịch UBND các huyện, thành phố trong tỉnh"
    if len(group) >= 2 and group[0].folded in ("bộ", "sở"):
        words = [t.text for t in group[1:]]
        if enumerated.continues_portfolio([*words, tok.text]):
            return True  # "Bộ Ngoại | giao", "Sở Giao thông | vận tải": a portfolio goes on
        if enumerated.is_portfolio(words) and tok.text.islower() and tok.folded not in _INNER:
            return False  # "Bộ Văn hóa, Thể thao và Du lịch | đẩy mạnh": the name is whole
    if tok.folded == "cùng" and following and following[0].folded == "cấp" and group:
        return True  # "Ủy ban nhân dân cùng cấp": the body at the same level
    if tok.folded == "vận" and following and following[0].folded == "tải" and group:
        return group[-1].folded == "thông"  # the official name: "Sở Giao thông vận tải"
    nxt = following[0].folded if following else ""
    opens_head = bool(group) and (group[-1].folded, tok.folded, nxt) in _HEAD_TRIPLES
    if (tok.folded, nxt) in _VERB_PAIRS and not opens_head and _has_specific_name(group):
        return False  # "Văn phòng Trung ương Đảng | hướng dẫn", "… tỉnh Ủy | ban hành"
    if tok.folded == "ban" and group and group[-1].folded in ("ủy", "uỷ"):
        return True  # "Chi bộ Ủy ban nhân dân xã"
    after_comma = bool(group) and group[-1].text == ","
    if tok.folded in _INNER and (after_comma or tok.folded not in ("tổ", "ban")):
        return True
    if "/" in tok.folded and all(part in _INNER for part in tok.folded.split("/")):
        return True  # "UBND các xã/phường": kinds of unit written with a slash
    previous = group[-1] if group else None
    # After two capitalised words that are not a head ("tỉnh Quảng Ngãi", "Bộ trưởng Tô
    # Lâm") the name is whole: a predicate word ends it ("… Quảng Ngãi | tăng cường").
    named = len(group) > 2 and group[-2].text[:1].isupper() and group[-2].folded not in _HEAD_FIRST
    if (
        previous is not None
        and previous.text[:1].isupper()
        and tok.text.isalpha()
        and len(group) > 1
        and not (named and tok.folded in _PREDICATE)
    ):
        return tok.folded not in _STRONG_PREDICATE  # "Đào tạo", "Tài chính", "Xây dựng"
    if tok.folded in _PREDICATE or not tok.text.isalpha():
        return False
    run = 0
    for t in reversed(group):
        if _is_name_word(t) or t.folded in _INNER:
            break
        run += 1
    # "Cục Thi hành án dân sự", "các cơ quan chức năng": lower-case words of a name
    return run < _MAX_LOWER_RUN


def body_phrase(text: str, base: int = 0) -> list[Body]:
    """The bodies named at the very start of ``text`` ("Sở Tài chính, Sở Xây dựng chủ
    trì…" -> two bodies); [] when ``text`` does not start with a body."""
    tokens = _tokens(text, base)
    if not tokens or not _starts_body(tokens, 0):
        return []
    groups: list[list[_Token]] = [[]]
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.text in (",", ";", "và") or tok.folded == "và":
            nxt = _starts_body(tokens, i + 1)
            current_generic = _is_generic(groups[-1])
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            if (
                nxt
                and following is not None
                and (
                    _is_name_word(following)
                    or following.folded == "các"
                    or tok.folded == "và"
                    # "Sở, ban, ngành, tổ chức chính trị - xã hội": a kind of its own
                    or [t.folded for t in tokens[i + 1 : i + 5]] == ["tổ", "chức", "chính", "trị"]
                    or not current_generic
                    and not groups[-1][-1].text.islower()
                )
            ):
                groups.append([])
                i += 1
                continue
            if (
                following is not None
                and (
                    _is_name_word(following)
                    or _list_noun(tokens, i + 1)
                    or current_generic
                    and following.folded == "các"
                )
                and tok.text != ";"
            ):
                groups[-1].append(tok)
                i += 1
                continue
            break
        if tok.text in (":", "(", ")"):
            break
        if groups[-1] and not _continues(groups[-1], tok, tokens[i + 1 : i + 2]):
            break
        if not groups[-1]:
            head = _starts_body(tokens, i)
            if not head:
                break
            groups[-1].extend(tokens[i : i + head])
            i += head
            continue
        groups[-1].append(tok)
        i += 1
    for group in groups:
        while group and (
            group[-1].text in (",", "-") or group[-1].folded in ("và", "của", "với", "trên", "các")
        ):
            group.pop()
    groups = [g for g in groups if g]
    _share_level(groups)
    bodies = []
    for group in groups:
        level = ""
        if group[-1].start < 0:
            level = " " + group.pop().text
        start, end = group[0].start, group[-1].end
        raw = text[start - base : end - base]
        body = make_body(raw, start, end)
        if level:
            body = make_body(raw + level, start, end)
            body = Body(body.name, raw, start, end, body.written)
        if group is not groups[0] and _shares_cac(groups[0], group):
            # "Các sở, ban, ngành, tổ chức chính trị - xã hội": "các" covers the list
            body = Body(
                body.name, raw, start, end, "Các " + body.written[:1].lower() + body.written[1:]
            )
        bodies.append(body)
    if bodies and (items := enumerated.expand(text, base, bodies[-1])):
        # "Các Sở: Tài chính, Xây dựng; Chủ tịch …": the list, then what follows it
        bodies[-1:] = items
        after = _LIST_GOES_ON.match(text, items[-1].end - base)
        if after is not None:
            bodies += body_phrase(text[after.end() :], base + after.end())
    return bodies


_LIST_GOES_ON = re.compile(r"\s*[;,]\s*")


# Bodies that exist at every level: "Ủy ban MTTQ Việt Nam và các tổ chức chính trị - xã hội
# xã" names the commune's Fatherland Front committee too.
_LEVELLED = (
    "ủy ban mặt trận",
    "ủy ban mttq",
    "ubmttq",
    "mặt trận",
    "mttq",
    "ủy ban nhân dân",
    "ubnd",
    "hội đồng nhân dân",
    "hđnd",
    "đảng ủy",
    "thường trực",
)
_LEVELS = ("xã", "phường", "tỉnh", "huyện", "thành phố", "thị trấn", "đặc khu")


def _shares_cac(first: list[_Token], group: list[_Token]) -> bool:
    return first[0].folded == "các" and [t.folded for t in group[:2]] == ["tổ", "chức"]


def _share_level(groups: list[list[_Token]]) -> None:
    """Give the level word that ends a list ("… xã") to levelled bodies that lack one."""
    nonempty = [g for g in groups if g]
    if len(nonempty) < 2 or nonempty[-1][-1].folded not in _LEVELS:
        return
    level = nonempty[-1][-1]
    for group in nonempty[:-1]:
        words = " ".join(t.folded for t in group)
        if words.startswith(_LEVELLED) and not any(t.folded in _LEVELS for t in group):
            group.append(_Token(level.text, -1, -1))


_TIGHT_DASH = re.compile(r"[^\W\d_]-[^\W\d_]")


def _spaced_dash(m: re.Match[str]) -> str:
    pair = m.group(0)
    return f"{pair[0]} - {pair[2]}" if pair.islower() else pair


def make_body(raw: str, start: int, end: int) -> Body:
    written = re.sub(r"\s+", " ", expand_abbreviations(raw)).strip(" ,;:.-")
    # "chính trị-xã hội" as usually written; "Bà Rịa-Vũng Tàu", "PC-CNTT" as printed
    written = _TIGHT_DASH.sub(_spaced_dash, written)
    written = written[:1].upper() + written[1:]
    return Body(name=canonical(written), text=raw, start=start, end=end, written=written)


def canonical(written: str) -> str:
    """One spelling per body: abbreviations expanded, "Uỷ" -> "Ủy", no leading "Các"."""
    name = expand_abbreviations(written)
    name = re.sub(r"^(?:các|cho)\s+", "", name, flags=re.I)
    name = re.sub(r"\s+", " ", name).strip()
    return name[:1].upper() + name[1:]


def same_body(a: str, b: str) -> bool:
    return fold(canonical(a)) == fold(canonical(b))
