"""Find and read a site's source files: Markdown with front matter, confined to the site folder."""

from __future__ import annotations

import errno
import os
import re
import stat
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from charterpress.decode import MISSING, decode_document
from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.yamlnodes import compose

FENCE = "---"
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Source:
    """One Markdown file: its front matter (as YAML nodes) and its body, with their first lines."""

    rel: str
    text: str
    front: yaml.Node | None
    body: str
    body_line: int
    has_front: bool = False  # the file starts with a '---' block (even one that failed to parse)
    front_text: str | None = None  # the block's text, when read without parsing it (see read_markdown)

    @property
    def loc(self) -> SourceLoc:
        return SourceLoc(self.rel, 1)

    @property
    def front_loc(self) -> SourceLoc:
        return SourceLoc(self.rel, 2)

    @property
    def slug(self) -> str:
        return Path(self.rel).stem


def read_markdown(source_dir: Path, path: Path, parse_front: bool = True) -> tuple[Source | None, list[Diagnostic]]:
    """A Markdown source; without `parse_front`, its front matter is left as text (`front_text`,
    `front` None) for a caller that may know what it parses to (the loader's cache)."""
    rel = _rel(source_dir, path)
    text, problems = read_text(source_dir, path)
    if text is None:
        return None, problems
    text = unicodedata.normalize("NFC", text).removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    if lines[0].strip() != FENCE:
        return Source(rel, text, None, text, 1), []
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return None, [error(SourceLoc(rel, 1), "front matter starts with '---' but never ends")]
    front_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :])
    if not parse_front:
        return Source(rel, text, None, body, end + 2, has_front=True, front_text=front_text), []
    node, problems = compose(front_text, SourceLoc(rel, 2))
    return Source(rel, text, node, body, end + 2, has_front=True), problems


def _rel(source_dir: Path, path: Path) -> str:
    """`path` relative to `source_dir`, as text ('/'-separated); string work where it can be,
    since every source is read through here (pathlib's relative_to was seconds at 10,000 pages)."""
    base, full = str(source_dir), str(path)
    if os.sep == "/" and full.startswith(base + "/") and base != "/":
        return full[len(base) + 1:]
    return path.relative_to(source_dir).as_posix()


def confinement_problems(source_dir: Path, path: Path) -> list[Diagnostic]:
    """A source must really live inside the site folder: no symlink may lead out of it."""
    # No link between the site folder and the file: it is inside. One lstat a level, where
    # resolving both paths cost a fifth of a 1,000-page rebuild; any link is judged in full below.
    rel = _rel(source_dir, path)
    parts = rel.split("/")
    base = str(source_dir)
    if ".." not in parts and not any(os.path.islink(os.path.join(base, *parts[:i])) for i in range(1, len(parts) + 1)):
        return []
    try:
        inside = path.resolve().is_relative_to(source_dir.resolve())
    except (OSError, RuntimeError):  # Python 3.11 raises RuntimeError for a symlink loop
        return [error(SourceLoc(rel), "symbolic link loop: the link leads back to itself")]
    if not inside:
        return [error(SourceLoc(rel), "file leads outside the site folder (symbolic link)")]
    return []


# Within one build (see `shared_reads`), each source is read once: the personal-identifier scan,
# the placeholder scan and the loader all read every page, which cost a 10,000-page rebuild
# about half a second twice over. Files above SHARED_MAX (big 정보목록 sheets) are not kept.
_shared = threading.local()
SHARED_MAX = 256 * 1024


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within this block (one build, in this thread), a source read again gives the bytes it gave
    the first time: every reader of a build sees the same text, and the disk is read once."""
    outer = getattr(_shared, "files", None)
    _shared.files = {} if outer is None else outer
    try:
        yield
    finally:
        _shared.files = outer


def read_bytes(source_dir: Path, path: Path) -> tuple[bytes | None, list[Diagnostic]]:
    """The one place a source file is read: confined to the site folder, a regular file (never
    a folder, a FIFO that would block, a dangling or looping link), every failure a message."""
    files = getattr(_shared, "files", None)
    if files is None:
        return _read_bytes(source_dir, path)
    name = (str(source_dir), str(path))
    found = files.get(name)
    if found is None:
        found = _read_bytes(source_dir, path)
        if found[0] is None or len(found[0]) <= SHARED_MAX:
            files[name] = found
    return found[0], list(found[1])


def _read_bytes(source_dir: Path, path: Path) -> tuple[bytes | None, list[Diagnostic]]:
    rel = _rel(source_dir, path)
    problems = confinement_problems(source_dir, path)
    if problems:
        return None, problems
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "not a regular file"
            return None, [error(SourceLoc(rel), f"'{path.name}' is {kind}; expected a file")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [error(SourceLoc(rel), f"file cannot be read: {os_problem(exc)}")]


def os_problem(exc: OSError) -> str:
    """An operating-system error in words, without the path (messages start with the path)."""
    words = {
        errno.ENOENT: "it does not exist (a dangling symbolic link, or it was removed while reading)",
        errno.EISDIR: "it is a folder",
        errno.ELOOP: "symbolic link loop",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ENAMETOOLONG: "its name is too long",
    }
    return words.get(exc.errno or 0, exc.strerror or os.strerror(exc.errno or 0) or type(exc).__name__)


def is_file(path: Path) -> bool:
    """Path.is_file, but False rather than an exception for a path an editor wrote that cannot
    name a file at all: too long a name (ENAMETOOLONG), or a NUL from a YAML escape."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def read_text(source_dir: Path, path: Path) -> tuple[str | None, list[Diagnostic]]:
    """A source file's text (UTF-8; a BOM kept for the caller to drop), or the problems: bytes
    that are not UTF-8 are reported at their line and column."""
    data, problems = read_bytes(source_dir, path)
    if data is None:
        return None, problems
    return decode_utf8(data, _rel(source_dir, path))


def decode_utf8(data: bytes, rel: str) -> tuple[str | None, list[Diagnostic]]:
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [error(undecodable_at(data, exc.start, rel), f"byte 0x{data[exc.start]:02x} is not UTF-8 "
                                                                  "text (save the file as UTF-8)")]


def undecodable_at(data: bytes, offset: int, rel: str) -> SourceLoc:
    """The line and column (in characters) of byte `offset` of `data`."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return SourceLoc(rel, data.count(b"\n", 0, offset) + 1, column)


def read_record(source_dir: Path, path: Path, cls: type) -> tuple[Any, list[Diagnostic]]:
    """A YAML record, read once: confined to the site, decoded as `cls` (personal identifiers are
    the site-wide privacy scan's business). The value is MISSING when any problem is an error."""
    rel = path.relative_to(source_dir).as_posix()
    text, problems = read_text(source_dir, path)
    if text is None:
        return MISSING, problems
    value, problems = decode_document(text, rel, cls)
    return (MISSING if any(p.is_error for p in problems) else value), problems


class FolderLoader:
    """What the loaders of a site's data folders (disclosures/, surveys/) share: the site folder,
    the day deadlines are judged on, the 최종수정일 of a source file, and the problems found."""

    def __init__(self, source_dir: Path, today: date, date_of: Callable[[str], date]):
        self.source_dir = source_dir
        self.today = today
        self.date_of = date_of
        self.problems: list[Diagnostic] = []

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.source_dir).as_posix()

    def not_after_today(self, day: date | None, loc: SourceLoc, what: str) -> bool:
        """A publication date is a fact about the past: one after the day deadlines are judged on
        would publish a status that is not yet true. Reported here; False when it is in the future."""
        if day is None or day <= self.today:
            return True
        self.problems.append(error(loc, f"{what} {day.isoformat()} is after today ({self.today.isoformat()}); "
                                        "write the date the publication really happened"))
        return False


MAX_FOLDER_DEPTH = 8
DATA_SUFFIXES = frozenset({".md", ".yaml", ".yml", ".csv", ".xlsx"})


def folder_files(source_dir: Path, folder: Path) -> tuple[list[Path], list[Diagnostic]]:
    """Every entry under `folder` that is not a folder (files, and dangling links or FIFOs for the
    reader to report), sorted, dot-files left out. A symbolic link to a folder is followed while
    it stays inside the site; one that leads out or back into itself is an error, never silently
    dropped (pathlib's rglob skips linked folders without a word)."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    seen: set[Path] = set()

    def walk(directory: Path, depth: int) -> None:
        rel = directory.relative_to(source_dir).as_posix()
        try:
            real = directory.resolve(strict=True)
            entries = sorted(directory.iterdir(), key=lambda p: (p.is_symlink(), p.name))  # links last
        except (OSError, RuntimeError) as exc:
            why = os_problem(exc) if isinstance(exc, OSError) else "symbolic link loop"
            problems.append(error(SourceLoc(rel), f"folder cannot be read: {why}"))
            return
        if real in seen or depth > MAX_FOLDER_DEPTH:
            problems.append(error(SourceLoc(rel), "symbolic link loop: the folder is already read under "
                                                  "another name (or leads back into itself)"))
            return
        seen.add(real)
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_symlink():
                outside = confinement_problems(source_dir, entry)
                if outside:
                    problems.extend(outside)
                    continue
            if entry.is_dir() and entry.suffix.lower() in DATA_SUFFIXES:
                problems.append(error(SourceLoc(entry.relative_to(source_dir).as_posix()),
                                      f"'{entry.name}' is a folder; expected a file"))
            elif entry.is_dir():
                walk(entry, depth + 1)
            else:
                files.append(entry)

    walk(folder, 0)
    return files, problems


def markdown_files(folder: Path) -> list[Path]:
    """Markdown files directly in `folder`, sorted so builds never depend on directory order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix == ".md" and not p.name.startswith("."))


def slug_problem(slug: str, loc: SourceLoc) -> list[Diagnostic]:
    if SLUG_RE.fullmatch(slug):
        return []
    return [
        error(
            loc,
            f"'{slug}' cannot be a page address (expected lowercase letters, digits and hyphens, "
            "e.g. 'opening-hours'; set 'slug' in the front matter or rename the file)",
        )
    ]
