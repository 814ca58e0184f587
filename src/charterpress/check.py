"""`charterpress check`: build in memory, then judge the pages; optionally call vnu and axe."""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date
from dataclasses import asdict, dataclass, field
from pathlib import Path

from charterpress.build import render
from charterpress.checks import Finding, check_pages
from charterpress.diagnostics import BuildFailed, Diagnostic, sort_diagnostics
from charterpress.checks.deadlines import deadline_problems, survey_problems
from charterpress.output import write_site
from charterpress.validators import find_tools, run_axe, run_vnu


@dataclass
class CheckReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)  # from the sources (build)
    findings: list[Finding] = field(default_factory=list)  # from the built pages
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def failed(self, strict: bool) -> bool:
        errors = any(d.is_error for d in self.diagnostics) or any(f.severity == "error" for f in self.findings)
        return errors or (strict and bool([d for d in self.diagnostics if d.is_warning] or self.findings))

    def as_text(self) -> str:
        lines = [str(d) for d in self.diagnostics] + [str(f) for f in self.findings]
        errors = sum(d.is_error for d in self.diagnostics) + sum(f.severity == "error" for f in self.findings)
        warnings = sum(d.is_warning for d in self.diagnostics) + len(self.findings) - sum(f.severity == "error" for f in self.findings)
        notes = len(self.diagnostics) - sum(d.is_error or d.is_warning for d in self.diagnostics)
        lines.append(f"checked {self.pages} pages: {errors} error(s), {warnings} warning(s)"
                     + (f", {notes} note(s)" if notes else ""))
        return "\n".join(lines)

    def as_json(self) -> str:
        data = {
            "pages": self.pages,
            "diagnostics": [{"path": d.loc.path, "line": d.loc.line, "column": d.loc.column,
                             "field": d.loc.field, "severity": d.severity.value, "message": d.message} for d in self.diagnostics],
            "findings": [asdict(f) for f in self.findings],
            "timings": self.timings,
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def check_site(source: Path, validators: bool = False, today: date | None = None) -> CheckReport:
    """Everything `build` validates, the deadlines as of `today`, then the page rules; never
    touches the output folder."""
    report = CheckReport()
    try:
        result = render(source, today)
    except BuildFailed as exc:
        report.diagnostics = exc.diagnostics
        return report
    site = result.site
    deadlines = deadline_problems(site.disclosures) if site.disclosures else []
    deadlines += survey_problems(site.surveys) if site.surveys else []
    report.diagnostics = sort_diagnostics(result.warnings + deadlines)
    report.pages = result.page_count
    files = {f.path: (f.data, f.origin) for f in result.files}
    report.findings = check_pages(files, result.site.config.base_path)
    if validators:
        tools = find_tools()  # raises ToolMissing with install instructions
        with tempfile.TemporaryDirectory(prefix="charterpress-check-") as scratch:
            out = Path(scratch) / "site"
            write_site(result.files, out)
            started = time.perf_counter()
            report.findings += [_finding("vnu", line) for line in run_vnu(tools, out)]
            report.timings["vnu"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            _, violations = run_axe(tools, out)
            report.findings += [_finding("axe", line) for line in violations]
            report.timings["axe"] = round(time.perf_counter() - started, 2)
    return report


def _finding(rule: str, line: str) -> Finding:
    """A validator's 'page:line: message' or 'page @360px: message' as a Finding."""
    page, _, message = line.partition(": ")
    return Finding(page, rule, message)
