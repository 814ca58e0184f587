"""The charter format holds what real charters do: headings of any level with kinds and several
channels, notes under promises, tables inside items, phone columns, repeated section names, a
missing title. The fixture `tests/sites/charter-format/` has seed 000's per-service × per-channel
structure and renders to exactly `tests/golden/charter-format/`."""

from __future__ import annotations

import shutil

import pytest
from conftest import TESTS, TODAY, tree_bytes

from charterpress.build import build, render
from charterpress.diagnostics import BuildFailed
from charterpress.phones import canonical, find_numbers, phone_problem, tel_href

SITE = TESTS / "sites" / "charter-format"
GOLDEN = TESTS / "golden" / "charter-format"


def test_charter_format_site_matches_golden_output(tmp_path, update_golden) -> None:
    out = tmp_path / "site"
    build(SITE, out, today=TODAY)
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    if update_golden:
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(out, GOLDEN)
    actual, expected = tree_bytes(out), tree_bytes(GOLDEN)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path].decode() == expected[path].decode(), path


def _charter():
    result = render(SITE, TODAY)
    return result, result.site.charter


def _groups(blocks):
    for block in blocks:
        if hasattr(block, "level"):
            yield block
            yield from _groups(block.blocks)


def test_model_of_the_fixture() -> None:
    result, charter = _charter()
    groups = {g.id: g for g in _groups(charter.page.body.blocks)}
    assert charter.page.title == "새솔문화관 행정서비스헌장"  # no title: the site's name gives one
    assert groups["우편팩스인터넷으로-요청하시는-경우"].channels == ("mail", "fax", "internet")
    assert groups["우편팩스인터넷으로-요청하시는-경우"].channel == "mail"
    assert groups["잘못된-서비스의-시정"].kind == "redress"  # {kind=…} on a '###'
    # The same title twice gets its parent's title in its accessible name; a unique one none.
    assert groups["직접-방문하시는-경우"].label == "교양강좌 운영 서비스 – 직접 방문하시는 경우"
    assert groups["직접-방문하시는-경우-2"].label == "자료실 이용 서비스 – 직접 방문하시는 경우"
    assert groups["잘못된-서비스의-시정"].label == ""
    labels = [g.label or g.title for g in groups.values()]
    assert len(labels) == len(set(labels))
    # "단, …" under a promise is a note: the promise stays a promise, not a condition.
    phone = groups["전화로-문의하시는-경우"].blocks[0].items[0]
    assert phone.children == () and "단, 강좌 접수 첫날" in phone.notes[0]
    visit = groups["직접-방문하시는-경우"].blocks[0].items[0]
    assert visit.children[0].notes and visit.children[0].children == ()
    # A table inside a list item is read, and gathered for /contacts/.
    assert [t.caption for t in charter.page.body.tables()] == ["자료실 상담 창구 (자료실, 전화번호)",
                                                             "서비스별 접수창구 (부서, 팀, 업무, 전화, 팩스)"]
    messages = [d.message for d in result.warnings]
    assert any("section '고객에게 부탁드리는 사항' is empty" in m for m in messages)


def test_pages_of_the_fixture(tmp_path) -> None:
    out = tmp_path / "site"
    build(SITE, out, today=TODAY)
    page = (out / "charter" / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="교양강좌 운영 서비스 – 직접 방문하시는 경우"' in page
    assert '<p class="channels">창구: 우편 · 팩스 · 인터넷</p>' in page
    assert '<a href="tel:063-540-2588">(063)540-2588</a>' in page
    assert '<a href="tel:063-540-2500">063)540-2500</a>' in page
    assert "도일유통길 13-15 본관 2층</td>" in page  # an address, not a phone link
    assert '<p class="note">※ 행사 기간에는' in page
    # Header cells spanning columns, two levels of row groups, a fax shared by a department,
    # links in cells: every data cell names all its headers.
    assert '<th id="charter-t2-h1" scope="colgroup" colspan="2">연락처</th>' in page
    assert '<th id="charter-t2-c4" scope="col" headers="charter-t2-h1">전화</th>' in page
    assert ('<th id="charter-t2-g1s1" scope="row" rowspan="2" headers="charter-t2-c2 charter-t2-g1">강좌팀</th>'
            in page)
    assert '<td rowspan="3" headers="charter-t2-h1 charter-t2-c5 charter-t2-g1">063-540-2588</td>' in page
    assert ('<td headers="charter-t2-h1 charter-t2-c4 charter-t2-g1 charter-t2-g1s2 charter-t2-g1r3">'
            '<a href="tel:063-540-2521">063-540-2521</a></td>') in page
    assert '<a href="https://saesol.example.kr/course">강좌 신청</a>' in page
    assert '<a href="./">이용 안내</a>' in page  # a site path, relative to the page


def test_phone_numbers_with_parenthesised_area_codes() -> None:
    assert find_numbers("FAX (063)540-2588 / 063)540- 2500") == ["(063)540-2588", "063)540- 2500"]
    assert canonical("063)540- 2500") == "063-540-2500"
    assert tel_href("(063)540-2588") == "tel:063-540-2588"
    assert phone_problem("(063)540-2588") is None
    assert "no area code" in phone_problem("737-1023")
    assert find_numbers("도일유통길 13-15") == []


def test_running_text_phone_without_area_code_warns(make_site) -> None:
    site = make_site({"pages/call.md": "---\ntitle: 전화\n---\n\n문의는 737-1023 으로 해 주십시오.\n"})
    result = render(site, TODAY)
    assert any("'737-1023' has no area code" in d.message and d.is_warning for d in result.warnings)


def test_phone_columns_named_by_the_table(make_site) -> None:
    table = ("```table\ncaption: 창구\ncolumns: [부서, 연락처, 번호]\nphones: [번호]\nrows:\n"
             "  - 부서: 총무과\n    연락처: 도일유통길 13-15\n    번호: 737-1023\n```\n")
    with pytest.raises(BuildFailed) as failed:
        render(make_site({"pages/t.md": "---\ntitle: 창구\n---\n\n" + table}), TODAY)
    messages = [d.message for d in failed.value.diagnostics]
    assert any("cell '번호': phone number '737-1023' has no area code" in m for m in messages)
    assert not any("13-15" in m for m in messages)  # the address column is not read as numbers


def test_unknown_channel_in_a_list_is_an_error(make_site) -> None:
    body = "{channel=mail,fox}\n## 우편\n\n- 약속합니다.\n"
    with pytest.raises(BuildFailed) as failed:
        render(make_site({"pages/c.md": "---\ntitle: 창구\n---\n\n" + body}), TODAY)
    assert any("channel 'fox' is not known" in d.message for d in failed.value.diagnostics)


def test_table_structure_problems(make_site) -> None:
    table = ("```table\ncaption: 창구\ncolumns: [부서, 팀, 과, 전화, 팩스, 누리집]\ngroup_by: [부서, 팀, 과]\n"
             "header_groups:\n  연락처: [전화, 누리집]\nrows:\n  - 부서: 총무과\n    누리집: \"[x](javascript:alert(1))\"\n```\n")
    with pytest.raises(BuildFailed) as failed:
        render(make_site({"pages/t.md": "---\ntitle: 창구\n---\n\n" + table}), TODAY)
    messages = [d.message for d in failed.value.diagnostics]
    assert "'group_by' takes one column or two (a department, then a team)" in messages
    assert "header group '연락처' must name columns that stand side by side" in messages
