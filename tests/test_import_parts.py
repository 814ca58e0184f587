"""Weekly parts: several exports at once, rows split into the months they were produced in, appended
to a month's list, and a part imported twice adds nothing the second time."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import TODAY

from charterpress.build import render
from charterpress.cli import main

HEADER = "문서번호,제목,생산일자,생산부서,담당자,보존기간,공개구분,비공개근거\r\n"


def _part(path: Path, rows: list[str]) -> Path:
    path.write_text(HEADER + "".join(r + "\r\n" for r in rows), encoding="utf-8-sig")
    return path


def _import(site: Path, *args: object):
    return CliRunner().invoke(main, ["disclosures", "import", *map(str, args), "--site", str(site)])


def _rows(site: Path, month: str) -> list[str]:
    year, mm = month.split("-")
    return (site / "disclosures" / year / f"{mm}.csv").read_text(encoding="utf-8-sig").splitlines()[1:]


def test_a_week_spanning_two_months_lands_in_both(tmp_path: Path, make_site) -> None:
    site = make_site()
    part1 = _part(tmp_path / "week48_info_list1.csv", [
        "도로과-1,11월 말 문서,2026-11-30,도로과,김,5년,공개,",
        "도로과-2,12월 첫 문서,2026-12-01,도로과,김,5년,비공개,6호"])
    part2 = _part(tmp_path / "week48_info_list2.csv", ["복지과-1,12월 둘째 문서,2026-12-02,복지과,이,3년,공개,"])
    result = _import(site, part1, part2)
    assert result.exit_code == 0, result.output
    assert "into 2 months:" in result.output
    assert "2026-11: 1 documents added; 1 in" in result.output and "2026-12: 2 documents added; 2 in" in result.output
    assert [r.split(",")[0] for r in _rows(site, "2026-11")] == ["도로과-1"]
    assert [r.split(",")[0] for r in _rows(site, "2026-12")] == ["도로과-2", "복지과-1"]


def test_reimporting_a_part_adds_nothing_and_append_adds_the_next(tmp_path: Path, make_site) -> None:
    site = make_site()
    part1 = _part(tmp_path / "p1.csv", ["도로과-1,첫 문서,2026-11-02,도로과,김,5년,공개,",
                                        "도로과-2,둘째 문서,2026-11-03,도로과,김,5년,부분공개,5호"])
    part2 = _part(tmp_path / "p2.csv", ["도로과-3,셋째 문서,2026-11-09,도로과,김,5년,공개,"])
    assert _import(site, part1, "--month", "2026-11").exit_code == 0
    target = site / "disclosures" / "2026" / "11.csv"
    before = target.read_bytes()
    again = _import(site, part1, "--append")
    assert again.exit_code == 0 and "2 rows already in the list left out" in again.output
    assert target.read_bytes() == before  # idempotent: byte for byte
    refused = _import(site, part2)
    assert refused.exit_code == 2 and "use --append to add these rows to it or --force to replace it" in refused.output
    added = _import(site, part2, "--append")
    assert added.exit_code == 0 and "imported 3 documents" in added.output
    assert [r.split(",")[0] for r in _rows(site, "2026-11")] == ["도로과-1", "도로과-2", "도로과-3"]
    replaced = _import(site, part2, "--force")
    assert replaced.exit_code == 0 and [r.split(",")[0] for r in _rows(site, "2026-11")] == ["도로과-3"]


def test_appending_a_corrected_row_is_refused(tmp_path: Path, make_site) -> None:
    site = make_site()
    assert _import(site, _part(tmp_path / "a.csv", ["도로과-1,첫 문서,2026-11-02,도로과,김,5년,공개,"])).exit_code == 0
    fixed = _part(tmp_path / "b.csv", ["도로과-1,첫 문서,2026-11-02,도로과,김,10년,공개,"])
    result = _import(site, fixed, "--append")
    assert result.exit_code == 1
    assert "is already in 2026-11's list with different values; use --force" in result.output


def test_errors_in_any_part_write_nothing(tmp_path: Path, make_site) -> None:
    site = make_site()
    good = _part(tmp_path / "good.csv", ["도로과-1,첫 문서,2026-11-02,도로과,김,5년,공개,"])
    bad = _part(tmp_path / "bad.csv", ["도로과-2,둘째 문서,2026-11-03,도로과,김,2년,공개,",
                                      "도로과-2,둘째 문서,2026-11-03,도로과,김,5년,공개,"])
    result = _import(site, good, bad)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{bad}:2:보존기간: '2년' is not a retention period (expected one of: 영구, 준영구, 30년, 10년, 5년, 3년, 1년)",
        f"{bad}:3:문서번호: row 3 repeats row 2 (same 문서번호, 제목 and 생산일자); remove one",
        "import failed: 2 error(s); nothing was written",
    ]
    assert not (site / "disclosures" / "2026" / "11.csv").exists()


def test_set_fills_a_column_the_export_lacks_and_the_month_builds(tmp_path: Path, make_site) -> None:
    site = make_site()
    export = tmp_path / "api.csv"
    export.write_text("결재완료일,문서등록번호,제목,기안부서,공개여부,등록구분\r\n"
                      "2026. 11. 3.,기획과-1,예산 지침,기획과,Y,생산\r\n", encoding="utf-8")
    result = _import(site, export, "--set", "담당자=김담당", "--set", "보존기간=5년", "--published", "2026-12-02")
    assert result.exit_code == 0, result.output
    assert _rows(site, "2026-11") == ["기획과-1,예산 지침,2026-11-03,기획과,김담당,,5년,공개,,,"]
    render(site, TODAY.replace(month=12, day=5))
    # a --set value is cleaned as a cell is (spaces, NBSP), so importing the file again adds nothing
    assert _import(site, export, "--set", "담당자=김\u00a0 담당", "--set", "보존기간=5년", "--force").exit_code == 0
    assert _rows(site, "2026-11")[0].split(",")[4] == "김 담당"
    again = _import(site, export, "--set", "담당자=김\u00a0 담당", "--set", "보존기간=5년", "--append")
    assert again.exit_code == 0 and "1 rows already in the list left out" in again.output, again.output
    bad = _import(site, export, "--set", "모름=1")
    assert bad.exit_code == 2 and "'모름=1' is not COLUMN=VALUE with a known column" in bad.output


def test_parts_left_in_a_month_folder_are_an_error_that_says_how_to_merge(tmp_path: Path, make_site) -> None:
    import pytest

    from charterpress.diagnostics import BuildFailed

    site = make_site()
    (site / "disclosures" / "2026" / "08").mkdir(parents=True)
    _part(site / "disclosures" / "2026" / "08" / "week1_info_list1.csv",
          ["도로과-1,첫 문서,2026-08-03,도로과,김,5년,공개,"])
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert ("disclosures/2026/08/week1_info_list1.csv: a month's list is one file, disclosures/2026/08.csv: merge "
            "the parts into it with `charterpress disclosures import PARTS... --append` and remove them from "
            "disclosures/2026/08/") in [str(d) for d in failure.value.diagnostics]
