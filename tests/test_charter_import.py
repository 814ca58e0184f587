"""`charterpress import charter` on charter pages written for the tests (tests/import/README.md):
the share of source sentences that reach the built site, the headings, items and tables
recovered, and that each draft builds and passes `check`.

The figures are asserted as measured. For the tuning files (seeds/, pages/) the recovered items
and tables equal what the source holds; the held-out files (heldout/, never tuned on) recover
every sentence but not all of their structure, and their true counts are kept beside the measured
ones so an improvement shows as a failing (then updated) figure.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import TESTS, TODAY

from charterpress.charter_import import TargetExists, _verify, import_charter, read_source, report_text
from charterpress.check import check_site
from charterpress.cli import main

PAGES = TESTS / "import"

# file: (sentences, headings, items, tables, items in the source, tables in the source)
FIGURES = {
    "seeds/seed0.txt": (57, 10, 31, 2, 31, 2),
    "seeds/seed1.txt": (28, 10, 16, 0, 16, 0),
    "seeds/seed2.txt": (54, 6, 18, 3, 18, 3),
    "seeds/seed3.txt": (37, 5, 27, 0, 27, 0),
    "seeds/seed4.txt": (19, 4, 14, 0, 14, 0),
    "pages/a.html": (34, 6, 9, 1, 9, 1),
    "pages/b.html": (17, 3, 4, 1, 4, 1),
    # held out: '□' headings and '○' paragraphs in a div layout, a table whose header is <td><b>
    "heldout/c.html": (25, 0, 0, 1, 6, 1),
    # held out: 'Ⅰ.'/'□' headings and 'ㅇ' markers, one '○' glued onto a line
    "heldout/d.txt": (16, 3, 6, 0, 9, 0),
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, tuple]:
    done = {}
    for name in FIGURES:
        site = tmp_path_factory.mktemp("import") / "site"
        result = import_charter(PAGES / name, site, today=TODAY)
        done[name] = (result, site)
    return done


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_sentence_reaches_the_built_site(imported, name) -> None:
    result, _ = imported[name]
    sentences, headings, items, tables, _, _ = FIGURES[name]
    assert result.builds, result.problems
    assert (result.reached, result.sentences) == (sentences, sentences), result.not_reached
    assert (result.report.sections, result.report.items, result.report.tables) == (headings, items, tables)


@pytest.mark.parametrize("name", [n for n in sorted(FIGURES) if not n.startswith("heldout/")])
def test_tuning_pages_recover_every_item_and_table(imported, name) -> None:
    result, _ = imported[name]
    *_, source_items, source_tables = FIGURES[name]
    assert (result.report.items, result.report.tables) == (source_items, source_tables)


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_the_draft_passes_check(imported, name) -> None:
    _, site = imported[name]
    report = check_site(site, today=TODAY)
    assert [d for d in report.diagnostics if d.is_error] == []
    assert report.findings == []


def test_structure_of_a_per_service_per_channel_text(imported) -> None:
    _, site = imported["seeds/seed0.txt"]
    charter = (site / "charter.md").read_text(encoding="utf-8")
    assert "{channel=visit}\n##### 직접 방문하시는 경우" in charter
    assert "- 수강생이 2분 이내에 강의실을 찾으실 수 있도록\n  - 층마다 강의실 안내판을 붙이겠습니다." in charter
    assert "{kind=participation}" in charter and "group_by" not in charter
    assert "phones: []" in charter  # numbers without an area code: surfaced, not guessed


def test_declaration_revisions_departments_and_owner(imported) -> None:
    _, site = imported["seeds/seed2.txt"]
    charter = (site / "charter.md").read_text(encoding="utf-8")
    assert "revisions:\n- date: '2005-03-02'\n  kind: 제정" in charter
    assert "  pledges:\n  - 우리는 관람객을 밝은 얼굴과 바른 말씨로 맞이하겠습니다." in charter
    departments = sorted((site / "departments").glob("*.md"))
    assert [p.read_text(encoding="utf-8").split("\n")[1] for p in departments] == ["title: 전시운영부",
                                                                                   "title: 교육지원부"]
    assert "kind: processing" in departments[1].read_text(encoding="utf-8")
    _, site4 = imported["seeds/seed4.txt"]
    assert "owner:\n  department: 기획예산과\n  team: 규제개혁\n  person: 한가람\n  phone: 033-560-2231\n" \
           "  updated: '2025-03-14'" in (site4 / "charter.md").read_text(encoding="utf-8")


def test_html_tables_keep_their_groups_and_spanning_headers(imported) -> None:
    result, site = imported["pages/a.html"]
    charter = (site / "charter.md").read_text(encoding="utf-8")
    assert "- 전화\n- 팩스\ngroup_by: 담당과\nshared:\n- 팩스\nheader_groups:\n  연락처:\n  - 전화\n  - 팩스" in charter
    assert "  업무:\n  - 의료기관 신고\n  - 약국 개설" in charter
    chrome = " ".join(text for _, text in result.report.chrome)
    assert "본문 바로가기" in chrome and "홈 > 열린보건소" in chrome and "TOP" in chrome
    assert "만족하십니까" in chrome


def test_euc_kr_pages_declared_or_not_and_utf8_pages_that_say_euc_kr(tmp_path) -> None:
    def read(data: bytes) -> tuple[str, str]:
        (tmp_path / "p.html").write_bytes(data)
        return read_source(tmp_path / "p.html")[:2]

    text = "<p>고객헌장</p>".encode("cp949")
    assert read(text) == ("<p>고객헌장</p>", "cp949")  # undeclared: not UTF-8, so CP949
    assert read(b'<meta charset="euc-kr">' + text)[0].endswith("고객헌장</p>")
    # saved as UTF-8 by a browser but still declaring euc-kr: read as what it is, not as mojibake
    assert read('<meta charset="euc-kr"><p>민원을 3일 이내에</p>'.encode("utf-8"))[0].endswith("민원을 3일 이내에</p>")
    assert read("\ufeff헌장".encode("utf-8")) == ("헌장", "utf-8-sig")


def test_a_source_that_is_not_text_is_a_message_not_a_draft(tmp_path) -> None:
    source = tmp_path / "charter.hwp"
    source.write_bytes(b"\xd0\xcf\x11\xe0\x00\x00binary")
    result = CliRunner().invoke(main, ["import", "charter", str(source), "--site", str(tmp_path / "site")])
    assert result.exit_code == 1 and "is a binary file, not text" in result.output
    assert not (tmp_path / "site").exists()


def test_a_sentence_missing_from_the_draft_is_reported_with_its_line(tmp_path) -> None:
    site = tmp_path / "site"
    result = import_charter(PAGES / "seeds/seed1.txt", site, today=TODAY)
    charter = site / "charter.md"
    text = charter.read_text(encoding="utf-8")
    cut = text.replace("  - 현관에 층별 안내도를 붙이겠습니다.\n", "")
    assert cut != text
    charter.write_text(cut, encoding="utf-8")
    source = (PAGES / "seeds/seed1.txt").read_text(encoding="utf-8")
    _verify(result, site, source, TODAY)
    assert result.not_reached == [(7, "현관에 층별 안내도를 붙이겠습니다.")]
    assert "  line 7: 현관에 층별 안내도를 붙이겠습니다." in report_text(result, Path("seed1.txt"))


def test_never_overwrites_without_force(tmp_path) -> None:
    site = tmp_path / "site"
    import_charter(PAGES / "seeds/seed1.txt", site, today=TODAY)
    (site / "charter.md").write_text("mine", encoding="utf-8")
    with pytest.raises(TargetExists):
        import_charter(PAGES / "seeds/seed1.txt", site, today=TODAY)
    assert (site / "charter.md").read_text(encoding="utf-8") == "mine"
    import_charter(PAGES / "seeds/seed1.txt", site, force=True, today=TODAY)
    assert (site / "charter.md").read_text(encoding="utf-8") != "mine"


def test_cli(tmp_path) -> None:
    from click.testing import CliRunner

    runner = CliRunner()
    site = tmp_path / "draft"
    first = runner.invoke(main, ["import", "charter", str(PAGES / "seeds/seed3.txt"), "--site", str(site)])
    assert first.exit_code == 0, first.output
    assert "sentences reaching the built site: 37 of 37 (100.0%)" in first.output
    again = runner.invoke(main, ["import", "charter", str(PAGES / "seeds/seed3.txt"), "--site", str(site)])
    assert again.exit_code == 2 and "use --force" in again.output


def test_a_page_of_chrome_only_says_so(tmp_path) -> None:
    page = tmp_path / "menu.html"
    page.write_text("<html><body><nav>주메뉴</nav><a class='btn_top' href='#'>TOP</a></body></html>",
                    encoding="utf-8")
    result = import_charter(page, tmp_path / "site", today=TODAY)
    assert result.builds and result.report.items == 0
    assert "  no charter text was found in the source (only page chrome, or nothing)" in \
        report_text(result, page).split("\n")
    assert [text for _, text in result.report.chrome] == ["주메뉴", "TOP"]
