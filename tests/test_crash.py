"""Never a traceback: internal errors exit 3, and every input the audit found crashing is a
located message instead (the content cases are folders under sites/invalid/crash-*; the ones
git cannot hold — folders named like files, links, FIFOs, unreadable files — are made here)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import charterpress.cli
from charterpress.build import render
from charterpress.cli import main
from charterpress.diagnostics import BuildFailed, SourceLoc
from charterpress.yamlnodes import compose
from conftest import MINIMAL, TODAY


def _messages(site: Path) -> list[str]:
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    return [str(d) for d in failure.value.diagnostics]


# --- exit codes ----------------------------------------------------------------------------

def _boom(*args, **kwargs):
    raise ValueError("something impossible")


def test_internal_error_exits_3_with_one_line_and_no_traceback(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(charterpress.cli, "run_build", _boom)
    monkeypatch.delenv("CHARTERPRESS_DEBUG", raising=False)
    result = CliRunner().invoke(main, ["build", str(MINIMAL), "-o", str(tmp_path / "out")])
    assert result.exit_code == 3
    assert result.output == ("charterpress: internal error (ValueError: something impossible); "
                             "please report it, with --debug output\n")


@pytest.mark.parametrize("how", ["option", "environment"])
def test_debug_shows_the_traceback(monkeypatch, tmp_path, how: str) -> None:
    monkeypatch.setattr(charterpress.cli, "run_build", _boom)
    args = ["build", str(MINIMAL), "-o", str(tmp_path / "out")]
    if how == "option":
        result = CliRunner().invoke(main, ["--debug", *args])
    else:
        result = CliRunner().invoke(main, args, env={"CHARTERPRESS_DEBUG": "1"})
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.output and "in _boom" in result.output
    assert result.output.endswith("please report it, with --debug output\n")


def test_check_and_suggest_go_through_the_same_wrapper(monkeypatch) -> None:
    import charterpress.check

    monkeypatch.setattr(charterpress.check, "render", _boom)
    assert CliRunner().invoke(main, ["check", str(MINIMAL)]).exit_code == 3


def test_today_out_of_range_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["check", str(MINIMAL), "--today", "9999-12-31"])
    assert result.exit_code == 2 and "is out of range" in result.output


# --- YAML limits ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["a: " + "[" * 5000, "a: " + "{" * 20000, "- " * 5000 + "x",
                                  "\n".join(" " * i + f"k{i}:" for i in range(3000)), "a: " + "x" * 200_000])
def test_deep_or_long_yaml_is_refused_quickly(text: str) -> None:
    started = time.perf_counter()
    node, problems = compose(text, SourceLoc("f.yaml", 1))
    assert node is None and len(problems) == 1 and str(problems[0]).startswith("f.yaml:")
    assert time.perf_counter() - started < 0.5


def test_nesting_within_the_limit_and_quoted_brackets_are_fine() -> None:
    text = "a: " + "[" * 40 + "]" * 40 + "\nb: '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['\nc: x # {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{\n"
    node, problems = compose(text, SourceLoc("f.yaml", 1))
    assert node is not None and problems == []


# --- the file system -----------------------------------------------------------------------

def _folder(path: Path) -> None:
    path.mkdir()


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _dangling(path: Path) -> None:
    path.symlink_to("nowhere-" + path.name)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize(("rel", "make", "message"), [
    ("pages/dir.md", _folder, "pages/dir.md: 'dir.md' is a folder; expected a file"),
    ("departments/x.md", _folder, "departments/x.md: 'x.md' is a folder; expected a file"),
    ("surveys/2023.yaml", _folder, "surveys/2023.yaml: '2023.yaml' is a folder; expected a file"),
    ("disclosures/2026/11.csv", _folder, "disclosures/2026/11.csv: '11.csv' is a folder; expected a file"),
    ("pages/loop.md", _loop, "pages/loop.md: symbolic link loop: the link leads back to itself"),
    ("surveys/2023.yaml", _loop, "surveys/2023.yaml: symbolic link loop: the link leads back to itself"),
    ("disclosures/2026/11.csv", _loop, "disclosures/2026/11.csv: symbolic link loop: the link leads back to itself"),
    ("pages/gone.md", _dangling, "pages/gone.md: file cannot be read: it does not exist (a dangling symbolic "
                                 "link, or it was removed while reading)"),
    ("surveys/2023.yaml", _dangling, "surveys/2023.yaml: file cannot be read: it does not exist (a dangling "
                                     "symbolic link, or it was removed while reading)"),
    ("pages/pipe.md", _fifo, "pages/pipe.md: 'pipe.md' is not a regular file; expected a file"),
    ("disclosures/2026/again", lambda p: p.symlink_to(".."),
     "disclosures/2026/again: symbolic link loop: the folder is already read under another name (or leads "
     "back into itself)"),
    ("disclosures/2025", lambda p: p.symlink_to("/tmp"), "disclosures/2025: file leads outside the site "
                                                          "folder (symbolic link)"),
])
def test_file_system_oddities_are_located_errors(make_site, rel: str, make, message: str) -> None:
    site = make_site()
    make(site / rel)
    assert _messages(site) == [message]


def test_site_yaml_that_is_a_folder_still_lets_the_rest_be_read(make_site) -> None:
    site = make_site({"pages/broken.md": "---\ntitle: [\n---\n"})
    (site / "site.yaml").unlink()
    (site / "site.yaml").mkdir()
    assert _messages(site) == [
        "pages/broken.md:2:8: '[' opened here is never closed with ']' (items are separated by ', '); "
        "if '[' is part of the text, put the value in quotes",
        "site.yaml: 'site.yaml' is a folder; expected a file",
    ]


def test_a_linked_year_folder_inside_the_site_is_followed(make_site) -> None:
    site = make_site()
    (site / "archive").mkdir()
    shutil.move(site / "disclosures" / "2026", site / "archive" / "2026")
    (site / "disclosures" / "2026").symlink_to("../archive/2026")
    paths = {f.path for f in render(site, TODAY).files}
    assert "disclosures/2026/10/index.html" in paths


@pytest.mark.parametrize("error", [PermissionError(13, "Permission denied"), FileNotFoundError(2, "gone"),
                                   IsADirectoryError(21, "Is a directory"), OSError(40, "loop")])
def test_read_failures_are_located(make_site, monkeypatch, error: OSError) -> None:
    """Tests run as root, where chmod 000 does not stop a read: the failure is simulated."""
    site = make_site()
    real = Path.read_bytes
    victim = site / "pages" / "privacy.md"

    def read_bytes(self: Path) -> bytes:
        if self == victim:
            raise error
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    words = {13: "permission denied", 2: "it does not exist (a dangling symbolic link, or it was removed "
                                         "while reading)", 21: "it is a folder", 40: "symbolic link loop"}
    assert _messages(site) == [f"pages/privacy.md: file cannot be read: {words[error.errno]}"]


def test_suggest_reports_a_text_file_that_is_not_utf8(tmp_path) -> None:
    text = tmp_path / "charter.txt"
    text.write_bytes("전화벨이 세 번 울리기 전에 받겠습니다.\n".encode() + b"\xb0\xa1\n")
    result = CliRunner().invoke(main, ["commitments", "suggest", str(text)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "charter.txt:2:1: byte 0xb0 is not UTF-8 text (save the file as UTF-8)"
