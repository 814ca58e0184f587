"""The fast page parser builds exactly html5lib's tree, or declines and leaves the page to html5lib."""

from __future__ import annotations

import html5lib
import pytest
from conftest import write_big_month

from charterpress.checks import fastparse
from charterpress.checks.pages import PAGE_RULES, parse_page


def html5lib_tree(data: bytes):
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    root = parser.parse(data)
    return root, parser.errors


def shape(element) -> tuple:
    tag = element.tag if isinstance(element.tag, str) else "<!-- -->"
    return tag, dict(element.attrib), element.text, element.tail, [shape(child) for child in element]


@pytest.mark.parametrize("fixture", ["demo", "minimal"])
def test_every_page_it_accepts_is_html5libs_tree_without_errors(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    accepted = declined = 0
    for file in result.files:
        if not file.path.endswith(".html"):
            continue
        fast = fastparse.parse(file.data)
        if fast is None:
            declined += 1
            continue
        accepted += 1
        slow, errors = html5lib_tree(file.data)
        assert errors == [], file.path
        assert shape(fast) == shape(slow), file.path
    assert accepted > 3 * declined  # the fast path is the usual one, not a rarity


def test_a_big_month_takes_the_fast_path(tmp_path, minimal) -> None:
    from shutil import copytree

    from conftest import MINIMAL, TODAY

    from charterpress.build import render

    site = tmp_path / "site"
    copytree(MINIMAL, site)
    write_big_month(site, 1200)
    pages = [f for f in render(site, TODAY).files if f.path.startswith("disclosures/2026/08/")
             and f.path.endswith(".html")]
    assert len(pages) >= 4
    for page in pages:
        fast = fastparse.parse(page.data)
        assert fast is not None, page.path
        assert shape(fast) == shape(html5lib_tree(page.data)[0]), page.path


GOOD = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<title>제목 &amp; 부제</title>
<script src="a.js" defer></script>
</head>
<body>
<a href="#main">본문 바로가기</a>
<main id="main"><h1>제목</h1>
<p>문단 &lt;b&gt; &#44032; &#xAC00;<br>둘째 줄 <img src="a.png" alt=""></p>
<!-- 주석 -->
<ul><li>하나<ul><li>둘</li></ul></li></ul>
<dl><dt>가</dt><dd>나</dd></dl>
<table><caption>표</caption><thead><tr><th scope="col">가</th></tr></thead>
<tbody><tr><td><a href="x?a=1&amp;b=2">1</a></td></tr></tbody></table>
<form action="/s"><label for="q">찾기</label><input id="q" name=q><button>검색</button></form>
</main>
</body>
</html>
"""

# Each is something html5lib repairs (a different tree), reports (a parse error), or that this
# parser does not follow exactly (a bare '&' is legal, but rare enough to leave to html5lib).
DECLINED = {
    "stray end tag": ("<h1>제목</h1>", "<h1>제목</span></h1>"),
    "missing end tag": ("<h1>제목</h1>", "<h1>제목"),
    "p closed by a div": ("<br>둘째 줄", "<div>둘째 줄</div>"),
    "tr without tbody": ("<tbody><tr><td>", "<tr><td>"),
    "text in a table": ("<tbody><tr>", "<tbody>글<tr>"),
    "div in a table": ("<tbody><tr>", "<div></div><tbody><tr>"),
    "td in a list": ("<li>하나", "<li><td>하나</td>"),
    "li closing an li": ("<li>하나<ul>", "<li>하나<li>"),
    "nested link": ('">1</a>', '"><a href="#">1</a></a>'),
    "heading in a heading": ("<h1>제목</h1>", "<h1><h2>제목</h2></h1>"),
    "legacy reference": ("&amp; 부제", "&amp 부제"),
    "unknown reference": ("&lt;b&gt;", "&foo;b"),
    "bare ampersand": ("문단 ", "문단 & "),
    "C1 reference": ("&#44032;", "&#128;"),
    "self-closed div": ("<br>", "<div/>"),
    "duplicate attribute": ('<main id="main">', '<main id="main" id="x">'),
    "attributes run together": ('lang="ko"', 'lang="ko"dir="ltr"'),
    "upper-case tag": ("<h1>제목</h1>", "<H1>제목</H1>"),
    "control character": ("문단", "문\x01단"),
    "carriage return": ("문단", "문\r\n단"),
    "svg": ("<br>", "<svg><rect/></svg>"),
    "select": ("<br>", "<select><option>가</select>"),
    "odd comment": ("<!-- 주석 -->", "<!-- 주 -- 석 -->"),
    "text after html": ("</html>\n", "</html>\n끝"),
    "no doctype": ("<!DOCTYPE html>\n", ""),
    "other charset": ('<meta charset="utf-8">', '<meta charset="euc-kr">'),
    "no head": ("<head>\n", ""),
    "text in head": ("<title>", "글<title>"),
    "body element in head": ("<title>", "<div></div><title>"),
    "markup in title": ("제목 &amp; 부제", "<b>제목</b>"),
    "second body": ("<h1>제목</h1>", '<h1>제목</h1><body class="x">'),
}


def test_the_good_page_is_accepted_and_exact() -> None:
    fast = fastparse.parse(GOOD.encode())
    assert fast is not None
    slow, errors = html5lib_tree(GOOD.encode())
    assert errors == []
    assert shape(fast) == shape(slow)


@pytest.mark.parametrize("case", sorted(DECLINED))
def test_it_declines_what_html5lib_would_repair_or_report(case: str) -> None:
    old, new = DECLINED[case]
    assert old in GOOD
    data = GOOD.replace(old, new, 1).encode("utf-8")
    assert fastparse.parse(data) is None  # declining is always safe: html5lib then parses it


def test_a_declined_page_still_gets_html5libs_parse_errors() -> None:
    page = parse_page("p.html", GOOD.replace("<h1>제목</h1>", "<h1>제목</span></h1>").encode())
    assert list(PAGE_RULES["html-parse"](page))
