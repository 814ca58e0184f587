"""The commitments register: words against numbers, deadlines from the charter, the page and JSON."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path
from typing import get_args

import html5lib
import jsonschema
import pytest

from charterpress.build import render
from charterpress.commitments import Kind, written_in
from charterpress.diagnostics import BuildFailed
from charterpress.render_commitments import SCHEMA
from conftest import DEMO, TODAY, files_of

QUOTES = re.compile("[\"“”'‘’]")


@pytest.mark.parametrize("value, unit, text, found", [
    (3, "번", "전화벨이 세 번 울리기 전에 받고", True),  # a native numeral
    (3, "번", "전화벨이 3회 이상 울리기 전에", True),  # 번 and 회 stand for each other
    (3, "번", "13번 창구", False),  # not the tail of a longer number
    (5000, "원", "5,000원 상당의 문화상품권", True),
    (5000, "원", "15,000원", False),
    (1, "개월", "한 달 안에", True),
    (10, "초", "하고, 10초 이내에", True),  # a comma before is punctuation, not a thousands mark
    (2, "시간", "근무시간 기준 2 시간 이내", True),
    (2, "시간", "20시간", False),
])
def test_number_and_unit_must_be_in_the_words(value: int, unit: str, text: str, found: bool) -> None:
    assert written_in(Decimal(value), unit, text) is found


def test_every_demo_promise_round_trips_to_page_and_json(demo) -> None:
    files = files_of(demo)
    data = json.loads(files["commitments/commitments.json"][0])
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert files["commitments/commitments.schema.json"][0] == SCHEMA.read_bytes()
    page = files["commitments/index.html"][0].decode()
    register = demo.site.commitments
    assert [c["id"] for c in data["commitments"]] == [c.id for c in register]
    assert len({c.id for c in register}) == len(register) >= 30
    assert {c.record.kind for c in register} == set(get_args(Kind))  # every kind, rate included
    for c, out in zip(register, data["commitments"]):
        assert out["kind"] == c.record.kind and out["words"] == c.words
        if c.record.bound:
            assert out["bound"]["value"] == float(c.record.bound.value) and out["bound"]["unit"] == c.record.bound.unit
            assert c.record.bound.text in page
        assert f'<tr id="{c.id}">' in page


def test_results_stand_on_the_charter_item_too(demo) -> None:
    # Target and results are shown where the promise is written, the same words as in the
    # register's row, "목표 미달" included, with a link back to that row.
    files = files_of(demo)
    register = html5lib.parse(files["commitments/index.html"][0], namespaceHTMLElements=False)
    shown = [c for c in demo.site.commitments if c.has_results]
    assert {c.id for c in shown} >= {"phone-answer", "phone-transfer", "contract-payment"}
    assert len({c.page_path for c in shown}) > 1  # the charter and a department page
    for c in shown:
        page = html5lib.parse(files[c.page_path][0], namespaceHTMLElements=False)
        item = page.find(f".//li[@id='{c.item_id}']")
        kept = [p for p in item.iter("p") if p.get("class") == "kept" and p.find("a").get("href").endswith(f"#{c.id}")]
        assert len(kept) == 1, c.id
        words = " ".join("".join(kept[0].itertext()).split())
        row = register.find(f".//tr[@id='{c.id}']")
        squeeze = lambda text: re.sub(r"[\s·]", "", text)  # noqa: E731 (the row breaks lines, the item uses ·)
        assert squeeze("".join(row.findall("td")[-1].itertext())) in squeeze(words), c.id
        below = any(r.met < c.record.target for r in c.record.results) if c.record.target is not None else False
        assert ("목표 미달" in words) is below, c.id
    assert [p for p in html5lib.parse(files["charter/index.html"][0], namespaceHTMLElements=False).iter("p")
            if p.get("class") == "kept"], "no results on the charter page"


def test_links_from_the_register_reach_their_items(demo) -> None:
    # Each link lands on an anchor inside the item whose words the promise quotes.
    files = files_of(demo)
    for c in demo.site.commitments:
        path, _, anchor = c.link.partition("#")
        page = html5lib.parse(files[path.lstrip("/") + "index.html"][0], namespaceHTMLElements=False)
        item = next(li for li in page.iter("li") if any(span.get("id") == anchor for span in li.findall("span")))
        assert item.get("id") == c.item_id, c.id
        shown = " ".join("".join(item.itertext()).split())
        assert QUOTES.sub("", c.words) in QUOTES.sub("", shown), c.id  # the page sets quotes typographically


def test_promise_links_survive_an_item_added_above(tmp_path: Path) -> None:
    # Item ids count positions; the promise's anchor is named by its id, so a new item before it
    # changes the one and not the other.
    site = tmp_path / "content"
    shutil.copytree(DEMO, site)
    charter = site / "charter.md"
    text = charter.read_text(encoding="utf-8")
    first = "- 전화벨이 세 번 울리기 전에 받고"
    assert first in text
    charter.write_text(text.replace(first, "- 통화 내용은 다른 곳에 알리지 않겠습니다.\n" + first, 1), encoding="utf-8")
    before = next(c for c in render(DEMO, TODAY).site.commitments if c.id == "phone-answer")
    after = next(c for c in render(site, TODAY).site.commitments if c.id == "phone-answer")
    assert after.item_id != before.item_id and after.link == before.link == "/charter/#promise-phone-answer"


def _promised_due_day(make_site, day: int) -> Path:
    """The minimal site whose 정보목록 due day comes only from a promise "다음 달 {day}일까지"."""
    site = make_site({
        "departments/lists.md": f"---\ntitle: 정보공개\n---\n\n- 매월 생산한 정보목록은 다음 달 {day}일까지 공개하겠습니다.\n",
        "commitments.yaml": f"commitments:\n  - id: disclosure-list\n    item: 다음 달 {day}일까지\n    kind: recurrence\n"
                            f"    bound: {{value: {day}, unit: 일, op: 까지}}\n    sets: disclosures.due_day\n",
    })
    config = (site / "site.yaml").read_text(encoding="utf-8").replace("disclosures:\n  due_day: 3\n", "")
    (site / "site.yaml").write_text(config, encoding="utf-8")
    return site


def test_deadlines_come_from_the_charters_words(demo, make_site) -> None:
    assert demo.site.disclosures.settings.due_day == 5  # "다음 달 5일까지", not site.yaml
    assert (demo.site.surveys.settings.results_within_months, demo.site.surveys.settings.plan_within_months) == (1, 2)
    result = render(_promised_due_day(make_site, 7), TODAY)
    assert result.site.disclosures.settings.due_day == 7
    october = next(e for e in result.site.disclosures.calendar if str(e.month) == "2026-10")
    assert october.deadline.due.isoformat() == "2026-11-09"  # 7 November is a Saturday


def test_results_show_target_and_shortfall(demo) -> None:
    page = files_of(demo)["commitments/index.html"][0].decode()
    assert "목표 95%</span><br><span class=\"nowrap\">2025: 89.0% 지킴</span> (400건 점검) <strong class=\"state-late\">(목표 미달)</strong>" in page
    assert "2025: 96.4% 지킴</span> (1,200건 점검)<br>" in page


def test_a_deadline_from_the_words_is_still_range_checked(make_site) -> None:
    site = _promised_due_day(make_site, 30)
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "commitments.yaml:6:11: disclosures due_day 30 must be between 1 and 28 "
        "(set by the charter's promise 'disclosure-list')"]
