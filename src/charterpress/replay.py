"""A build in which nothing changed: the last build's result, reused without reading a source.

After a cached build succeeded, `build` records (in the build cache, HMAC-checked like every
entry) the state everything it read was in when it started: the lstat of every file and folder
of the site (inode, size, mode, modification and change time; the change time moves with any
write, even one that restores the modification time, and cannot be set back), where the site's
git history stands (최종수정일 may come from it), the search tool found, the day deadlines were
judged on; and, after the write, the lstat of every file of the output folder. When the next
build finds all of these as recorded, its output would be the same bytes as the folder already
holds, so it keeps that folder as it is and repeats the last build's warnings. Anything else
(one changed byte anywhere, a new or removed file, a touched output file) is a full build.

charterpress's own code, templates and libraries are covered by the cache folder's name (see
cache.code_digest): another version never finds the record.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from charterpress.cache import CACHE_DIR, Cache, key
from charterpress.config import today_in
from charterpress.diagnostics import Diagnostic
from charterpress.output import DIR_MODE, Manifests
from charterpress.search import find_indexer

KIND = "replay"
SKIPPED = (CACHE_DIR.parts[0], ".git")  # the cache itself (written by every build) and git's store


@dataclass(frozen=True)
class Replayed:
    """What the CLI reports of a build that reused the last one (the output folder is as it was)."""

    warnings: list[Diagnostic]
    page_count: int


@dataclass(frozen=True)
class State:
    """Everything a build's output depends on besides charterpress itself, taken before it reads."""

    sources: dict[str, tuple]
    git: tuple
    search: tuple


def _signature(info: os.stat_result) -> tuple:
    return (info.st_mode, info.st_ino, info.st_dev, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def source_state(source_dir: Path) -> State:
    """The lstat of everything in the site (links also with what they lead to), the git state
    and the search tool. Plain strings and os.scandir: 10,000 pages cost milliseconds."""
    sources: dict[str, tuple] = {}
    todo = [("", str(source_dir))]
    while todo:
        prefix, here = todo.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                if not prefix and entry.name in SKIPPED:
                    continue
                rel = prefix + entry.name
                info = entry.stat(follow_symlinks=False)
                sources[rel] = _signature(info)
                if stat.S_ISLNK(info.st_mode):  # a link may lead anywhere: what it leads to counts too
                    try:
                        sources[rel] += (os.readlink(entry.path), _signature(os.stat(entry.path)))
                    except OSError as exc:
                        sources[rel] += (exc.errno,)
                elif stat.S_ISDIR(info.st_mode):
                    todo.append((rel + "/", entry.path))
    indexer, why = find_indexer()
    search: tuple = (why,)
    if indexer is not None:
        try:
            search = (str(indexer.binary), indexer.version, _signature(os.stat(indexer.binary)))
        except OSError as exc:
            search = (str(indexer.binary), exc.errno)
    return State(sources, _git_state(source_dir.resolve()), search)


def _git_state(folder: Path) -> tuple:
    """Where the git repository holding the site stands: its HEAD, the branch it names, packed
    refs and the shallow marker (a commit, checkout, reset or fetch changes one of them)."""
    for top in (folder, *folder.parents):
        dot = top / ".git"
        if os.path.lexists(dot):
            break
    else:
        return ()
    try:
        gitdir = dot
        if not dot.is_dir():  # a worktree or submodule: "gitdir: …"
            gitdir = top / dot.read_text(encoding="utf-8").removeprefix("gitdir:").strip()
        common = gitdir
        if (gitdir / "commondir").is_file():
            common = gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()
        head = (gitdir / "HEAD").read_text(encoding="utf-8")
        paths = [gitdir / "HEAD", common / "packed-refs", common / "shallow", gitdir / "shallow"]
        if head.startswith("ref:"):
            paths.append(common / head[4:].strip())
        state: list = [str(dot), head]
        for path in paths:
            try:
                state.append((str(path), _signature(path.stat())))
            except OSError as exc:
                state.append((str(path), exc.errno))
        return tuple(state)
    except (OSError, UnicodeDecodeError, ValueError):
        return ("unreadable", str(dot), os.urandom(8).hex())  # never equal: every build a full one


def output_state(out: Path) -> dict[str, tuple] | None:
    """The lstat of every file and folder in the output folder, None when it holds anything else."""
    found: dict[str, tuple] = {"": _signature(out.stat())}
    todo = [("", str(out))]
    while todo:
        prefix, here = todo.pop()
        with os.scandir(here) as entries:
            for entry in entries:
                info = entry.stat(follow_symlinks=False)
                if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
                    return None
                found[prefix + entry.name] = _signature(info)
                if stat.S_ISDIR(info.st_mode):
                    todo.append((prefix + entry.name + "/", entry.path))
    return found


class Record:
    """The last successful build's record for one output folder, looked up before anything is read."""

    def __init__(self, cache: Cache, source_dir: Path, out_dir: Path):
        self.cache = cache
        self.out = out_dir.resolve()
        self.name = key(KIND, str(source_dir.resolve()), str(self.out))
        self.state = source_state(source_dir)  # before the build reads anything: an edit during it is seen next time

    def last(self, today: date | None) -> tuple[list[Diagnostic], list[Diagnostic], int] | None:
        """The last build's (warnings, the search index's warnings, page count) when nothing changed since."""
        if not self.cache.enabled:
            return None
        found = self.cache.get(KIND, self.name)
        if not isinstance(found, dict) or found.get("state") != self.state:
            return None
        try:
            day = today or today_in(found["timezone"])
            if day != found["today"] or not os.path.isdir(self.out) or not _same(self.out, found):
                return None
        except (OSError, KeyError, ValueError):
            return None
        return found["warnings"], found["index_warnings"], found["pages"]

    def save(self, today: date, timezone: str, warnings: list[Diagnostic], index_warnings: list[Diagnostic],
             pages: int, manifests: Manifests) -> None:
        """After the output folder was written. Only files whose lstat is still what the writer
        recorded are vouched for; big (spooled) files, which it does not record, by their bytes."""
        try:
            output = output_state(self.out)
            written = manifests.of(self.out)
        except OSError:
            return
        if output is None or output[""][0] & 0o7777 != DIR_MODE:
            return
        spooled = {}
        for rel, sig in output.items():
            stamp = written.get(rel)
            if stamp is None and stat.S_ISREG(sig[0]) and rel != "":
                spooled[rel] = (sig[0], sig[3], _digest(self.out / rel))
            elif stamp is not None and (sig[1], sig[3], sig[4], sig[5], sig[0]) != stamp[:5]:
                return  # changed since it was written (someone else writes here): no record
        for rel in spooled:
            del output[rel]
        self.cache.put(KIND, self.name, {"state": self.state, "today": today, "timezone": timezone,
                                         "output": output, "spooled": spooled, "warnings": warnings,
                                         "index_warnings": index_warnings, "pages": pages})


def _digest(path: Path) -> bytes:
    digest = hashlib.sha256()
    with open(path, "rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.digest()


def _same(out: Path, found: dict) -> bool:
    """Whether the output folder is as the last build left it. Big files are linked from a spool
    that is deleted later (which moves their change time), so those are compared by their bytes."""
    now = output_state(out)
    recorded, spooled = found["output"], found["spooled"]
    if now is None or len(now) != len(recorded) + len(spooled):
        return False
    for rel, sig in now.items():
        if rel in spooled:
            mode, size, digest = spooled[rel]
            if (sig[0], sig[3]) != (mode, size) or _digest(out / rel) != digest:
                return False
        elif recorded.get(rel) != sig:
            return False
    return True
