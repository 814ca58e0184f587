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
from charterpress.diagnostics import BuildFailed, Diagnostic, fails_strict, sort_diagnostics
from charterpress.checks.deadlines import deadline_problems, survey_problems
from charterpress.output import write_site
from charterpress.validators import find_tools, run_axe, run_vnu


@dataclass
class CheckReport:
    diagnostics: list[Diagnostic] = field(default_factory=list)  # from the sources (build)
    findings: list[Finding] = field(default_factory=list)  # from the built pages
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    # The diagnostics that are publication deadlines (the institution is late), as opposed to
    # content errors (the site is wrong). `--deadlines report` keeps them out of the exit code.
    deadlines: list[Diagnostic] = field(default_factory=list)

    def is_deadline(self, d: Diagnostic) -> bool:
        return d in self.deadlines

    def failed(self, strict: bool, deadlines: str = "fail") -> bool:
        counted = [d for d in self.diagnostics if deadlines == "fail" or not self.is_deadline(d)]
        errors = any(d.is_error for d in counted) or any(f.severity == "error" for f in self.findings)
        return errors or (strict and bool([d for d in counted if fails_strict(d)] or self.findings))

    def as_text(self, deadlines: str = "fail") -> str:
        lines = [str(d) for d in self.diagnostics] + [str(f) for f in self.findings]
        errors = sum(d.is_error for d in self.diagnostics) + sum(f.severity == "error" for f in self.findings)
        warnings = sum(d.is_warning for d in self.diagnostics) + len(self.findings) - sum(f.severity == "error" for f in self.findings)
        notes = len(self.diagnostics) - sum(d.is_error or d.is_warning for d in self.diagnostics)
        lines.append(f"checked {self.pages} pages: {errors} error(s), {warnings} warning(s)"
                     + (f", {notes} note(s)" if notes else "")
                     + (f"; {len(self.deadlines)} of them deadline finding(s), reported without failing"
                        if deadlines == "report" and self.deadlines else ""))
        return "\n".join(lines)

    def as_github(self, source: Path, deadlines: str = "fail") -> str:
        """GitHub Actions workflow commands: each problem as an annotation on its file and line
        (paths relative to the repository, i.e. prefixed with SOURCE as given)."""
        lines = []
        for d in self.diagnostics:
            level = {"error": "error", "warning": "warning"}.get(d.severity.value, "notice")
            if deadlines == "report" and self.is_deadline(d) and level == "error":
                level = "warning"
            props = {"file": (source / d.loc.path).as_posix()}
            if d.loc.line:
                props["line"] = str(d.loc.line)
                if d.loc.column:
                    props["col"] = str(d.loc.column)
            props["title"] = "공개 기한" if self.is_deadline(d) else "charterpress"
            lines.append(_command(level, props, d.message))
        for f in self.findings:
            props = {"file": (source / f.origin).as_posix()} if f.origin else {}
            props["title"] = f"charterpress {f.rule}"
            lines.append(_command("error" if f.severity == "error" else "warning", props, f"{f.page}: {f.message}"))
        lines.append(self.as_text(deadlines).splitlines()[-1])
        return "\n".join(lines)

    def as_summary(self, source: Path, deadlines: str = "fail") -> str:
        """Markdown for a CI job summary ($GITHUB_STEP_SUMMARY): deadline findings first, loudly."""
        out = ["## charterpress check", "", self.as_text(deadlines).splitlines()[-1], ""]
        if self.deadlines:
            out += ["### ⚠️ 공개 기한 (deadlines)", "",
                    "기관이 기한을 지키지 못한 항목입니다. 사이트는 이 상태를 그대로 공개합니다.", ""]
            out += [f"- `{(source / d.loc.path).as_posix()}`: {_md(d.message)}" for d in self.deadlines]
            out.append("")
        content = [d for d in self.diagnostics if not self.is_deadline(d)]
        if content or self.findings:
            out += ["### 내용 (content)", ""]
            out += [f"- `{(source / d.loc.path).as_posix()}:{d.loc.line}`: {d.severity.value}: {_md(d.message)}"
                    for d in content]
            out += [f"- `{f.page}`: {f.rule}: {_md(f.message)}" for f in self.findings]
            out.append("")
        return "\n".join(out) + "\n"

    def as_json(self) -> str:
        data = {
            "pages": self.pages,
            "diagnostics": [{"path": d.loc.path, "line": d.loc.line, "column": d.loc.column,
                             "field": d.loc.field, "severity": d.severity.value, "message": d.message,
                             "kind": "deadline" if self.is_deadline(d) else "content"} for d in self.diagnostics],
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
    report.deadlines = [d for d in report.diagnostics if d in deadlines]
    report.pages = result.page_count
    report.findings = check_pages(result.files, result.site.config.base_path)
    if validators:
        tools = find_tools()  # raises ToolMissing with install instructions
        with tempfile.TemporaryDirectory(prefix="charterpress-check-") as scratch:
            out = Path(scratch) / "site"
            write_site(result.files, out)
            started = time.perf_counter()
            report.findings += [_finding("vnu", line) for line in run_vnu(tools, out)]
            report.timings["vnu"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            _, violations = run_axe(tools, out, base_path=site.config.base_path)
            report.findings += [_finding("axe", line) for line in violations]
            report.timings["axe"] = round(time.perf_counter() - started, 2)
    return report


def _finding(rule: str, line: str) -> Finding:
    """A validator's 'page:line: message' or 'page @360px: message' as a Finding."""
    page, _, message = line.partition(": ")
    return Finding(page, rule, message)


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _command(level: str, props: dict[str, str], message: str) -> str:
    """`::error file=…,line=…::message`, escaped as the Actions runner expects."""
    joined = ",".join(f"{k}={_escape(v).replace(':', '%3A').replace(',', '%2C')}" for k, v in props.items())
    return f"::{level} {joined}::{_escape(message)}" if joined else f"::{level}::{_escape(message)}"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")
