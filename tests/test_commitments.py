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
from conftest import DEMO, TODAY, files_of

from charterpress.build import render
from charterpress.commitments import Kind, written_in
from charterpress.diagnostics import BuildFailed
from charterpress.render_commitments import SCHEMA

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
    assert {c.record.kind for c in register} == set(get_args(Kind))  # every kind, rate and notice included
    for c, out in zip(register, data["commitments"]):
        assert out["kind"] == c.record.kind and out["words"] == c.words
        if c.record.bound:
            assert out["bound"]["unit"] == c.record.bound.unit and out["bound"]["text"] == c.record.bound.text
        assert out["text"] == c.record.statement and c.record.statement in page
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
        squeeze = lambda text: re.sub(r"[\s·]", "", text)
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


# Every form real charters write, as (item words, the commitment's YAML, how it reads normalised).
FORMS = [
    ("- 민원은 5근무일 이내에 처리하겠습니다.", "kind: deadline\n    bound: {value: 5, unit: 일, basis: 근무일}",
     "근무일 기준 5일 이내"),
    ("- 서류 보완은 업무일 기준 3일 이내에 요청하겠습니다.",
     "kind: deadline\n    bound: {value: 3, unit: 일, basis: 업무일}", "업무일 기준 3일 이내"),
    ("- 회신은 10 근무일 안에 드리겠습니다.", "kind: deadline\n    bound: {value: 10, unit: 일, basis: 근무일}",
     "근무일 기준 10일 이내"),
    ("- 누리집 민원은 근무시간 기준 2시간 이내에 전달하겠습니다.",
     "kind: deadline\n    bound: {value: 2, unit: 시간, basis: 근무시간}", "근무시간 기준 2시간 이내"),
    ("- 주간 소식은 매주 금요일까지 올리겠습니다.", "kind: recurrence\n    bound: {anchor: 매주 금요일, op: 까지}",
     "매주 금요일까지"),
    ("- 사용료 고지서는 매월 10일까지 보내드리겠습니다.",
     "kind: recurrence\n    bound: {value: 10, unit: 일, op: 까지, anchor: 매월}", "매월 10일까지"),
    ("- 실적은 익월 10 근무일 이내에 공개하겠습니다.",
     "kind: recurrence\n    bound: {value: 10, unit: 일, basis: 근무일, anchor: 익월}", "익월 근무일 기준 10일 이내"),
    ("- 연간 계획은 매년 12월 말까지 알리겠습니다.", "kind: recurrence\n    bound: {anchor: 매년 12월 말, op: 까지}",
     "매년 12월 말까지"),
    ("- 야간 창구는 22시까지 열겠습니다.", "kind: availability\n    bound: {anchor: 22시, op: 까지}", "22시까지"),
    ("- 토요일은 17:00까지 운영하겠습니다.", "kind: availability\n    bound: {anchor: '17:00', op: 까지}", "17:00까지"),
    ("- 결과는 익년 2월에 공표하겠습니다.", "kind: recurrence\n    bound: {anchor: 익년 2월, op: 정각}", "익년 2월"),
    ("- 시설 점검은 월 1회 이상 하겠습니다.", "kind: frequency\n    bound: {value: 1, unit: 회, op: 이상, per: 월}",
     "월 1회 이상"),
    ("- 교육은 연 2회 이상 열겠습니다.", "kind: frequency\n    bound: {value: 2, unit: 회, op: 이상, per: 연}",
     "연 2회 이상"),
    ("- 간담회는 분기 1회 엽니다.", "kind: frequency\n    bound: {value: 1, unit: 회, op: 정각, per: 분기}", "분기 1회"),
    ("- 만족도 조사는 년1회 하겠습니다.", "kind: frequency\n    bound: {value: 1, unit: 회, op: 정각, per: 연}", "연 1회"),
    ("- 청소는 하루 2회 하겠습니다.", "kind: frequency\n    bound: {value: 2, unit: 회, op: 정각, per: 일}", "하루 2회"),
    ("- 처리에 8일 이상 소요되는 경우 중간 통보를 드리겠습니다.",
     "kind: notice\n    trigger: {value: 8, unit: 일, about: 처리}\n    action: 중간 통보", "처리에 8일 이상 걸리면 중간 통보"),
    ("- 공고는 최소 7일 게시하겠습니다.", "kind: duration\n    bound: {value: 7, unit: 일, op: 최소}", "최소 7일"),
    ("- 전시는 1개월 동안 열겠습니다.", "kind: duration\n    bound: {value: 1, unit: 개월, op: 동안}", "1개월 동안"),
    ("- 결과는 30일간 게시하겠습니다.", "kind: duration\n    bound: {value: 30, unit: 일, op: 동안}", "30일 동안"),
    ("- 무인 발급기는 365일 24시간 운영합니다.",
     "kind: availability\n    bound: {value: 24, unit: 시간, op: 정각, anchor: 365일}", "365일 24시간"),
    ("- 상담 전화는 연중무휴로 받겠습니다.", "kind: availability\n    bound: {anchor: 연중무휴, op: 정각}", "연중무휴"),
    ("- 전산 시스템은 99% 이상 가동하겠습니다.", "kind: availability\n    bound: {value: 99, unit: '%', op: 이상}",
     "99% 이상"),
    ("- 일정이 바뀌면 3근무일 이전까지 알려드리겠습니다.",
     "kind: notice\n    bound: {value: 3, unit: 일, op: 전, basis: 근무일}", "근무일 기준 3일 전"),
    ("- 행사 시작 5분 전까지 안내하겠습니다.", "kind: notice\n    bound: {value: 5, unit: 분, op: 전}", "5분 전"),
    ("- 잘못 안내한 경우 교통비 실비를 30,000원 범위 내에서 드리겠습니다.",
     "kind: compensation\n    compensation: {form: 교통비 실비, cap: 30000, eligible: 민원인 본인}", "교통비 실비 최대 30,000원"),
    ("- 늦어지면 1시간당 1,000원씩 추가 보상하겠습니다.",
     "kind: compensation\n    compensation: {form: 현금, amount: 1000, per: {value: 1, unit: 시간}}", "현금 1시간당 1,000원씩"),
    ("- 두 번 오시면 5,000원, 세 번 이상이면 1만 원 상당의 상품권을 드리겠습니다.",
     "kind: compensation\n    compensation:\n      form: 상품권\n      tiers:\n        - {condition: 두 번, amount: 5000}\n"
     "        - {condition: 세 번 이상, amount: 10000}", "상품권 두 번: 5,000원, 세 번 이상: 10,000원"),
    ("- 불편을 드린 경우 소정의 보상품을 드리겠습니다.", "kind: compensation\n    compensation: {form: 소정의 보상품}",
     "소정의 보상품"),
]


def test_every_form_round_trips_words_data_page_json(make_site) -> None:
    # words → data → page → JSON: each form loads from the register, passes the words check,
    # reads as a citizen would on the register page, and says the same in the JSON.
    body = "\n".join(words for words, _, _ in FORMS)
    register = "commitments:\n" + "".join(
        f"  - id: form-{n}\n    item: {_quote(words)}\n    {data}\n" for n, (words, data, _) in enumerate(FORMS))
    site = make_site({"departments/forms.md": f"---\ntitle: 민원과\n---\n\n{body}\n", "commitments.yaml": register})
    files = files_of(render(site, TODAY))
    data = json.loads(files["commitments/commitments.json"][0])
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    page = files["commitments/index.html"][0].decode()
    shown = {row["id"]: row["text"] for row in data["commitments"]}
    for n, (_, _, reads) in enumerate(FORMS):
        assert shown[f"form-{n}"] == reads
        assert reads in page.replace("&#39;", "'"), reads


def _quote(words: str) -> str:
    return json.dumps(words.removeprefix("- ").rstrip("."), ensure_ascii=False)


@pytest.mark.parametrize("words, data, cause", [
    ("5근무일 이내에 처리", {"bound": {"value": 5, "unit": "일"}}, "counts 5일 as calendar days, but its item says '5근무일'"),
    ("5일 이내에 처리", {"bound": {"value": 5, "unit": "일", "basis": "업무일"}},
     "says 업무일 기준, but neither its item nor a heading or note"),
    ("처리에 8일 이상 소요되는 경우 중간 통보", {"bound": {"value": 8, "unit": "일", "op": "이상"}},
     "states 8일 이상 as a standard, but in its item it is a condition"),
    ("30,000원 범위 내에서 보상", {"compensation": {"form": "보상", "amount": 30000}},
     "says 30,000원 상당, but its item writes it as a ceiling ('30,000원 범위'); write it as cap"),
    ("1회 이상 점검", {"bound": {"value": 1, "unit": "회", "op": "이상", "per": "월"}}, "does not say the period"),
    ("매주 금요일까지 게시", {"bound": {"anchor": "매주 목요일", "op": "까지"}}, "'매주 목요일', but its item does not write"),
    ("1.3일 이내 처리", {"bound": {"value": 13, "unit": "일"}}, "(it writes 3일); '1.' in front is taken as a list marker"),
    ("5분 이내", {"bound": {"value": 7, "unit": "분"}}, "says 7분, but its item does not say it (it writes 5분)"),
])
def test_a_mismatch_names_its_cause(words: str, data: dict, cause: str) -> None:
    import yaml as _yaml

    from charterpress.commitments import CommitmentRecord
    from charterpress.decode import decode_document
    from charterpress.load_commitments import word_problems
    text = _yaml.safe_dump({"id": "x", "item": words, "kind": "deadline", **data}, allow_unicode=True)
    record, problems = decode_document(text, "c.yaml", CommitmentRecord)
    assert not problems
    messages = [m for _, m in word_problems(record, words)]
    assert any(cause in m for m in messages), messages
    assert word_problems(record, words, "") == word_problems(record, words)


def test_a_note_above_sets_the_basis(make_site) -> None:
    # "※ 처리기간은 업무일 기준" under a heading applies to every item of that section: a bound
    # there must say so, and one that does not is caught with the note named.
    page = "---\ntitle: 민원과\n---\n\n## 민원 처리\n\n※ 처리기간은 업무일 기준입니다.\n\n- 민원은 5일 이내에 처리하겠습니다.\n"
    good = "commitments:\n  - id: a\n    item: 민원은 5일 이내에 처리\n    kind: deadline\n    bound: {value: 5, unit: 일, basis: 업무일}\n"
    site = make_site({"departments/forms.md": page, "commitments.yaml": good})
    result = render(site, TODAY)
    assert [c.record.statement for c in result.site.commitments] == ["업무일 기준 5일 이내"]
    (site / "commitments.yaml").write_text(good.replace(", basis: 업무일", ""), encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert "the note above its item sets working days ('※ 처리기간은 업무일 기준입니다.'); add basis: 업무일" in str(
        failure.value.diagnostics)


def test_a_promise_under_a_heading_of_several_channels_has_them_all(make_site) -> None:
    site = make_site({
        "departments/post.md": "---\ntitle: 민원과\n---\n\n{channel=mail,fax,internet}\n## 우편·팩스·인터넷으로 요청하시는 경우\n"
                               "\n- 접수한 날부터 3일 이내에 답변하겠습니다.\n",
        "commitments.yaml": "commitments:\n  - id: reply\n    item: 3일 이내\n    kind: deadline\n"
                            "    bound: {value: 3, unit: 일, op: 이내}\n",
    })
    (promise,) = [c for c in render(site, TODAY).site.commitments if c.id == "reply"]
    assert promise.channels == ("mail", "fax", "internet")
