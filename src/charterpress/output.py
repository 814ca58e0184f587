"""Write a built site: all files or none, swapped in only after the whole build succeeded.

The output folder is charterpress's own: it is replaced only when it holds a marker file written
by every build (or is empty or absent), and never when it is, holds or lies inside the sources,
the current folder, or a git repository. The swap is one `renameat2(RENAME_EXCHANGE)` on Linux, so
a reader (or a `kill -9`) sees the old site or the new one, never none.

With the build cache, the folder swapped out is kept beside as `.NAME.prev` and becomes the next
build's staging folder: a file there is kept when its bytes are the new ones and it is provably
untouched since charterpress wrote it (see `Manifests`), so a build that changed one page writes
one page, instead of writing every file anew and deleting the old site's every file.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import re
import secrets
import shutil
import tempfile
from pathlib import Path

from charterpress.cache import Cache, key
from charterpress.diagnostics import BuildFailed, Diagnostic, SourceLoc, error
from charterpress.outputfile import OutputFile, copy_into

MARKER = ".charterpress-site"
MARKER_TEXT = (b"This folder is written by charterpress: every build replaces it as a whole.\n"
               b"Keep your own files elsewhere.\n")
# Readable by a web server whatever the umask of the person or CI job that builds.
FILE_MODE = 0o644
DIR_MODE = 0o755
# Sites built before the marker existed: index.html, 404.html and a fingerprinted stylesheet.
LEGACY_STYLE = re.compile(r"style\.[0-9a-f]{10}\.css")


def conflicts(files: list[OutputFile]) -> list[Diagnostic]:
    """Two sources that would write the same output path."""
    seen: dict[str, OutputFile] = {}
    problems = []
    for file in files:
        first = seen.setdefault(file.path, file)
        if first is not file:
            problems.append(error(SourceLoc(file.origin),
                                  f"output path '{file.path}' is also written by {first.origin}; "
                                  "give one of them another slug"))
    return problems


def refusal(out_dir: Path, source_dir: Path | None = None) -> str | None:
    """Why `out_dir` must not be replaced by a build, or None when it may."""
    out = out_dir.resolve()
    if source_dir is not None:
        source = source_dir.resolve()
        if out == source:
            return "is the site's source folder"
        if source.is_relative_to(out):
            return f"contains the site's sources ({source_dir})"
        if out.is_relative_to(source):
            return f"is inside the site's source folder ({source_dir}); write the site next to it"
    if Path.cwd().resolve().is_relative_to(out):
        return "is the current folder (or contains it)"
    blocker = _first_non_folder(out)
    if blocker is not None:
        return f"would lie under '{blocker}', which is a file"
    if not out.is_dir():
        return None
    if (out / ".git").exists():
        return "holds a git repository (.git); deploy by copying the built site into it instead"
    if not _is_own_output(out) and any(out.iterdir()):
        return (f"is not empty and was not written by charterpress (it has no {MARKER} file); "
                "choose a new or empty folder, or empty this one yourself")
    return None


def check_output(out_dir: Path, source_dir: Path | None = None) -> None:
    """Raise BuildFailed when `out_dir` must not be replaced (see `refusal`)."""
    reason = refusal(out_dir, source_dir)
    if reason:
        raise BuildFailed([error(SourceLoc(str(out_dir)),
                                 f"will not write the site here: the output folder {reason}")])


class Manifests:
    """What charterpress wrote into its output folders, kept in the build cache (HMAC-checked).

    For each folder (by device and inode, which renames keep) and each file in it: the file's
    inode, size, mtime, ctime and mode right after it was written, and the SHA-256 of its bytes.
    A file whose lstat still shows all of these was not written, replaced, chmod-ed or linked
    since (each of those sets ctime, which no user call can set back), so its bytes are the
    recorded ones; any other file in a reused folder is written anew or removed.
    Read before the build's cache sweep (which keeps only what a build used), saved after the write.
    """

    def __init__(self, cache: Cache, out_dir: Path):
        self.cache = cache
        self.name = key("output", str(out_dir.resolve()))
        found = cache.get("output", self.name) if cache.enabled else None
        self.folders: dict[tuple[int, int], dict[str, tuple]] = found if isinstance(found, dict) else {}

    def of(self, folder: Path) -> dict[str, tuple]:
        info = folder.stat()
        return self.folders.get((info.st_dev, info.st_ino), {})

    def save(self, kept: list[tuple[Path, dict[str, tuple]]]) -> None:
        folders = {}
        for folder, files in kept:
            try:
                info = folder.stat()
            except OSError:
                continue
            folders[(info.st_dev, info.st_ino)] = files
        self.cache.put("output", self.name, folders)


def write_site(files: list[OutputFile], out_dir: Path, source_dir: Path | None = None,
               manifests: Manifests | None = None) -> None:
    """Write every file into a staging folder beside `out_dir`, then swap it in.

    A reader of `out_dir` sees the old site or the new one, never a mix; files of deleted sources
    cannot linger because whatever the staging folder holds that is not in this build is removed.
    A file-system fault (disk full, read-only, permission) is a BuildFailed naming the path, with
    the old site intact. With `manifests` (the build cache), the previous build's old site is
    the staging folder and only changed files are written (see the module's note).
    """
    check_output(out_dir, source_dir)
    out = out_dir.resolve()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out)
        staging = _claim_previous(out) if manifests else None
        known = manifests.of(staging) if manifests and staging else {}
        if staging is None:
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise _write_failed(out_dir, exc) from None
    try:
        os.chmod(staging, DIR_MODE)  # mkdtemp makes 0700
        written = _write_files(staging, files, known)
        _swap(staging, out)
        if manifests:
            old = manifests.of(staging) if staging.is_dir() else {}
            manifests.save([(out, written)] + ([(_previous(out), old)] if _keep_previous(staging, out) else []))
    except OSError as exc:
        raise _write_failed(out_dir, exc) from None
    finally:
        _discard(staging, out)  # the new site when the swap failed, else the old one (or its stand-in)


def _previous(out: Path) -> Path:
    return out.with_name(f".{out.name}.prev")


def _claim_previous(out: Path) -> Path | None:
    """The old site a cached build kept, renamed to this build's staging name (so two builds
    never share it), or None when there is none or it is not charterpress's own."""
    previous = _previous(out)
    if previous.is_symlink() or not previous.is_dir() or not _is_own_output(previous):
        return None
    staging = out.with_name(f".{out.name}.new-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(previous, staging)
    except OSError:
        return None  # another build took it first
    return staging


def _keep_previous(staging: Path, out: Path) -> bool:
    """After the swap: keep the old site as the next build's staging folder (only our own)."""
    previous = _previous(out)
    if not staging.is_dir() or not (staging / MARKER).is_file() or os.path.lexists(previous):
        return False
    try:
        os.rename(staging, previous)
    except OSError:
        return False
    staging.mkdir()  # an empty stand-in, so the caller's rename-and-delete finds a folder
    return True


def _scan(folder: Path) -> tuple[dict[str, os.stat_result], dict[str, os.stat_result], list[str]]:
    """Everything in `folder`: regular files and folders by relative path (with their lstat),
    and anything else (links, FIFOs), which a site never holds. Plain strings, not Paths: a
    site of 10,000 pages spent seconds in pathlib here."""
    files: dict[str, os.stat_result] = {}
    dirs: dict[str, os.stat_result] = {}
    odd: list[str] = []
    todo = [("", str(folder))]
    while todo:
        prefix, here = todo.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                rel = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    dirs[rel] = entry.stat(follow_symlinks=False)
                    todo.append((rel + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    files[rel] = entry.stat(follow_symlinks=False)
                else:
                    odd.append(entry.path)
    return files, dirs, odd


def _stamp(info: os.stat_result, digest: bytes) -> tuple:
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_mode, digest)


def _write_files(staging: Path, files: list[OutputFile], known: dict[str, tuple]) -> dict[str, tuple]:
    """Make `staging` hold exactly the marker and `files`; return the manifest of what it holds.
    A file is kept only when `known` proves it holds the new bytes; everything else is removed."""
    wanted: dict[str, OutputFile] = {MARKER: OutputFile(MARKER, MARKER_TEXT, "(charterpress)")}
    folders: set[str] = set()
    for file in sorted(files, key=lambda f: f.path):
        parts = file.path.split("/")
        if ".." in parts or file.path.startswith("/") or Path(file.path).is_absolute():
            raise ValueError(f"output path escapes the site: {file.path}")  # slugs are validated
        wanted.setdefault(file.path, file)  # a conflict is a build error before this
        folders.update("/".join(parts[:i]) for i in range(1, len(parts)))
    root = str(staging)
    present, dirs, odd = _scan(staging)  # empty, unless it is the previous build's old site
    for path in odd:
        os.unlink(path)
    for rel in sorted(dirs):  # parents first; a folder gone with its parent is skipped
        if rel not in folders and os.path.lexists(os.path.join(root, rel)):
            shutil.rmtree(os.path.join(root, rel))
    for rel in present:
        if rel not in wanted and os.path.lexists(os.path.join(root, rel)):
            os.unlink(os.path.join(root, rel))
    made = {""}
    for rel, info in dirs.items():
        if rel in folders:
            if info.st_mode & 0o7777 != DIR_MODE:
                os.chmod(os.path.join(root, rel), DIR_MODE)
            made.add(rel)
    manifest: dict[str, tuple] = {}
    for rel, file in wanted.items():
        target = os.path.join(root, rel)
        _make_dirs(root, rel.rpartition("/")[0], made)
        if file.spooled:
            if rel in present:
                os.unlink(target)
            copy_into(file, Path(target))  # a big file: linked or copied from disk, never read into memory
            continue
        data = file.data
        digest = hashlib.sha256(data).digest()
        info = present.get(rel)
        if info is not None and known.get(rel) == _stamp(info, digest):
            manifest[rel] = known[rel]
            continue
        if info is not None:
            os.unlink(target)  # never written in place: the inode may be linked elsewhere
        manifest[rel] = _stamp(_write_file(target, data), digest)
    return manifest


def _make_dirs(root: str, folder: str, made: set[str]) -> None:
    if folder in made:
        return
    _make_dirs(root, folder.rpartition("/")[0], made)
    path = os.path.join(root, folder)
    os.makedirs(path, exist_ok=True)
    os.chmod(path, DIR_MODE)
    made.add(folder)


def _write_file(path: str | Path, data: bytes) -> os.stat_result:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # the umask trimmed the mode given to open
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _swap(staging: Path, out: Path) -> None:
    """Put `staging` at `out`; afterwards `staging` holds the old site (or nothing)."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        return
    # No RENAME_EXCHANGE (not Linux, or a file system without it): two renames, a short gap.
    retired = staging.with_name(staging.name.replace(".new-", ".old-", 1))
    os.rename(out, retired)
    os.rename(staging, out)
    os.rename(retired, staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(2); False when the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _discard(folder: Path, out: Path) -> None:
    """Delete a folder of ours; renamed first, so a kill halfway leaves a name that says 'delete'."""
    doomed = out.with_name(f".{out.name}.del-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        os.rename(folder, doomed)
    except OSError:
        return  # gone already (the first build of a site renames staging into place)
    shutil.rmtree(doomed, ignore_errors=True)


def _remove_stale_staging(out: Path) -> None:
    """Folders of builds that were killed, their process gone: staging (ours by name and marker)
    and half-deleted old sites (renamed to .del- before deletion, so ours by name alone)."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(new|old|del)-(\d+)-\w+")
    for entry in out.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if not match or _alive(int(match.group(2))) or entry.is_symlink() or not entry.is_dir():
            continue
        if match.group(1) == "del":
            shutil.rmtree(entry, ignore_errors=True)
        elif _is_own_output(entry) or not any(entry.iterdir()):
            _discard(entry, out)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier build of this same process cannot still be writing
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _is_own_output(folder: Path) -> bool:
    if (folder / MARKER).is_file():
        return True
    assets = folder / "assets"
    return ((folder / "index.html").is_file() and (folder / "404.html").is_file() and assets.is_dir()
            and any(LEGACY_STYLE.fullmatch(p.name) for p in assets.iterdir()))


def _first_non_folder(path: Path) -> Path | None:
    """The first existing path from the root down that is not a folder (so nothing can go below)."""
    for ancestor in reversed([path, *path.parents]):
        if not ancestor.exists():
            return None
        if not ancestor.is_dir():
            return ancestor
    return None


def _write_failed(out_dir: Path, exc: OSError) -> BuildFailed:
    where = f" ({exc.filename})" if exc.filename else ""
    return BuildFailed([error(SourceLoc(str(out_dir)),
                              f"cannot write the site: {exc.strerror or exc}{where}; "
                              "the previous site is unchanged")])
