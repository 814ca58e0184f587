"""정보목록: the documents an institution produced in one month, read from a records-system export.

The columns are those of 시행령 제5조 and the 정보공개포털 (domain reference §3.2). An export may
name them in several ways (생산등록번호 or 문서번호, 처리과 or 생산부서…); every accepted name is in
COLUMNS or, for the city and portal vocabularies and their value forms, in disclosure_vocab; the
README lists them. Every problem is reported as `path:row:column: message`, the same one on many
rows once (`summarised`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from charterpress.deadlines import YEARS_TEXT, Month, in_years
from charterpress.decode import control_problem
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error, warning
from charterpress.disclosure_vocab import (
    CACHED,
    CODE_HEADERS,
    HEADER_ALIASES,
    KNOWN_UNUSED,
    RETENTIONS,
    SPACE,
    cell_text,
    disclosure_status,
    ground_subject,
    header_key,
    retention_period,
    token,
)
from charterpress.linkpolicy import WEB_ADDRESS, link_problem
from charterpress.tabular import Sheet

Disclosure = Literal["공개", "부분공개", "비공개", "열람제한"]
DISCLOSURES: tuple[Disclosure, ...] = ("공개", "부분공개", "비공개", "열람제한")
RETENTION = RETENTIONS
NEEDS_GROUND = ("부분공개", "비공개")
# What charterpress writes in the 비공개근거 of a 부분공개/비공개 row whose export gave no ground, so the
# list it wrote reads back as "the export had none" (one warning) rather than as a forgotten cell (an error).
NO_GROUND = "미기재"
HEADER_SEARCH_ROWS = 10  # exports often put a title line or two above the header
ANCHOR_UNSAFE_RE = re.compile(r"[\s#\"'<>&%?/\\]+")


@dataclass(frozen=True)
class Column:
    key: str  # the documented English key, also the JSON field name
    name: str  # the Korean header charterpress writes
    aliases: tuple[str, ...]  # other headers accepted on import
    required: bool


# Required (✔): what 시행령 제5조① names (제목·생산연도·업무담당자·보존기간) and 공개구분, the fact
# the list exists to state and that charterpress never guesses. 문서번호 and 생산부서 are published
# when the export has them (every known export does) but are not the law's minimum.
COLUMNS = (
    Column("doc_no", "문서번호", ("생산등록번호", "등록번호", "원문등록번호", "문서등록번호"), False),
    Column("title", "제목", ("문서제목", "문서명"), True),
    Column("produced", "생산일자", ("생산일", "생산일시", "등록일자"), True),
    Column("department", "생산부서", ("처리과", "담당부서", "부서", "부서명"), False),
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
IGNORED = frozenset({"번호", "순번", "연번", "no", "목록월", "month"}) | KNOWN_UNUSED
_NAMES = {header_key(name): c for c in COLUMNS
          for name in (c.key, c.name, *c.aliases, *HEADER_ALIASES.get(c.key, ()))}


def column_for(header: str) -> Column | None:
    """The column a header names: '공개여부' → 공개구분; '문서번호(생산등록번호)' → 문서번호."""
    key = header_key(header)
    if key in _NAMES:
        return _NAMES[key]
    outer, _, inner = key.partition("(")
    return _NAMES.get(outer) or _NAMES.get(inner.rstrip(")"))


# 비공개 근거: 정보공개법 제9조제1항 제1–8호, written in any of the usual ways.
GROUND_RE = re.compile(
    r"(?:(?:공공기관의정보공개에관한법률|정보공개법|법)?제?9(?:조|-|\.)제?1(?:항|-|\.))?제?([1-8])호?"
)
GROUND_SPLIT_RE = re.compile(r"[,，、/;·ㆍ\u119e・]|및")  # ㆍ becomes U+119E under NFKC
GROUND_TOKENS_RE = re.compile(r"(?<=호)\s+(?=(?:제\s*)?[1-8]\s*호)")  # '5호 6호': a space between two 호
SUBJECT_RE = re.compile(r"(?P<ground>.*?\d호?)\((?P<subject>[^()]*)\)")  # '6호(개인정보)'
STATUS_PREFIX_RE = re.compile(r"(?:부분공개|일부공개|비공개)\((?P<inner>.+)\)")  # '비공개(5호)' in a grounds cell


def canonical_ground(number: int) -> str:
    return f"제9조제1항제{number}호"


@CACHED
def parse_grounds(text: str) -> tuple[int, ...] | None:
    """'5호', '제9조제1항제5호', '9-1-5', '법 제9조 제1항 제5호, 6호', '5호 6호', '５호', '6호(개인정보)',
    '비공개(5호)', '개인정보' → the 호 numbers; None when unreadable."""
    text = unicodedata.normalize("NFKC", text).strip()
    if match := STATUS_PREFIX_RE.fullmatch(re.sub(r"\s+", "", text)):
        text = match.group("inner")
    numbers: list[int] = []
    for part in GROUND_SPLIT_RE.split(text):
        for piece in GROUND_TOKENS_RE.split(part):
            piece = re.sub(r"\s+", "", piece)
            if not piece:
                continue
            if with_subject := SUBJECT_RE.fullmatch(piece):
                piece = with_subject.group("ground")
            match = GROUND_RE.fullmatch(piece)
            number = int(match.group(1)) if match else ground_subject(piece)
            if number is None:
                return None
            numbers.append(number)
    return tuple(sorted(set(numbers))) or None


DATE_RE = re.compile(
    r"(?P<y>\d{4})(?P<sep>[-./])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})\.?(?:\s*T?\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|(?P<y2>\d{4})(?P<m2>\d{2})(?P<d2>\d{2})(?:\d{4}|\d{6})?"
    r"|(?P<y3>\d{4})년(?P<m3>\d{1,2})월(?P<d3>\d{1,2})일"
)


@CACHED
def parse_date(text: str, any_year: bool = False) -> date | None:
    """2026-10-05, 2026.10.05, '2026. 10. 5.' (the 공문서 form), 2026/10/5, '2026년 10월 5일', 20261005,
    20261005093000 or '2026-10-05 09:30:00' (in YEARS, unless `any_year`)."""
    value = unicodedata.normalize("NFKC", text).strip()
    value = re.sub(SPACE + r"*([-./년월일])" + SPACE + "*", r"\1", value)  # '2026. 10. 5.', '2026년 10월 5일'
    match = DATE_RE.fullmatch(value)
    if not match:
        return None
    groups = next(match.group(*g) for g in (("y", "m", "d"), ("y2", "m2", "d2"), ("y3", "m3", "d3"))
                  if match.group(g[0]))
    try:
        day = date(*map(int, groups))
    except ValueError:
        return None
    return day if any_year or in_years(day) else None


@dataclass(frozen=True, slots=True)  # slots: a 240,000-row site holds this many (no __dict__ each)
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
    _key: str | None = field(default=None, init=False, repr=False, compare=False)  # `key`, once made

    @property  # read for the anchor, the JSON and import's duplicate checks
    def key(self) -> str:
        """A key that stays the same for the same document, whatever else the month holds: 문서번호,
        생산일자 and the first 6 hex digits of the title's SHA-1. Two offices' '현장대응단-12' get
        different keys; re-importing a part finds its rows by it."""
        if self._key is None:
            digest = hashlib.sha1(self.title.encode("utf-8")).hexdigest()[:6]
            object.__setattr__(self, "_key", f"{self.doc_no or 'doc'}-{self.produced:%Y%m%d}-{digest}")
        return self._key  # type: ignore[return-value]

    @property
    def anchor(self) -> str:
        """The id of the document's row on the month page (search results land on it); made from
        the key each time it is asked for rather than kept beside it in every item."""
        return "doc-" + ANCHOR_UNSAFE_RE.sub("-", self.key)

    def values(self) -> dict[str, str]:
        """Each column as the text charterpress writes (the CSV download and `import`)."""
        return {
            "doc_no": self.doc_no, "title": self.title, "produced": self.produced.isoformat(),
            "department": self.department, "person": self.person, "task": self.task,
            "retention": self.retention, "disclosure": self.disclosure,
            "grounds": ", ".join(canonical_ground(n) for n in self.grounds)
                       or (NO_GROUND if self.disclosure in NEEDS_GROUND else ""),
            "restricted_until": self.restricted_until.isoformat() if self.restricted_until else "",
            "link": self.link or "",
        }

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {"key": self.key, **self.values()}
        data["grounds"] = [canonical_ground(n) for n in self.grounds]
        data["restricted_until"] = data["restricted_until"] or None
        data["link"] = data["link"] or None
        return data


@dataclass(frozen=True)
class Header:
    row: int
    columns: dict[str, tuple[int, str]]  # column key → (cell index, the header as the file writes it)
    coded: frozenset[str]  # column keys whose cells hold portal codes (OTHBC_SE_CD…)


class _RowReader:
    """Reads the data rows of one sheet against its header, collecting every problem."""

    def __init__(self, shown: str, month: Month | None, header: Header, defaults: Mapping[str, str]):
        self.shown = shown
        self.month = month
        self.header = header.columns
        self.coded = header.coded
        self.defaults = defaults  # column key → the value `--set` gives the whole file
        self.problems: list[Diagnostic] = []
        self.skip_required: set[str] = set()  # blank in every row: reported once, not per row
        self.ungrounded: list[tuple[int, str]] = []  # 부분공개/비공개 rows without a ground
        self.grounded = 0  # 부분공개/비공개 rows with one
        self.unrecorded = 0  # rows whose ground is NO_GROUND: written by import from an export without one
        # One string for each department, person and task: a month repeats a few dozen of them over
        # thousands of rows, and a site holds every month's rows at once.
        self.shared: dict[str, str] = {}

    def ground_problems(self, require: bool, header_row: int) -> list[Diagnostic]:
        """Rows without a ground: errors when the file gives grounds on other rows (a real omission);
        one warning for the file when it gives none at all (a city's export has no grounds column, and
        the list charterpress writes from it keeps that column blank), an error if the site requires them."""
        if self.grounded and "grounds" in self.header:
            for number, disclosure in self.ungrounded:
                self.fail(number, "grounds", f"{disclosure} needs its legal ground (비공개근거): a ground of "
                                             "정보공개법 제9조제1항 제1–8호, e.g. '5호' or '제9조제1항제5호'")
            self.ungrounded = []
        count = len(self.ungrounded) + self.unrecorded
        if not count:
            return []
        if "grounds" not in self.header:
            where = "the export has no grounds column"
        elif self.unrecorded:
            where = f"the export they were imported from gave none ('{NO_GROUND}')"
        else:
            where = f"its grounds column '{self.header['grounds'][1]}' is blank on every such row"
        consequence = "disclosures.require_grounds is true in site.yaml" if require else "they are published without one"
        make = error if require else warning
        return [make(SourceLoc(self.shown, header_row), f"{count:,} 부분공개/비공개 rows have no "
                                                        f"비공개근거; {where} ({consequence})")]

    def fail(self, row: int, key: str, message: str) -> None:
        field = self.header[key][1] if key in self.header else BY_KEY[key].name
        self.problems.append(error(SourceLoc(self.shown).at_cell(row, field), message))

    def texts(self, cells: tuple[str, ...]) -> dict[str, str]:
        text = {key: cell_text(cells[i]) if i < len(cells) else "" for key, (i, _) in self.header.items()}
        for key, value in self.defaults.items():
            if not text.get(key):
                text[key] = value
        return text

    def item(self, number: int, text: dict[str, str]) -> DisclosureItem | None:
        before = len(self.problems)
        for key, value in text.items():
            if key != "link" and (problem := control_problem(value)):
                self.fail(number, key, f"text {problem}")
        for column in COLUMNS:
            if column.required and column.key not in self.skip_required and not text.get(column.key):
                self.fail(number, column.key, "a value is required")
        produced = self._date(number, text, "produced")
        if produced and self.month and produced not in self.month:
            self.fail(number, "produced", f"{produced.isoformat()} is outside the list's month ({self.month}); "
                                          "each month's list holds the documents produced in that month")
        retention = self._retention(number, text)
        disclosure, ground_text = self._disclosure(number, text)
        grounds = self._grounds(number, text, disclosure, ground_text)
        restricted = self._restriction(number, text, disclosure)
        link = self._link(number, text)
        if len(self.problems) > before or produced is None:
            return None
        share = self.shared.setdefault
        return DisclosureItem(
            doc_no=text.get("doc_no", ""), title=text["title"], produced=produced,
            department=share(text.get("department", ""), text.get("department", "")),
            person=share(text["person"], text["person"]), task=share(text.get("task", ""), text.get("task", "")),
            retention=retention, disclosure=disclosure, grounds=grounds,  # type: ignore[arg-type]
            restricted_until=restricted, link=link, row=number,
        )

    def _retention(self, number: int, text: dict[str, str]) -> str:
        value = text.get("retention", "")
        if not value:
            return ""
        period = retention_period(value)
        if period is None and "retention" in self.coded and not re.search(r"[영년]", value):
            self.fail(number, "retention", f"code '{value}' of column '{self.header['retention'][1]}' is not "
                                           "known: no public code table for 보존기간 codes was found, so "
                                           "charterpress does not guess; give the period in words (e.g. 5년) "
                                           "or, when every row has the same one, --set 보존기간=5년")
        elif period is None:
            self.fail(number, "retention", f"'{value}' is not a retention period "
                                           f"(expected one of: {', '.join(RETENTION)})")
        return period or ""

    def _disclosure(self, number: int, text: dict[str, str]) -> tuple[str, str]:
        value = text.get("disclosure", "")
        if not value:
            return "", ""
        coded = "disclosure" in self.coded and token(value).isdigit()
        status, ground = disclosure_status(value, coded)
        if status is None and coded:
            known = ", ".join(f"{c} {s}" for c, s in (("1", "공개"), ("2", "부분공개"), ("3", "비공개")))
            self.fail(number, "disclosure", f"code '{value}' of column '{self.header['disclosure'][1]}' is not "
                                            f"a known 공개구분 code (known: {known}; other codes are not "
                                            "verified from a public source, so charterpress does not guess)")
        elif status is None:
            self.fail(number, "disclosure", f"'{value}' is not a disclosure status"
                                            f"{did_you_mean(token(value), DISCLOSURES)}")
        return status or "", ground

    def _grounds(self, number: int, text: dict[str, str], disclosure: str, in_status: str) -> tuple[int, ...]:
        value = text.get("grounds", "") or in_status
        if token(value) == NO_GROUND:
            self.unrecorded += disclosure in NEEDS_GROUND
            return ()
        if not value:
            if disclosure in NEEDS_GROUND:
                self.ungrounded.append((number, disclosure))
            return ()
        if disclosure in NEEDS_GROUND:
            self.grounded += 1
        grounds = parse_grounds(value)
        where = "grounds" if text.get("grounds") else "disclosure"
        if grounds is None:
            self.fail(number, where, f"'{value}' is not a ground of 정보공개법 제9조제1항 "
                                     "(expected 1호–8호, written e.g. '5호', '제9조제1항제5호' or '9-1-5')")
            return ()
        if disclosure == "공개":
            self.fail(number, where, "a document marked 공개 has no ground for withholding; "
                                     "clear the ground or change 공개구분")
        return grounds

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


def read_items(sheet: Sheet, shown: str, month: Month | None, defaults: Mapping[str, str] | None = None,
               require_grounds: bool = False) -> tuple[tuple[DisclosureItem, ...], list[Diagnostic]]:
    """The documents of one list (of `month`, or of any months when None), or every problem with them.

    `defaults` (column key → value) fills a column the export lacks, and its blank cells."""
    defaults = {key: cell_text(value) for key, value in (defaults or {}).items()}  # as cells are read
    if not sheet.rows:
        return (), [error(SourceLoc(shown), f"{sheet.where}is empty: no header row and no documents"
                                            f"{sheet.other_sheets()}")]
    found = _find_header(sheet, shown, defaults)
    if isinstance(found, list):
        return (), found
    header, problems = found
    reader = _RowReader(shown, month, header, defaults)
    rows = [row for row in sheet.rows if row.number > header.row]
    problems += _blank_columns(reader, rows)
    items: list[DisclosureItem] = []
    duplicates = _Duplicates(reader)
    for row in rows:
        text = reader.texts(row.cells)
        duplicates.see(row.number, text)
        item = reader.item(row.number, text)
        if item is not None:
            items.append(item)
    if not rows:
        problems.append(warning(SourceLoc(shown), f"{sheet.where}has a header row and 0 documents"))
    problems += reader.ground_problems(require_grounds, header.row)
    return tuple(items), problems + summarised(reader.problems)


def _blank_columns(reader: _RowReader, rows: list) -> list[Diagnostic]:
    """A required column blank in every row (an export that leaves 공개구분 empty): one error, not one per row."""
    problems = []
    for column in COLUMNS:
        if not (column.required and column.key in reader.header and column.key not in reader.defaults) or not rows:
            continue
        index, name = reader.header[column.key]
        if all(index >= len(row.cells) or not row.cells[index].strip() for row in rows):
            reader.skip_required.add(column.key)
            problems.append(error(SourceLoc(reader.shown).at_cell(rows[0].number, name),
                                  f"column '{name}' ({column.name}) is blank in all {len(rows):,} rows; "
                                  f"charterpress never guesses it: fill the column in the records system, or "
                                  f"give one value for the whole file with --set {column.name}=…"))
    return problems


class _Duplicates:
    """The same 문서번호 on two rows: an error when the rows are the same document (number, title and
    date), a warning naming both rows when they are different documents (fire stations each have a
    현장대응단 with its own number series); both are kept, each with its own key."""

    def __init__(self, reader: _RowReader):
        self.reader = reader
        self.by_number: dict[str, int] = {}
        self.exact: dict[tuple[str, str, str], int] = {}

    def see(self, number: int, text: dict[str, str]) -> None:
        doc_no = text.get("doc_no", "")
        day = parse_date(text.get("produced", ""))
        same = (doc_no, text.get("title", ""), day.isoformat() if day else text.get("produced", ""))
        if same in self.exact:
            where = "doc_no" if "doc_no" in self.reader.header else "title"
            self.reader.fail(number, where, f"row {number} repeats row {self.exact[same]} (same 문서번호, 제목 and "
                                            "생산일자); remove one")
        elif doc_no and doc_no in self.by_number:
            loc = SourceLoc(self.reader.shown).at_cell(number, self.reader.header["doc_no"][1])
            self.reader.problems.append(warning(loc, f"'{doc_no}' is also the 문서번호 of row "
                                                     f"{self.by_number[doc_no]}, a different document (title or "
                                                     "date differ); both are kept"))
        self.exact.setdefault(same, number)
        if doc_no:
            self.by_number.setdefault(doc_no, number)


SHOWN_ROWS = 5
ALWAYS_SHOWN = 3  # a defect on up to 3 rows is shown on each; from 4 rows on, once with a count
_TEMPLATE_RE = re.compile(r"'[^']*'|\d[\d,.-]*")


def summarised(problems: list[Diagnostic]) -> list[Diagnostic]:
    """The same message on many rows once, with a count and the first rows: a 50,000-row file with one
    systematic defect gives a line, not 50,000 (a defect on up to ALWAYS_SHOWN rows is shown on each). Messages alike but for quoted values and numbers are
    'the same'; the first one is shown as it is."""
    groups: dict[tuple[object, ...], list[Diagnostic]] = {}
    for problem in problems:
        shape = (problem.severity, problem.loc.path, problem.loc.field, _TEMPLATE_RE.sub("…", problem.message))
        groups.setdefault(shape, []).append(problem)
    out = []
    for group in groups.values():
        first = group[0]
        if len(group) <= ALWAYS_SHOWN:
            out += group
            continue
        rows = [str(p.loc.line) for p in group[1:SHOWN_ROWS + 1]]
        more = len(group) - 1 - len(rows)
        also = ", ".join(rows) + (f" and {more:,} more rows like this" if more else "")
        out.append(Diagnostic(first.loc, f"{first.message} (also on rows {also})", first.severity))
    return out


def _find_header(sheet: Sheet, shown: str, defaults: Mapping[str, str]) -> tuple[Header, list[Diagnostic]] | list[Diagnostic]:
    """The header row (the first with three known column names) and where each column is."""
    loc = SourceLoc(shown, 1)
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        known = [column_for(cell) for cell in row.cells]
        if sum(c is not None for c in known) < 3:
            continue
        header: dict[str, tuple[int, str]] = {}
        coded: set[str] = set()
        problems: list[Diagnostic] = []
        for index, (cell, column) in enumerate(zip(row.cells, known)):
            here = SourceLoc(shown).at_cell(row.number, cell)
            if column is None:
                if cell and header_key(cell) not in IGNORED:
                    names = [c.name for c in COLUMNS]
                    problems.append(warning(here, f"column '{cell}' is not used{did_you_mean(cell, names)}"))
            elif column.key in header:
                problems.append(error(here, f"columns '{header[column.key][1]}' and '{cell}' both give "
                                            f"{column.name}; keep one"))
            else:
                header[column.key] = (index, cell)
                if header_key(cell) in CODE_HEADERS:
                    coded.add(column.key)
        missing = [c for c in COLUMNS if c.required and c.key not in header and c.key not in defaults]
        if missing:
            names = ", ".join(f"{c.name} (or {', '.join((*c.aliases, *HEADER_ALIASES.get(c.key, ())))})"
                              if (*c.aliases, *HEADER_ALIASES.get(c.key, ())) else c.name for c in missing)
            sets = " ".join(f"--set {c.name}=…" for c in missing)
            problems.append(error(loc.at_line(row.number), f"required column{'s' if len(missing) > 1 else ''} "
                                  f"missing: {names}; if the export has no such column, give the whole "
                                  f"file's value on import with {sets}"))
        if any(p.is_error for p in problems):
            return problems
        return Header(row.number, header, frozenset(coded)), problems
    return [error(loc, _no_header_message(sheet))]


def _no_header_message(sheet: Sheet) -> str:
    """What was seen instead of a header, with the known names closest to each cell."""
    import difflib

    known = sorted({name for name in _NAMES_SHOWN})
    seen = []
    for row in sheet.rows[:3]:
        cells = [c for c in row.cells if c][:12]
        hints = []
        for cell in cells:
            close = difflib.get_close_matches(header_key(cell), [header_key(k) for k in known], n=2, cutoff=0.5)
            shown = [next(k for k in known if header_key(k) == c) for c in close]
            hints.append(f"'{cell}'" + (f" (closest: {', '.join(shown)})" if shown else ""))
        seen.append(f"row {row.number}: {', '.join(hints)}")
    required = ", ".join(c.name for c in COLUMNS if c.required)
    return (f"{sheet.where}has no header row in its first {HEADER_SEARCH_ROWS} rows (a header names at least "
            f"three known columns, e.g. {required}; every accepted name is in the README); seen: "
            f"{'; '.join(seen)}{sheet.other_sheets()}")


_NAMES_SHOWN = tuple(name for c in COLUMNS for name in (c.name, *c.aliases, *HEADER_ALIASES.get(c.key, ())))


def csv_rows(items: tuple[DisclosureItem, ...]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and rows charterpress writes: canonical Korean names, canonical values."""
    header = tuple(c.name for c in COLUMNS)
    keys = [c.key for c in COLUMNS]
    return header, [tuple(map(item.values().__getitem__, keys)) for item in items]
