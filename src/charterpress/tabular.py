"""Read a spreadsheet export (CSV in UTF-8, UTF-8 with BOM or CP949, or XLSX) into rows of text.

Records systems export what they export: Korean Excel saves CSV in CP949, newer systems in UTF-8
with or without a BOM, others hand over .xlsx. Every cell comes back as the text an editor would
see, each row with the number a spreadsheet shows for it, so messages can point at it.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from charterpress.diagnostics import Diagnostic, SourceLoc, error

TABULAR_SUFFIXES = (".csv", ".xlsx")
BOM = "\ufeff"


@dataclass(frozen=True)
class Row:
    number: int  # as a spreadsheet numbers it: the first row is 1
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    rows: tuple[Row, ...]  # blank rows left out
    encoding: str  # "utf-8", "utf-8-sig", "cp949" or "xlsx"
    name: str = ""  # an XLSX sheet's name
    names: tuple[str, ...] = ()  # every sheet of the workbook, in order

    @property
    def where(self) -> str:
        """How messages name this sheet: 'the file ' or "sheet '목록' "."""
        return f"sheet '{self.name}' " if self.encoding == "xlsx" else "the file "

    def other_sheets(self) -> str:
        """' (the workbook's sheets: …)' when there is another sheet the list might be on."""
        if len(self.names) < 2:
            return ""
        listed = ", ".join(f"{n} '{name}'" for n, name in enumerate(self.names, start=1))
        return f" (the workbook's sheets: {listed}; choose one with --sheet NAME or --sheet N)"


def read_sheet(path: Path, shown: str, sheet: str | None = None) -> tuple[Sheet | None, list[Diagnostic]]:
    """Read `path` (named `shown` in messages) by its suffix; `sheet` picks an XLSX sheet by name or
    1-based number (default: the first)."""
    suffix = path.suffix.lower()
    if suffix in TABULAR_SUFFIXES:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, [error(SourceLoc(shown), f"file cannot be read: {exc.strerror or type(exc).__name__}")]
        return parse_sheet(data, suffix, shown, sheet)
    return parse_sheet(b"", suffix, shown)


def parse_sheet(data: bytes, suffix: str, shown: str, sheet: str | None = None) -> tuple[Sheet | None, list[Diagnostic]]:
    """A spreadsheet's bytes (named `shown` in messages) as rows, by the file's suffix."""
    suffix = suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            return None, [error(SourceLoc(shown), "--sheet applies to .xlsx files; a CSV file has one table")]
        return _read_csv(data, shown)
    if suffix == ".xlsx":
        return _read_xlsx(data, shown, sheet)
    if suffix == ".xls":
        return None, [error(SourceLoc(shown), "old Excel files (.xls) cannot be read; "
                                              "save the file as .xlsx or CSV and try again")]
    return None, [error(SourceLoc(shown), f"'{suffix}' files cannot be read (expected .csv or .xlsx)")]


def decode_text(data: bytes) -> tuple[str, str] | None:
    """The text of a CSV file and its encoding, or None when it is neither UTF-8 nor CP949.

    Strict decoding decides: Korean CP949 text is practically never valid UTF-8, so trying UTF-8
    first never mangles Hangul, and CP949 (a superset of EUC-KR) covers the rest.
    """
    if data.startswith(BOM.encode("utf-8")):
        encodings = ("utf-8-sig",)
    else:
        encodings = ("utf-8", "cp949")
    for encoding in encodings:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return None


def _read_csv(data: bytes, shown: str) -> tuple[Sheet | None, list[Diagnostic]]:
    if not data.strip():
        return Sheet((), "utf-8"), []
    decoded = decode_text(data)
    # Mixed encodings are looked for only in text that is not UTF-8 throughout (the file is
    # decoded once when it is, as nearly every export is).
    mixed = _mixed_encoding(data, shown) if decoded is None or decoded[1] == "cp949" else None
    if mixed is not None:
        return None, [mixed]
    if decoded is None:
        return None, [error(first_undecodable(data, shown), "file is neither UTF-8 nor CP949 (EUC-KR) text; "
                                                             "save it as 'CSV UTF-8' and try again")]
    text, encoding = decoded
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [error(SourceLoc(shown), f"not a readable CSV file ({exc})")]
    rows = tuple(Row(n, tuple(_clean(c) for c in cells)) for n, cells in enumerate(records, start=1))
    return Sheet(tuple(r for r in rows if any(r.cells)), encoding), []


def first_undecodable(data: bytes, shown: str) -> SourceLoc:
    """Where UTF-8 decoding first fails: the line and column a text editor shows."""
    from charterpress.sources import undecodable_at

    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return undecodable_at(data, exc.start, shown)
    return SourceLoc(shown)


def _mixed_encoding(data: bytes, shown: str) -> Diagnostic | None:
    """A file that is valid UTF-8, Hangul included, up to some row and not after it: rows pasted in
    from a CP949 file. Decoding it all as CP949 would garble the UTF-8 part, so say where it breaks.
    (A CP949 file fails UTF-8 at its first Hangul byte, so UTF-8 Hangul before the failure means mixed.)"""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[:exc.start]
        if any(b >= 0x80 for b in before.removeprefix(BOM.encode("utf-8"))):
            line = before.count(b"\n") + 1
            return error(SourceLoc(shown, line), f"row {line} is not valid UTF-8, though the rows before it "
                                                 "are: the file mixes encodings (rows pasted from a CP949/EUC-KR "
                                                 "file?); save the whole file as 'CSV UTF-8' and try again")
        try:
            data.decode("cp949")
        except UnicodeDecodeError as cp949:
            if cp949.start > exc.start:  # CP949 from the first Hangul on, then something else
                line = data[:cp949.start].count(b"\n") + 1
                return error(SourceLoc(shown, line), f"row {line} is not valid CP949 (EUC-KR), though the rows "
                                                     "before it are: the file mixes encodings (rows pasted from a "
                                                     "UTF-8 file?); save the whole file as 'CSV UTF-8' and try again")
    return None


def _read_xlsx(data: bytes, shown: str, choice: str | None = None) -> tuple[Sheet | None, list[Diagnostic]]:
    """An .xlsx file's first sheet. openpyxl raises whatever its zip and XML layers raise on a
    damaged file (BadZipFile, KeyError, IndexError, XML errors, EOFError…): every failure inside
    it is this file's problem, reported as such, never a traceback."""
    import openpyxl  # only sites with .xlsx lists pay for importing it

    if not zipfile.is_zipfile(io.BytesIO(data)):
        return None, [error(SourceLoc(shown), "not a readable .xlsx file (it is not a zip archive: "
                                              "save the list again as an Excel workbook or CSV)")]
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not book.worksheets:
                return None, [error(SourceLoc(shown), "the workbook has no sheets")]
            names = tuple(book.sheetnames)
            index = _sheet_index(names, choice)
            if index is None:
                listed = ", ".join(f"{n} '{name}'" for n, name in enumerate(names, start=1))
                return None, [error(SourceLoc(shown), f"the workbook has no sheet '{choice}' (its sheets: {listed})")]
            rows = tuple(Row(n, tuple(_cell_text(v) for v in values))
                         for n, values in enumerate(book.worksheets[index].iter_rows(values_only=True), start=1))
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - a third-party parser of untrusted bytes; see above
        why = " ".join(str(exc).split())[:200] or type(exc).__name__
        return None, [error(SourceLoc(shown), f"not a readable .xlsx file ({why})")]
    return Sheet(tuple(r for r in rows if any(r.cells)), "xlsx", names[index], names), []


def _sheet_index(names: tuple[str, ...], choice: str | None) -> int | None:
    """The sheet `--sheet` names: its name, or its number counting from 1."""
    if choice is None:
        return 0
    if choice in names:
        return names.index(choice)
    if choice.isdigit() and 1 <= int(choice) <= len(names):
        return int(choice) - 1
    return None


def _cell_text(value: object) -> str:
    """An Excel value as the text it shows: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean(str(value))


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.removeprefix(BOM)).strip()


def write_csv(header: tuple[str, ...], rows: list[tuple[str, ...]], for_download: bool = False) -> bytes:
    """CSV in UTF-8 with a BOM and CRLF line ends: what Korean Excel opens without garbling.

    `for_download` makes every cell safe to open in a spreadsheet (`excel_safe`); the site's own
    data files (written by `disclosures import`) keep their values exactly.
    """
    return (BOM + "".join(csv_lines([header, *rows], for_download))).encode("utf-8")


class _Lines:
    """A csv writer's file that keeps each record apart (a cell may hold a line break)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.write = self.lines.append


def csv_lines(rows: list[tuple[str, ...]], for_download: bool = False) -> list[str]:
    """Each row as `write_csv` writes it, one string per record, line end included: the 정보목록
    downloads write each month's records once and lead them with the month for the all-months file."""
    out = _Lines()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows((tuple(map(excel_safe, row)) for row in rows) if for_download else rows)
    return out.lines


# OWASP CSV injection: a cell starting with one of these is read by spreadsheets as a formula (or,
# for tab and CR, may be). Full-width forms are included as a precaution: East Asian spreadsheet
# input may turn '＝' into '='.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def excel_safe(cell: str) -> str:
    """The cell with a single quote in front when a spreadsheet would read it as a formula.

    Every such cell is quoted, a lone '-' and a negative-looking number ('-123') included: the
    downloads hold text columns only, and the quote also keeps '-0123' from becoming -123.
    """
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell
