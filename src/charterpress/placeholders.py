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
# Every placeholder holds one of these; only lines with one are matched against PLACEHOLDERS.
MARKS = ("-000-000", "example.go.kr", "중앙로 1", "01234")
MARK_RE = re.compile("|".join(re.escape(mark) for mark in MARKS))
MARK_BYTES = tuple(mark.encode() for mark in MARKS)  # in UTF-8 bytes iff in the text decoded
FILES = (CONFIG_FILE, load.CHARTER_FILE, REGISTER_FILE)
FOLDERS = (load.DEPARTMENTS_DIR, load.PAGES_DIR)


def placeholder_warnings(source_dir: Path) -> list[Diagnostic]:
    """One warning per placeholder left in the settings, the charter, the register and the pages
    (the files `new` writes them into). Unreadable files are reported by their own readers."""
    found = []
    paths = [(name, source_dir / name) for name in FILES]
    paths += [(f"{folder}/{p.name}", p) for folder in FOLDERS
              for p in sorted((source_dir / folder).glob("*.md"), key=lambda p: p.name)]
    for rel, path in paths:
        if not os.path.lexists(path):
            continue
        data, problems = read_bytes(source_dir, path)  # never a FIFO nor a link out of the site
        if data is None or problems:
            continue  # said by the file's own reader
        if any(mark in data for mark in MARK_BYTES):  # most files: not even decoded
            found += _in_text(rel, data.decode("utf-8", errors="replace"))
    return found


def _in_text(rel: str, text: str) -> list[Diagnostic]:
    # Only the lines holding a mark are looked at, found by one regex over the whole text (a
    # generator per line cost a 10,000-page rebuild about a second).
    numbers = sorted({text.count("\n", 0, mark.start()) for mark in MARK_RE.finditer(text)})
    if not numbers:
        return []
    lines = text.split("\n")
    found = []
    for index in numbers:
        for pattern, wanted in PLACEHOLDERS:
            for match in pattern.finditer(lines[index]):
                found.append(warning(SourceLoc(rel, index + 1, match.start() + 1),
                                     f"'{match[0]}' is a placeholder written by 'charterpress new'; replace it "
                                     f"with {wanted} (build --strict fails until then)"))
    return found
