"""Personal identifiers that must never be published: 주민등록번호 (resident registration numbers)."""

from __future__ import annotations

import re

from charterpress.diagnostics import Diagnostic, SourceLoc, error

# YYMMDD, optional hyphen or space, a sex/century digit 1–8, six more digits. Month and day must be
# plausible, so phone numbers and document numbers do not trip it.
RRN_RE = re.compile(
    r"(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\s?[-–]?\s?[1-8]\d{6}(?!\d)"
)


def mask(found: str) -> str:
    """Show where the number is without repeating it in logs: keep the first six digits."""
    return found[:6] + "-*******"


def personal_id_message(found: str) -> str:
    return (f"text '{mask(found)}' looks like a 주민등록번호 (resident registration number); "
            "personal identifiers must not be published")


def scan_text(text: str, loc: SourceLoc) -> list[Diagnostic]:
    """Every 주민등록번호-like string in `text`, located by line and column (loc.line = first line)."""
    found: list[Diagnostic] = []
    first = max(loc.line, 1)
    for number, line in enumerate(text.splitlines(), start=first):
        for match in RRN_RE.finditer(line):
            found.append(error(loc.at_line(number, match.start() + 1), personal_id_message(match.group())))
    return found
