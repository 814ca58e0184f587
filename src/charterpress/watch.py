"""Watch a site's inputs with the kernel's file events, and hand changes over in bursts.

`serve` rebuilds once per burst: an editor's save is often several events (write a temporary
file, rename it over the original, chmod, remove a backup), and a `git checkout` is hundreds.
A change that arrives while a rebuild runs is kept for the next one, so a quick second save is
never lost. The watcher is inotify through watchdog: idle, it costs nothing, where polling the
whole tree (livereload's way) costs a few per cent of a core on a large site.
"""

from __future__ import annotations

import fnmatch
import threading
import time
from collections.abc import Iterable
from pathlib import Path, PurePath

# Folders whose files are never inputs: version control, the build cache, Python's byte code.
IGNORED_DIRS = frozenset({".git", ".hg", ".svn", ".charterpress", "__pycache__"})
# Files editors and office programs write beside the real one while saving or editing.
TEMP_FILES = (
    ".*.sw?", "*~", "4913",             # vim: swap files, backups, the write-permission probe
    ".#*", "#*#",                       # emacs: lock and auto-save files
    "*.kate-swp", ".goutputstream-*",   # kate; gedit and other GIO editors
    "*___jb_tmp___", "*___jb_old___",   # JetBrains "safe write"
    "~$*", ".~lock.*#",                 # Excel and LibreOffice lock files (an open .xlsx)
    "*.tmp", ".DS_Store",
)
# Events that do not change an input: our own build opening and reading files.
QUIET_EVENTS = frozenset({"opened", "closed_no_write"})


def is_input(path: str, roots: Iterable[Path]) -> bool:
    """Whether a change to `path` can change the site: not in an ignored folder, not an
    editor's temporary file. Anything else counts (a spurious rebuild is cheap; a missed
    one shows a stale page)."""
    for root in roots:
        try:
            parts = PurePath(path).relative_to(root).parts
        except ValueError:
            continue
        if any(part in IGNORED_DIRS for part in parts[:-1]) or (parts and parts[-1] in IGNORED_DIRS):
            return False
        name = parts[-1] if parts else ""
        return not any(fnmatch.fnmatchcase(name, pattern) for pattern in TEMP_FILES)
    return False


class Changes:
    """Changed paths collected from the watcher thread, taken out by the rebuild thread in bursts.

    `take` waits for a first change, then until no new change has come for `quiet` seconds (or
    `longest` seconds have passed since the first, so a never-ending stream of events still
    rebuilds), and returns them all at once. Changes added while the caller rebuilds wait for
    the next `take`.
    """

    def __init__(self, quiet: float = 0.05, longest: float = 2.0):
        self.quiet, self.longest = quiet, longest
        self._cond = threading.Condition()
        self._pending: set[str] = set()
        self._first = self._last = 0.0
        self._closed = False

    def add(self, path: str) -> None:
        with self._cond:
            now = time.monotonic()
            if not self._pending:
                self._first = now
            self._pending.add(path)
            self._last = now
            self._cond.notify_all()

    def take(self) -> set[str] | None:
        """The next burst of changed paths, or None once closed."""
        with self._cond:
            while True:
                self._cond.wait_for(lambda: self._pending or self._closed)
                if self._closed:
                    return None
                due = min(self._last + self.quiet, self._first + self.longest)
                wait = due - time.monotonic()
                if wait <= 0:
                    burst, self._pending = self._pending, set()
                    return burst
                self._cond.wait(wait)

    def pending(self) -> bool:
        """Whether a change came since the last `take` (serve then stops the work in hand)."""
        with self._cond:
            return bool(self._pending) or self._closed

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()


class Watcher:
    """inotify watches on the site folder and the theme, feeding `changes` with input paths."""

    def __init__(self, roots: Iterable[Path], changes: Changes):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        self.roots = [root.resolve() for root in roots]
        self.changes = changes
        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                watcher.seen(event)

        self._observer = Observer()
        for root in self.roots:
            self._observer.schedule(Handler(), str(root), recursive=True)

    def seen(self, event) -> None:
        if event.event_type in QUIET_EVENTS:
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder "modified" only because a file in it was: that file says so itself
        # A save by rename ("x.md~" or ".x.md.swp" → "x.md") counts by its destination.
        for path in (event.src_path, getattr(event, "dest_path", "")):
            path = path.decode("utf-8", "surrogateescape") if isinstance(path, bytes) else path
            if path and is_input(path, self.roots):
                self.changes.add(path)

    def start(self) -> None:
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
