"""Read `surveys/` into the content model: one YAML file per survey, named for its address.

    surveys/2025.yaml           → /surveys/2025/
    static/surveys/2025.pdf     an attachment the survey links as /static/surveys/2025.pdf
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from charterpress.config import SurveySettings
from charterpress.deadlines import Deadline
from charterpress.decode import MISSING
from charterpress.diagnostics import SourceLoc, error, warning
from charterpress.model import Attached, Survey, Surveys
from charterpress.sources import SLUG_RE, FolderLoader, confinement_problems, folder_files, is_file, read_record
from charterpress.surveys import Attachment, SurveyRecord, record_problems

FOLDER = "surveys"
STATIC = "/static/"


class SurveyLoader(FolderLoader):
    def __init__(self, source_dir: Path, settings: SurveySettings, today: date,
                 date_of: Callable[[str], date]):
        super().__init__(source_dir, today, date_of)
        self.settings = settings

    def load(self) -> Surveys | None:
        folder = self.source_dir / FOLDER
        if not folder.is_dir():
            return None
        records: list[tuple[str, str, SurveyRecord]] = []
        paths, problems = folder_files(self.source_dir, folder)
        self.problems += problems
        for path in paths:
            rel = self._rel(path)
            if path.parent != folder or path.suffix != ".yaml":
                self.problems.append(warning(SourceLoc(rel), "file is not used (a survey is surveys/<name>.yaml; "
                                                             "attachments belong in static/)"))
                continue
            record = self._record(path, rel)
            if record is not None:
                records.append((path.stem, rel, record))
        records = self._one_per_year(records)
        surveys: list[Survey] = []
        for slug, rel, record in records:
            surveys.append(self._survey(slug, rel, record, surveys[-1].record if surveys else None))
        return Surveys(self.settings, tuple(surveys), self.today)

    def _record(self, path: Path, rel: str) -> SurveyRecord | None:
        problems = [] if SLUG_RE.fullmatch(path.stem) else [error(SourceLoc(rel), (
            f"'{path.stem}' cannot be a page address (expected lowercase letters, digits and hyphens, "
            "e.g. 2025.yaml; rename the file)"))]
        record, found = read_record(self.source_dir, path, SurveyRecord)
        problems += found
        if record is not MISSING:
            problems += record_problems(record)
        self.problems += problems
        return None if record is MISSING or any(p.is_error for p in problems) else record

    def _one_per_year(self, records: list[tuple[str, str, SurveyRecord]]) -> list[tuple[str, str, SurveyRecord]]:
        """Surveys in year order; a second survey for a year is an error (the trend needs one)."""
        by_year: dict[int, str] = {}
        kept = []
        for slug, rel, record in sorted(records, key=lambda r: (r[2].survey_year, r[1])):
            year = record.survey_year
            if year in by_year:
                where = record.locs.get("year", record.dates.loc if record.dates else record.at("period"))
                self.problems.append(error(where, f"{by_year[year]} already holds the survey of {year}; "
                                                  "set 'year' to the year this survey counts for"))
                continue
            by_year[year] = rel
            kept.append((slug, rel, record))
        return kept

    def _survey(self, slug: str, rel: str, record: SurveyRecord, previous: SurveyRecord | None) -> Survey:
        self.not_after_today(record.published_on, record.at("published"), "results published date")
        if record.plan_record:
            self.not_after_today(record.plan_record.published, record.plan_record.locs.get("published",
                                 record.plan_record.loc), "plan published date")
        results = self._results(record)
        plan_from = record.published_on or results.due
        if record.published == "unknown" and not record.plan_record:
            plan_from = None  # a plan counts from results whose date the report does not give
        plan_due = self.settings.plan_rule.due(plan_from) if plan_from else None
        plan_record = record.plan_record
        plan = Deadline(plan_due, plan_record.published if plan_record else None, self.today,
                        tracked=self.settings.tracks(plan_due), applies=record.plan != "not_applicable")
        attached = tuple(a for a in (self._attachment(item) for item in record.attachments) if a)
        return Survey(record, slug, rel, self.date_of(rel), results, plan, previous, attached)

    def _results(self, record: SurveyRecord) -> Deadline:
        """Results are due M months after the survey ended; for a survey an outside body ran, after
        that body published its results (none is owed before that, and none is judged when the
        body's date is not known); with no dates at all, no due date can be worked out."""
        if record.run_by:
            start = record.run_by.published_on
        else:
            start = record.dates.end if record.dates else None
        due = self.settings.results_rule.due(start) if start else None
        return Deadline(due, record.published_on, self.today, tracked=self.settings.tracks(due),
                        date_unknown=record.published == "unknown")

    def _attachment(self, item: Attachment) -> Attached | None:
        if not item.file.is_internal:
            if not item.format:
                self.problems.append(error(item.loc, f"attachment '{item.title}' links to another site, so its "
                                                     "format is needed (e.g. format: PDF)"))
                return None
            return Attached(item.title, item.file, item.format, item.size or None)
        path = self.source_dir / item.file.lstrip("/")
        if not item.file.startswith(STATIC):
            self.problems.append(error(item.loc, f"attachment file '{item.file}' must be a file under /static/ "
                                                 "(e.g. /static/surveys/2025-report.pdf) or a web address"))
            return None
        if not is_file(path):
            self.problems.append(error(item.loc, f"attachment file '{item.file}' does not exist (put it in the "
                                                 f"site folder at {item.file.lstrip('/')})"))
            return None
        problems = confinement_problems(self.source_dir, path)
        self.problems += problems
        if problems:
            return None
        return Attached(item.title, item.file, item.format or path.suffix.lstrip(".").upper(), path.stat().st_size)
