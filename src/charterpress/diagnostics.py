"""Problems found in a site's sources or output, each tied to a file and line."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"  # reported on every build, never fails one (e.g. an allow-listed identifier)


@dataclass(frozen=True, order=True)
class SourceLoc:
    """Where something came from: a path relative to the site folder, 1-based line and column.

    Tabular sources (CSV, XLSX) name the column instead: `disclosures/2026/10.csv:14:보존기간`.
    """

    path: str
    line: int = 0
    column: int = 0
    field: str = ""

    def __str__(self) -> str:
        text = self.path
        if self.line:
            text += f":{self.line}"
            if self.field:
                text += f":{self.field}"
            elif self.column:
                text += f":{self.column}"
        return text

    def at_line(self, line: int, column: int = 0) -> SourceLoc:
        return SourceLoc(self.path, line, column)

    def at_cell(self, row: int, field: str) -> SourceLoc:
        return SourceLoc(self.path, row, 0, field)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: rendered as `path:line:col: message` (warnings say so)."""

    loc: SourceLoc
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else f"{self.severity.value}: "
        return f"{self.loc}: {prefix}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING


# Warnings about the place a site is built, not its content: said on every build, never failing
# --strict (a shallow clone's 최종수정일 fallback, a search tool that is not installed).
ENVIRONMENT_PATHS = frozenset({"(git)", "(search)"})


def fails_strict(diagnostic: Diagnostic) -> bool:
    return diagnostic.is_warning and diagnostic.loc.path not in ENVIRONMENT_PATHS


def error(loc: SourceLoc, message: str) -> Diagnostic:
    return Diagnostic(loc, shortened(message), Severity.ERROR)


def warning(loc: SourceLoc, message: str) -> Diagnostic:
    return Diagnostic(loc, shortened(message), Severity.WARNING)


LONG_RUN_RE = re.compile(r"\S{121,}")
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # what splits or garbles a line


def shortened(message: str) -> str:
    """A message on one line (a line break or control character quoted from the input is shown
    as its escape, '\\n'), with every run of more than 120 characters cut in the middle, so a
    5,000-digit number or a 100,000-character line never floods the terminal."""
    message = CONTROL_RE.sub(lambda m: repr(m[0])[1:-1], message)
    return LONG_RUN_RE.sub(lambda m: f"{m[0][:80]}…({len(m[0]):,} characters)…{m[0][-20:]}", message)


def note(loc: SourceLoc, message: str) -> Diagnostic:
    return Diagnostic(loc, message, Severity.NOTE)


class BuildFailed(Exception):
    """Raised when a build found errors; carries every diagnostic of the run."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sort_diagnostics(diagnostics)
        super().__init__(f"{sum(d.is_error for d in self.diagnostics)} error(s)")


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, reader-friendly order: by file, then line, then column; duplicates dropped."""
    unique = dict.fromkeys(diagnostics)
    return sorted(unique, key=lambda d: (d.loc.path, d.loc.line, d.loc.column))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` hint, or a list of what is allowed when nothing is close."""
    options = sorted(choices)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f" (expected one of: {', '.join(options)})"


def internal_error_text(exc: BaseException) -> str:
    """'internal error (ValueError: message)' in one line: what the command line and the preview
    server say about an exception that is a bug in charterpress, not a problem of the site."""
    message = " ".join(str(exc).split())
    if len(message) > 200:
        message = message[:200] + "…"
    return f"internal error ({type(exc).__name__}: {message})" if message else f"internal error ({type(exc).__name__})"
