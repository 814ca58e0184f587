"""`charterpress disclosures import`: turn a records-system export into a month's list file.

The export may be CSV (UTF-8, UTF-8 with BOM, CP949) or XLSX with any accepted headers; the list
is written as CSV in UTF-8 with a BOM and the canonical Korean headers, so the site's own files
all look alike and open in Korean Excel. Nothing is written unless every row is valid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from charterpress.config import AllowedValue, load_config
from charterpress.deadlines import Month
from charterpress.diagnostics import BuildFailed, Diagnostic
from charterpress.disclosures import DISCLOSURES, DisclosureItem, csv_rows, read_items
from charterpress.load_disclosures import month_stem
from charterpress.privacy import redacted
from charterpress.privacy_scan import PrivacyScan
from charterpress.tabular import TABULAR_SUFFIXES, read_sheet, write_csv


class TargetExists(Exception):
    """The month already has a list; replacing it needs to be asked for."""


@dataclass(frozen=True)
class Imported:
    path: Path
    items: tuple[DisclosureItem, ...]
    warnings: list[Diagnostic]
    encoding: str

    def summary(self) -> str:
        counts = ", ".join(f"{s} {sum(i.disclosure == s for i in self.items)}" for s in DISCLOSURES)
        return f"{len(self.items)} documents ({counts})"


def import_month(export: Path, site: Path, month: Month, published: date | None = None,
                 force: bool = False) -> Imported:
    """Validate `export` as the list of `month` and write it into `site`; BuildFailed lists every problem."""
    stem = site / month_stem(month)
    existing = [stem.with_suffix(s) for s in TABULAR_SUFFIXES if stem.with_suffix(s).exists()]
    if existing and not force:
        raise TargetExists(f"{existing[0]} already exists; use --force to replace it")
    sheet, problems = read_sheet(export, str(export))
    items: tuple[DisclosureItem, ...] = ()
    if sheet is not None:
        items, problems = read_items(sheet, str(export), month)
        scan = PrivacyScan(site, _allow_list(site))
        scan.sheet(sheet, str(export))
        problems += scan.problems
    problems = [redacted(p) for p in problems]
    if sheet is None or any(p.is_error for p in problems):
        raise BuildFailed(problems)
    for old in existing:
        old.unlink()
    target = stem.with_suffix(".csv")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(write_csv(*csv_rows(items)))
    if published:
        meta = stem.with_suffix(".yaml")
        kept = [line for line in meta.read_text(encoding="utf-8").splitlines()
                if not line.startswith("published:")] if meta.exists() else []
        meta.write_text("\n".join([f"published: {published.isoformat()}", *kept]) + "\n", encoding="utf-8")
    return Imported(target, items, problems, sheet.encoding)


def _allow_list(site: Path) -> tuple[AllowedValue, ...]:
    """The site's privacy allow-list, so an import refuses what a build would refuse."""
    config, _ = load_config(site)
    return config.privacy.allow if config else ()
