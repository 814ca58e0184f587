"""정보목록 exports as records systems and portals write them: every header vocabulary and value form
reads to the same canonical values; what cannot be read is one clear message."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from charterpress.build import render
from charterpress.cli import main
from charterpress.deadlines import Month
from charterpress.diagnostics import BuildFailed
from charterpress.disclosure_vocab import disclosure_status, retention_period
from charterpress.disclosures import parse_date, parse_grounds, read_items
from charterpress.tabular import read_sheet

SEPTEMBER = Month(2026, 9)


def _write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in rows) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def _read(path: Path, month: Month | None = SEPTEMBER, **kw):
    sheet, problems = read_sheet(path, path.name, kw.pop("sheet", None))
    assert sheet is not None, problems
    items, problems = read_items(sheet, path.name, month, **kw)
    return items, [str(p) for p in problems]


def test_metropolitan_city_export_reads_without_edits(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "info_list1.csv", [
        ["package_id", "doc_prdctn_dt", "tkcrd_nm", "title", "src_dept_doc_no", "writer", "othbc_pd",
         "rspnber_dept_nm", "othbc_se", "cpyrht", "url"],
        ["A1", "20260903", "도로관리", "보수 공사", "도로과-1", "홍길동", "05년", "도로과", "대시민공개", "공공누리", ""],
        ["A2", "20260904", "복지", "수급자 결정", "복지과-2", "김영희", "준영구", "복지과", "비공개(6호)", "", ""],
        ["A3", "20260905", "인사", "인사 발령", "총무과-3", "이철수", "영구보존", "총무과", "부분 공개", "", ""],
    ])
    items, problems = _read(path)
    assert [(i.doc_no, i.produced, i.retention, i.disclosure, i.grounds) for i in items] == [
        ("도로과-1", date(2026, 9, 3), "5년", "공개", ()),
        ("복지과-2", date(2026, 9, 4), "준영구", "비공개", (6,)),
        ("총무과-3", date(2026, 9, 5), "영구", "부분공개", ()),
    ]
    assert items[0].task == "도로관리" and items[0].person == "홍길동" and items[0].department == "도로과"
    # the city never publishes grounds: one warning for the file, not an error per row
    assert problems == ["info_list1.csv:1: warning: 1 부분공개/비공개 rows have no 비공개근거; the export has no "
                        "grounds column (they are published without one)"]


def test_national_portal_codes_read_and_unknown_codes_are_named(tmp_path: Path) -> None:
    header = ["DOC_NO", "INFO_SJ", "PRDCTN_DT", "CHRG_DEPT_NM", "CHARGER_NM", "UNIT_JOB_NM", "OTHBC_SE_CD",
              "PRSRV_PD_CD", "비공개근거"]
    path = _write_csv(tmp_path / "portal.csv", [
        header,
        ["미래교육과-9000", "정보화 교육", "20260915103000", "미래교육과", "박민수", "정보화", "1", "5년", ""],
        ["미래교육과-9001", "연수 명단", "20260916", "미래교육과", "박민수", "연수", "2", "10년", "6호"],
        ["미래교육과-9002", "감사 결과", "20260917", "미래교육과", "박민수", "감사", "3", "준영구", "5호"],
    ], encoding="cp949")
    items, problems = _read(path)
    assert problems == []
    assert [i.disclosure for i in items] == ["공개", "부분공개", "비공개"]
    bad = _write_csv(tmp_path / "codes.csv", [header, ["미래-1", "제목", "20260915", "과", "박", "", "5", "05", ""]])
    _, problems = _read(bad)
    assert problems == [
        "codes.csv:2:PRSRV_PD_CD: code '05' of column 'PRSRV_PD_CD' is not known: no public code table for "
        "보존기간 codes was found, so charterpress does not guess; give the period in words (e.g. 5년) or, when "
        "every row has the same one, --set 보존기간=5년",
        "codes.csv:2:OTHBC_SE_CD: code '5' of column 'OTHBC_SE_CD' is not a known 공개구분 code (known: 1 공개, "
        "2 부분공개, 3 비공개; other codes are not verified from a public source, so charterpress does not guess)",
    ]


def test_data_portal_api_items_read_with_set_for_missing_facts(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "api.csv", [
        ["결재완료일", "문서등록번호", "제목", "기안부서", "공개여부", "등록구분"],
        ["2026. 9. 3.", "기획과-501", "예산 지침", "기획과", "Y", "생산"],
        ["2026년 9월 14일", "기획과-502", "내부 검토", "기획과", "N", "생산"],
    ])
    _, problems = _read(path)
    assert problems == ["api.csv:1: required columns missing: 담당자 (or 업무담당자, writer, CHARGER_NM), "
                        "보존기간 (or othbc_pd, PRSRV_PD_CD); if the export has no such column, give the whole "
                        "file's value on import with --set 담당자=… --set 보존기간=…"]
    items, problems = _read(path, defaults={"person": "김담당", "retention": "5년"})
    assert [(i.produced, i.disclosure, i.person, i.retention) for i in items] == [
        (date(2026, 9, 3), "공개", "김담당", "5년"), (date(2026, 9, 14), "비공개", "김담당", "5년")]
    assert "1 부분공개/비공개 rows have no 비공개근거" in problems[0]


@pytest.mark.parametrize("text", ["2026. 9. 5.", "2026.9.5", "2026년 9월 5일", "20260905", "20260905093000",
                                  "2026-09-05 09:30:00", "２０２６-０９-０５", "2026/9/5"])
def test_date_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 9, 5)


@pytest.mark.parametrize("text", ["2026.13.01", "9/5/2026", "2026-09", "202609051"])
def test_dates_that_stay_errors(text: str) -> None:
    assert parse_date(text) is None


@pytest.mark.parametrize("text, expected", [
    ("공개(일부)", ("부분공개", "")), ("일부공개", ("부분공개", "")), ("부분 공개", ("부분공개", "")),
    ("비공개(5호)", ("비공개", "5호")), ("부분공개(6호)", ("부분공개", "6호")), ("대시민공개", ("공개", "")),
    ("Y", ("공개", "")), ("n", ("비공개", "")), ("공\u00a0개", ("공개", "")), ("비공개", ("비공개", "")),
    ("공게", (None, "")),
])
def test_disclosure_forms(text: str, expected) -> None:
    assert disclosure_status(text, coded=False) == expected


@pytest.mark.parametrize("text, expected", [
    ("비공개(5호)", (5,)), ("6호(개인정보)", (6,)), ("5호 6호", (5, 6)), ("5호·6호", (5, 6)), ("５호", (5,)),
    ("의사결정과정", (5,)), ("개인정보", (6,)), ("경영상 비밀", (7,)), ("비밀", None), ("보안", None),
    ("5호ㆍ6호", (5, 6)), ("제 5 호", (5,)),
])
def test_ground_forms(text: str, expected) -> None:
    assert parse_grounds(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("영구보존", "영구"), ("05년", "5년"), ("준영구", "준영구"), ("30 년", "30년"), ("１０년", "10년"),
    ("2년", None), ("7년", None), ("5", None),
])
def test_retention_forms(text: str, expected) -> None:
    assert retention_period(text) == expected


def test_nfd_hangul_nbsp_and_full_width_headers_normalise(tmp_path: Path) -> None:
    import unicodedata

    nfd = unicodedata.normalize("NFD", "제목")
    path = _write_csv(tmp_path / "x.csv", [
        ["문서번호", nfd, "생산\u00a0일자", "담당자", "보존기간", "공개구분"],
        ["과-1", unicodedata.normalize("NFD", "예산\u00a0\u00a0집행"), "２０２６．９．５", "김", "５년", "공개"],
    ])
    items, problems = _read(path)
    assert problems == []
    assert items[0].title == "예산 집행" and items[0].produced == date(2026, 9, 5) and items[0].retention == "5년"


def test_unrecognised_header_names_what_it_saw_and_the_sheets(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "표지"
    book.active.append(["2026년 9월 정보목록"])
    data = book.create_sheet("목록")
    data.append(["문서번호", "제목", "생산일자", "담당자", "보존기간", "공개구분"])
    data.append(["과-1", "문서", "2026-09-05", "김", "5년", "공개"])
    book.save(tmp_path / "list.xlsx")
    sheet, _ = read_sheet(tmp_path / "list.xlsx", "list.xlsx")
    _, problems = read_items(sheet, "list.xlsx", SEPTEMBER)
    assert [str(p) for p in problems] == [
        "list.xlsx:1: sheet '표지' has no header row in its first 10 rows (a header names at least three known "
        "columns, e.g. 제목, 생산일자, 담당자, 보존기간, 공개구분; every accepted name is in the README); seen: "
        "row 1: '2026년 9월 정보목록' (the workbook's sheets: 1 '표지', 2 '목록'; choose one with --sheet NAME or "
        "--sheet N)"]
    for choice in ("목록", "2"):
        items, problems = _read(tmp_path / "list.xlsx", sheet=choice)
        assert problems == [] and items[0].doc_no == "과-1"
    path = _write_csv(tmp_path / "typo.csv", [["문서 번호", "제 묵", "생산 일짜"], ["1", "2", "3"]])
    _, problems = _read(path)
    assert "row 1: '문서 번호' (closest: 문서번호, 문서등록번호), '제 묵' (closest: 제목)" in problems[0]


def test_empty_and_header_only_files(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    _, problems = _read(tmp_path / "empty.csv")
    assert problems == ["empty.csv: the file is empty: no header row and no documents"]
    path = _write_csv(tmp_path / "header.csv", [["문서번호", "제목", "생산일자", "담당자", "보존기간", "공개구분"]])
    items, problems = _read(path)
    assert items == () and problems == ["header.csv: warning: the file has a header row and 0 documents"]


def test_blank_status_in_every_row_is_one_error(tmp_path: Path) -> None:
    rows = [["문서번호", "제목", "생산일자", "담당자", "보존기간", "othbc_se"]]
    rows += [[f"과-{n}", f"문서 {n}", "2026-09-05", "김", "5년", ""] for n in range(1, 301)]
    _, problems = _read(_write_csv(tmp_path / "blank.csv", rows))
    assert problems == ["blank.csv:2:othbc_se: column 'othbc_se' (공개구분) is blank in all 300 rows; charterpress "
                        "never guesses it: fill the column in the records system, or give one value for the whole "
                        "file with --set 공개구분=…"]


def test_one_defect_on_many_rows_is_one_line(tmp_path: Path) -> None:
    rows = [["문서번호", "제목", "생산일자", "담당자", "보존기간", "공개구분"]]
    rows += [[f"과-{n}", f"문서 {n}", "2026-09-05", "김", "2년", "공개"] for n in range(1, 5001)]
    rows.append(["과-9999", "다른 문제", "2026-09-05", "김", "5년", "공게"])
    _, problems = _read(_write_csv(tmp_path / "many.csv", rows))
    assert problems == [
        "many.csv:2:보존기간: '2년' is not a retention period (expected one of: 영구, 준영구, 30년, 10년, 5년, 3년, "
        "1년) (also on rows 3, 4, 5, 6, 7 and 4,994 more rows like this)",
        "many.csv:5002:공개구분: '공게' is not a disclosure status (expected one of: 공개, 부분공개, 비공개, 열람제한)",
    ]


def test_same_number_on_different_documents_keeps_both_with_distinct_keys(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "fire.csv", [
        ["문서번호", "제목", "생산일자", "생산부서", "담당자", "보존기간", "공개구분"],
        ["현장대응단-12", "출동 결과 보고", "2026-09-05", "가소방서 현장대응단", "김", "5년", "공개"],
        ["현장대응단-12", "장비 점검 결과", "2026-09-05", "나소방서 현장대응단", "이", "5년", "공개"],
    ])
    items, problems = _read(path)
    assert len(items) == 2 and items[0].key != items[1].key and items[0].anchor != items[1].anchor
    assert items[0].key.startswith("현장대응단-12-20260905-")
    assert problems == ["fire.csv:3:문서번호: warning: '현장대응단-12' is also the 문서번호 of row 2, a different "
                        "document (title or date differ); both are kept"]


def test_mixed_encoding_names_the_first_bad_row(tmp_path: Path) -> None:
    head = "문서번호,제목,생산일자,담당자,보존기간,공개구분\r\n과-1,첫 문서,2026-09-05,김,5년,공개\r\n".encode()
    tail = "과-2,둘째 문서,2026-09-05,김,5년,공개\r\n".encode("cp949")
    (tmp_path / "mixed.csv").write_bytes(head + tail)
    sheet, problems = read_sheet(tmp_path / "mixed.csv", "mixed.csv")
    assert sheet is None and [str(p) for p in problems] == [
        "mixed.csv:3: row 3 is not valid UTF-8, though the rows before it are: the file mixes encodings (rows "
        "pasted from a CP949/EUC-KR file?); save the whole file as 'CSV UTF-8' and try again"]


def _damaged_xlsx(tmp_path: Path) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(["문서번호", "제목", "생산일자", "담당자", "보존기간", "공개구분"])
    book.active.append(["과-1", "문서", "2026-09-05", "김", "5년", "공개"])
    out = io.BytesIO()
    book.save(out)
    good = out.getvalue()
    source = zipfile.ZipFile(io.BytesIO(good))
    corrupt = io.BytesIO()
    with zipfile.ZipFile(corrupt, "w") as z:
        for info in source.infolist():
            data = source.read(info)
            z.writestr(info, data[: len(data) // 2] if info.filename.endswith("sheet1.xml") else data)
    return {"truncated": good[: len(good) // 2], "not-a-zip": b"PK\x03\x04 garbage" * 10,
            "bad-sheet-xml": corrupt.getvalue()}


def test_damaged_xlsx_is_a_clear_error_from_import_build_and_check(tmp_path: Path, make_site) -> None:
    site = make_site()
    for name, data in _damaged_xlsx(tmp_path).items():
        export = tmp_path / f"{name}.xlsx"
        export.write_bytes(data)
        result = CliRunner().invoke(main, ["disclosures", "import", str(export), "--month", "2026-08",
                                           "--site", str(site)])
        assert result.exit_code == 1, (name, result.output)
        assert f"{export}: not a readable .xlsx file (" in result.output and "Traceback" not in result.output
        (site / "disclosures" / "2026" / "08.xlsx").write_bytes(data)
        with pytest.raises(BuildFailed) as failure:
            render(site, TODAY)
        assert any(str(d).startswith("disclosures/2026/08.xlsx: not a readable .xlsx file (")
                   for d in failure.value.diagnostics), name
        checked = CliRunner().invoke(main, ["check", str(site), "--today", "2026-11-22"])
        assert checked.exit_code == 1 and "disclosures/2026/08.xlsx: not a readable .xlsx file (" in checked.output
        (site / "disclosures" / "2026" / "08.xlsx").unlink()


# A valid list written in any vocabulary and encoding imports to the same canonical CSV.
VOCABULARIES = {
    "canonical": ["문서번호", "제목", "생산일자", "생산부서", "담당자", "단위업무", "보존기간", "공개구분", "비공개근거"],
    "city": ["src_dept_doc_no", "title", "doc_prdctn_dt", "rspnber_dept_nm", "writer", "tkcrd_nm", "othbc_pd",
             "othbc_se", "비공개근거"],
    "portal": ["DOC_NO", "INFO_SJ", "PRDCTN_DT", "CHRG_DEPT_NM", "CHARGER_NM", "UNIT_JOB_NM", "PRSRV_PD_CD",
               "OTHBC_SE_CD", "비공개근거"],
    "api": ["문서등록번호", "제목", "결재완료일", "기안부서", "업무담당자", "단위과제", "보존기간", "공개여부", "비공개사유"],
}
STATUS_FORMS = {"canonical": {"공개": "공개", "부분공개": "부분공개", "비공개": "비공개"},
                "city": {"공개": "대시민공개", "부분공개": "공개(일부)", "비공개": "비공개"},
                "portal": {"공개": "1", "부분공개": "2", "비공개": "3"},
                "api": {"공개": "Y", "부분공개": "일부공개", "비공개": "N"}}
DATE_FORMS = ("{:%Y-%m-%d}", "{:%Y%m%d}", "{:%Y. %-m. %-d.}", "{:%Y년 %-m월 %-d일}", "{:%Y%m%d}093000")
RETENTION_FORMS = {"5년": ("5년", "05년", "5 년"), "영구": ("영구", "영구보존"), "준영구": ("준영구",), "10년": ("10년", "１０년")}
GROUND_FORMS = {(5,): ("5호", "제9조제1항제5호", "의사결정과정", "５호"), (5, 6): ("5호 6호", "5호·6호", "5, 6")}
words = st.text(alphabet="가나다라마바사아자차카타파하 ", min_size=1, max_size=12).map(str.strip).filter(bool)
row_strategy = st.tuples(
    st.integers(1, 30), words, words, words, words, st.sampled_from(sorted(RETENTION_FORMS)),
    st.sampled_from(["공개", "부분공개", "비공개"]), st.sampled_from(sorted(GROUND_FORMS)),
    st.integers(0, 9),
)


def _canonical_of(rows, vocab: str, encoding: str, tmp_path: Path, make_site) -> bytes:
    lines = [VOCABULARIES[vocab]]
    for n, (day, title, dept, person, task, retention, status, grounds, pick) in enumerate(rows, start=1):
        produced = date(2026, 9, day)
        lines.append([f"{dept}-{n}", title, DATE_FORMS[pick % len(DATE_FORMS)].format(produced), dept, person,
                      task, RETENTION_FORMS[retention][pick % len(RETENTION_FORMS[retention])],
                      STATUS_FORMS[vocab][status],
                      "" if status == "공개" else GROUND_FORMS[grounds][pick % len(GROUND_FORMS[grounds])]])
    site = make_site()
    if encoding == "xlsx":
        book = openpyxl.Workbook()
        for line in lines:
            book.active.append(line)
        export = tmp_path / f"{vocab}.xlsx"
        book.save(export)
    else:
        export = _write_csv(tmp_path / f"{vocab}.csv", lines, encoding)
    result = CliRunner().invoke(main, ["disclosures", "import", str(export), "--site", str(site), "--force"])
    assert result.exit_code == 0, result.output
    data = (site / "disclosures" / "2026" / "09.csv").read_bytes()
    import shutil

    shutil.rmtree(site)
    return data


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row_strategy, min_size=1, max_size=6, unique_by=lambda r: r[1]),
       vocab=st.sampled_from(sorted(VOCABULARIES)), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp949", "xlsx"]))
def test_any_vocabulary_and_encoding_imports_to_the_same_canonical_csv(rows, vocab, encoding, tmp_path_factory,
                                                                       make_site) -> None:
    tmp = tmp_path_factory.mktemp("prop")
    expected = _canonical_of(rows, "canonical", "utf-8", tmp, make_site)
    assert _canonical_of(rows, vocab, encoding, tmp, make_site) == expected


def test_require_grounds_makes_the_missing_grounds_an_error(tmp_path: Path, make_site) -> None:
    site = make_site()
    (site / "site.yaml").write_text((site / "site.yaml").read_text(encoding="utf-8").replace(
        "disclosures:\n", "disclosures:\n  require_grounds: true\n", 1), encoding="utf-8")
    export = _write_csv(tmp_path / "city.csv", [
        ["src_dept_doc_no", "title", "doc_prdctn_dt", "writer", "othbc_pd", "othbc_se"],
        ["과-1", "문서", "20260805", "김", "5년", "부분공개"]])
    result = CliRunner().invoke(main, ["disclosures", "import", str(export), "--site", str(site)])
    assert result.exit_code == 1
    assert (f"{export}:1: 1 부분공개/비공개 rows have no 비공개근거; the export has no grounds column "
            "(disclosures.require_grounds is true in site.yaml)") in result.output


def test_a_list_written_without_grounds_reads_back_with_one_warning(tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "09.csv", [
        ["문서번호", "제목", "생산일자", "담당자", "보존기간", "공개구분", "비공개근거"],
        ["과-1", "문서", "2026-09-05", "김", "5년", "부분공개", "미기재"],
        ["과-2", "문서 둘", "2026-09-06", "김", "5년", "비공개", "미기재"]])
    items, problems = _read(path)
    assert [i.values()["grounds"] for i in items] == ["미기재", "미기재"] and items[0].grounds == ()
    assert problems == ["09.csv:1: warning: 2 부분공개/비공개 rows have no 비공개근거; the export they were "
                        "imported from gave none ('미기재') (they are published without one)"]


def test_cp949_file_with_utf8_rows_names_the_first_bad_row(tmp_path: Path) -> None:
    head = "문서번호,제목,생산일자,담당자,보존기간,공개구분\r\n과-1,첫 문서,2026-09-05,김,5년,공개\r\n".encode("cp949")
    tail = "과-2,둘째 문서,2026-09-05,김,5년,공개\r\n".encode()
    (tmp_path / "mixed.csv").write_bytes(head + tail)
    sheet, problems = read_sheet(tmp_path / "mixed.csv", "mixed.csv")
    assert sheet is None and [str(p) for p in problems] == [
        "mixed.csv:3: row 3 is not valid CP949 (EUC-KR), though the rows before it are: the file mixes encodings "
        "(rows pasted from a UTF-8 file?); save the whole file as 'CSV UTF-8' and try again"]
