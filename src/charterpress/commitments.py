"""The commitments register (`commitments.yaml`): each measurable promise of the charter as data,
tied to the charter item whose words it comes from.

The words are the source of truth. A commitment names its item by quoting part of it, and what it
states (number and unit, working-day basis, period, calendar anchor, threshold, amounts) must be
written in that item or in the note that sets its section's basis ("세 번" counts as 3번,
"5,000원" as 5000원, "5근무일" as 5일 on a working-day basis), so data and words cannot drift apart
(domain.md §2). Each record reads back as one normalised Korean phrase (`statement`), the way a
citizen reads it: "업무일 기준 5일 이내", "매주 금요일까지", "월 1회 이상", "처리에 8일 이상 걸리면
중간 통보", "최대 30,000원".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

from charterpress.decode import key_locs, labelled, loc_field, scalar_type
from charterpress.diagnostics import SourceLoc

Kind = Literal["response_time", "deadline", "frequency", "count", "capacity", "rate", "compensation",
               "recurrence", "notice", "duration", "availability"]
Unit = Literal["초", "분", "시간", "일", "주", "개월", "년", "번", "회", "명", "대", "면", "곳", "종", "개", "원", "%"]
# What an increment may be paid per: a unit, a night's stay (1박당) or a case (1건당).
PerUnitName = Literal["초", "분", "시간", "일", "주", "개월", "년", "번", "회", "명", "대", "면", "곳", "종", "개", "박", "건"]
# How each bound reads: "3분 이내", "3번 울리기 전", "1회 이상", "5일까지", "5,000원 상당", and the
# ones written before the number: "최소 7일", "최대 30,000원"; "1개월 동안" for a duration.
Op = Literal["이내", "전", "이상", "미만", "초과", "까지", "상당", "정각", "최소", "최대", "동안"]
# 근무시간 (working hours, 민원처리법 제19조) and 근무일/업무일 (working days: the charter's own word
# is kept, both mean days the office is open) are different bases; 달력 says calendar time outright.
TimeBasis = Literal["근무시간", "근무일", "업무일", "달력"]
# The period a frequency is counted in ("월 1회"), also the one a recurring anchor repeats in.
Period = Literal["일", "주", "월", "분기", "반기", "연"]
# What a commitment may set: the deadlines the 정보목록 and survey features check.
Sets = Literal["disclosures.due_day", "surveys.results_within_months", "surveys.plan_within_months"]
SETS_UNIT = {"disclosures.due_day": "일", "surveys.results_within_months": "개월",
             "surveys.plan_within_months": "개월"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NATIVE = {1: ("한", "하나"), 2: ("두", "둘"), 3: ("세", "셋"), 4: ("네", "넷"), 5: ("다섯",), 6: ("여섯",),
          7: ("일곱",), 8: ("여덟",), 9: ("아홉",), 10: ("열",)}
# Units written in other words too: 1개월 is 한 달, 번 and 회 (and 차례) stand for each other, and a
# working day is a day: "5근무일", "3업무일", "2영업일".
UNIT_WORDS = {"개월": ("개월", "달"), "번": ("번", "회", "차례"), "회": ("회", "번", "차례"), "년": ("년", "해"),
              "%": ("%", "퍼센트"), "일": ("일", "근무일", "업무일", "영업일"), "시간": ("시간", "근무시간")}
WORKING_DAY = re.compile(r"근무\s*일|업무\s*일|영업\s*일")
WORKING_HOURS = re.compile(r"근무\s*시간")
# How each period is written: "월 1회", "매월", "매달", "한 달에"; "연 2회", "년1회", "해마다"…
PERIOD_WORDS = {"일": ("일", "하루", "매일", "날마다", "1일"), "주": ("주", "매주", "주간", "일주일"),
                "월": ("월", "매월", "매달", "달", "월간"), "분기": ("분기",), "반기": ("반기", "반년"),
                "연": ("연", "년", "매년", "매해", "해마다", "연간", "한해", "1년")}
PERIOD_SHOWN = {"일": "하루", "주": "주", "월": "월", "분기": "분기", "반기": "반기", "연": "연"}
# Words that make an amount a ceiling rather than a value: "30,000원 범위 내", "최대 1만 원".
CAP_WORDS = re.compile(r"범위|한도|최대|최고|이내|까지|상한|넘지")


@scalar_type(lambda t: None if ID_RE.fullmatch(t) else
             f"'{t}' is not an id (expected lowercase letters, digits and hyphens, e.g. phone-answer)")
class CommitmentId(str):
    """A stable id: the register's JSON and links keep it while the words around it change."""


def amount_text(value: Decimal) -> str:
    return f"{value:,}" if value == value.to_integral() else str(value)


@dataclass(frozen=True)
class Bound:
    LABEL: ClassVar[str] = "bound"
    value: Decimal | None = labelled("bound value", None)  # none for "매주 금요일까지", "연중무휴"
    unit: Unit | None = labelled("bound unit", None)
    op: Op = labelled("bound op", "이내")
    basis: TimeBasis | None = labelled("time basis", None)
    per: Period | None = labelled("period", None)  # a frequency's period: 월 1회
    anchor: str = ""  # the calendar or clock words before it, quoted: 매주 금요일, 다음 달, 22시, 365일
    loc: SourceLoc = loc_field()

    @property
    def text(self) -> str:
        """The bound as a citizen reads it: '3분 이내', '업무일 기준 5일 이내', '월 1회 이상',
        '매주 금요일까지', '다음 달 5일까지', '최소 7일', '1개월 동안', '365일 24시간'."""
        number = f"{amount_text(self.value)}{self.unit or ''}" if self.value is not None else ""
        parts = [self.anchor, f"{self.basis} 기준" if self.basis in ("근무시간", "근무일", "업무일") else "",
                 PERIOD_SHOWN[self.per] if self.per else ""]
        if self.op in ("최소", "최대"):
            parts += [self.op, number]
        elif self.op == "까지":
            parts.append(f"{number}까지" if number else "까지")
        elif self.op == "정각":
            parts.append(number)
        else:
            parts += [number, self.op]
        text = " ".join(p for p in parts if p)
        return text.replace(" 까지", "까지")  # "매주 금요일까지", not "매주 금요일 까지"


@dataclass(frozen=True)
class Trigger:
    """A threshold that makes a promise due, not a standard: "처리에 8일 이상 소요되는 경우 중간 통보"."""

    LABEL: ClassVar[str] = "trigger"
    value: Decimal = labelled("trigger value")
    unit: Unit = labelled("trigger unit")
    op: Literal["이상", "초과", "미만", "이내"] = labelled("trigger op", "이상")
    basis: TimeBasis | None = labelled("trigger basis", None)
    about: str = ""  # what takes that long: 처리
    loc: SourceLoc = loc_field()

    @property
    def text(self) -> str:
        basis = f"{self.basis} 기준 " if self.basis in ("근무시간", "근무일", "업무일") else ""
        subject = f"{self.about}에 " if self.about else ""
        return f"{subject}{basis}{amount_text(self.value)}{self.unit} {self.op} 걸리면"


@dataclass(frozen=True)
class PerUnit:
    """What an increment is paid for: "1시간당 1,000원씩"."""

    LABEL: ClassVar[str] = "per"
    value: Decimal = labelled("per value")
    unit: PerUnitName = labelled("per unit")


@dataclass(frozen=True)
class Tier:
    """One step of a compensation schedule: its condition and what it pays."""

    LABEL: ClassVar[str] = "tier"
    condition: str = labelled("tier condition")
    amount: Decimal | None = labelled("tier amount", None)
    form: str = ""
    loc: SourceLoc = loc_field()

    @property
    def text(self) -> str:
        pays = " ".join(p for p in (self.form, f"{amount_text(self.amount)}원" if self.amount is not None else "") if p)
        return f"{self.condition}: {pays}"


@dataclass(frozen=True)
class Compensation:
    LABEL: ClassVar[str] = "compensation"
    form: str = labelled("compensation form")  # 문화상품권, 교통비 실비, 소정의 보상품 …
    amount: Decimal | None = labelled("compensation amount", None)  # in 원, "… 상당" (or "…씩" with per)
    cap: Decimal | None = labelled("compensation cap", None)  # in 원: "30,000원 범위 내" reads 최대 30,000원
    per: PerUnit | None = None  # the amount is paid per this: "1시간당 1,000원씩"
    tiers: tuple[Tier, ...] = ()
    eligible: str = ""  # who may claim it: "민원인 본인"
    condition: str = ""  # "담당자 잘못으로 두 번 이상 방문하신 경우"

    @property
    def text(self) -> str:
        """'문화상품권 5,000원 상당', '교통비 실비 최대 30,000원', '1시간당 1,000원씩, 최대 10,000원',
        or the form alone when it has no amount ('소정의 보상품')."""
        parts = []
        if self.amount is not None:
            parts.append(f"{amount_text(self.per.value)}{self.per.unit}당 {amount_text(self.amount)}원씩" if self.per
                         else f"{amount_text(self.amount)}원 상당")
        if self.cap is not None:
            parts.append(f"최대 {amount_text(self.cap)}원")
        parts += [t.text for t in self.tiers]
        money = ", ".join(parts)
        return f"{self.form} {money}".strip() if money else self.form


@dataclass(frozen=True)
class Result:
    """How far the promise was kept in one period (the way service-standard results are reported)."""

    LABEL: ClassVar[str] = "result"
    period: str = labelled("result period")  # "2025", "2025 상반기"
    met: Decimal = labelled("share met (%)")
    sample: int | None = labelled("result sample", None)
    source: str = ""  # how it was measured: 모니터링, 전화 응대 점검 …
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class CommitmentRecord:
    LABEL: ClassVar[str] = "commitment"
    id: CommitmentId = labelled("commitment id")
    item: str = labelled("item quote")  # words of the charter item, enough to find exactly one
    kind: Kind = labelled("commitment kind")
    bound: Bound | None = None
    trigger: Trigger | None = None  # the threshold that makes the promise due
    action: str = ""  # what is done then: 중간 통보
    channel: tuple[str, ...] = ()  # from the item's section when left out
    measure: str = ""  # what is measured: "전화 수신까지 벨 횟수"
    runs_from: str = labelled("runs_from", "")  # the event the time counts from: "접수 후"
    alternative: str = ""  # "고객이 원하시는 시간"
    exceptions: tuple[str, ...] = ()
    compensation: Compensation | None = None
    target: Decimal | None = labelled("target share (%)", None)
    results: tuple[Result, ...] = ()
    sets: Sets | None = labelled("sets", None)
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    @property
    def statement(self) -> str:
        """The whole promise in one normalised phrase: the page's 기준 column and the JSON's text."""
        parts = []
        if self.trigger:
            parts += [self.trigger.text, self.action]
        if self.bound:
            parts.append(self.bound.text)
        elif self.action and not self.trigger:
            parts.append(self.action)
        if self.compensation:
            parts.append(self.compensation.text)
        return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class RegisterFile:
    LABEL: ClassVar[str] = "commitments register"
    commitments: tuple[CommitmentRecord, ...] = labelled("commitments")


def number_forms(value: Decimal) -> list[str]:
    """Ways a number is written in Korean prose: 5000, 5,000, 1만 (for 10,000), native numerals for 1–10."""
    if value != value.to_integral():
        return [str(value)]
    n = int(value)
    man = [f"{n // 10000}만", f"{n // 10000:,}만"] if n >= 10000 and n % 10000 == 0 else []
    return list(dict.fromkeys([f"{n:,}", str(n), *man, *NATIVE.get(n, ())]))


# A list marker glued to the words: "1.3일 이내" is item 1 and 3일, "가.5분" item 가 and 5분. A
# glued digit marker is taken as a decimal only before 시간 and % ("1.5시간", "99.5%").
MARKER = re.compile(r"^\s*(?:[(（]?(?:\d{1,2}|[가-하ㄱ-ㅎ])[.)）](?!\d+(?:\.\d+)?\s*(?:시간|%))|[①-⑳]|[-*·•○◦▪■□▶◆◇]+)\s*")


def strip_marker(text: str) -> str:
    """The words without a list marker in front: "1.3일 이내" → "3일 이내", "나) 5분" → "5분"."""
    return MARKER.sub("", text, count=1)


def written_in(bound_value: Decimal, unit: str, text: str) -> bool:
    """Whether `text` writes the number followed by the unit: '세 번', '3번', '5,000원', '한 달', '5근무일'."""
    words = strip_marker(text)
    for number in number_forms(bound_value):
        for word in UNIT_WORDS.get(unit, (unit,)):
            # Not the tail of a longer number: "13번" is not 3번, "1,000원" is not 000원, "1.5" is not 5.
            if re.search(rf"(?<![\d.])(?<!\d,){re.escape(number)}\s*{re.escape(word)}", words):
                return True
    return False


def period_written(per: str, text: str) -> bool:
    squeezed = re.sub(r"\s+", "", text)
    return any(word in squeezed for word in PERIOD_WORDS[per])


def quoted(words: str, text: str) -> bool:
    """Whether `words` (an anchor, a condition's subject) are in `text`, spaces aside."""
    return re.sub(r"\s+", "", words) in re.sub(r"\s+", "", text)
