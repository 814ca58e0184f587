"""최종수정일: the date a source file last changed (its last git commit, else its modification time)."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo


def git_dates(source_dir: Path, zone: ZoneInfo) -> dict[str, date]:
    """Last commit date of every tracked file under `source_dir`, keyed by path relative to it.

    One `git log` for the whole folder: asking per file would cost a process per page.
    """
    try:
        out = subprocess.run(
            ["git", "-C", str(source_dir), "log", "--relative", "--no-renames", "--name-only",
             "--format=%x00%cI"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, date] = {}
    for commit in out.split("\x00")[1:]:
        stamp, *names = commit.strip().split("\n")
        day = datetime.fromisoformat(stamp).astimezone(zone).date()
        for name in names:
            if name:
                dates.setdefault(name, day)
    return dates


def is_shallow(source_dir: Path) -> bool:
    """Whether `source_dir` is in a shallow clone (the default checkout of GitHub Actions and
    GitLab CI), where every file's last commit is the newest one: its git dates are not true."""
    try:
        out = subprocess.run(["git", "-C", str(source_dir), "rev-parse", "--is-shallow-repository"],
                             capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return out.strip() == "true"


SHALLOW_ADVICE = ("the site is in a shallow git clone, so git cannot tell when each file changed "
                  "(clone with full history: fetch-depth: 0 on GitHub Actions, GIT_DEPTH: 0 on GitLab CI)")


def file_date(source_dir: Path, rel: str, git: dict[str, date], zone: ZoneInfo) -> date:
    if rel in git:
        return git[rel]
    mtime = (source_dir / rel).stat().st_mtime
    return datetime.fromtimestamp(mtime, zone).date()
