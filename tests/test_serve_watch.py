"""The preview's watcher: kernel file events, one rebuild per burst, no save lost, noise ignored."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Self

import pytest

from charterpress.watch import Changes, Watcher, is_input

QUIET = 0.2  # the burst window here: wider than serve's, so a loaded CI machine cannot split a save


def _until(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Recorder:
    """A rebuild loop like serve's, recording each burst; `block` holds the next rebuild."""

    def __init__(self, root: Path):
        self.changes = Changes(quiet=QUIET)
        self.watcher = Watcher([root], self.changes)
        self.bursts: list[set[str]] = []
        self.block = threading.Event()
        self.block.set()
        self.running = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _loop(self) -> None:
        while (burst := self.changes.take()) is not None:
            self.running.set()
            self.block.wait(10)
            self.bursts.append({Path(p).name for p in burst})
            self.running.clear()

    def __enter__(self) -> Self:
        self.watcher.start()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.changes.close()
        self.watcher.stop()
        self.thread.join(5)

    def settled(self, count: int) -> list[set[str]]:
        """The bursts once `count` have been rebuilt and no more came within a few windows."""
        _until(lambda: len(self.bursts) >= count)
        time.sleep(QUIET * 3)
        return self.bursts


def _save_like_vim(path: Path, text: str) -> None:
    """vim's default save: a swap file, a backup by rename, the new file written, chmod, the
    backup removed, plus its write-permission probe '4913'."""
    swap = path.with_name(f".{path.name}.swp")
    swap.write_text("swap")
    probe = path.with_name("4913")
    probe.write_text("")
    probe.unlink()
    backup = path.with_name(path.name + "~")
    path.rename(backup)
    path.write_text(text, encoding="utf-8")
    os.chmod(path, 0o644)
    backup.unlink()
    swap.unlink()


def test_one_rebuild_per_editor_save(tmp_path) -> None:
    page = tmp_path / "pages" / "a.md"
    page.parent.mkdir()
    page.write_text("하나\n", encoding="utf-8")
    with Recorder(tmp_path) as recorder:
        _save_like_vim(page, "둘\n")
        assert recorder.settled(1) == [{"a.md"}]


def test_a_save_during_a_rebuild_is_rebuilt_once_more(tmp_path) -> None:
    page = tmp_path / "site.yaml"
    page.write_text("a: 1\n", encoding="utf-8")
    with Recorder(tmp_path) as recorder:
        recorder.block.clear()
        page.write_text("a: 2\n", encoding="utf-8")
        assert recorder.running.wait(10)   # the rebuild of the first save is under way…
        page.write_text("a: 3\n", encoding="utf-8")  # …when the second save lands
        _until(lambda: len(recorder.changes._pending) > 0)
        recorder.block.set()
        assert recorder.settled(2) == [{"site.yaml"}, {"site.yaml"}]


def test_every_kind_of_input_at_any_depth_is_watched_and_noise_is_not(tmp_path) -> None:
    for folder in ("disclosures/2026", "templates/partials", "static/img", ".charterpress/cache", ".git"):
        (tmp_path / folder).mkdir(parents=True)
    with Recorder(tmp_path) as recorder:
        for noise in (".charterpress/cache/x.json", ".git/index", "~$10.xlsx", ".~lock.10.xlsx#", "#a.md#"):
            (tmp_path / noise).write_text("x")
        for rel in ("disclosures/2026/10.csv", "disclosures/2026/11.xlsx", "templates/partials/nav.html",
                    "static/img/logo.svg", "departments.yaml"):
            (tmp_path / rel).write_text("x")
        bursts = recorder.settled(1)
    assert set().union(*bursts) == {"10.csv", "11.xlsx", "nav.html", "logo.svg", "departments.yaml"}


def test_a_rename_and_a_deletion_count(tmp_path) -> None:
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.md").write_text("x")
    with Recorder(tmp_path) as recorder:
        (tmp_path / "a.md").rename(tmp_path / "c.md")
        assert set().union(*recorder.settled(1)) >= {"a.md", "c.md"}
        (tmp_path / "b.md").unlink()
        assert recorder.settled(2)[-1] == {"b.md"}


def test_a_burst_is_taken_once_quiet_and_a_steady_stream_still_rebuilds() -> None:
    changes = Changes(quiet=0.05, longest=0.3)
    changes.add("a")
    started = time.monotonic()
    assert changes.take() == {"a"} and time.monotonic() - started >= 0.04
    stop = threading.Event()

    def stream() -> None:
        while not stop.is_set():
            changes.add("b")
            time.sleep(0.01)
    threading.Thread(target=stream, daemon=True).start()
    try:
        started = time.monotonic()
        assert changes.take() == {"b"} and time.monotonic() - started < 2
    finally:
        stop.set()
    changes.close()
    assert changes.take() is None


@pytest.mark.parametrize(("path", "watched"), [
    ("/s/pages/a.md", True), ("/s/.well-known/security.txt", True), ("/s/static/a~b.png", True),
    ("/s/.charterpress/cache/p", False), ("/s/.git/HEAD", False), ("/s/pages/.a.md.swp", False),
    ("/s/pages/a.md~", False), ("/s/4913", False), ("/s/.#a.md", False), ("/s/x___jb_tmp___", False),
    ("/elsewhere/a.md", False)])
def test_what_counts_as_an_input(path: str, watched: bool) -> None:
    assert is_input(path, [Path("/s")]) is watched
