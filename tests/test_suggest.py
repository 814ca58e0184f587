"""`charterpress commitments suggest`: what it finds in a charter written for the test (recall and
precision asserted), what it proposes for each pattern, that its output loads as a register, and
that every number it proposes is written in the words it came from."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import DEMO, TESTS, TODAY
from hypothesis import example, given, settings
from hypothesis import strategies as st

from charterpress.build import render
from charterpress.cli import main
from charterpress.commitments import RegisterFile, written_in
from charterpress.decode import MISSING, decode_document
from charterpress.load_commitments import word_problems
from charterpress.suggest import (
    Place,
    Score,
    annotated,
    as_yaml,
    find_promises,
    in_test_split,
    score_files,
    suggest,
    text_places,
)

FIXTURE = TESTS / "suggest" / "charter.txt"
EXPECTED = TESTS / "suggest" / "expected.yaml"


def _places() -> dict[int, Place]:
    return {p.line: p for p in text_places(FIXTURE.name, FIXTURE.read_text(encoding="utf-8"))}


def _score(held_only: bool) -> Score:
    score = Score()
    score.add_text(FIXTURE.name, FIXTURE.read_text(encoding="utf-8"),
                   yaml.safe_load(EXPECTED.read_text(encoding="utf-8")), held_only)
    return score


def test_recall_and_precision_on_the_fixture_charter() -> None:
    # The fixture covers every pattern, the traps around them, and one honest failure: a table
    # row whose times carry no 이내 (two misses).
    score = _score(held_only=True)
    assert (score.expected, score.proposed, score.correct) == (43, 41, 41)
    assert score.missed == ["charter.txt:26: 1시간 이내", "charter.txt:26: 10분 이내"]
    assert score.wrong == []
    assert str(score) == "43 promises, 41 proposed, 41 right: recall 95.3%, precision 100.0%"


def test_score_counts_misses_and_wrong_proposals() -> None:
    score = Score()
    score.add("a", ["3분 이내", "1회 이상"], ["3분 이내", "3분 이상"])
    score.add("b", [], ["2번"])
    assert (score.expected, score.proposed, score.correct) == (2, 3, 1)
    assert score.missed == ["a: 1회 이상"] and score.wrong == ["a: 3분 이상", "b: 2번"]
    assert (round(score.recall, 2), round(score.precision, 2)) == (0.5, 0.33)


@pytest.mark.parametrize("line, key, fields", [
    (4, "15초 이내", {"kind": "response_time"}),
    (5, "1분 이내", {"exceptions": ("다른 이용자를 응대하는 경우",)}),
    (6, "4분 이내", {"kind": "response_time"}),
    (7, "40면", {"kind": "capacity", "op": "정각"}),
    (10, "3분 이내", {"runs_from": "신청"}),
    (12, "4번 전", {"kind": "response_time", "unit": "번"}),
    (13, "3번 전", {"value": Decimal(3)}),
    (14, "2회 전", {"unit": "회"}),
    (15, "2시간 이내", {"alternative": "원하시는 시간", "kind": "deadline"}),
    (17, "2회 이상", {"kind": "count"}),
    (20, "25분 이내", {"runs_from": "접수"}),
    (21, "근무시간 기준 5시간 이내", {"basis": "근무시간"}),
    (22, "근무시간 기준 1일 이내", {"basis": "근무시간"}),
    (23, "3일 이내", {"runs_from": "받은 날"}),
    (25, "2일 전", {"kind": "notice"}),
    (28, "주 1회", {"kind": "frequency", "op": "정각", "per": "주"}),
    (29, "연 4회 이상", {"kind": "frequency", "per": "연"}),
    (30, "연 1번", {"kind": "frequency"}),
    (31, "밤 9시까지", {"anchor": "밤 9시", "value": None, "op": "까지"}),
    (33, "95% 이상", {"kind": "rate"}),
    (34, "90% 이상", {"unit": "%"}),
    (37, "3,000원 상당", {"kind": "compensation", "form": "도서상품권", "value": Decimal(3000)}),
    (38, "10,000원 상당", {"form": "보상"}),
    (39, "1시간 이내", {"runs_from": "사실 확인"}),
    (42, "다음 달 7일까지", {"kind": "recurrence", "sets": "disclosures.due_day", "anchor": "다음 달"}),
    (43, "매 익월 10일까지", {"kind": "recurrence", "sets": None}),  # 사전공표, not the 정보목록
    (44, "1개월 이내", {"sets": "surveys.results_within_months"}),
    (45, "3개월 이내", {"sets": "surveys.plan_within_months", "runs_from": "결과 발표"}),
])
def test_each_pattern_proposes_its_fields(line: int, key: str, fields: dict) -> None:
    proposal = next(p for p in find_promises(_places()[line].text) if p.key == key)
    assert {name: getattr(proposal, name) for name in fields} == fields


@pytest.mark.parametrize("text", [
    "직원 잘못으로 두 번 이상 오시게 하면 보상하겠습니다",  # a condition, not a promise
    "10분 전에 연락을 주시면 현관에서 기다리겠습니다",
    "7일 이내에 연락이 없거나 늦어지면",
    "상당 시간이 걸리면 다시 전화드리겠습니다",
    "2025. 3. 1. 제정, 2026년 1월 1일 개정",
    "문의 031-555-1234, 숲속로 12번길 5, 2주차장, 1층, 4분기, 제2회 축제, 내선 2번",
    "2시간 전에 통보해 주시기 바랍니다",  # customer duties
    "5분 전까지 입장해 주십시오",
    "서류는 7일 이내에 보완해 주셔야 합니다",
    "3대 실천목표와 10대 행동실천을 지키겠습니다",  # not vehicles
    "민원1회방문처리제를 운영하겠습니다",  # a programme's name
    "민원처리법 제19조에 따라 처리하겠습니다",
    "2회 이상 방문하신 경우 사과드리겠습니다",
    "1년 이내의 자료부터 찾아드리겠습니다",
    "주차는 1시간까지 무료입니다",
    "6개월 이상 근속하신 분께 드립니다",
])
def test_not_promises(text: str) -> None:
    assert find_promises(text) == []


def _pasted_problems(places: list[Place]) -> list[str]:
    """What the register's loader says of the proposals for `places`, pasted as they are: the
    YAML must decode, each quote must be in its item, and the words check must pass."""
    found = suggest(places)
    register, problems = decode_document(as_yaml(found), "commitments.yaml", RegisterFile)
    out = [str(p) for p in problems]
    if register is MISSING:
        return out or ["no register"]
    for record, suggestion in zip(register.commitments, found, strict=True):
        place = suggestion.place
        if " ".join(record.item.split()) not in " ".join(place.text.split()):
            out.append(f"{record.item!r} not in {place.text!r}")
        out += [f"{place.text!r}: {message}" for _, message in word_problems(record, place.text, place.note)]
    return out


def test_every_proposal_loads_and_passes_the_words_check() -> None:
    assert _pasted_problems(list(_places().values())) == []
    for path in sorted((TESTS / "suggest").glob("eval-*.txt")):
        text, _ = annotated(path.read_text(encoding="utf-8"))
        assert _pasted_problems(list(text_places(path.name, text))) == [], path.name


PIECES = ["전화벨이", "벨이", "세", "두", "한", "번", "회", "3", "10", "5,000", "1.5", "분", "초", "시간", "일",
          "개월", "달", "원", "%", "명", "면", "이내", "안에", "이상", "전에", "까지", "상당", "울리기", "전",
          "(근무시간)", "접수 후", "또는", "경우", "하면", ",", ".", " ", "기다리지 않도록", "월", "연", "제", "-",
          # the v2 forms and their look-alikes
          "근무일", "업무일", "5근무일", "업무일 기준", "매주", "금요일", "매월", "익월", "다음 달", "매년", "12월 말",
          "22시", "17:00", "연중무휴", "365일", "24시간", "하루", "분기", "최소", "최대", "범위 내", "1시간당",
          "1,000원씩", "1만 원", "소정의 기념품", "문화상품권", "소요되는 경우", "중간 통보", "알려드리겠습니다",
          "드리겠습니다", "주시기 바랍니다", "주십시오", "3대 실천목표", "민원1회방문처리제", "제19조", "1.", "가.",
          "·", "나)", "동안", "간", "초과", "을 넘는", "보상하겠습니다", "매해"]
MARKERS = ["", "1.", "2.", "가.", "나)", "ㄱ.", "·", "①", "(3)", "- "]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=20).map("".join) | st.text(max_size=60))
@example("00%")  # found by hypothesis: a number with a leading zero is not proposed
@example("05%")
@example(". 3번이내")  # a full stop before a number is not a decimal point
def test_proposals_on_any_text_are_written_there(text: str) -> None:
    # Untrusted input: whatever the words, a proposal's number and unit are in them, so pasting it
    # can never fail the register's words check on the number.
    for proposal in find_promises(text):
        if proposal.value is not None:
            assert written_in(proposal.value, "원" if proposal.money else proposal.unit, text), (text, proposal.key)
        assert 0 <= proposal.start < proposal.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MARKERS), st.lists(st.sampled_from(PIECES), min_size=1, max_size=16).map("".join),
       st.sampled_from(["", "※ 처리기간은 업무일 기준"]))
@example("1.", "3일 이내에 처리하겠습니다", "")  # marker 1 and 3일, not 1.3일
@example("가.", "5분 이내", "※ 처리기간은 업무일 기준")
@example("", "최소365일", "※ 처리기간은 업무일 기준")  # found by hypothesis: a minimum keeps the note's basis
@example("ㄱ.", "5분 이내에 응대하겠습니다", "")  # found in review: the suggester knew ㄱ. markers, the register did not
@example("", "매해 1회 이상 점검하겠습니다", "")  # found in review: "매해" was a period to one and not the other
def test_what_it_proposes_loads_and_passes_the_words_check(marker: str, words: str, note: str) -> None:
    # Every form, also after a list marker and under a basis note: pasted as it is, a proposal
    # loads and its item's words (with that note) carry everything it states.
    assert _pasted_problems([Place("a.md", 1, marker + words, note=note)]) == []


def test_a_quote_names_one_item_or_says_where_else_it_is() -> None:
    places = [Place("a.txt", 1, "전화는 10초 이내에 돌려드리겠습니다."),
              Place("a.txt", 2, "방문하시면 3분 이내에 맞이하고, 전화는 10초 이내에 돌려드리겠습니다.")]
    first, *rest = suggest(places)
    assert first.quote == "전화는 10초 이내에 돌려드리겠습니다." and [p.line for p in first.ambiguous] == [2]
    assert [s.quote for s in rest] == ["방문하시면 3분 이내에 맞이하고",
                                       "방문하시면 3분 이내에 맞이하고, 전화는 10초 이내에 돌려드리겠습니다."]
    assert all(not s.ambiguous for s in rest)


def _commitments(result):
    """Each promise as (file, line, its bound, threshold and amounts as the register reads them):
    everything but free words (a trigger's action, a compensation's form)."""
    def money(m):
        return m and (m.amount, m.cap, m.per and (m.per.value, m.per.unit))
    def threshold(t):
        return t and (t.value, t.unit, t.op, t.basis)
    return {(c.source, c.line, c.record.bound and c.record.bound.text, threshold(c.record.trigger),
             money(c.record.compensation)) for c in result.site.commitments}


def test_suggestions_for_the_demo_load_as_its_register(tmp_path: Path, demo) -> None:
    # Without its register, the demo charter gets one proposal per promise: pasted as they are,
    # they load with no error, and they are the same promises (item and bound) as the hand-made
    # register, with the same deadlines for the 정보목록 and surveys.
    site = tmp_path / "content"
    shutil.copytree(DEMO, site)
    (site / "commitments.yaml").unlink()
    result = CliRunner().invoke(main, ["commitments", "suggest", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"{len(demo.site.commitments)} proposed commitments from {site}"
    (site / "commitments.yaml").write_text(result.stdout, encoding="utf-8")
    pasted = render(site, TODAY)
    assert _commitments(pasted) == _commitments(demo)
    assert pasted.site.config.disclosures == demo.site.config.disclosures
    assert pasted.site.config.surveys == demo.site.config.surveys


def test_cli_leaves_out_what_the_register_holds(demo) -> None:
    result = CliRunner().invoke(main, ["commitments", "suggest", str(DEMO)])
    assert result.exit_code == 0
    assert result.stdout.endswith("commitments: []\n")
    held = len(demo.site.commitments)
    assert result.stderr == f"0 proposed commitments from {DEMO} ({held} already in the register left out)\n"


def test_cli_on_a_text_file_prints_each_proposal_under_its_words() -> None:
    result = CliRunner().invoke(main, ["commitments", "suggest", str(FIXTURE)])
    assert result.exit_code == 0
    assert result.stderr == f"41 proposed commitments from {FIXTURE}\n"
    assert ("  # charter.txt:12: 전화벨이 4번 울리기 전에 받겠습니다.\n"
            "  - id: charter-12\n"
            "    item: 전화벨이 4번 울리기 전에 받겠습니다\n"
            "    kind: response_time\n"
            "    bound: {value: 4, unit: 번, op: 전}\n") in result.stdout
    assert ("    kind: compensation\n    compensation:\n      form: 도서상품권\n      amount: 3000\n"
            in result.stdout)
    data = yaml.safe_load(result.stdout)["commitments"]
    assert len(data) == 41 and len({c["id"] for c in data}) == 41
    assert {"value": 95, "unit": "%", "op": "이상"} in [c.get("bound") for c in data]


EVAL = sorted((TESTS / "suggest").glob("eval-*.txt"))


def test_the_evaluation_set_is_big_enough_and_split() -> None:
    # Written for this test (tests/suggest/eval-*.txt): at least 300 promises the register can
    # hold and 150 look-alike lines with numbers and no promise, 30 % of lines held out.
    promises = look_alikes = test_lines = lines = 0
    for path in EVAL:
        text, expected = annotated(path.read_text(encoding="utf-8"))
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            lines += 1
            test_lines += in_test_split(line)
            promises += sum(not key.startswith("~") for key in expected.get(number, []))
            look_alikes += number not in expected and bool(re.search(r"\d|[한두세네]\s*번", line))
    assert promises >= 300 and look_alikes >= 150, (promises, look_alikes)
    assert 0.25 < test_lines / lines < 0.4  # 192 of 547 lines (35 %) by the hash


def test_figures_on_the_held_out_split() -> None:
    # Never tuned on: what the rules reach on text they were not written against, every wrong
    # proposal listed (targets: recall ≥ 95 %, precision ≥ 97 %).
    score = score_files(EVAL, "test")
    assert (score.expected, score.proposed, score.correct) == (102, 105, 102)
    assert score.missed == []
    assert score.wrong == ["eval-d.txt:10: 6개월 이내",  # "최근 6개월 이내에 촬영한 것이어야 합니다": a requirement
                           "eval-d.txt:29: 1명",  # "영아 3명당 보육교사 1명": a ratio the register cannot hold
                           "eval-f.txt:17: 60% 이상"]  # "고객의 60% 이상이 오전에 오십니다": a fact
    assert score.recall >= 0.95 and score.precision >= 0.97
    train = score_files(EVAL, "train")
    assert (train.expected, train.proposed, train.correct) == (205, 205, 205)


def test_a_cp949_charter_is_read_and_said_so(tmp_path: Path) -> None:
    path = tmp_path / "charter.txt"
    path.write_bytes("- 전화는 벨이 세 번 울리기 전에 받겠습니다.\n- 민원은 5근무일 이내에 처리하겠습니다.\n".encode("cp949"))
    result = CliRunner().invoke(main, ["commitments", "suggest", str(path)])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == "charter.txt: read as CP949 (EUC-KR) text"
    assert "bound: {value: 5, unit: 일, op: 이내, basis: 근무일}" in result.stdout


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "charter.txt: is a binary file, not text (give a charter saved as plain "
                                             "text, UTF-8 or CP949)"),
    (b"- ok\n- \xff\xfe\xfd\n", "charter.txt:2:3: is neither UTF-8 nor CP949 (EUC-KR) text; save it as UTF-8 text "
                                "and try again"),
])
def test_a_file_that_is_not_text_gets_a_clear_message(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "charter.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["commitments", "suggest", str(path)])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"{message}\nsuggest failed: 1 error(s); nothing was written\n"


def test_a_charter_that_does_not_parse_is_said_so(tmp_path: Path) -> None:
    # Not "0 proposed": the charter's own problem, and that nothing was looked for.
    site = tmp_path / "content"
    shutil.copytree(DEMO, site)
    charter = site / "charter.md"
    charter.write_bytes(charter.read_text(encoding="utf-8").encode("cp949"))
    result = CliRunner().invoke(main, ["commitments", "suggest", str(site)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "charter.md:2:8: byte 0xc7 is not UTF-8 text (save the file as UTF-8)" in result.stderr
    assert "no promises were looked for" in result.stderr
