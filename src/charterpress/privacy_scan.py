"""Scan every byte a site publishes for personal identifiers: its sources, static files, template
overrides and file names (each hit at `path:line:col`), then the built files as a last line of
defence. Values in site.yaml's `privacy: allow:` list pass, and each build reports them as notes.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from charterpress import load, load_disclosures, load_surveys
from charterpress.config import CONFIG_FILE, AllowedValue
from charterpress.diagnostics import Diagnostic, SourceLoc, error, note, warning
from charterpress.disclosures import column_for
from charterpress.load_commitments import REGISTER_FILE
from charterpress.privacy import (NAMES, Finding, Located, canonical, find_identifiers, find_in, flat_view, line_col,
                                  mask, personal_id_message, severity_of)
from charterpress.outputfile import OutputFile
from charterpress.parallel import iter_in_order
from charterpress.sources import confinement_problems, read_bytes
from charterpress.tabular import Sheet, decode_text, read_sheet

# Every file a build publishes comes from these (the rest of a site folder is never copied out).
SOURCE_FILES = (CONFIG_FILE, load.CHARTER_FILE, REGISTER_FILE)
SOURCE_FOLDERS = (load.DEPARTMENTS_DIR, load.PAGES_DIR, load_disclosures.FOLDER, load_surveys.FOLDER,
                  "static", "templates")
PUBLISHED_FOLDERS = ("static",)  # copied out under their own names
TEXT_SUFFIXES = frozenset({".md", ".yaml", ".yml", ".html", ".htm", ".csv", ".tsv", ".txt", ".json", ".svg",
                           ".xml", ".css", ".js", ".mjs", ".ics", ".webmanifest", ".j2", ".jinja"})
SHEET_SUFFIXES = frozenset({".xlsx"})
DATA_SHEET_FOLDERS = (load_disclosures.FOLDER,)  # CSV read cell by cell, named by column as their checks do
# Keys, column names and table columns meant for contact numbers: a mobile number there is the
# institution's own choice, so no warning (config Owner.phone, SiteConfig.phone/fax, the phone
# and fax columns of a ```table block, tables.PHONE_WORDS and FAX_WORDS).
CONTACT_WORDS = ("전화", "연락처", "휴대", "핸드폰", "phone", "tel", "팩스", "fax", "mobile")
KEY_RE = re.compile(r"\s*(?:-\s+)?([^\s:#'\"][^:]*?)\s*:(?:\s|$)")
ITEM_RE = re.compile(r"(\s*)-\s")
HEADER_SEARCH_ROWS = 10
NAME_SEPARATORS_RE = re.compile(r"[_+ -]{2,}|[_+]")
# The last-line scan goes over every core when this many built files are big (spooled, > 64 KB:
# a 정보목록 page, ≈ 0.01 s to scan, a download more; forking costs ≈ 0.05 s), as the pages do
# from parallel.MIN_ITEMS files on.
MIN_SPOOLED = 8
# A built file bigger than this is scanned in pieces of this size (see _built_in_pieces).
PIECE = 4 * 1024 * 1024
OVERLAP = 64 * 1024
SEPARATOR_RE = re.compile(rb"[\n\r\t ,;\"'{}\[\]<>]")


def is_contact_name(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in CONTACT_WORDS)


def contact_lines(text: str, markdown: bool = False) -> Callable[[int], bool]:
    """Which lines (0-based) of YAML text give a contact field: a `phone:`/`전화번호:` key on the
    line, or a list item under such a key. In Markdown only the front matter and ```table blocks
    are YAML; a prose line is never a contact field."""
    lines = text.split("\n")
    yaml_lines = _yaml_lines(lines) if markdown else range(len(lines))

    def governing_key(index: int) -> str | None:
        line = lines[index]
        match = KEY_RE.match(line)
        if match:
            return match.group(1)
        item = ITEM_RE.match(line)
        if not item:
            return None
        indent = len(item.group(1))
        for above in range(index - 1, -1, -1):
            line_above = lines[above]
            depth = len(line_above) - len(line_above.lstrip())
            if not line_above.strip() or depth > indent or (depth == indent and ITEM_RE.match(line_above)):
                continue  # blank, deeper, or a sibling item
            match = KEY_RE.match(line_above)
            return match.group(1) if match and line_above.rstrip().endswith(":") else None
        return None

    def is_contact(index: int) -> bool:
        key = governing_key(index) if index in yaml_lines else None
        return bool(key and is_contact_name(key))

    return is_contact


def _yaml_lines(lines: list[str]) -> set[int]:
    """The lines of a Markdown file that are YAML: its front matter and its ```table blocks."""
    found: set[int] = set()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), len(lines))
        found.update(range(1, end))
    inside = False
    for index, line in enumerate(lines):
        if line.strip().startswith("```"):
            inside = not inside and line.strip() == "```table"
        elif inside:
            found.add(index)
    return found


@dataclass
class PrivacyScan:
    """Collects every identifier found in one site (or export), minus the allow-listed ones."""

    source_dir: Path
    allow: tuple[AllowedValue, ...] = ()
    problems: list[Diagnostic] = field(default_factory=list)
    allowed_at: dict[str, list[SourceLoc]] = field(default_factory=dict)  # allow key → where found
    # Hashes of texts an earlier build found no identifier in at all (the build cache's); the scan
    # is a pure function of the text, so such a text is not read again. `clean` is this build's.
    known_clean: frozenset[bytes] = frozenset()
    clean: set[bytes] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._allowed = {canonical(entry.value): entry for entry in self.allow}
        self._own = {(CONFIG_FILE, entry.value_loc.line) for entry in self.allow}  # the list itself

    # --- one piece of text ---------------------------------------------------------------------

    def _report(self, finding: Finding, loc: SourceLoc, message: str | None = None) -> None:
        entry = self._allowed.get(finding.key)
        if entry is not None:
            if (loc.path, loc.line) not in self._own:
                self.allowed_at.setdefault(finding.key, []).append(loc)
            return
        self.problems.append(Diagnostic(loc, message or personal_id_message(finding.value, finding.kind),
                                        severity_of(finding.kind)))

    def text(self, text: str, rel: str, first_line: int = 1,
             contact: Callable[[int], bool] = lambda line: False) -> None:
        """Every identifier in `text` (a file's text from `first_line`), at `rel:line:col`."""
        digest = _digest(text)
        if digest in self.known_clean:
            self.clean.add(digest)
            return
        hits = find_identifiers(text)
        if not hits:
            self.clean.add(digest)
        for hit in hits:
            at = line_col(text, hit.offset, first_line)
            if hit.finding.kind == "mobile" and contact(at.line - first_line):
                continue
            self._report(hit.finding, SourceLoc(rel, at.line, at.column))

    def cell(self, value: str, loc: SourceLoc, contact: bool = False) -> None:
        self._cell_hits(find_identifiers(value), loc, contact)

    def _cell_hits(self, hits: list[Located], loc: SourceLoc, contact: bool) -> None:
        for hit in hits:
            if not (hit.finding.kind == "mobile" and contact):
                self._report(hit.finding, loc)

    def name(self, rel: str) -> None:
        """A published file's name (and its folders'): attachments' names are read too, with any
        run of '_', '+', ' ' and '-' read as one separator."""
        for hit in find_identifiers(NAME_SEPARATORS_RE.sub("-", rel)):
            if hit.finding.kind != "mobile":
                message = personal_id_message(hit.finding.value, hit.finding.kind)
                self._report(hit.finding, SourceLoc(rel), f"file name: {message}; rename the file")

    def sheet(self, sheet: Sheet, shown: str) -> None:
        """Every cell of a spreadsheet, at `path:row:column name`."""
        header = _header(sheet)
        # A month repeats its dates and departments thousands of times: each distinct text is read
        # once (the scan is a pure function of the text), and a cell's place is worked out only
        # when something is found in it.
        hits_of: dict[str, list[Located]] = {}
        for row in sheet.rows:
            for index, value in enumerate(row.cells):
                if not value:
                    continue
                hits = hits_of.get(value)
                if hits is None:
                    hits = hits_of[value] = find_identifiers(value)
                if hits:
                    name = header[index] if index < len(header) and header[index] else f"column {index + 1}"
                    self._cell_hits(hits, SourceLoc(shown).at_cell(row.number, name), is_contact_name(name))

    # --- a whole site --------------------------------------------------------------------------

    def site(self) -> list[Diagnostic]:
        """Every source file of the site, the file names of everything copied out."""
        for path in self._files():
            rel = path.relative_to(self.source_dir).as_posix()
            if rel.split("/")[0] in PUBLISHED_FOLDERS:
                self.name(rel)
            self.file(path, rel)
        return self.problems

    def _files(self) -> Iterable[Path]:
        for name in SOURCE_FILES:
            if (self.source_dir / name).is_file():
                yield self.source_dir / name
        for folder in SOURCE_FOLDERS:
            base = self.source_dir / folder
            if base.is_dir():  # as render._static: only dot-files stay home (sorted as Paths, by parts)
                for path in sorted(base.rglob("*"), key=lambda p: p.parts):
                    # inside the site: one lstat a level, a full resolve only where a link is (sources.py)
                    if path.is_file() and not path.name.startswith(".") and \
                            not confinement_problems(self.source_dir, path):
                        yield path

    def file(self, path: Path, rel: str) -> None:
        suffix = path.suffix.lower()
        if suffix in SHEET_SUFFIXES or (suffix == ".csv" and rel.split("/")[0] in DATA_SHEET_FOLDERS):
            sheet, _ = read_sheet(path, rel)  # an unreadable file is reported by its loader
            if sheet is not None:
                self.sheet(sheet, rel)
            return
        if suffix not in TEXT_SUFFIXES:
            return  # images, PDFs, HWP: not read (see the README)
        data, _ = read_bytes(self.source_dir, path)  # a file that cannot be read is reported by its reader
        if data is None:
            return
        decoded = decode_text(data)
        if decoded is None:
            if rel.split("/")[0] in PUBLISHED_FOLDERS:  # elsewhere its loader says so
                self.problems.append(warning(SourceLoc(rel), "file is neither UTF-8 nor CP949 text, so it "
                                                             "was not read for personal identifiers"))
            return
        text = decoded[0].removeprefix("\ufeff")
        digest = _digest(text)
        if digest in self.known_clean:  # before its contact lines are worked out, as text() would
            self.clean.add(digest)
            return
        if suffix in (".md", ".yaml", ".yml"):
            self.text(text, rel, contact=contact_lines(text, markdown=suffix == ".md"))
        else:
            self.text(text, rel)

    # --- the built files -----------------------------------------------------------------------

    def output(self, files: Iterable[OutputFile]) -> list[Diagnostic]:
        """The last line of defence: every built text file, for what the source scans cannot see
        (a number a template puts together, or one split by markup); named by the output file and
        the source that made it. Warnings (mobile numbers) are the source scans' business.
        Many files are read over every core (see parallel.py), big ones from the spool there."""
        texts = [f for f in files if PurePosixPath(f.path).suffix.lower() in TEXT_SUFFIXES and f.path != f.origin]
        # (static files copied as they are were scanned as sources)
        found: list[Diagnostic] = []
        todo = [f for f in texts if f.scan is None]  # the rest were scanned where they were rendered
        heavy = sum(f.spooled is not None for f in todo) >= MIN_SPOOLED
        scanning = iter_in_order(lambda i: self._built_file(todo[i]), len(todo), 2 if heavy else None)
        for file in texts:
            digest, findings = file.scan if file.scan is not None else next(scanning)
            if findings is None:
                continue  # not UTF-8: not a page of ours
            if not findings:
                self.clean.add(digest)
            for finding in findings:
                if not finding.is_error or finding.key in self._allowed:
                    continue
                found.append(error(SourceLoc(file.origin),
                                   f"the built file {file.path} contains '{finding.masked}', which looks like "
                                   f"{NAMES[finding.kind]}; personal identifiers must not be published"))
        self.problems += found
        return found

    def built(self, data: bytes) -> tuple[bytes, list[Finding] | None]:
        """What `output` reads of one built file, for a renderer to run where the file is made
        (render.Renderer: in the pool worker that rendered the page); given back on OutputFile.scan."""
        return self._built(data)

    def _built_file(self, file: OutputFile) -> tuple[bytes, list[Finding] | None]:
        """As `_built`; a big spooled file (the all-months downloads) is read in pieces, so the
        scan's memory does not grow with the site (W2's 86 MB JSON took 400 MB read whole)."""
        spooled = file.spooled
        if spooled is None or spooled.stat().st_size <= PIECE:
            return self._built(file.data)
        return _built_in_pieces(spooled, self.known_clean)

    def _built(self, data: bytes) -> tuple[bytes, list[Finding] | None]:
        """One built file's hash and what it holds (none when an earlier build found it clean)."""
        digest = hashlib.sha256(b"output\0" + data).digest()
        if digest in self.known_clean:
            return digest, []
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return digest, None
        return digest, find_in(flat_view(text))

    def report(self) -> list[Diagnostic]:
        """One note per allow-list entry, every build, so the list stays auditable."""
        notes = []
        for entry in self.allow:
            key = canonical(entry.value)
            hits = find_identifiers(entry.value)
            if len(hits) != 1 or not entry.reason.strip():
                continue  # reported by the settings' own check
            kind = hits[0].finding.kind
            places = self.allowed_at.get(key, [])
            where = f"found in {len(places)} place(s): {', '.join(str(p) for p in places[:3])}" if places \
                else "found nowhere; remove the entry if the number is gone"
            if len(places) > 3:
                where += ", …"
            notes.append(note(entry.value_loc, f"'{mask(entry.value, kind)}' ({NAMES[kind]}) is published by "
                                               f"privacy.allow (reason: {entry.reason}); {where}"))
        return notes


def _built_in_pieces(path: Path, known_clean: frozenset[bytes]) -> tuple[bytes, list[Finding] | None]:
    """A big built file's hash and what it holds, read about PIECE bytes at a time.

    Each piece ends just after a separator byte (SEPARATOR_RE: never inside a run of digits or
    letters, and a whole character of UTF-8) and the next one starts again just after a separator
    OVERLAP bytes or more before that end, so every identifier with its context words (at most 17
    characters and 30 either side, see privacy.find_in) lies whole in some piece; an inline tag
    splitting a number would have to be longer than OVERLAP. Each distinct value found is
    reported once per big file (a number in the overlap is read twice)."""
    digest = hashlib.sha256(b"output\0")
    if known_clean:  # hashed first: a file an earlier build found clean is not read again
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(PIECE), b""):
                digest.update(block)
        if digest.digest() in known_clean:
            return digest.digest(), []
    found: dict[tuple[str, str], Finding] = {}
    carry = b""
    with open(path, "rb") as source:
        while True:
            block = source.read(PIECE)
            if not known_clean:
                digest.update(block)
            data = carry + block
            end = _separator_after(data, len(data) - OVERLAP) if block else len(data)
            if end is None:  # no separator in the last OVERLAP bytes: read on
                carry = data
                continue
            try:
                text = data[:end].decode("utf-8")
            except UnicodeDecodeError:
                return digest.digest(), None
            for finding in find_in(flat_view(text)):
                found.setdefault((finding.kind, finding.value), finding)
            if not block:
                return digest.digest(), list(found.values())
            carry = data[_separator_before(data, end - OVERLAP):]


def _separator_after(data: bytes, at: int) -> int | None:
    """The index just after the first separator byte at or after `at`, or None."""
    match = SEPARATOR_RE.search(data, max(0, at))
    return match.end() if match else None


def _separator_before(data: bytes, at: int) -> int:
    """The index just after the last separator byte before `at` (looked for in the OVERLAP bytes
    before it), or 0: the next piece then starts again from the start of this one."""
    last = 0
    for match in SEPARATOR_RE.finditer(data, max(0, at - OVERLAP), max(0, at)):
        last = match.end()
    return last


def _header(sheet: Sheet) -> tuple[str, ...]:
    """The header of a 정보목록 export (the first row with three known column names), or the
    first row of any other sheet."""
    for row in sheet.rows[:HEADER_SEARCH_ROWS]:
        if sum(column_for(cell) is not None for cell in row.cells) >= 3:
            return row.cells
    return sheet.rows[0].cells if sheet.rows else ()


def _digest(text: str) -> bytes:
    return hashlib.sha256(b"text\0" + text.encode("utf-8", "surrogatepass")).digest()


def scan_site(source_dir: Path, allow: tuple[AllowedValue, ...],
              known_clean: frozenset[bytes] = frozenset()) -> PrivacyScan:
    scan = PrivacyScan(source_dir, allow, known_clean=known_clean)
    scan.site()
    return scan

