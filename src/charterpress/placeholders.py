"""The stand-in values `charterpress new` writes (a phone number, an address, a web address) must
not reach the public: each is a warning, at its line, until the editor replaces it, and
`build --strict` (what the CI files run) refuses to publish while one is left."""

from __future__ import annotations

import os
import re
from pathlib import Path

from charterpress import load
from charterpress.config import CONFIG_FILE
from charterpress.diagnostics import Diagnostic, SourceLoc, warning
from charterpress.load_commitments import REGISTER_FILE
from charterpress.sources import read_bytes

# What the starter site (src/charterpress/starter/) writes, and what to write instead.
PLACEHOLDERS = (
    (re.compile(r"(?<![\d-])0\d{1,2}-000-000\d(?![\d-])"), "the institution's own phone or fax number"),
    (re.compile(r"(?:www\.)?example\.go\.kr"), "the site's real web address"),
    (re.compile(r"새누리시 중앙로 1(?!\d)"), "the institution's street address"),
    (re.compile(r"(?:(?<=postcode: )|(?<=postcode: \"))01234(?!\d)"), "the institution's postcode (우편번호)"),
)
# Every placeholder holds one of these; a text with none of them is passed over without a regex
# (a 1,000-page site's warm rebuild spent 0.2 s here).
MARKS = ("-000-000", "example.go.kr", "중앙로 1", "01234")
FILES = (CONFIG_FILE, load.CHARTER_FILE, REGISTER_FILE)
FOLDERS = (load.DEPARTMENTS_DIR, load.PAGES_DIR)


def placeholder_warnings(source_dir: Path) -> list[Diagnostic]:
    """One warning per placeholder left in the settings, the charter, the register and the pages
    (the files `new` writes them into). Unreadable files are reported by their own readers."""
    found = []
    paths = [source_dir / name for name in FILES]
    paths += [p for folder in FOLDERS for p in sorted((source_dir / folder).glob("*.md"))]
    for path in paths:
        if not os.path.lexists(path):
            continue
        data, problems = read_bytes(source_dir, path)  # never a FIFO nor a link out of the site
        if data is None or problems:
            continue  # said by the file's own reader
        found += _in_text(path.relative_to(source_dir).as_posix(), data.decode("utf-8", errors="replace"))
    return found


def _in_text(rel: str, text: str) -> list[Diagnostic]:
    if not any(mark in text for mark in MARKS):
        return []
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not any(mark in line for mark in MARKS):
            continue  # the same pass per line: most texts with a mark (a number like 01234) have it once
        for pattern, wanted in PLACEHOLDERS:
            for match in pattern.finditer(line):
                found.append(warning(SourceLoc(rel, number, match.start() + 1),
                                     f"'{match[0]}' is a placeholder written by 'charterpress new'; replace it "
                                     f"with {wanted} (build --strict fails until then)"))
    return found
