"""Every built page of the demo and fixture sites passes the page rules; each rule can fail."""

from __future__ import annotations

import html5lib
import pytest

from charterpress.checks import check_pages
from charterpress.checks.pages import PAGE_RULES, parse_page
from charterpress.templates import read_ui, ui_strings
from conftest import files_of

GOOD = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>t</title></head><body>
<a href="#main">본문 바로가기</a><a href="#gnb">주메뉴 바로가기</a><nav id="gnb"></nav>
<main id="main"><h1>제목</h1><h2>소제목</h2>
<table><caption>표</caption><tr><th scope="col">가</th></tr><tr><td>1</td></tr></table>
<img src="a.png" alt="그림"><label for="q">질문</label><input id="q" name="q">
<section class="content-info"><h2>콘텐츠 정보</h2><dl><dt>최종수정일</dt>
<dd><time datetime="2026-11-02">2026-11-02</time></dd></dl></section></main></body></html>"""

BROKEN = {
    "html-parse": GOOD.replace("<h2>소제목</h2>", "<h2>소제목</span></h2>"),
    "html-lang": GOOD.replace(' lang="ko"', ""),
    "duplicate-id": GOOD.replace('<nav id="gnb">', '<nav id="gnb"><p id="main"></p>'),
    "skip-links": GOOD.replace('<a href="#main">본문 바로가기</a>', ""),
    "one-h1": GOOD.replace("<h2>소제목</h2>", "<h1>또 제목</h1>"),
    "heading-order": GOOD.replace("<h2>소제목</h2>", "<h3>소제목</h3>"),
    "table-headers": GOOD.replace('<th scope="col">', "<th>"),
    "image-alt": GOOD.replace(' alt="그림"', ""),
    "form-label": GOOD.replace('<label for="q">질문</label>', ""),
    "link-text": GOOD.replace("</main>", '<a href="#main"></a></main>'),
    "content-info": GOOD.replace('class="content-info"', 'class="other"'),
    "personal-id": GOOD.replace("<h2>소제목</h2>", "<h2>소제목 800101-1234567</h2>"),
}


def test_every_rule_has_a_broken_fixture() -> None:
    assert set(BROKEN) == set(PAGE_RULES)


@pytest.mark.parametrize("rule", sorted(PAGE_RULES))
def test_rule_quiet_on_good_page_and_fires_on_broken_one(rule: str) -> None:
    good = parse_page("good.html", GOOD.encode())
    assert list(PAGE_RULES[rule](good)) == []
    broken = parse_page("broken.html", BROKEN[rule].encode())
    assert list(PAGE_RULES[rule](broken)), f"{rule} did not fire"


def test_content_info_rule_wants_the_date_of_last_change() -> None:
    undated = parse_page("undated.html", GOOD.replace('<time datetime="2026-11-02">', "<time>").encode())
    assert list(PAGE_RULES["content-info"](undated)) == [
        "content-information block has no 최종수정일 (a <time datetime> in it)"]


@pytest.mark.parametrize("fixture", ["demo", "minimal"])
def test_built_pages_pass_every_rule(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    findings = check_pages(files_of(result), result.site.config.base_path)
    assert [str(f) for f in findings] == []


@pytest.mark.parametrize("fixture", ["demo", "minimal"])
def test_built_pages_parse_strictly(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    pages = [f for f in result.files if f.path.endswith(".html")]
    assert len(pages) >= 7
    for page in pages:
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page.data)


def test_titles_are_unique_and_name_the_institution(demo) -> None:
    titles = [parse_page(f.path, f.data).root.find("head/title").text for f in demo.files if f.path.endswith(".html")]
    assert len(set(titles)) == len(titles)
    assert all(t.endswith(" – 한빛시립도서관") for t in titles)


def test_grouped_contact_table_ties_cells_to_headers(minimal) -> None:
    page = parse_page("c", next(f for f in minimal.files if f.path == "charter/index.html").data)
    table = page.root.find(".//table")
    group = table.find(".//th[@scope='rowgroup']")
    assert group.get("rowspan") == "2" and group.text == "운영과"
    ids = {e.get("id") for e in table.iter() if e.get("id")}
    for td in table.iter("td"):
        assert td.get("headers") and set(td.get("headers").split()) <= ids
    fax = [td for td in table.iter("td") if "02-123-4568" in "".join(td.itertext())]
    assert len(fax) == 1 and fax[0].get("rowspan") == "2"
    links = [a.get("href") for a in table.iter("a")]
    assert links == ["tel:02-123-4567", "tel:02-123-4569", "tel:02-123-4570"]


def test_satisfaction_form_when_endpoint_is_set(make_site) -> None:
    from charterpress.build import render
    from conftest import MINIMAL
    settings = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": settings + "feedback:\n  endpoint: https://survey.example.kr/answer\n"})
    page = parse_page("p", next(f for f in render(site).files if f.path == "privacy/index.html").data)
    form = page.root.find(".//form[@class='satisfaction']")
    assert form.get("action") == "https://survey.example.kr/answer" and form.get("method") == "post"
    assert form.find(".//legend").text == "이 페이지에서 제공하는 정보에 대하여 만족하십니까?"
    labels = [label.text for label in form.iter("label")]
    assert labels == ["매우 만족", "만족", "보통", "불만족", "매우 불만족"]


def test_without_endpoint_a_link_to_feedback_channels(minimal) -> None:
    page = parse_page("p", next(f for f in minimal.files if f.path == "privacy/index.html").data)
    assert page.root.find(".//form[@class='satisfaction']") is None
    alt = page.root.find(".//p[@class='satisfaction-alt']/a")
    assert alt.get("href") == "../charter/#의견-제시"


def test_unique_title_rule_fires_on_a_repeated_title() -> None:
    from charterpress.checks.pages import PageSummary, rule_unique_titles
    pages = [PageSummary.of(parse_page(name, GOOD.encode())) for name in ("a.html", "b.html")]
    assert [f.message for f in rule_unique_titles(pages)] == ["title 't' is also the title of a.html"]
    assert list(rule_unique_titles(pages[:1])) == []


def test_interface_strings_never_write_a_key_twice() -> None:
    # YAML keeps the last of two equal keys: the survey index once showed the register's column
    # name "목표와 실적" where "결과 공표" belonged. Reading the strings now refuses such a file.
    assert ui_strings()["col_results"] == "결과 공표"
    with pytest.raises(ValueError, match="i18n/xx.yaml: keys written twice: a"):
        read_ui("a: 하나\nb: 둘\na: 셋\n", "i18n/xx.yaml")
