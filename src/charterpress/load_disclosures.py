"""Read `disclosures/` into the content model: one list per month, 사전정보공표, the procedure.

    disclosures/2026/10.csv     the month's list (or 10.xlsx), as exported or imported
    disclosures/2026/10.yaml    optional: published date and a note
    disclosures/proactive.yaml  사전정보공표 목록
    disclosures/procedure.yaml  정보공개 청구 절차
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from charterpress.config import DisclosureSettings
from charterpress.deadlines import YEARS, YEARS_TEXT, Deadline, Month
from charterpress.decode import MISSING
from charterpress.diagnostics import SourceLoc, error, warning
from charterpress.lastmod import SHALLOW_ADVICE
from charterpress.disclosures import read_items
from charterpress.model import Disclosures, MonthEntry, MonthList
from charterpress.openinfo import MonthMeta, ProactiveList, Procedure
from charterpress.sources import FolderLoader, confinement_problems, folder_files, read_bytes, read_record
from charterpress.tabular import TABULAR_SUFFIXES, parse_sheet

FOLDER = "disclosures"
PROACTIVE_FILE = "proactive.yaml"
PROCEDURE_FILE = "procedure.yaml"
YEAR_RE = re.compile(r"\d{4}")
MONTH_FILE_RE = re.compile(r"(0[1-9]|1[0-2])\.(csv|xlsx|yaml)")
PART_FOLDER_RE = re.compile(r"0[1-9]|1[0-2]")
NUMBERED_RE = re.compile(r"\d+\.(csv|xlsx|yaml)")  # meant as a month's file, right or wrong


def month_stem(month: Month) -> str:
    """A month's files without their suffix, relative to the site folder: 'disclosures/2026/10'."""
    return f"{FOLDER}/{month.year:04d}/{month.month:02d}"


class DisclosureLoader(FolderLoader):
    def __init__(self, source_dir: Path, settings: DisclosureSettings, today: date,
                 date_of: Callable[[str], date], dates_known: bool = True):
        super().__init__(source_dir, today, date_of)
        self.settings = settings
        self.dates_known = dates_known  # False in a shallow clone: no publication date from git

    def load(self) -> Disclosures | None:
        folder = self.source_dir / FOLDER
        if not folder.is_dir():
            return None
        months: dict[Month, dict[str, Path]] = {}
        paths, problems = folder_files(self.source_dir, folder)
        self.problems += problems
        for path in paths:
            self._sort_file(path, months)
        lists = [m for m in (self._month(month, files) for month, files in sorted(months.items())) if m]
        proactive = self._record(folder / PROACTIVE_FILE, ProactiveList)
        procedure = self._record(folder / PROCEDURE_FILE, Procedure)
        return Disclosures(
            self.settings, tuple(lists), self._calendar(lists), proactive, procedure, self.today,
            self.date_of(f"{FOLDER}/{PROACTIVE_FILE}") if proactive else None,
            self.date_of(f"{FOLDER}/{PROCEDURE_FILE}") if procedure else None,
        )

    def _sort_file(self, path: Path, months: dict[Month, dict[str, Path]]) -> None:
        parts = path.relative_to(self.source_dir / FOLDER).parts
        if len(parts) == 1 and parts[0] in (PROACTIVE_FILE, PROCEDURE_FILE):
            return
        match = MONTH_FILE_RE.fullmatch(parts[-1]) if len(parts) == 2 else None
        numbered = len(parts) == 2 and NUMBERED_RE.fullmatch(parts[-1]) and parts[0].isdigit()
        if numbered and (len(parts[0]) != 4 or int(parts[0]) not in YEARS):
            self.problems.append(error(SourceLoc(self._rel(path)), f"year folder '{parts[0]}' is not a year "
                                                                   f"(expected YYYY, {YEARS_TEXT})"))
            return
        if numbered and not match:
            self.problems.append(error(SourceLoc(self._rel(path)), f"'{parts[-1]}' is not a month's file "
                                                                   "(expected 01 to 12, e.g. 10.csv)"))
            return
        if len(parts) == 3 and YEAR_RE.fullmatch(parts[0]) and PART_FOLDER_RE.fullmatch(parts[1]) \
                and path.suffix.lower() in TABULAR_SUFFIXES:
            # Weekly parts kept in a month folder: a month is one merged file (README, "Weekly parts").
            merged = f"{FOLDER}/{parts[0]}/{parts[1]}.csv"
            self.problems.append(error(SourceLoc(self._rel(path)), f"a month's list is one file, {merged}: "
                                       f"merge the parts into it with `charterpress disclosures import "
                                       f"PARTS... --append` and remove them from {FOLDER}/{parts[0]}/{parts[1]}/"))
            return
        if not (match and YEAR_RE.fullmatch(parts[0])):
            self.problems.append(warning(SourceLoc(self._rel(path)), "file is not used (a month's list is "
                                         "disclosures/YYYY/MM.csv or .xlsx, with an optional MM.yaml)"))
            return
        problems = confinement_problems(self.source_dir, path)
        self.problems += problems
        if not problems:
            months.setdefault(Month(int(parts[0]), int(match.group(1))), {})[match.group(2)] = path

    def _month(self, month: Month, files: dict[str, Path]) -> MonthList | None:
        data = [files[s[1:]] for s in TABULAR_SUFFIXES if s[1:] in files]
        if len(data) != 1:
            where = SourceLoc(month_stem(month))
            self.problems.append(error(where, f"the list of {month} needs exactly one data file, .csv or "
                                              f".xlsx (found {len(data)})"))
            return None
        rel = self._rel(data[0])
        content, problems = read_bytes(self.source_dir, data[0])
        self.problems += problems
        sheet, problems = parse_sheet(content, data[0].suffix, rel) if content is not None else (None, [])
        self.problems += problems
        meta = self._meta(files.get("yaml"))
        if sheet is None:
            return None
        items, problems = read_items(sheet, rel, month, require_grounds=self.settings.require_grounds)
        self.problems += problems  # reported even when the month's .yaml is broken
        if meta is MISSING:
            return None
        updated = self.date_of(rel)
        if not (meta and meta.published) and not self.dates_known:
            self.problems.append(error(SourceLoc(rel), f"the list of {month} has no 'published:' date and "
                                                       f"{SHALLOW_ADVICE}; write published: YYYY-MM-DD in "
                                                       f"{month_stem(month)}.yaml, or clone with full history"))
            return None
        if meta and not self.not_after_today(meta.published, meta.loc, "published date"):
            return None
        published = meta.published if meta and meta.published else updated
        if published <= month.last_day:
            at = meta.loc if meta and meta.published else SourceLoc(rel)
            self.problems.append(error(at, f"published date {published.isoformat()} is not after the end of "
                                           f"{month}; a month's list can only be complete once the month is over"))
        ordered = tuple(sorted(items, key=lambda i: (i.department, i.produced, i.doc_no)))
        deadline = Deadline(self.settings.rule.due(month), published, self.today)
        return MonthList(month, ordered, published, meta.note if meta else "", rel, updated, deadline)

    def _meta(self, path: Path | None) -> MonthMeta | None:
        return self._yaml(path, MonthMeta) if path else None

    def _calendar(self, lists: list[MonthList]) -> tuple[MonthEntry, ...]:
        """Every month from the first one owed up to the last finished month, newest first."""
        by_month = {item.month: item for item in lists}
        start = self.settings.start.month if self.settings.start else min(by_month, default=None)
        if start is None:
            return ()
        end = max([Month.of(self.today).previous(), *by_month])
        entries = []
        month = start
        while month <= end:
            found = by_month.get(month)
            deadline = found.deadline if found else Deadline(self.settings.rule.due(month), None, self.today)
            entries.append(MonthEntry(month, deadline, found))
            month = month.next()
        return tuple(reversed(entries))

    def _record(self, path: Path, cls: type) -> object | None:
        if not path.is_file():
            return None
        value = self._yaml(path, cls)
        return None if value is MISSING else value

    def _yaml(self, path: Path, cls: type) -> Any:
        value, problems = read_record(self.source_dir, path, cls)
        self.problems += problems
        return value
