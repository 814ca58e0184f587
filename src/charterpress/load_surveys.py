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
                self.problems.append(error(record.locs.get("year", record.period.loc), f"{by_year[year]} already holds the survey of {year}; "
                                                              "set 'year' to the year this survey counts for"))
                continue
            by_year[year] = rel
            kept.append((slug, rel, record))
        return kept

    def _survey(self, slug: str, rel: str, record: SurveyRecord, previous: SurveyRecord | None) -> Survey:
        results = Deadline(self.settings.results_rule.due(record.period.end), record.published, self.today)
        plan_from = record.published or results.due
        plan_published = record.plan.published if record.plan else None
        plan = Deadline(self.settings.plan_rule.due(plan_from), plan_published, self.today)
        attached = tuple(a for a in (self._attachment(item) for item in record.attachments) if a)
        return Survey(record, slug, rel, self.date_of(rel), results, plan, previous, attached)

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
