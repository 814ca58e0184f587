"""`charterpress disclosures import`: turn records-system exports into months' list files.

An export may be CSV (UTF-8, UTF-8 with BOM, CP949) or XLSX in any accepted vocabulary; each month's
list is written as one CSV in UTF-8 with a BOM and the canonical Korean headers, so the site's own
files all look alike and open in Korean Excel. Several exports (a week's parts) may be imported at
once; their rows go to the month given, or each to the month it was produced in. `append` adds them
to a month's existing list, leaving out rows it already holds, so re-importing a part adds nothing.
Nothing is written unless every row of every export is valid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from charterpress.config import AllowedValue, load_config
from charterpress.deadlines import Month
from charterpress.diagnostics import BuildFailed, Diagnostic, SourceLoc, error
from charterpress.disclosures import DISCLOSURES, DisclosureItem, csv_rows, read_items
from charterpress.load_disclosures import month_stem
from charterpress.privacy import redacted
from charterpress.privacy_scan import PrivacyScan
from charterpress.tabular import TABULAR_SUFFIXES, read_sheet, write_csv


class TargetExists(Exception):
    """The month already has a list; replacing or adding to it needs to be asked for."""


@dataclass(frozen=True)
class MonthWritten:
    month: Month
    path: Path
    items: tuple[DisclosureItem, ...]  # the whole list as written
    added: int
    skipped: int  # rows the list already held

    def summary(self) -> str:
        skipped = f", {self.skipped} already there left out" if self.skipped else ""
        return f"{self.month}: {self.added} documents added{skipped}; {len(self.items)} in {self.path} ({_counts(self.items)})"


def _counts(items: Sequence[DisclosureItem]) -> str:
    return ", ".join(f"{s} {sum(i.disclosure == s for i in items)}" for s in DISCLOSURES)


@dataclass(frozen=True)
class Imported:
    months: tuple[MonthWritten, ...]
    warnings: list[Diagnostic]
    encodings: tuple[str, ...]

    def summary(self) -> str:
        if len(self.months) == 1:
            only = self.months[0]
            return f"{len(only.items)} documents ({_counts(only.items)})"
        return "; ".join(m.summary() for m in self.months)


def import_exports(exports: Sequence[Path], site: Path, month: Month | None, published: date | None = None,
                   force: bool = False, append: bool = False, sheet: str | None = None,
                   defaults: Mapping[str, str] | None = None) -> Imported:
    """Validate `exports` and write their rows into `site`'s months; BuildFailed lists every problem."""
    if month and not (force or append):
        _refuse_existing(site, month)  # before reading: the answer does not depend on the rows
    config, _ = load_config(site)
    allow = config.privacy.allow if config else ()
    require_grounds = config.disclosures.require_grounds if config else False
    problems: list[Diagnostic] = []
    per_file: list[tuple[DisclosureItem, ...]] = []
    encodings = []
    for export in exports:
        items, found, encoding = _read_export(export, site, month, allow, sheet, defaults, require_grounds)
        per_file.append(items)
        problems += found
        encodings.append(encoding)
    problems = [redacted(p) for p in problems]
    if any(p.is_error for p in problems) or not exports:
        raise BuildFailed(problems)
    by_month: dict[Month, list[DisclosureItem]] = {}
    for items in per_file:
        for item in items:
            by_month.setdefault(month or Month.of(item.produced), []).append(item)
    if month and month not in by_month:
        by_month[month] = []  # a header-only export still makes (an empty) list of its month
    if published and len(by_month) > 1:
        raise BuildFailed([error(SourceLoc(str(exports[0])), f"--published gives one month's publication date, "
                                 f"but the rows fall in {len(by_month)} months ({', '.join(map(str, sorted(by_month)))}); "
                                 "import each month's rows with --month and its own --published")])
    plans = [_plan(site, m, by_month[m], force, append) for m in sorted(by_month)]
    merge_problems = [p for plan in plans for p in plan[3]]
    if any(p.is_error for p in merge_problems):
        raise BuildFailed(problems + merge_problems)
    written = tuple(_write(site, *plan[:3], published) for plan in plans)
    return Imported(written, problems + merge_problems, tuple(encodings))


def _read_export(export: Path, site: Path, month: Month | None, allow: tuple[AllowedValue, ...],
                 sheet_choice: str | None, defaults: Mapping[str, str] | None,
                 require_grounds: bool) -> tuple[tuple[DisclosureItem, ...], list[Diagnostic], str]:
    sheet, problems = read_sheet(export, str(export), sheet_choice)
    if sheet is None:
        return (), problems, ""
    items, problems = read_items(sheet, str(export), month, defaults, require_grounds)
    scan = PrivacyScan(site, allow)
    scan.sheet(sheet, str(export))
    return items, problems + scan.problems, sheet.encoding


def _identity(item: DisclosureItem) -> tuple[str, ...]:
    """Everything a row says: the same row imported twice is left out the second time."""
    return tuple(item.values().values())


def _plan(site: Path, month: Month, new: list[DisclosureItem], force: bool,
          append: bool) -> tuple[Month, list[DisclosureItem], tuple[int, int], list[Diagnostic]]:
    """The month's rows after this import, (added, skipped), and any problem with merging them."""
    if not (force or append):
        _refuse_existing(site, month)
    stem = site / month_stem(month)
    existing = [stem.with_suffix(s) for s in TABULAR_SUFFIXES if stem.with_suffix(s).exists()]
    kept: list[DisclosureItem] = []
    problems: list[Diagnostic] = []
    if existing and append and not force:
        rel = str(existing[0].relative_to(site))
        sheet, problems = read_sheet(existing[0], rel)  # an unreadable list is a message, not a crash
        if sheet is not None:
            items, problems = read_items(sheet, rel, month)
            kept = list(items)
        problems = [p for p in problems if p.is_error]
    seen = {_identity(i): i for i in kept}
    keys = {i.key: i for i in kept}
    added = skipped = 0
    rows = list(kept)
    for item in new:
        if _identity(item) in seen:
            skipped += 1
            continue
        if item.key in keys:
            problems.append(error(SourceLoc(f"{month_stem(month)}.csv"), f"row {item.row}: the document with key {item.key} is already in "
                                  f"{month}'s list with different values; use --force to replace the month's "
                                  "list with corrected exports"))
            continue
        seen[_identity(item)] = item
        keys[item.key] = item
        rows.append(item)
        added += 1
    return month, rows, (added, skipped), problems


def _refuse_existing(site: Path, month: Month) -> None:
    stem = site / month_stem(month)
    for existing in (stem.with_suffix(s) for s in TABULAR_SUFFIXES):
        if existing.exists():
            raise TargetExists(f"{existing} already exists; use --append to add these rows to it "
                               "or --force to replace it")


def _write(site: Path, month: Month, rows: list[DisclosureItem], counts: tuple[int, int],
           published: date | None) -> MonthWritten:
    stem = site / month_stem(month)
    for old in [stem.with_suffix(s) for s in TABULAR_SUFFIXES if stem.with_suffix(s).exists()]:
        old.unlink()
    target = stem.with_suffix(".csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(write_csv(*csv_rows(tuple(rows))))
    if published:
        meta = stem.with_suffix(".yaml")
        kept = [line for line in meta.read_text(encoding="utf-8").splitlines()
                if not line.startswith("published:")] if meta.exists() else []
        meta.write_text("\n".join([f"published: {published.isoformat()}", *kept]) + "\n", encoding="utf-8")
    return MonthWritten(month, target, tuple(rows), *counts)
