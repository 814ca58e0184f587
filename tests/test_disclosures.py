"""정보목록: reading exports in every encoding, the downloads, the feed, pagination and the import command."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from charterpress.build import render
from charterpress.checks import check_pages
from charterpress.cli import main
from charterpress.deadlines import Month
from charterpress.disclosures import canonical_ground, parse_grounds, read_items
from charterpress.tabular import read_sheet
from conftest import TODAY, files_of, write_big_month

ROWS = [  # as a records system would export them
    ["총무과-1", "10월 예산 집행 현황", "2026-10-01", "총무과", "한도윤", "예산회계", "5년", "공개", "", "", ""],
    ["총무과-2", "직원 성과 평정 결과", "2026-10-15", "총무과", "김민재", "인사관리", "준영구", "비공개", "9-1-5", "", ""],
    ["자료봉사과-9", "강사료 지급", "2026-10-31", "자료봉사과", "박하늘", "", "3년", "부분공개", "제9조제1항제6호", "", ""],
    ["자료봉사과-10", "증축 계획(안)", "2026-10-31", "자료봉사과", "박하늘", "시설", "10년", "열람제한", "", "2027-03-31", ""],
]
HEADER = ["문서번호", "제목", "생산일자", "생산부서", "담당자", "단위업무", "보존기간", "공개구분", "비공개근거", "열람제한일", "원문"]
# The same columns as an older system names them.
ALIASES = ["생산등록번호", "문서제목", "생산일", "처리과", "업무담당자", "단위과제", "보존기간", "공개여부", "비공개사유", "열람제한종료일", "원문링크"]
OCTOBER = Month(2026, 10)


def _csv(rows: list[list[str]], header: list[str]) -> str:
    return "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in [header, *rows]) + "\r\n"


def _items(path: Path):
    sheet, problems = read_sheet(path, path.name)
    assert sheet is not None and problems == []
    items, problems = read_items(sheet, path.name, OCTOBER)
    assert problems == []
    return sheet.encoding, [dataclasses.replace(i, row=0) for i in items]


def test_every_export_format_gives_the_same_list(tmp_path: Path) -> None:
    (tmp_path / "utf8.csv").write_bytes(_csv(ROWS, HEADER).encode("utf-8"))
    (tmp_path / "bom.csv").write_bytes(_csv(ROWS, HEADER).encode("utf-8-sig"))
    dotted = [[c.replace("-", ".") if c[:4] == "2026" or c[:4] == "2027" else c for c in row] for row in ROWS]
    (tmp_path / "cp949.csv").write_bytes(_csv(dotted, ALIASES).encode("cp949"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["시험도서관 2026년 10월 정보목록"])  # a title line above the header, as exports have
    sheet.append(["번호", *HEADER])
    for n, row in enumerate(ROWS, start=1):
        cells: list[object] = [n, *row]
        for i in (3, 10):  # 생산일자 and 열람제한일 as real Excel dates
            cells[i] = date.fromisoformat(row[i - 1]) if row[i - 1] else None
        sheet.append(cells)
    book.save(tmp_path / "list.xlsx")

    results = {name: _items(tmp_path / name) for name in ("utf8.csv", "bom.csv", "cp949.csv", "list.xlsx")}
    assert [enc for enc, _ in results.values()] == ["utf-8", "utf-8-sig", "cp949", "xlsx"]
    first = results["utf8.csv"][1]
    assert len(first) == 4 and first[2].title == "강사료 지급"  # Hangul intact
    assert first[1].grounds == (5,) and first[3].restricted_until == date(2027, 3, 31)
    for name, (_, items) in results.items():
        assert items == first, name


@pytest.mark.parametrize("text, expected", [
    ("5호", (5,)), ("제5호", (5,)), ("5", (5,)), ("제9조제1항제5호", (5,)), ("9-1-5", (5,)),
    ("법 제9조 제1항 제5호", (5,)), ("정보공개법 제9조제1항제6호", (6,)), ("5호, 6호", (5, 6)),
    ("6호·5호", (5, 6)), ("9호", None), ("개인정보", (6,)), ("비밀", None), ("제10조", None),
])
def test_legal_grounds_are_read_in_their_usual_forms(text: str, expected) -> None:
    assert parse_grounds(text) == expected


def test_grounds_have_one_canonical_form() -> None:
    assert canonical_ground(5) == "제9조제1항제5호"


def test_csv_download_starts_with_a_bom_and_rereads_identically(demo, tmp_path: Path) -> None:
    files = files_of(demo)
    for lst in demo.site.disclosures.lists:
        path = f"disclosures/{lst.month.year}/{lst.month.month:02d}/disclosures-{lst.month}.csv"
        data = files[path][0]
        assert data.startswith(b"\xef\xbb\xbf")
        (tmp_path / "x.csv").write_bytes(data)
        sheet, _ = read_sheet(tmp_path / "x.csv", "x.csv")
        items, problems = read_items(sheet, "x.csv", lst.month)
        assert problems == []
        assert [dataclasses.replace(i, row=0) for i in items] == [dataclasses.replace(i, row=0) for i in lst.items]


def test_json_downloads_hold_every_item(demo) -> None:
    files = files_of(demo)
    every = json.loads(files["disclosures/disclosures-all.json"][0])
    lists = demo.site.disclosures.lists
    assert [x["month"] for x in every["lists"]] == [str(lst.month) for lst in lists]
    assert sum(len(x["items"]) for x in every["lists"]) == sum(len(lst.items) for lst in lists) >= 300
    late = next(x for x in every["lists"] if x["status"] == "late")
    assert late["month"] == "2026-02" and late["due"] == "2026-03-05"
    withheld = next(i for x in every["lists"] for i in x["items"] if i["disclosure"] == "비공개")
    assert withheld["grounds"] and all(g.startswith("제9조제1항제") for g in withheld["grounds"])
    assert files["disclosures/disclosures-all.csv"][0].startswith("\ufeff목록월,문서번호".encode())


def test_demo_has_what_the_issue_asks_for(demo) -> None:
    d = demo.site.disclosures
    assert len(d.lists) >= 12
    assert {i.disclosure for lst in d.lists for i in lst.items} == {"공개", "부분공개", "비공개", "열람제한"}
    assert len({n for lst in d.lists for i in lst.items for n in i.grounds}) >= 3
    assert [lst.month for lst in d.lists if lst.deadline.state == "late"] == [Month(2026, 2)]
    sources = {lst.source.rsplit(".", 1)[1] for lst in d.lists}
    assert sources == {"csv", "xlsx"}
    assert (Path(__file__).parents[1] / "content" / d.lists[6].source).read_bytes()[:2] != b"\xef\xbb"  # CP949 month
    assert d.proactive and d.procedure
    paths = set(files_of(demo))
    for page in ("disclosures/index.html", "disclosures/2026/02/index.html", "disclosures/2026/02/closed/index.html",
                 "disclosures/proactive/index.html", "disclosures/procedure/index.html", "disclosures/feed.xml"):
        assert page in paths


def test_feed_is_well_formed_atom(demo) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(files_of(demo)["disclosures/feed.xml"][0])
    assert root.tag == f"{atom}feed"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == len(demo.site.disclosures.lists)
    for entry in entries:
        for tag in ("id", "title", "updated"):
            assert entry.find(f"{atom}{tag}").text
        assert entry.find(f"{atom}link").get("href").startswith("https://library.hanbit.example.kr/disclosures/")
    assert entries[0].find(f"{atom}title").text == "정보목록 2026년 10월"
    assert root.find(f"{atom}updated").text == "2026-11-02T00:00:00+09:00"


def test_index_states_each_month_in_words(demo) -> None:
    html = files_of(demo)["disclosures/index.html"][0].decode()
    assert "기한 후 공개 (6일 늦음)" in html
    assert html.count("기한 내 공개</span>") == 12
    month = files_of(demo)["disclosures/2026/09/index.html"][0].decode()
    assert "2026-10-06" in month and "기한 내 공개" in month  # 10-05 was a substitute holiday


def test_overdue_month_shows_on_the_index(make_site) -> None:
    result = render(make_site(), today=date(2027, 1, 2))
    html = files_of(result)["disclosures/index.html"][0].decode()
    assert "미공개 (기한 30일 지남, 2027-01-02 기준)" in html  # November, due 2026-12-03
    assert "공개 예정 (기한 2027-01-04, 2027-01-02 기준)" in html  # December: due Sunday the 3rd, rolled to Monday


def test_check_today_flags_missing_and_late_lists(make_site) -> None:
    site = make_site({"disclosures/2026/10.yaml": "published: 2026-11-09\n"})
    result = CliRunner().invoke(main, ["check", str(site), "--today", "2027-01-02"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "정보목록" in line]
    assert lines == [
        "disclosures/2026/10.csv: warning: the 정보목록 of 2026-10 was published on 2026-11-09, "
        "6 days after the due date 2026-11-03",
        "disclosures/2026/11.csv: the 정보목록 of 2026-11 was due on 2026-12-03 and is missing (30 days overdue)",
        "disclosures/2026/12.csv: warning: the 정보목록 of 2026-12 is due on 2027-01-04, in 2 days",
    ]
    (site / "disclosures" / "2026" / "10.yaml").write_text("published: 2026-11-03\n", encoding="utf-8")
    on_time = CliRunner().invoke(main, ["check", str(site), "--today", "2026-12-01"])
    assert on_time.exit_code == 0  # a list due soon is a warning, before the deadline is missed
    assert [line for line in on_time.output.splitlines() if "정보목록" in line] == [
        "disclosures/2026/11.csv: warning: the 정보목록 of 2026-11 is due on 2026-12-03, in 2 days"]


def test_five_thousand_row_month_paginates_with_valid_pages(make_site) -> None:
    site = make_site()
    write_big_month(site, 5000)
    result = render(site, TODAY)
    files = files_of(result)
    pages = sorted(p for p in files if p.startswith("disclosures/2026/08/") and p.endswith(".html"))
    main_pages = [p for p in pages if p.startswith(("disclosures/2026/08/index", "disclosures/2026/08/page/"))]
    assert len(main_pages) == 10  # 500 rows a page
    last = files["disclosures/2026/08/page/10/index.html"][0].decode()
    assert "4501–5000번째 문서 (전체 5000건)" in last
    assert '<nav class="pagination" aria-label="목록 페이지">' in last and 'aria-current="page">10쪽' in last
    assert "disclosures/2026/08/closed/index.html" in files  # 500 비공개 rows: one page
    findings = check_pages({p: files[p] for p in files}, "/")
    assert findings == []


def test_import_writes_a_canonical_list(tmp_path: Path, make_site) -> None:
    site = make_site()
    export = tmp_path / "export.csv"
    export.write_bytes(_csv(ROWS, ALIASES).encode("cp949"))
    result = CliRunner().invoke(main, ["disclosures", "import", str(export), "--month", "2026-10",
                                       "--site", str(site), "--published", "2026-11-03", "--force"])
    assert result.exit_code == 0, result.output
    assert "imported 4 documents (공개 1, 부분공개 1, 비공개 1, 열람제한 1)" in result.output
    written = (site / "disclosures" / "2026" / "10.csv").read_bytes()
    assert written.startswith("\ufeff문서번호,제목,생산일자,생산부서".encode())
    assert "제9조제1항제5호" in written.decode("utf-8-sig")
    assert (site / "disclosures" / "2026" / "10.yaml").read_text(encoding="utf-8") == "published: 2026-11-03\n"
    render(site, TODAY)  # the site still builds


def test_import_reports_every_row_and_writes_nothing(tmp_path: Path, make_site) -> None:
    site = make_site()
    before = (site / "disclosures" / "2026" / "10.csv").read_bytes()
    rows = [list(r) for r in ROWS]
    rows[0][6] = "7년"
    rows[1][8] = ""
    rows[3][2] = "2026-11-01"
    export = tmp_path / "bad.csv"
    export.write_text(_csv(rows, HEADER), encoding="utf-8")
    runner = CliRunner()
    exists = runner.invoke(main, ["disclosures", "import", str(export), "--month", "2026-10", "--site", str(site)])
    assert exists.exit_code == 2 and "already exists; use --append to add these rows to it or --force" in exists.output
    result = runner.invoke(main, ["disclosures", "import", str(export), "--month", "2026-10", "--site", str(site), "--force"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{export}:2:보존기간: '7년' is not a retention period (expected one of: 영구, 준영구, 30년, 10년, 5년, 3년, 1년)",
        f"{export}:3:비공개근거: 비공개 needs its legal ground (비공개근거): a ground of 정보공개법 제9조제1항 제1–8호, "
        "e.g. '5호' or '제9조제1항제5호'",
        f"{export}:5:생산일자: 2026-11-01 is outside the list's month (2026-10); each month's list holds the "
        "documents produced in that month",
        "import failed: 3 error(s); nothing was written",
    ]
    assert (site / "disclosures" / "2026" / "10.csv").read_bytes() == before


def test_import_inside_a_site_folder_writes_into_it(tmp_path: Path, make_site, monkeypatch) -> None:
    """Without --site, `disclosures import` finds the site as `build` does: the current folder
    when it holds site.yaml (never a content/ made inside it), else content/, else a clear error."""
    site = make_site()
    export = tmp_path / "export.csv"
    export.write_bytes(_csv(ROWS, ALIASES).encode("cp949"))
    monkeypatch.chdir(site)
    inside = CliRunner().invoke(main, ["disclosures", "import", str(export), "--month", "2026-10", "--force"])
    assert inside.exit_code == 0, inside.output
    assert (site / "disclosures" / "2026" / "10.csv").is_file() and not (site / "content").exists()
    monkeypatch.chdir(tmp_path)
    nowhere = CliRunner().invoke(main, ["disclosures", "import", str(export), "--month", "2026-10"])
    assert nowhere.exit_code == 2 and "no site here" in nowhere.output
