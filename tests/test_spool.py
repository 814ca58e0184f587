"""Big output files wait on disk, not in memory, and reach the site unchanged (issue 13, Scale)."""

from __future__ import annotations

import gc
import os
import stat
import tempfile
from pathlib import Path

import pytest
from conftest import MINIMAL, TODAY, tree_bytes

from charterpress import outputfile
from charterpress.build import build, render
from charterpress.outputfile import OutputFile, Spool
from charterpress.tabular import csv_lines, write_csv


def test_a_build_with_every_file_spooled_is_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           minimal) -> None:
    build(MINIMAL, tmp_path / "memory", today=TODAY)
    monkeypatch.setattr(outputfile, "SPOOL_THRESHOLD", 0)
    result = build(MINIMAL, tmp_path / "spooled", today=TODAY)
    spooled = [f for f in result.files if f.spooled]
    assert len(spooled) > 10  # every page and download went through the spool
    pages = {f.path: f.data for f in result.files if not f.path.startswith("pagefind/")}  # the index, where
    assert pages == {f.path: f.data for f in minimal.files}  # Pagefind is installed, is not rendered
    assert tree_bytes(tmp_path / "spooled") == tree_bytes(tmp_path / "memory")
    for file in (tmp_path / "spooled").rglob("*"):
        if file.is_file():
            assert stat.S_IMODE(file.stat().st_mode) == 0o644, file
    folder = spooled[0].spooled.parent
    del result, spooled
    gc.collect()
    assert not folder.exists()  # the spool goes with the last file that refers to it


def test_without_a_writable_temp_folder_files_stay_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             minimal) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(outputfile, "SPOOL_THRESHOLD", 0)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    result = render(MINIMAL, TODAY)
    assert not any(f.spooled for f in result.files)
    pages = {f.path: f.data for f in result.files if not f.path.startswith("pagefind/")}  # the index, where
    assert pages == {f.path: f.data for f in minimal.files}  # Pagefind is installed, is not rendered


def test_a_piece_by_piece_file_that_runs_out_of_room_keeps_every_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    writer = Spool(threshold=0).writer()
    writer.write(b"first,")
    real_write = os.write
    monkeypatch.setattr(os, "write", lambda fd, data: (real_write(fd, data[:3]) if len(data) > 3
                                                       else (_ for _ in ()).throw(OSError(28, "No space"))))
    writer.write(b"second,")
    monkeypatch.setattr(os, "write", real_write)
    writer.write(b"third")
    file = writer.done("x.csv", "test")
    assert file.spooled is None and file.data == b"first,second,third" and writer.size == len(file.data)


def test_record_lines_are_whole_records_for_awkward_cells() -> None:
    """The downloads lead each record with its month: a record holding a line break stays one."""
    header = ("가", "나", "다")
    rows = [("=1+1", "줄\n바꿈", '따옴표 "와" 쉼표,'), ("-3", "", "@x"), ("", "", "")]
    lines = csv_lines([header, *rows], for_download=True)
    assert lines == ["가,나,다\r\n", '\'=1+1,"줄\n바꿈","따옴표 ""와"" 쉼표,"\r\n', "'-3,,'@x\r\n", ",,\r\n"]
    assert write_csv(header, rows, for_download=True) == ("\ufeff" + "".join(lines)).encode("utf-8")
    assert csv_lines(rows[:1]) == ['=1+1,"줄\n바꿈","따옴표 ""와"" 쉼표,"\r\n']  # the site's own files: as they are


def test_a_spooled_file_reads_back_and_compares_by_value() -> None:
    spool = Spool(threshold=4)
    small, big = spool.file("a", b"abc", "o"), spool.file("b", b"abcdefgh", "o")
    assert small.spooled is None and big.spooled is not None
    assert big.data == b"abcdefgh" and big == OutputFile("b", b"abcdefgh", "o")
