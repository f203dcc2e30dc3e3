"""tables.v3: plan tables read as tasks, one a row, lead, support and due from the columns.

Kế hoạch and Chương trình give their work as a table: "TT | Nội dung | Đơn vị chủ trì |
Đơn vị phối hợp | Thời gian hoàn thành". The readers keep tables in pipe form, one row a
line (readers/tables.py); markdown captures come that way already. A column's role is
read from its title; a row whose lead cell is empty takes the lead of the row above (a
cell merged down the rows); a row that is a group title (a Roman numeral, upper case,
no lead) carries no task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from extractors.bodies import body_phrase, make_body
from extractors.deadlines import find_period, find_recurrence
from extractors.fold import fold
from extractors.lines import is_upper
from extractors.records import Body, Deadline, Task

NAME = "tables.v3"

_ROW = re.compile(r"^[ \t]*\|(.*)\|[ \t]*$", re.M)
_RULE = re.compile(r"^[\s|:\-–—]*$")  # a markdown separator row "|---|:--|"
# Column roles, tried in this order on the folded title (no marks: "thoi gian thuc hien"
# is a time, "don vi phoi hop thuc hien" a support column, before "thuc hien" makes a lead).
_ROLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("index", re.compile(r"^(?:s?tt|so\s+tt|so\s+thu\s+tu)\.?$")),
    ("due", re.compile(r"thoi\s+(?:gian|han|diem)|tien\s+do|hoan\s+thanh|\bmoc\b")),
    ("support", re.compile(r"phoi\s+hop")),
    ("note", re.compile(r"ghi\s+chu")),
    ("product", re.compile(r"san\s+pham|ket\s+qua|hinh\s+thuc|kinh\s+phi|nguon")),
    (
        "lead",
        re.compile(r"chu\s+tri|thuc\s+hien|phu\s+trach|trach\s+nhiem|nguoi|co\s+quan|don\s+vi"),
    ),
    (
        "content",
        re.compile(r"noi\s+dung|nhiem\s+vu|cong\s+viec|hoat\s+dong|giai\s+phap|de\s+an|\bten\b"),
    ),
)
_WORKLIKE = re.compile(r"nhiem\s+vu|noi\s+dung|cong\s+viec")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$|^\(?[a-z]\)?$")  # "(1) | (2) | (3)" under titles
_GROUP_INDEX = re.compile(r"^(?:[IVXLC]+|[A-Z])\.?$")
_ENTRY = re.compile(r"\s*(?:;|\s[-–+•]\s|^[-–+•]\s)\s*")


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Table:
    start: int
    end: int
    roles: tuple[str, ...]  # one per column: "index", "content", "lead", …, or ""
    rows: tuple[tuple[Cell, ...], ...]  # the data rows, titles left out


def _cells(line: str, at: int) -> tuple[Cell, ...]:
    """A pipe row's cells with their offsets (``at`` is where the line starts)."""
    m = _ROW.match(line)
    if not m:
        return ()
    out, offset = [], at + m.start(1)
    for raw in m.group(1).split("|"):
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        out.append(Cell(stripped, offset + lead, offset + lead + len(stripped)))
        offset += len(raw) + 1
    return tuple(out)


def _roles(titles: tuple[Cell, ...]) -> tuple[str, ...] | None:
    """Column roles from a title row, or None when the row is no plan table's title."""
    if titles and re.match(r"\d", titles[0].text):
        return None  # a numbered row is data, whatever words it holds
    roles = []
    for cell in titles:
        folded = fold(cell.text)
        short = len(folded.split()) <= 8  # titles are short; a long cell is data
        role = next((name for name, rx in _ROLES if short and folded and rx.search(folded)), "")
        roles.append(role)
    if "lead" in roles and "content" not in roles:
        # "Nhiệm vụ thực hiện | Người thực hiện": the first work-like column is content
        for i, role in enumerate(roles):
            if role == "lead" and _WORKLIKE.search(fold(titles[i].text)):
                roles[i] = "content"
                break
    if "content" not in roles or "lead" not in roles or roles.count("lead") > 1:
        return None
    return tuple(roles)


def find_tables(text: str) -> list[Table]:
    """The plan tables in ``text``: runs of pipe rows under a title row naming work and
    who leads it. A table whose title row repeats on the next page goes on."""
    tables: list[Table] = []
    roles: tuple[str, ...] | None = None
    rows: list[tuple[Cell, ...]] = []
    start = end = 0
    last_end = -1

    def close() -> None:
        if roles and rows:
            tables.append(Table(start, end, roles, tuple(rows)))

    for m in _ROW.finditer(text):
        line = m.group(0)
        if _RULE.match(line):
            continue
        cells = _cells(line, m.start())
        gap = text[last_end : m.start()] if last_end >= 0 else ""
        found = _roles(cells)
        if found is not None:
            if roles is None or found != roles or _prose(gap):
                close()
                rows, start = [], m.start()
            roles = found
        elif roles is not None and (_prose(gap) or len(cells) != len(roles)):
            close()
            roles, rows = None, []
        elif roles is not None and not all(_NUMBERING.match(c.text) or not c.text for c in cells):
            rows.append(cells)
        end = last_end = m.end()
    close()
    return tables


def _prose(gap: str) -> bool:
    """Text between two pipe rows that is more than a page number or a blank."""
    return any(len(line.split()) > 1 for line in gap.split("\n"))


def _entry_pieces(text: str) -> list[str]:
    """A cell cut at its entries; a dash between two lower-case words joins a compound
    ("tổ chức chính trị - xã hội"), it starts no entry."""
    pieces, at = [], 0
    for m in _ENTRY.finditer(text):
        if "-" in m.group() and text[m.end() : m.end() + 1].islower():
            continue
        pieces.append(text[at : m.start()])
        at = m.end()
    return [*pieces, text[at:]]


def _entries(cell: Cell) -> tuple[Body, ...]:
    """The bodies in a lead or support cell: its entries (";", bullets), each read by the
    body grammar, or kept whole when the grammar finds no body (a person's name)."""
    out: list[Body] = []
    at = 0
    for piece in _entry_pieces(cell.text):
        piece = piece.strip(" .;,-–+•")
        if not piece:
            continue
        offset = cell.start + cell.text.index(piece, at)
        at = offset - cell.start + len(piece)
        found = body_phrase(piece, offset)
        if found and found[-1].end - offset >= len(piece) - 2:
            out.extend(found)
        elif len(piece.split()) <= 14:
            out.append(make_body(piece, offset, offset + len(piece)))
    return tuple(out)


# A time column's cell that is only a year ("2025": within that year) or a month every
# year ("Tháng 12 hằng năm": that month, the first time after the plan is issued).
_BARE_YEAR = re.compile(r"^(?:năm\s+)?((?:19|20)\d\d)\.?$", re.I)
_MONTH_YEARLY = re.compile(r"^tháng\s+(\d{1,2})\s+(?:hằng|hàng)\s+năm\.?$", re.I)


def _deadline(cell: Cell | None, issued: date | None) -> Deadline | None:
    if cell is None or not cell.text:
        return None
    found = find_period(cell.text, cell.start, issued)
    if found is not None:
        return Deadline(cell.text, cell.start, cell.end, found.due)
    if bare := _BARE_YEAR.match(cell.text.strip()):
        return Deadline(cell.text, cell.start, cell.end, date(int(bare.group(1)), 12, 31))
    month = _MONTH_YEARLY.match(cell.text.strip())
    if month and issued is not None and 1 <= int(month.group(1)) <= 12:
        number = int(month.group(1))
        year = issued.year if number >= issued.month else issued.year + 1
        end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
        return Deadline(cell.text, cell.start, cell.end, end)
    return None


def table_tasks(table: Table, issued: date | None) -> list[Task]:
    """One task a row that names work; lead inherited down merged cells."""
    column = {role: i for i, role in enumerate(table.roles) if role}
    tasks: list[Task] = []
    lead: tuple[Body, ...] = ()
    for row in table.rows:
        cells = {role: row[i] for role, i in column.items() if i < len(row)}
        content = cells.get("content")
        if content is None or not content.text:
            continue
        index = cells.get("index")
        own = _entries(cells["lead"]) if cells.get("lead") and cells["lead"].text else ()
        group = (index is not None and _GROUP_INDEX.match(index.text)) or is_upper(content.text)
        if group and not own:
            lead = ()
            continue
        lead = own or lead
        if not lead or len(content.text.split()) < 2:
            continue
        support = _entries(cells["support"]) if cells.get("support") else ()
        when = cells.get("due")
        tasks.append(
            Task(
                text=content.text,
                start=content.start,
                end=content.end,
                lead=lead,
                support=support,
                deadline=_deadline(when, issued),
                recurrence=find_recurrence(when.text) if when else (),
            )
        )
    return tasks


def extract_table_tasks(
    text: str, issued: date | None = None
) -> tuple[list[Task], list[tuple[int, int]]]:
    """Tasks from every plan table in ``text``, and the tables' spans (which the prose
    task reader skips)."""
    tasks: list[Task] = []
    spans: list[tuple[int, int]] = []
    for table in find_tables(text):
        tasks.extend(table_tasks(table, issued))
        spans.append((table.start, table.end))
    return tasks, spans
