"""A file of the built site: in memory, or, when big, spooled to a temporary file on disk.

A 12-month 정보목록 of 240,000 rows renders to hundreds of megabytes; holding it all until the
final write made peak memory grow with the site. Big files are written to a spool folder as they
are produced and read back only when asked for (`data`); `output.write_site` links or copies
them into the new site without reading them into memory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import Any

# Pages and downloads above this go to disk: a 500-row 정보목록 page is ≈ 160 KB, other pages
# are a few tens of KB and stay in memory.
SPOOL_THRESHOLD = 64 * 1024
FILE_MODE = 0o644  # readable by a web server, as output.py writes files


class OutputFile:
    """One file of the built site, and the source that produced it (for conflicts and errors)."""

    __slots__ = ("_data", "_spool", "_spooled", "origin", "path", "scan")

    def __init__(self, path: str, data: bytes, origin: str):
        self.path = path
        self.origin = origin
        self._data: bytes | None = data
        self._spooled: Path | None = None
        self._spool: Spool | None = None  # kept alive while a file in it is
        # The built-file scan's result for these bytes, when it ran where they were rendered (a
        # free page, in the pool worker that made it: render.py); else None (privacy_scan.output).
        self.scan: Any = None

    @classmethod
    def on_disk(cls, path: str, spooled: Path, origin: str, spool: Spool) -> OutputFile:
        file = cls(path, b"", origin)
        file._data, file._spooled, file._spool = None, spooled, spool
        return file

    @property
    def data(self) -> bytes:
        return self._data if self._data is not None else self._spooled.read_bytes()  # type: ignore[union-attr]

    @property
    def spooled(self) -> Path | None:
        """The temporary file holding the data, or None when it is in memory."""
        return self._spooled

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OutputFile):
            return NotImplemented
        return (self.path, self.origin, self.data) == (other.path, other.origin, other.data)

    def __hash__(self) -> int:
        return hash((self.path, self.origin))

    def __repr__(self) -> str:
        where = f"spooled to {self._spooled}" if self._spooled else f"{len(self._data or b'')} bytes"
        return f"OutputFile({self.path!r}, {where}, {self.origin!r})"


class Spool:
    """A temporary folder for big output files, deleted once no file in it is referenced (or at exit)."""

    def __init__(self, threshold: int | None = None):
        self.threshold = SPOOL_THRESHOLD if threshold is None else threshold
        self._folder: Path | None = None
        self._count = 0

    def file(self, path: str, data: bytes, origin: str) -> OutputFile:
        """An OutputFile for `data`: kept in memory when small, else written to the spool."""
        if len(data) <= self.threshold:
            return OutputFile(path, data, origin)
        try:
            target = self._next()
            with open(target, "xb") as out:
                out.write(data)
        except OSError:
            return OutputFile(path, data, origin)  # no room in the temp folder: memory it is
        return OutputFile.on_disk(path, target, origin, self)

    def writer(self) -> SpoolWriter:
        """A file to write piece by piece; `done()` turns it into an OutputFile."""
        return SpoolWriter(self)

    def _next(self) -> Path:
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="charterpress-spool-"))
            weakref.finalize(self, shutil.rmtree, self._folder, True)
        self._count += 1
        return self._folder / f"{self._count}"


class SpoolWriter:
    """A big file written in pieces (the all-months downloads), straight to the spool; kept in
    memory instead when the temp folder cannot take it (full, read-only)."""

    def __init__(self, spool: Spool):
        self.spool = spool
        self.size = 0
        self._pieces: list[bytes] = []
        self._fd: int | None = None
        try:
            self.target = spool._next()
            self._fd = os.open(self.target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        except OSError:
            pass

    def write(self, data: bytes) -> None:
        if self._fd is not None:
            written = 0
            try:
                view = memoryview(data)
                while view:
                    count = os.write(self._fd, view)
                    view, written = view[count:], written + count
            except OSError:
                self.size += written
                self._to_memory()
                data = data[written:]
            else:
                self.size += len(data)
                return
        self._pieces.append(data)
        self.size += len(data)

    def _to_memory(self) -> None:
        assert self._fd is not None
        os.close(self._fd)
        self._fd = None
        self._pieces.append(self.target.read_bytes())  # exactly what was written so far
        self.target.unlink()

    def done(self, path: str, origin: str) -> OutputFile:
        if self._fd is None:
            return OutputFile(path, b"".join(self._pieces), origin)
        os.close(self._fd)
        return OutputFile.on_disk(path, self.target, origin, self.spool)


def copy_into(file: OutputFile, target: Path) -> None:
    """Put a spooled file at `target` (which must not exist): a hard link when the spool is on the
    same file system, else a copy in 64 KiB pieces; never through this process's memory."""
    source = file.spooled
    assert source is not None
    os.chmod(source, FILE_MODE)
    try:
        os.link(source, target)
        return
    except OSError:
        pass  # another file system, or links not allowed: copy
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
        os.fchmod(fd, FILE_MODE)  # the umask trimmed the mode given to open
        shutil.copyfileobj(src, out)
