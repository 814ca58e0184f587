"""정보목록: the documents an institution produced in one month, read from a records-system export.

The columns are those of 시행령 제5조 and the 정보공개포털 (domain reference §3.2). An export may
name them in several ways (생산등록번호 or 문서번호, 처리과 or 생산부서…); every accepted name is in
COLUMNS, and the README lists them. Every problem is reported as `path:row:column: message`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from charterpress.deadlines import YEARS_TEXT, Month, in_years
from charterpress.decode import control_problem
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error, warning
from charterpress.linkpolicy import WEB_ADDRESS, link_problem
from charterpress.tabular import Sheet

Disclosure = Literal["공개", "부분공개", "비공개", "열람제한"]
DISCLOSURES: tuple[Disclosure, ...] = ("공개", "부분공개", "비공개", "열람제한")
RETENTION = ("영구", "준영구", "30년", "10년", "5년", "3년", "1년")  # 공공기록물법 시행령 제26조
NEEDS_GROUND = ("부분공개", "비공개")
HEADER_SEARCH_ROWS = 10  # exports often put a title line or two above the header


@dataclass(frozen=True)
class Column:
    key: str  # the documented English key, also the JSON field name
    name: str  # the Korean header charterpress writes
    aliases: tuple[str, ...]  # other headers accepted on import
    required: bool


COLUMNS = (
    Column("doc_no", "문서번호", ("생산등록번호", "등록번호", "원문등록번호", "문서등록번호"), True),
    Column("title", "제목", ("문서제목", "문서명"), True),
    Column("produced", "생산일자", ("생산일", "생산일시", "등록일자"), True),
    Column("department", "생산부서", ("처리과", "담당부서", "부서", "부서명"), True),
    Column("person", "담당자", ("업무담당자",), True),
    Column("task", "단위업무", ("단위과제", "단위업무명"), False),
    Column("retention", "보존기간", (), True),
    Column("disclosure", "공개구분", ("공개여부",), True),
    Column("grounds", "비공개근거", ("비공개사유", "부분공개근거"), False),
    Column("restricted_until", "열람제한일", ("열람제한종료일", "열람제한기한"), False),
    Column("link", "원문", ("원문링크", "원문주소", "url"), False),
)
BY_KEY = {c.key: c for c in COLUMNS}
# Columns an export may carry that a list does not publish: running numbers, the month of a
# combined download.
IGNORED = frozenset({"번호", "순번", "연번", "no", "목록월", "month"})


def _header_key(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


_NAMES = {_header_key(name): c for c in COLUMNS for name in (c.key, c.name, *c.aliases)}


def column_for(header: str) -> Column | None:
    """The column a header names: '공개여부' → 공개구분; '문서번호(생산등록번호)' → 문서번호."""
    key = _header_key(header)
    if key in _NAMES:
        return _NAMES[key]
    outer, _, inner = key.partition("(")
    return _NAMES.get(outer) or _NAMES.get(inner.rstrip(")"))


# 비공개 근거: 정보공개법 제9조제1항 제1–8호, written in any of the usual ways.
GROUND_RE = re.compile(
    r"(?:(?:공공기관의정보공개에관한법률|정보공개법|법)?제?9(?:조|-|\.)제?1(?:항|-|\.))?제?([1-8])호?"
)
GROUND_SPLIT_RE = re.compile(r"[,，、/;·]|및")


def canonical_ground(number: int) -> str:
    return f"제9조제1항제{number}호"


def parse_grounds(text: str) -> tuple[int, ...] | None:
    """'5호', '제9조제1항제5호', '9-1-5', '법 제9조 제1항 제5호, 6호' → (5, 6); None when unreadable."""
    numbers: list[int] = []
    for part in GROUND_SPLIT_RE.split(text):
        part = re.sub(r"\s+", "", part)
        if not part:
            continue
        match = GROUND_RE.fullmatch(part)
        if not match:
            return None
        numbers.append(int(match.group(1)))
    return tuple(sorted(set(numbers))) or None


DATE_RE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})\.?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?P<y2>\d{4})(?P<m2>\d{2})(?P<d2>\d{2})(?:\d{6})?"
)


def parse_date(text: str, any_year: bool = False) -> date | None:
    """2026-10-05, 2026.10.05, 2026/10/5, 20261005, 20261005093000 or '2026-10-05 09:30'
    (in YEARS, unless `any_year`)."""
    match = DATE_RE.fullmatch(text.strip())
    if not match:
        return None
    y, m, d = (match.group("y", "m", "d") if match.group("y") else match.group("y2", "m2", "d2"))
    try:
        day = date(int(y), int(m), int(d))
    except ValueError:
        return None
    return day if any_year or in_years(day) else None


@dataclass(frozen=True)
class DisclosureItem:
    """One document of a month's list."""

    doc_no: str
    title: str
    produced: date
    department: str
    person: str
    task: str
    retention: str
    disclosure: Disclosure
    grounds: tuple[int, ...]
    restricted_until: date | None
    link: str | None
    row: int

    @property
    def anchor(self) -> str:
        """The id of the document's row on the month page (search results land on it)."""
        return "doc-" + re.sub(r"[\s#\"'<>&%?/\\]+", "-", self.doc_no)

    def values(self) -> dict[str, str]:
        """Each column as the text charterpress writes (the CSV download and `import`)."""
        return {
            "doc_no": self.doc_no, "title": self.title, "produced": self.produced.isoformat(),
            "department": self.department, "person": self.person, "task": self.task,
            "retention": self.retention, "disclosure": self.disclosure,
            "grounds": ", ".join(canonical_ground(n) for n in self.grounds),
            "restricted_until": self.restricted_until.isoformat() if self.restricted_until else "",
            "link": self.link or "",
        }

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = dict(self.values())
        data["grounds"] = [canonical_ground(n) for n in self.grounds]
        data["restricted_until"] = data["restricted_until"] or None
        data["link"] = data["link"] or None
        return data


class _RowReader:
    """Reads the data rows of one sheet against its header, collecting every problem."""

    def __init__(self, shown: str, month: Month, header: dict[str, tuple[int, str]]):
        self.shown = shown
        self.month = month
        self.header = header  # column key → (cell index, the header as the file writes it)
        self.problems: list[Diagnostic] = []

    def fail(self, row: int, key: str, message: str) -> None:
        self.problems.append(error(SourceLoc(self.shown).at_cell(row, self.header[key][1]), message))

    def item(self, number: int, cells: tuple[str, ...]) -> DisclosureItem | None:
        text = {key: cells[i] if i < len(cells) else "" for key, (i, _) in self.header.items()}
        for key in ("retention", "disclosure"):  # '부분 공개', '5 년': exports differ in spacing only
            if key in text:
                text[key] = re.sub(r"\s+", "", text[key])
        before = len(self.problems)
        for key, value in text.items():
            if key != "link" and (problem := control_problem(value)):
                self.fail(number, key, f"text {problem}")
        for column in COLUMNS:
            if column.required and column.key in self.header and not text[column.key]:
                self.fail(number, column.key, "a value is required")
        produced = self._date(number, text, "produced")
        if produced and produced not in self.month:
            self.fail(number, "produced", f"{produced.isoformat()} is outside the list's month ({self.month}); "
                                          "each month's list holds the documents produced in that month")
        retention = text.get("retention", "")
        if retention and retention not in RETENTION:
            self.fail(number, "retention", f"'{retention}' is not a retention period "
                                           f"(expected one of: {', '.join(RETENTION)})")
        disclosure = text.get("disclosure", "")
        if disclosure and disclosure not in DISCLOSURES:
            self.fail(number, "disclosure", f"'{disclosure}' is not a disclosure status"
                                            f"{did_you_mean(disclosure, DISCLOSURES)}")
        grounds = self._grounds(number, text, disclosure)
        restricted = self._restriction(number, text, disclosure)
        link = self._link(number, text)
        if len(self.problems) > before or produced is None:
            return None
        return DisclosureItem(
            doc_no=text["doc_no"], title=text["title"], produced=produced,
            department=text["department"], person=text["person"], task=text.get("task", ""),
            retention=retention, disclosure=disclosure, grounds=grounds,  # type: ignore[arg-type]
            restricted_until=restricted, link=link, row=number,
        )

    def _date(self, number: int, text: dict[str, str], key: str) -> date | None:
        value = text.get(key, "")
        if not value:
            return None
        parsed = parse_date(value)
        if parsed is None and parse_date(value, any_year=True):
            self.fail(number, key, f"'{value}' is out of range (expected {YEARS_TEXT})")
        elif parsed is None:
            self.fail(number, key, f"'{value}' is not a date (expected YYYY-MM-DD)")
        return parsed

    def _grounds(self, number: int, text: dict[str, str], disclosure: str) -> tuple[int, ...]:
        value = text.get("grounds", "")
        if not value:
            if disclosure in NEEDS_GROUND:
                where = "grounds" if "grounds" in self.header else "disclosure"
                self.fail(number, where, f"{disclosure} needs its legal ground (비공개근거): a ground of "
                                         "정보공개법 제9조제1항 제1–8호, e.g. '5호' or '제9조제1항제5호'")
            return ()
        grounds = parse_grounds(value)
        if grounds is None:
            self.fail(number, "grounds", f"'{value}' is not a ground of 정보공개법 제9조제1항 "
                                         "(expected 1호–8호, written e.g. '5호', '제9조제1항제5호' or '9-1-5')")
            return ()
        if disclosure == "공개":
            self.fail(number, "grounds", "a document marked 공개 has no ground for withholding; "
                                         "clear the ground or change 공개구분")
        return grounds

    def _restriction(self, number: int, text: dict[str, str], disclosure: str) -> date | None:
        until = self._date(number, text, "restricted_until")
        if disclosure == "열람제한" and until is None and not text.get("restricted_until"):
            where = "restricted_until" if "restricted_until" in self.header else "disclosure"
            self.fail(number, where, "열람제한 needs the date the restriction ends (열람제한일, YYYY-MM-DD)")
        return until

    def _link(self, number: int, text: dict[str, str]) -> str | None:
        value = text.get("link", "")
        if not value:
            return None
        problem = link_problem(value, WEB_ADDRESS) or control_problem(value)
        if problem:
            self.fail(number, "link", problem)
            return None
        return value


def read_items(sheet: Sheet, shown: str, month: Month) -> tuple[tuple[DisclosureItem, ...], list[Diagnostic]]:
    """The documents of one month's list, or every problem with them."""
    found = _find_header(sheet, shown)
    if isinstance(found, list):
        return (), found
    header_row, header, problems = found
    reader = _RowReader(shown, month, header)
    items: list[DisclosureItem] = []
    first_row: dict[str, int] = {}
    for row in sheet.rows:
        if row.number <= header_row:
            continue
        item = reader.item(row.number, row.cells)
        if item is None:
            continue
        if item.doc_no in first_row:
            reader.fail(row.number, "doc_no", f"'{item.doc_no}' appears twice in this month's list "
                                              f"(first on row {first_row[item.doc_no]})")
            continue
        first_row[item.doc_no] = row.number
        items.append(item)
    return tuple(items), problems + reader.problems


def _find_header(sheet: Sheet, shown: str) -> tuple[int, dict[str, tuple[int, str]], list[Diagnostic]] | list[Diagnostic]:
    """The header row (the first with three known column names) and where each column is."""
    loc = SourceLoc(shown, 1)
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        known = [column_for(cell) for cell in row.cells]
        if sum(c is not None for c in known) < 3:
            continue
        header: dict[str, tuple[int, str]] = {}
        problems: list[Diagnostic] = []
        for index, (cell, column) in enumerate(zip(row.cells, known)):
            here = SourceLoc(shown).at_cell(row.number, cell)
            if column is None:
                if cell and _header_key(cell) not in IGNORED:
                    names = [c.name for c in COLUMNS]
                    problems.append(warning(here, f"column '{cell}' is not used{did_you_mean(cell, names)}"))
            elif column.key in header:
                problems.append(error(here, f"columns '{header[column.key][1]}' and '{cell}' both give "
                                            f"{column.name}; keep one"))
            else:
                header[column.key] = (index, cell)
        for column in COLUMNS:
            if column.required and column.key not in header:
                also = f" (also accepted: {', '.join(column.aliases)})" if column.aliases else ""
                problems.append(error(loc.at_line(row.number), f"required column '{column.name}' is missing{also}"))
        if any(p.is_error for p in problems):
            return problems
        return row.number, header, problems
    names = ", ".join(c.name for c in COLUMNS if c.required)
    return [error(loc, f"no header row found in the first {HEADER_SEARCH_ROWS} rows (expected column names: {names})")]


def csv_rows(items: tuple[DisclosureItem, ...]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows charterpress writes: canonical Korean names, canonical values."""
    header = tuple(c.name for c in COLUMNS)
    keys = [c.key for c in COLUMNS]
    return header, [tuple(map(item.values().__getitem__, keys)) for item in items]
