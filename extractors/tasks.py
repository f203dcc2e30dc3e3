"""tasks.v3: assignments to named bodies, with lead, support, deadline, recurrence and
whom to report to.

The directive part is read as an outline (extractors/structure.py). A body is assigned in
the item's own sentence ("Giao Sở Tài chính chủ trì, phối hợp với…", "Đề nghị…",
"Yêu cầu…", "Sở Tài chính có trách nhiệm…", "Sở Tài chính: …") or inherited from the
heading or lead-in above ("Đối với Chi bộ Công an xã:", "1. Sở Công Thương",
"Điều 5. Trách nhiệm của…", "Ban Thường vụ yêu cầu … thực hiện các nhiệm vụ sau:").
Each item under such a heading is its own task; goals and background are not tasks.
The issuer's own duties are tasks (its plan's items under a lead-in that names it); what
it says or enacts ("kêu gọi", "quyết định", "thông báo") is not; nor are slogans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from extractors.bodies import body_phrase, canonical, make_body, same_body
from extractors.content import ANNEX_TITLE, FOOTNOTE
from extractors.deadlines import find_deadline, find_recurrence
from extractors.fold import fold
from extractors.labelled import LABEL, apply_label, opens_group
from extractors.lines import is_upper
from extractors.records import Body, Task
from extractors.structure import Paragraph, paragraphs
from extractors.tables import extract_table_tasks

NAME = "tasks.v6"

# "Giao Sở X…", "Đề nghị các đồng chí…", "UBND tỉnh yêu cầu các sở…"
_ASSIGN = re.compile(
    r"(?:(?<=\s)|^)(?<!sự\s)(?<!được\s)(?<!theo\s)(?:[Gg]iao\s+(?:cho\s+)?|[Đđ]ề\s+nghị\s+|"
    r"[Yy]êu\s+cầu\s+|[Ủủ]y\s+quyền\s+(?:cho\s+)?|[Pp]hân\s+công\s+(?:cho\s+)?)"
)
_DOI_VOI = re.compile(
    r"^(?:Đối\s+với|Về\s+phía|Trách\s+nhiệm\s+của|Giao\s+nhiệm\s+vụ\s+cho)\s+", re.I
)
# "Điều 5. Trách nhiệm của…", "Điều 4. Nhiệm vụ, quyền hạn, trách nhiệm của…", and the
# coordination rules' "Điều 6. Nội dung Công an tỉnh có trách nhiệm chủ trì"
_DUTY = r"(?:trách\s+nhiệm|nhiệm\s+vụ|quyền\s+hạn|chức\s+năng|quyền\s+và\s+nghĩa\s+vụ)"
_ARTICLE_DUTY = re.compile(
    rf"^(?:{_DUTY}(?:\s*(?:,|và)\s*{_DUTY})*\s+của\s+|"
    r"(?:các\s+)?(?:nội\s+dung|nhiệm\s+vụ|công\s+việc)\s+(?=(?:các\s+)?\w))",
    re.I,
)


def _duty_title(text: str) -> re.Match[str] | None:
    """An article title naming whose duties follow; "Nội dung …" only before a name."""
    m = _ARTICLE_DUTY.match(text)
    if m is None or "của" in m.group():
        return m
    rest = text[m.end() :]
    return m if rest[:1].isupper() or rest.startswith("các ") else None


# "Đối với <case>, …": a case, unless the phrase is a heading of its own.
_TOPIC = re.compile(r"^Đối\s+với\s+", re.I)
_CONDITIONAL = re.compile(r",\s*thì\b")
# The signature block after the last article ("TM. CHÍNH PHỦ THỦ TƯỚNG (đã ký) …").
_SIGNATURE = re.compile(r"^(?:T/M|TM\.|KT\.|TL\.|TUQ\.)\s*[A-ZĐ]|\((?:đã\s+)?ký\)", re.I)
# What may follow a subject to make it an instruction, and what makes it background.
_BACKGROUND = re.compile(
    r"^\s*(?:đã|đang|được|vẫn|còn|cũng\s+đã|chưa|từng|là\s+(?!cơ\s+quan)|"
    # a speaker's words reported in an article ("Bộ trưởng … phát biểu chỉ đạo")
    r"(?:cũng\s+)?(?:phát\s+biểu|cho\s+biết|nhấn\s+mạnh|ghi\s+nhận|biểu\s+dương|chúc\s+mừng)|"
    # a competence a regulation grants, not work to do ("Ban thường vụ tỉnh ủy quy định
    # việc sử dụng tài liệu …", "Văn phòng tỉnh ủy có chức năng tham mưu …")
    r"có\s+(?:chức\s+năng|quyền)|(?:quy\s+định|quyết\s+định)\s+việc|"
    # a permission ("Doanh nghiệp có thể sử dụng …")
    r"có\s+thể)\b",
    re.I,
)
# A prohibition in the subject's clause, a few words on ("Cơ quan đăng ký kinh doanh cấp
# huyện không có quyền thu hồi …"): a rule, not work to do.
_FORBIDS = re.compile(r"^(?:\s*[^\s,;.]+){0,6}?\s+không\s+(?:được|có\s+quyền)\b", re.I)
# "phối hợp cùng Ban chỉ đạo…" (qd-256), "phối hợp, hỗ trợ chính quyền địa phương…" (ct-11)
_SUPPORT = re.compile(
    r"\bphối\s+hợp(?:\s+chặt\s+chẽ)?(?:,?\s+hỗ\s+trợ)?(?:\s+(?:với|cùng(?:\s+với)?))?\s+",
    re.I,
)
_REPORT = re.compile(
    r"\bbáo\s+cáo(?:\s+kết\s+quả(?:\s+thực\s+hiện)?)?(?:\s+(?:về|cho|lên|gửi))?\s+", re.I
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝ])")


_INSTRUCTION = re.compile(
    r"yêu\s+cầu|đề\s+nghị|\bgiao\b|chỉ\s+đạo|thực\s+hiện|triển\s+khai|trách\s+nhiệm|"
    r"nhiệm\s+vụ|tập\s+trung|quán\s+triệt|phối\s+hợp|chủ\s+trì|khẩn\s+trương|lưu\s+ý",
    re.I,
)
# Sections whose items are aims, principles or background, not assignments.
_GOAL_HEADING = re.compile(
    r"^(?:mục\s+(?:đích|tiêu)|yêu\s+cầu|quan\s+điểm|tình\s+hình|kết\s+quả|đánh\s+giá|"
    r"nguyên\s+(?:nhân|tắc)|sự\s+cần\s+thiết|căn\s+cứ|phạm\s+vi|đối\s+tượng)",
    re.I,
)
# An outline mark before a heading's words ("I. ", "2.1. ", "a) ").
_MARK = re.compile(r"^\s*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s*", re.I)
# A lead-in whose points are conditions, not further tasks.
_CONDITIONS = re.compile(
    r"(?:các|những)\s+(?:trường\s+hợp|điều\s+kiện)\s+(?:sau|dưới)(?:\s+đây)?\s*:\s*$", re.I
)


def _bare_name(rest: str) -> bool:
    """Nothing said of the body after its name: fewer than two words of two letters."""
    return len(re.findall(r"[^\W\d_]{2,}", rest)) < 2


# An annex's title: "PHỤ LỤC …", "(Kèm theo Công văn số …)".
_ANNEX_OPENS = re.compile(rf"^(?:{ANNEX_TITLE})")
# Preambles and legal bases are never assignments.
_NOT_TASK = re.compile(
    r"^(?:Căn\s+cứ|Xét\s+(?:đề\s+nghị|tờ\s+trình)|Theo\s+đề\s+nghị|Chú\s+thích\s*:|Ghi\s+chú\s*:)",
    re.I,
)


# A time or condition put before the subject ("Bước 2. Trong vòng 02 ngày làm việc, sau
# khi nhận hồ sơ, Phòng Văn hóa - Xã hội tiến hành …", the steps of a quy trình).
_FRONTED = re.compile(
    r"^(?:Bước\s+\d+\s*[.:]\s*)?(?:Về\s+[^:;.\n]{2,50}:\s*)?"
    r"(?:(?:Trong\s+(?:vòng|thời\s+gian|thời\s+hạn)|Chậm\s+nhất|Sau\s+khi|Trước\s+ngày|"
    r"Định\s+kỳ|Hằng\s+(?:năm|quý|tháng|tuần)|Hàng\s+(?:năm|quý|tháng|tuần)|"
    # "Căn cứ nội dung Kế hoạch, các sở …", "Trong quá trình thực hiện, nếu có khó khăn,
    # vướng mắc, các cơ quan … kịp thời báo cáo"
    r"Căn\s+cứ|Trong\s+quá\s+trình|(?:Nếu|Khi)\s+có\s+khó\s+khăn(?:,\s*vướng\s+mắc)?)"
    r"[^,;.:]{0,120},\s*)*",
    re.I,
)


def _fronted_duty(text: str) -> bool:
    """A sentence with something put before its subject ("Căn cứ …, chủ động …")."""
    fronted = _FRONTED.match(text)
    return text.rstrip().endswith(".") and fronted is not None and fronted.end() > 0


def _fronted_subject(text: str) -> bool:
    """ "Căn cứ nội dung Kế hoạch, các sở … xây dựng …." is an instruction with its basis
    put first, not a legal basis line ("Căn cứ Luật …;")."""
    fronted = _FRONTED.match(text)
    return (
        _fronted_duty(text) and fronted is not None and bool(body_phrase(text[fronted.end() :], 0))
    )


_SHORT_NAME = re.compile(r"^\s*\([^()\n]{1,20}\)")


@dataclass(frozen=True, slots=True)
class _Scope:
    level: float
    lead: tuple[Body, ...]
    # "Bộ Kế hoạch và Đầu tư chủ trì, phối hợp với các Bộ, ngành liên quan:": the support
    # named in a lead-in goes with its lead to the items below
    support: tuple[Body, ...] = ()


def _own_lead(sentence: str, base: int) -> tuple[Body, ...]:
    """Bodies the sentence itself assigns: after "giao/đề nghị/yêu cầu", or its subject."""
    text = _DOI_VOI.sub("", sentence)
    if not body_phrase(text, 0) and (fronted := _FRONTED.match(text)):
        text = text[fronted.end() :]
    shift = len(sentence) - len(text)
    subject = body_phrase(text, base + shift)
    if subject:
        # "Bộ Văn hóa, Thể thao và Du lịch (VHTTDL) đề nghị …": the short name defined
        # on first use is no part of what follows
        rest = _SHORT_NAME.sub("", text[subject[-1].end - base - shift :], count=1)
        case = text[subject[0].end - base - shift :]
        if _TOPIC.match(sentence) and (case.startswith(",") or _CONDITIONAL.search(sentence)):
            # "Đối với công ty …, thì phải …", "Đối với doanh nghiệp tư nhân, Phòng … ra
            # thông báo": the phrase after "Đối với" is the case, not the assignee (nd-109)
            after = case[1:].lstrip() if case.startswith(",") else ""
            at = base + len(sentence) - len(after)
            subject = body_phrase(after, at) if after and not _CONDITIONAL.search(sentence) else []
            rest = after[subject[-1].end - at :] if subject else ""
        if (
            subject
            and not _BACKGROUND.match(rest)
            and not _FORBIDS.match(rest)
            and not _ASSIGN.match(rest.lstrip())
        ):
            return tuple(subject)
    for m in _ASSIGN.finditer(sentence):
        found = body_phrase(sentence[m.end() :], base + m.end())
        if found:
            return tuple(found)
    return ()


def _heading_lead(p: Paragraph) -> tuple[Body, ...] | None:
    """A heading naming the bodies of the items below it ("1. Sở Công Thương:",
    "Đối với Chi bộ Công an xã:", "Điều 5. Trách nhiệm của Sở Tài chính"); None when the
    paragraph is not such a heading."""
    addressed = _DOI_VOI.match(p.text) or _duty_title(p.text)
    if (
        p.level is None
        and not addressed
        and (not p.text.rstrip().endswith(":") or is_upper(p.text))
    ):
        # an unmarked line naming a body is a signature or enacting line
        # ("ỦY BAN NHÂN DÂN THÀNH PHỐ … QUYẾT ĐỊNH:")
        return None
    text, at = _addressee(p)
    bodies = body_phrase(text, at)
    if _duty_title(p.text):
        whole = _article_body(text, at)
        if whole and (not bodies or bodies[-1].end < whole.end):
            return (whole,)
        if whole and bodies[-1].end == whole.end:
            return tuple(bodies)  # "… của Bộ Kế hoạch và Đầu tư | về đăng ký kinh doanh"
    if not bodies:
        return None
    while (more := _NEXT_ENTRY.match(text, bodies[-1].end - at)) is not None:
        # "5. Sở Văn hóa, Thể thao và Du lịch; Báo và Phát thanh, Truyền hình Cần Thơ"
        found = body_phrase(text[more.end() :], at + more.end())
        if not found:
            # an entry the word lists do not know, kept whole when it is a short name
            entry = re.split(r"\s*[;:]", text[more.end() :], maxsplit=1)[0].rstrip(" .")
            if not entry[:1].isupper() or len(entry.split()) > 10 or _INSTRUCTION.search(entry):
                break
            found = [make_body(entry, at + more.end(), at + more.end() + len(entry))]
        bodies = [*bodies, *found]
    rest = text[bodies[-1].end - at :].strip()
    if rest in ("", ":", ".") or rest.startswith(":") and len(rest) < 3:
        return tuple(bodies)
    words = len(text.split())
    if (
        (
            # "6. Phó chủ tịch phụ trách lĩnh vực Công tác Xã hội": a holder named by portfolio
            _IN_CHARGE.match(rest) and words <= 16
        )
        or (
            # "1. Ban Chỉ đạo xóa nhà tạm, nhà dột nát huyện Bình Sơn": a heading that is one
            # name, with a comma inside it, ending in its place (tb-660)
            _NAME_RUNS_ON.match(rest) and words <= 14 and not _INSTRUCTION.search(rest)
        )
        or (
            # "1. Chủ tịch Ủy ban nhân dân các tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa:": the
            # addressees narrowed by a place, the heading one name
            _QUALIFIED.match(rest) and words <= 20 and not _INSTRUCTION.search(rest)
        )
    ):
        last = bodies[-1]
        name = text[last.start - at :].rstrip(" :.")
        return (*bodies[:-1], make_body(name, last.start, last.start + len(name)))
    return None


# The rest of a heading naming a holder by portfolio: ", phụ trách lĩnh vực …".
_IN_CHARGE = re.compile(r"^,?\s*phụ\s+trách\s+(?!thực\s+hiện)[^.;:]*:?$", re.I)
_NEXT_ENTRY = re.compile(r"\s*;\s*")
# The rest of a heading that narrows the name before it by a place, up to its colon.
_QUALIFIED = re.compile(r"^(?:từ|thuộc|ở|tại|trên\s+địa\s+bàn|khu\s+vực|vùng)\s[^.;:]*:\s*$", re.I)
# The rest of a heading that continues the name before it and ends in a place.
_NAME_RUNS_ON = re.compile(r"^,\s*[^,;:.()]*\s[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*)*\s*:?$")
# Where an article title's body name ends: "… của Bộ Kế hoạch và Đầu tư | về đăng ký…"
_NAME_END = re.compile(
    r"\s+(?:về|trong|đối\s+với|theo|tại)\s|\s+(?:có|chịu)\s+trách\s+nhiệm\b|"
    r"\s+(?:chủ\s+trì|phụ\s+trách)\b|[.:;]?\s*$"
)


def _article_body(text: str, at: int) -> Body | None:
    """The whole name after "Nhiệm vụ, quyền hạn của" in an article title: the title
    names one body, even one whose words the body grammar would stop at ("Phòng đăng
    ký kinh doanh cấp tỉnh", nd-109)."""
    end = _NAME_END.search(text)
    name = text[: end.start()] if end else text
    if not name[:1].isupper() or len(name.split()) > 12:
        return None
    return make_body(name, at, at + len(name))


def _addressee(p: Paragraph) -> tuple[str, int]:
    """The heading's text after "Đối với" / "Trách nhiệm của", and its offset."""
    text = _DOI_VOI.sub("", p.text)
    duty = _duty_title(text)
    text = text[duty.end() :] if duty else text
    return text, p.start + len(p.text) - len(text)


def _is_heading(p: Paragraph) -> bool:
    unfinished = not p.text.rstrip().endswith((".", ";"))
    short = len(p.text.split()) <= 14 and unfinished
    addressed = bool(_DOI_VOI.match(p.text)) and unfinished and len(p.text.split()) <= 30
    return is_upper(p.text) or addressed or (p.level is not None and p.level <= 3 and short)


def _supporting(text: str, start: int, lead: tuple[Body, ...]) -> list[Body]:
    """The bodies after "phối hợp với" in ``text``, the lead's own left out."""
    support: list[Body] = []
    for m in _SUPPORT.finditer(text):
        for body in body_phrase(text[m.end() :], start + m.end()):
            if not any(same_body(body.name, b.name) for b in (*lead, *support)):
                support.append(body)
    return support


def _task(
    text: str,
    start: int,
    lead: tuple[Body, ...],
    issued: date | None,
    above: tuple[Body, ...] = (),
) -> Task:
    support = _supporting(text, start, lead)
    for body in above:  # the support of the lead-in the task's lead came from
        if not any(same_body(body.name, b.name) for b in (*lead, *support)):
            support.append(body)
    report_to = None
    for m in _REPORT.finditer(text):
        found = body_phrase(text[m.end() :], start + m.end())
        if found:
            report_to = found[0]
            break
    return Task(
        text=text,
        start=start,
        end=start + len(text),
        lead=lead,
        support=tuple(support),
        deadline=find_deadline(text, start, issued),
        recurrence=find_recurrence(text),
        report_to=report_to,
    )


def _sentences(p: Paragraph) -> list[tuple[str, int]]:
    out, at = [], 0
    for piece in _SENTENCE.split(p.text):
        index = p.text.index(piece, at)
        out.append((piece, p.start + index))
        at = index + len(piece)
    return out


def extract_tasks(
    text: str,
    start: int = 0,
    end: int | None = None,
    issued: date | None = None,
    issuer: str | None = None,
) -> tuple[Task, ...]:
    """Tasks in ``text[start:end]`` (the directive's content, header and Nơi nhận excluded).

    Task offsets point at the paragraph text in ``text``; the task text is the paragraph
    with its line breaks joined.
    """
    scopes: list[_Scope] = []
    tasks: list[Task] = []
    pending: list[Paragraph] = []  # numbered items since the last labelled lines
    pending_tasks: list[int] = []  # starts of the tasks the current labelled lines describe
    inherited_at: set[int] = set()  # starts of the tasks whose lead came from above
    stop = len(text) if end is None else end
    in_tables, spans = extract_table_tasks(text[:stop], issued)
    in_tables = [t for t in in_tables if t.start >= start]
    labels: list[tuple[re.Match[str], Paragraph]] = []  # a block of labelled lines

    def apply_labels() -> None:
        # a block's "chủ trì" line first: it opens the group the others describe, even
        # when "Thời gian hoàn thành: …" is printed above it
        for label, q in sorted(labels, key=lambda lq: not opens_group(lq[0].group("name"))):
            _apply_label(label, q, tasks, pending, pending_tasks, issued, inherited_at)
        labels.clear()

    in_notes = False  # the footnotes after the signature: sources, not duties
    listed: float | None = None  # the level of the name just before, read as a heading
    # without ":"; a second such name right after it makes both a list
    for p in paragraphs(text, start, end):
        after_name, listed = listed, None
        if FOOTNOTE.match(p.text) or (in_notes and not is_upper(p.text)):
            in_notes = True
            scopes.clear()
            continue
        in_notes = False
        if p.level is None and _ANNEX_OPENS.match(p.text):
            scopes.clear()  # an annex after the signature: no lead runs on into it
        label = LABEL.match(p.text)
        if labels and not label:
            apply_labels()
        if p.text.startswith("|") or any(a <= p.start < b for a, b in spans):
            continue  # a table's rows: read by extractors/tables.py
        level = p.level if p.level is not None else (scopes[-1].level + 0.5 if scopes else 0.5)
        if p.level is not None:
            while scopes and scopes[-1].level >= p.level:
                scopes.pop()
        inherited = scopes[-1].lead if scopes else ()
        above = scopes[-1].support if scopes else ()
        if p.level is None and (
            _NOT_TASK.match(p.text)
            and not _fronted_subject(p.text)
            # "Căn cứ chức năng, nhiệm vụ được giao, chủ động phối hợp …." under a body's
            # heading: the body's duty with its basis put first, not a legal basis
            and not (inherited and _fronted_duty(p.text))
            or _SIGNATURE.search(p.text)
        ):
            continue
        if label:  # "Đơn vị chủ trì: …" below the items it concerns
            labels.append((label, p))
            continue
        if pending_tasks and p.level is not None:
            pending_tasks.clear()
        section = p.level is not None and (
            p.level < 2 or p.level <= 2 and p.text.rstrip().endswith(":") or is_upper(p.text)
        )
        if section:
            pending.clear()  # a new section: labelled lines below describe its items only
        elif p.level is not None:
            pending.append(p)
        if is_upper(p.text):
            if p.level is not None and _GOAL_HEADING.match(_MARK.sub("", p.text)):
                scopes.append(_Scope(level, ()))  # "I. MỤC ĐÍCH, YÊU CẦU": aims, not tasks
            continue  # a title or header line, never a task
        if _CONDITIONS.search(p.text):
            # "7. Thu hồi Giấy chứng nhận … trong các trường hợp sau đây:" under a duty
            # heading: the item is the task, the points below it its conditions (nd-109)
            if inherited and len(p.text.split()) >= 5:
                tasks.append(_task(p.text, p.start, inherited, issued))
            scopes.append(_Scope(level, ()))
            continue
        heading = _heading_lead(p)
        if (
            heading is None
            and _is_heading(p)
            and (p.level is not None or _DOI_VOI.match(p.text))
            and _INSTRUCTION.search(p.text)
        ):
            heading = _own_lead(*_addressee(p)) or None
        if heading is not None:
            named = not p.text.rstrip().endswith(":")
            if named and after_name == level:
                heading = ()  # "(1) Hội Nhà báo Việt Nam", "(2) Hội Luật gia …": a list of
                # names, not headings over work (the last would lead all that follows)
            listed = level if named else None
            scopes.append(_Scope(level, heading, tuple(_supporting(p.text, p.start, heading))))
            continue
        if _is_heading(p):
            if p.level is not None:
                goals = _GOAL_HEADING.match(p.text)
                scopes.append(_Scope(level, () if goals else inherited, () if goals else above))
            continue
        lead_in = p.text.rstrip().endswith(":")
        pieces: list[tuple[str, int, tuple[Body, ...]]] = []
        for sentence, at in _sentences(p):
            own = _own_lead(sentence, at)
            if own or not pieces:
                pieces.append((sentence, at, own))
            else:
                _, a, o = pieces[-1]
                pieces[-1] = (text_between(p, a, at + len(sentence)), a, o)
        if lead_in:
            first = next((piece for piece in pieces if piece[2]), None)
            own = first[2] if first else ()
            if not _INSTRUCTION.search(p.text) or (
                first
                and issuer
                and _is_issuer(own[0].name, issuer)
                and (_speaks(*first) or _INTRODUCES.search(p.text))
            ):
                # "Ban Bí thư quy định như sau:" enacts, "Tiểu ban … xây dựng Kế hoạch
                # thực hiện như sau:" introduces the plan: neither assigns anything
                own = ()
            # "Phối hợp với các Bộ, ngành và địa phương liên quan chỉ đạo, hướng dẫn triển
            # khai:" under a body's heading: its lead, this support (else the heading's)
            lead = own or inherited
            support = tuple(_supporting(p.text, p.start, lead)) or (() if own else above)
            scopes.append(_Scope(level, lead, support))
            continue
        for sentence, at, own in pieces:
            if own and issuer and _is_issuer(own[0].name, issuer) and _speaks(sentence, at, own):
                continue  # the issuer speaking, not acting ("Ban Chấp hành Trung ương kêu gọi…")
            if sentence.rstrip().endswith("!"):
                continue  # a slogan ("Ngày bầu cử - Ngày hội của toàn dân!"), not a duty
            if own and _bare_name(sentence[own[-1].end - at :]):
                continue  # "Trường Đại học Văn hóa Hà Nội  x  x": a name in a list or table
            lead = own or inherited
            if lead and len(sentence.split()) >= 5:  # "Thành phố Hà Nội." is a list entry
                tasks.append(_task(sentence, at, lead, issued, () if own else above))
                if not own:
                    inherited_at.add(at)
    apply_labels()
    found = sorted([*tasks, *in_tables], key=lambda t: t.start)
    if issuer:
        found = [_issuer_named(t, text, issuer) for t in found]
    return tuple(found)


def _issuer_named(task: Task, text: str, issuer: str) -> Task:
    """A lead the body grammar cut short inside the issuer's own long name ("Tiểu ban" of
    "Tiểu ban thông tin, tuyên truyền, khánh tiết …") is the issuer, named as its header
    names it: the text after the cut goes on with the issuer's next words."""
    whole = _words(issuer)
    lead = []
    for body in task.lead:
        words = _words(body.name)
        rest = whole[len(words) :]
        cut_short = whole[: len(words)] == words and len(rest) >= 2
        if cut_short and _words(text[body.end : body.end + 60])[:2] == rest[:2]:
            body = replace(body, name=canonical(issuer), written=issuer)
        lead.append(body)
    return replace(task, lead=tuple(lead)) if lead != list(task.lead) else task


def _words(name: str) -> list[str]:
    return fold(canonical(name)).replace(",", " , ").split()


# What the issuer does when it speaks or enacts rather than takes on a duty of its own.
_SPEECH = re.compile(
    r"^\s*(?:(?:trân\s+trọng|tha\s+thiết|xin)\s+)?(?:kêu\s+gọi|quyết\s+(?:định|nghị)|"
    r"quy\s+định|ban\s+hành(?!\s+(?:các\s+)?kế\s+hoạch)|hướng\s+dẫn\s+.*(?:như\s+sau|sau\s+đây)|thông\s+báo|"
    r"ghi\s+nhận|biểu\s+dương|đánh\s+giá|nhất\s+trí|thống\s+nhất\s+(?:cao|chủ\s+trương)|"
    r"chỉ\s+đạo|cảm\s+ơn|chúc\s+mừng|khẳng\s+định|nhấn\s+mạnh)",
    re.I,
)


# "Ủy ban nhân dân tỉnh ban hành Kế hoạch … với các nội dung sau:": the issuer enacts the
# plan that follows; its items are the plan's content, not the issuer's duties (unlike
# "Tiểu ban … xây dựng kế hoạch triển khai thực hiện như sau:", its own work).
_INTRODUCES = re.compile(
    r"ban\s+hành\s+(?:các\s+)?(?:kế\s+hoạch|chương\s+trình|phương\s+án)\b"
    r".*\b(?:sau(?:\s+đây)?|như\s+sau)\s*:\s*$",
    re.I,
)


def _speaks(sentence: str, at: int, own: tuple[Body, ...]) -> bool:
    """The issuer as subject speaks or enacts ("kêu gọi", "quyết định", "thông báo") or
    assigns others ("yêu cầu…"): not a duty of its own. Its own duties are tasks
    (GOLD_FORMAT: "Ban Thường trực … chủ trì tổ chức đoàn kiểm tra…")."""
    if _ASSIGN.search(sentence):
        return False
    rest = _NAME_TAIL.sub("", sentence[own[-1].end - at :])
    return bool(_SPEECH.match(rest))


# The end of a name the body grammar stopped short of: "(MTTQ) Việt Nam xã …".
_NAME_TAIL = re.compile(r"^(?:\s*(?:\([^)]{1,20}\)|[A-ZĐ]\w*|xã|phường|thị\s+trấn|huyện|tỉnh))*")


def _is_issuer(name: str, issuer: str) -> bool:
    a, b = fold(canonical(name)), fold(canonical(issuer))
    return a == b or b.startswith(a + " ") or a.startswith(b + " ")


def _apply_label(
    label: re.Match[str],
    p: Paragraph,
    tasks: list[Task],
    pending: list[Paragraph],
    pending_tasks: list[int],
    issued: date | None,
    inherited_at: set[int],
) -> None:
    """Apply one labelled line to the tasks it describes (in place). A "chủ trì" line
    opens a new group: the pending items become tasks and the group's members."""
    name = label.group("name").lower()
    if opens_group(name):
        items = _labelled_items(pending)
        for q in items:
            if not any(t.start == q.start for t in tasks):
                tasks.append(_task(q.text, q.start, (), issued))
        # the details between an activity and its labelled lines are not tasks of their own
        details = {q.start for q in pending if q not in items} & inherited_at
        tasks[:] = [t for t in tasks if t.start not in details]
        pending_tasks[:] = [t.start for t in tasks if any(t.start == q.start for q in pending)]
        pending.clear()
    value = p.text[label.end() :]
    for i, t in enumerate(tasks):
        if t.start in pending_tasks:
            tasks[i] = apply_label(t, name, value, p.start + label.end(), issued)


def _labelled_items(pending: list[Paragraph]) -> list[Paragraph]:
    """The activities that labelled lines describe: the sub-items ("2.1.", "(1)") above
    them, else the items, else the bullets (bullets are usually the activity's details)."""
    pending = [q for q in pending if not q.text.rstrip().endswith(":") and len(q.text.split()) >= 5]
    items = [q for q in pending if q.level is not None and q.level < 6]
    subitems = [q for q in items if (q.level or 0) >= 3]
    return subitems or items or pending


def text_between(p: Paragraph, start: int, end: int) -> str:
    return p.text[start - p.start : end - p.start]
