"""Write a built site: all files or none, swapped in only after the whole build succeeded."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.render import OutputFile


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


def write_site(files: list[OutputFile], out_dir: Path) -> None:
    """Write every file into a fresh folder beside `out_dir`, then swap it in.

    A reader of `out_dir` sees the old site or the new one, never a mix; files of deleted sources
    cannot linger because the new folder starts empty.
    """
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for file in sorted(files, key=lambda f: f.path):
            target = (staging / file.path).resolve()
            if not target.is_relative_to(staging):  # paths come from validated slugs; belt and braces
                raise ValueError(f"output path escapes the site: {file.path}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(file.data)
        os.chmod(staging, 0o755)  # mkdtemp makes 0700; web servers and checkers need to read it
        _swap(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        os.replace(staging, out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
    os.replace(out_dir, retired / out_dir.name)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)
