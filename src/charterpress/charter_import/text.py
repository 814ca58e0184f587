"""Read a charter copied as plain text: markers (`•`, `-`, `1.`, `가.`), indentation, headings on
lines of their own, and tables whose cells were flattened onto lines (the seeds' form).

Every line ends up in an entry or is named as page chrome; nothing is dropped unseen.
"""

from __future__ import annotations

import re

from charterpress.charter_import.outline import Entry, TableEntry, kind_of
from charterpress.phones import LOOSE_RE

# Lines a CMS page adds around the charter: skip links, menus, "TOP", quick menus, the
# page-satisfaction question, focus helpers, breadcrumbs.
CHROME_RE = re.compile(
    r"^(?:본문\s*(?:으로)?\s*바로\s*가기.*|주\s*메뉴\s*바로\s*가기.*|본문\s*시작|.*초점을\s*받기\s*위한\s*요소"
    r"|TOP|top|맨\s*위로|Quick\s*menu.*|Quickmenu.*|퀵\s*메뉴.*|만족도\s*조사|페이지\s*만족도.*"
    r"|이\s*페이지에서\s*제공하는\s*정보에\s*대하여\s*만족하십니까\??.*|매우\s*만족.*매우\s*불만족.*"
    r"|※\s*게시글의\s*경우.*|(?:홈|HOME|Home)\s*[>›].*|인쇄하기|프린트|공유하기|목록)$")
MARKER_RE = re.compile(r"^(\s*)(?:([•·○◦▪■□◆◇▶►\-–])(?:\s+|$)|(\d{1,2}[.)]|[가-하][.)])\s+)(.*)$")
# Markers glued into one line ("…하겠습니다. - 방문하신 …"): the dump lost the line break.
GLUED_RE = re.compile(r"(?<=\S)\s+-\s+(?=\S)")
BRACKET_RE = re.compile(r"^\[\s*(.+?)\s*\]$")
SENTENCE_END_RE = re.compile(r"(?:다|요|오|니다|시오)[.!]?$|[.!?]$")
REVISION_RE = re.compile(r"^(\d{4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})\.?\s*(제정|개정|폐지|전부\s*개정)?\s*$")
# Column names a flattened table's header line is made of, longest first.
COLUMN_WORDS = ("법정 처리기간", "권고 처리기간", "처리기간", "담당부서", "접수부서", "처리부서", "전화번호", "팩스번호",
                "FAX번호", "연락처", "수수료", "담당자", "담당", "팩스", "FAX", "전화", "부서", "업무", "비고")
DEPT_RE = re.compile(r"\S+(?:과|부|팀|팀장|담당|실|계|센터|지원청|관)$")
DURATION_RE = re.compile(r"^(?:\d+\s*(?:시간|분|일|개월)|즉시)$")
FEE_RE = re.compile(r"^(?:무료|[\d,]+\s*원)$")
PHONE_TOKEN_RE = re.compile(r"^\(?\d{2,4}\)?[-.)]?\s?\d{3,4}(?:-\d{4})?(?:\([^)]*\))?$")


def read_text(text: str) -> list[Entry]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _Reader(lines).read()


class _Reader:
    def __init__(self, lines: list[str]):
        self.lines = lines
        self.entries: list[Entry] = []

    def read(self) -> list[Entry]:
        i = 0
        while i < len(self.lines):
            i = self._line(i)
        return self.entries

    def _line(self, i: int) -> int:
        raw = self.lines[i].rstrip()
        number = i + 1
        stripped = raw.strip()
        if not stripped:
            return i + 1
        if CHROME_RE.match(stripped):
            self.entries.append(Entry("chrome", number, stripped, lines=[number]))
            return i + 1
        table_end = self._table(i)
        if table_end:
            return table_end
        marker = MARKER_RE.match(raw)
        indent = len(raw) - len(raw.lstrip())
        if marker:
            body = marker.group(4).strip()
            if marker.group(3):  # "1." / "가." stay part of the words, as the source wrote them
                body = f"{marker.group(3)} {body}".strip()
            if not body:
                self.entries.append(Entry("chrome", number, stripped, lines=[number]))  # a lone "-"
                return i + 1
            if BRACKET_RE.match(body):
                self.entries.append(Entry("heading", number, body, lines=[number]))
                return i + 1
            for part in GLUED_RE.split(body) if marker.group(2) == "-" else [body]:
                self.entries.append(Entry("item", number, part, depth=indent, lines=[number]))
            return i + 1
        previous = self.entries[-1] if self.entries else None
        follows = previous is not None and previous.lines and previous.lines[-1] == number - 1
        if REVISION_RE.match(stripped):  # "2000. 06. 27. 제정": one revision a line, never joined
            self.entries.append(Entry("para", number, stripped, lines=[number]))
            return i + 1
        if previous is not None and REVISION_RE.match(previous.text):
            follows = False
        if previous is not None and previous.kind == "item" and follows and not BRACKET_RE.match(stripped) \
                and not (indent <= previous.depth and kind_of(stripped) and self._is_heading(stripped)):
            if indent > previous.depth:  # the promise on the line under its condition (seed 004)
                self.entries.append(Entry("item", number, stripped, depth=previous.depth + 1, lines=[number]))
                return i + 1
            if not SENTENCE_END_RE.search(previous.text):  # a wrapped line (seed 003)
                first, *rest = GLUED_RE.split(stripped)
                previous.text = f"{previous.text} {first}"
                previous.lines.append(number)
                for part in rest:
                    self.entries.append(Entry("item", number, part, depth=previous.depth, lines=[number]))
                return i + 1
        if self._is_heading(stripped):
            self.entries.append(Entry("heading", number, stripped, lines=[number]))
        elif previous is not None and previous.kind == "para" and follows and not SENTENCE_END_RE.search(previous.text):
            previous.text = f"{previous.text} {stripped}"
            previous.lines.append(number)
        else:
            for part in GLUED_RE.split(stripped):
                self.entries.append(Entry("para", number, part, lines=[number]))
        return i + 1

    @staticmethod
    def _is_heading(text: str) -> bool:
        if BRACKET_RE.match(text) or REVISION_RE.match(text):
            return bool(BRACKET_RE.match(text))
        return len(text) <= 40 and not SENTENCE_END_RE.search(text) and not LOOSE_RE.search(text) \
            and ":" not in text and "→" not in text

    def _table(self, i: int) -> int:
        """A caption line, a header line made of column words, then rows: the end index, or 0."""
        if i + 2 >= len(self.lines):
            return 0
        caption = self.lines[i].strip()
        marker = MARKER_RE.match(self.lines[i])
        if marker:
            caption = marker.group(4).strip()
        columns = header_columns(self.lines[i + 1].strip())
        if not columns or len(caption) > 40:
            return 0
        depth = len(self.lines[i]) - len(self.lines[i].lstrip())
        rows: list[list[list[str]]] = []
        lines = [i + 1, i + 2]
        j = i + 2
        last_phone_col = -1
        while j < len(self.lines):
            raw = self.lines[j].rstrip()
            stripped = raw.strip()
            if not stripped:
                break
            row_marker = MARKER_RE.match(raw)
            indent = len(raw) - len(raw.lstrip())
            text = row_marker.group(4).strip() if row_marker else stripped
            if row_marker and indent <= depth:
                break
            if rows and PHONE_TOKEN_RE.match(text):  # a phone on a line of its own: the row above's
                phone_cols = [k for k, c in enumerate(columns) if _is_phone_column(c)]
                target = phone_cols[0] if row_marker or not phone_cols else None
                if target is None:
                    later = [k for k in phone_cols if k > last_phone_col]
                    target = later[0] if later else phone_cols[-1]
                rows[-1][target].append(text)
                last_phone_col = target
                lines.append(j + 1)
                j += 1
                continue
            row = split_row(text, columns)
            if row is None:
                break
            if not row[0] and rows:  # no first cell: more lines of the row above
                for k, cell in enumerate(row):
                    rows[-1][k].extend(cell)
            else:
                rows.append(row)
                last_phone_col = -1
            lines.append(j + 1)
            j += 1
        if not rows:
            return 0
        table = TableEntry(caption, columns, [[cell for cell in row] for row in rows])
        self.entries.append(Entry("table", i + 1, caption, depth=depth, table=table, lines=[i + 1, *lines]))
        return j


def header_columns(line: str) -> list[str] | None:
    """Column names of a flattened header line ("서비스별 접수부서 전화번호 FAX번호"), or None when the
    line is not one: the known column words from the right, what is left is the first column."""
    rest, found = line.strip(), []
    while rest:
        for word in COLUMN_WORDS:
            if rest.endswith(word) and (len(rest) == len(word) or rest[-len(word) - 1] == " "):
                found.insert(0, word)
                rest = rest[: -len(word)].rstrip()
                break
        else:
            break
    if len(found) < 2 or len(rest) > 20:
        return None
    return ([rest] if rest else []) + found


def _is_phone_column(name: str) -> bool:
    return any(w in name for w in ("전화", "팩스", "FAX", "연락처"))


def split_row(text: str, columns: list[str]) -> list[list[str]] | None:
    """The cells of a flattened row, read from the right by what each column holds; None when the
    line does not fit the columns."""
    tokens = text.split()
    cells: list[list[str]] = [[] for _ in columns]
    phone_cols = [k for k, name in enumerate(columns) if k and _is_phone_column(name)]
    trailing = 0
    while trailing < len(phone_cols) and trailing < len(tokens) and PHONE_TOKEN_RE.match(tokens[-1 - trailing]):
        trailing += 1
    numbers = tokens[len(tokens) - trailing:]
    del tokens[len(tokens) - trailing:]
    for k, number in zip(phone_cols, numbers):  # the first numbers fill the first phone columns
        cells[k] = [number]
    for k in range(len(columns) - 1, 0, -1):
        name = columns[k]
        if _is_phone_column(name):
            continue
        if not tokens:
            break
        if "처리기간" in name:
            if not DURATION_RE.match(tokens[-1]):
                return None
        elif name == "수수료":
            if not FEE_RE.match(tokens[-1]):
                return None
        elif not DEPT_RE.match(tokens[-1]):
            return None
        cells[k] = [tokens.pop()]
    if not any(cells[1:]):
        return None
    cells[0] = [" ".join(tokens)] if tokens else []
    return cells
