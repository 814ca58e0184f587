"""The output folder: only charterpress's own is ever replaced, the swap is atomic even under
`kill -9`, killed builds' staging folders are cleaned up, file-system faults are messages."""

from __future__ import annotations

import errno
import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from charterpress import output
from charterpress.build import build
from charterpress.diagnostics import BuildFailed
from conftest import MINIMAL, TODAY, tree_bytes

KILLS = int(os.environ.get("CHARTERPRESS_KILLS", "12"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the current folder) with its sources in content/ and a git repository."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root / "content")
    (root / ".git").mkdir()
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _refused(out: str, source: str = "content") -> str:
    with pytest.raises(BuildFailed) as failure:
        build(Path(source), Path(out), today=TODAY)
    return "\n".join(str(d) for d in failure.value.diagnostics)


@pytest.mark.parametrize(("out", "reason"), [
    (".", "contains the site's sources (content)"),
    ("..", "contains the site's sources (content)"),
    ("content", "is the site's source folder"),
    ("content/site", "is inside the site's source folder (content); write the site next to it"),
    ("content/pages", "is inside the site's source folder (content); write the site next to it"),
])
def test_sources_and_their_parents_are_never_replaced(project: Path, out: str, reason: str) -> None:
    before = tree_bytes(project)
    assert _refused(out) == f"{out}: will not write the site here: the output folder {reason}"
    assert tree_bytes(project) == before


def test_the_current_folder_is_never_replaced(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project / "content" / "pages")
    message = _refused("..", source="../../content")  # the sources' own folder, seen from inside
    assert "the output folder is the site's source folder" in message
    elsewhere = project.parent / "elsewhere"
    shutil.copytree(project / "content", elsewhere)
    monkeypatch.chdir(project / "content")
    assert _refused(".", source=str(elsewhere)) == (
        ".: will not write the site here: the output folder is the current folder (or contains it)")


def test_a_git_repository_is_never_replaced(project: Path) -> None:
    build(Path("content"), Path("site"), today=TODAY)
    (project / "site" / ".git").mkdir()  # e.g. a gh-pages checkout
    assert _refused("site") == ("site: will not write the site here: the output folder holds a git "
                                "repository (.git); deploy by copying the built site into it instead")
    assert (project / "site" / ".git").is_dir()


def test_a_folder_charterpress_did_not_write_is_never_replaced(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "report.hwp").write_bytes(b"precious")
    assert _refused("docs") == (
        "docs: will not write the site here: the output folder is not empty and was not written by "
        "charterpress (it has no .charterpress-site file); choose a new or empty folder, or empty "
        "this one yourself")
    assert (project / "docs" / "report.hwp").read_bytes() == b"precious"


def test_a_path_under_a_file_is_a_message(project: Path) -> None:
    assert _refused("notes.txt/site") == (
        f"notes.txt/site: will not write the site here: the output folder would lie under "
        f"'{project / 'notes.txt'}', which is a file")


def test_own_empty_absent_and_legacy_output_are_replaced(project: Path) -> None:
    build(Path("content"), Path("site"), today=TODAY)
    assert (project / "site" / output.MARKER).is_file()
    build(Path("content"), Path("site"), today=TODAY)  # its own output, by the marker
    (project / "empty").mkdir()
    build(Path("content"), Path("empty"), today=TODAY)
    legacy = project / "legacy"
    shutil.copytree(project / "site", legacy)
    (legacy / output.MARKER).unlink()  # a site built before the marker existed
    build(Path("content"), Path("legacy"), today=TODAY)
    assert tree_bytes(legacy) == tree_bytes(project / "site")


def test_pages_are_readable_by_a_web_server_whatever_the_umask(project: Path) -> None:
    old = os.umask(0o077)
    try:
        build(Path("content"), Path("site"), today=TODAY)
    finally:
        os.umask(old)
    site = project / "site"
    modes = {oct(p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")]}
    assert modes == {"0o644", "0o755"}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_file_system_faults_are_messages_and_keep_the_old_site(
        project: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    build(Path("content"), Path("site"), today=TODAY)
    before = tree_bytes(project / "site")
    calls = 0
    real_write = os.write

    def failing_write(fd: int, data) -> int:
        nonlocal calls
        calls += 1
        if calls == 20:
            raise OSError(code, os.strerror(code))
        return real_write(fd, data)

    monkeypatch.setattr(output.os, "write", failing_write)
    message = _refused("site")
    assert message == f"site: cannot write the site: {os.strerror(code)}; the previous site is unchanged"
    assert tree_bytes(project / "site") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


def test_a_full_disk_and_a_read_only_disk_keep_the_old_site(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, "1200k"):
        pytest.skip("cannot mount a small tmpfs here (not root, or no mount permission)")
    try:
        out = disk / "site"
        small = tmp_path / "small"
        shutil.copytree(MINIMAL, small)
        build(small, out, today=TODAY)  # the minimal site fits (about 600 KB on tmpfs with its search index)
        before = tree_bytes(out)
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        with pytest.raises(BuildFailed) as failure:
            build(small, out, today=TODAY)
        assert "Read-only file system" in str(failure.value.diagnostics[0])
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
        (small / "static").mkdir(exist_ok=True)
        (small / "static" / "big.pdf").write_bytes(os.urandom(800_000))  # no longer fits twice
        with pytest.raises(BuildFailed) as failure:
            build(small, out, today=TODAY)
        assert str(failure.value.diagnostics[0]).startswith(f"{out}: cannot write the site: No space left on device")
        assert tree_bytes(out) == before
        assert sorted(p.name for p in disk.iterdir()) == ["site"]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_without_rename_exchange_two_renames_still_swap(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(Path("content"), Path("site"), today=TODAY)
    (project / "content" / "pages" / "extra.md").write_text("---\ntitle: 새 쪽\n---\n\n내용\n", encoding="utf-8")
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)  # e.g. a file system without it
    build(Path("content"), Path("site"), today=TODAY)
    assert (project / "site" / "extra" / "index.html").is_file()
    assert [p.name for p in project.iterdir() if p.name.startswith(".site.")] == []


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_staging_folders_of_killed_builds_are_cleaned_up(project: Path) -> None:
    build(Path("content"), Path("site"), today=TODAY)
    dead, living = _dead_pid(), os.getppid()
    ours_dead = project / f".site.new-{dead}-abc123"
    shutil.copytree(project / "site", ours_dead)
    (project / f".site.old-{dead}-empty1").mkdir()
    half_deleted = project / f".site.del-{dead}-0a1b2c3d"  # a kill during the old site's deletion
    (half_deleted / "charter").mkdir(parents=True)
    (half_deleted / "charter" / "index.html").write_text("old", encoding="utf-8")
    ours_running = project / f".site.new-{living}-xyz789"
    shutil.copytree(project / "site", ours_running)
    not_ours = project / f".site.new-{dead}-foreign"
    not_ours.mkdir()
    (not_ours / "thesis.docx").write_bytes(b"keep")
    build(Path("content"), Path("site"), today=TODAY)
    left = sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))
    assert left == sorted([not_ours.name, ours_running.name])  # only dead builds' own folders go


# A build in a child process that kills itself with SIGKILL at a chosen moment of the swap.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from charterpress import output
    from charterpress.build import build
    moment = sys.argv[3]
    real_exchange, real_rmtree = output._exchange, output.shutil.rmtree
    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)
    if moment == "before-swap":
        output._exchange = die
    elif moment == "after-swap":
        output.shutil.rmtree = die
    build(Path(sys.argv[1]), Path(sys.argv[2]))
""")


def _reference(tmp_path: Path, source: Path) -> dict[str, bytes]:
    build(source, tmp_path / "reference")
    return tree_bytes(tmp_path / "reference")


def _variant(tmp_path: Path) -> tuple[Path, Path]:
    """Two sources whose sites differ, so a check can tell the old site from the new."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(MINIMAL, old)
    shutil.copytree(MINIMAL, new)
    (new / "pages" / "extra.md").write_text("---\ntitle: 새 쪽\n---\n\n새 내용\n", encoding="utf-8")
    return old, new


@pytest.mark.parametrize(("moment", "expected"), [("before-swap", "old"), ("after-swap", "new")])
def test_a_kill_at_the_swap_leaves_a_whole_site(tmp_path: Path, moment: str, expected: str) -> None:
    old, new = _variant(tmp_path)
    out = tmp_path / "site"
    build(old, out)
    want = tree_bytes(out) if expected == "old" else _reference(tmp_path, new)
    child = subprocess.run([sys.executable, "-c", KILLER, str(new), str(out), moment])
    assert child.returncode == -9
    assert tree_bytes(out) == want
    build(new, out)  # the next build cleans up after the killed one
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == []


def test_random_kills_never_leave_a_missing_or_mixed_site(tmp_path: Path) -> None:
    """Builds killed at seeded random moments: site/ is always the old or the new site, whole."""
    old, new = _variant(tmp_path)
    out = tmp_path / "site"
    sites = {"old": _reference(tmp_path / "a", old), "new": _reference(tmp_path / "b", new)}
    build(old, out)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "charterpress", "build", str(new), "-o", str(tmp_path / "timing")],
                   check=True, capture_output=True)
    duration = time.perf_counter() - started
    rng = random.Random(12)
    seen = {"old": 0, "new": 0}
    for kill in range(KILLS):
        source = new if kill % 2 == 0 else old
        child = subprocess.Popen([sys.executable, "-m", "charterpress", "build", str(source), "-o", str(out)],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.4, 1.2) * duration)
        child.kill()
        child.wait()
        now = tree_bytes(out)
        state = next((name for name, tree in sites.items() if tree == now), None)
        assert state is not None, f"kill {kill}: site/ is neither the old nor the new site"
        seen[state] += 1
    build(new, out, cache=True)  # as the CLI does: whatever the last kill left, one build later
    # only the old site a cached build keeps for the next one is beside site/ (a kill between
    # claiming .site.prev and the swap leaves a staging folder, which this build removes).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")] == [".site.prev"]
    assert (tmp_path / ".site.prev" / output.MARKER).is_file()
    print(f"{KILLS} kills: site/ whole every time ({seen['old']} old, {seen['new']} new)")


def test_validators_serve_the_site_at_its_base_path_only(tmp_path) -> None:
    import urllib.error
    import urllib.request

    from charterpress.validators import served

    (tmp_path / "index.html").write_text("home", encoding="utf-8")
    with served(tmp_path, "/charter/") as base:
        assert base.endswith("/charter/")
        assert urllib.request.urlopen(base + "index.html").read() == b"home"
        with pytest.raises(urllib.error.HTTPError) as outside:
            urllib.request.urlopen(base.removesuffix("charter/") + "index.html")
        assert outside.value.code == 404
