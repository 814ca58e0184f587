"""The commitments register (`commitments.yaml`): each measurable promise of the charter as data,
tied to the charter item whose words it comes from.

The words are the source of truth. A commitment names its item by quoting part of it, and its
number and unit must be written in that item ("세 번" counts as 3번, "5,000원" as 5000원), so data
and words cannot drift apart (domain.md §2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar, Literal

from charterpress.decode import key_locs, labelled, loc_field, scalar_type
from charterpress.diagnostics import SourceLoc

Kind = Literal["response_time", "deadline", "frequency", "count", "capacity", "rate", "compensation",
               "recurrence"]
Unit = Literal["초", "분", "시간", "일", "주", "개월", "년", "번", "회", "명", "대", "면", "곳", "종", "개", "원", "%"]
# How each bound reads: "3분 이내", "3번 울리기 전", "1회 이상", "5일까지", "5,000원 상당".
Op = Literal["이내", "전", "이상", "미만", "까지", "상당", "정각"]
TimeBasis = Literal["근무시간", "달력"]
# What a commitment may set: the deadlines the 정보목록 and survey features check.
Sets = Literal["disclosures.due_day", "surveys.results_within_months", "surveys.plan_within_months"]
SETS_UNIT = {"disclosures.due_day": "일", "surveys.results_within_months": "개월",
             "surveys.plan_within_months": "개월"}
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
NATIVE = {1: ("한", "하나"), 2: ("두", "둘"), 3: ("세", "셋"), 4: ("네", "넷"), 5: ("다섯",), 6: ("여섯",),
          7: ("일곱",), 8: ("여덟",), 9: ("아홉",), 10: ("열",)}
# Units written in other words too: 1개월 is 한 달, 번 and 회 (and 차례) stand for each other.
UNIT_WORDS = {"개월": ("개월", "달"), "번": ("번", "회", "차례"), "회": ("회", "번", "차례"), "년": ("년", "해"),
              "%": ("%", "퍼센트")}


@scalar_type(lambda t: None if ID_RE.fullmatch(t) else
             f"'{t}' is not an id (expected lowercase letters, digits and hyphens, e.g. phone-answer)")
class CommitmentId(str):
    """A stable id: the register's JSON and links keep it while the words around it change."""


@dataclass(frozen=True)
class Bound:
    LABEL: ClassVar[str] = "bound"
    value: Decimal = labelled("bound value")
    unit: Unit = labelled("bound unit")
    op: Op = labelled("bound op", "이내")
    basis: TimeBasis | None = labelled("time basis", None)  # 근무시간 (민원처리법 제19조) or 달력
    loc: SourceLoc = loc_field()

    @property
    def text(self) -> str:
        """The bound in a normalised form: '3분 이내', '5,000원 상당', '1시간 이내(근무시간)'."""
        number = f"{self.value:,}" if self.value == self.value.to_integral() else str(self.value)
        spaced = "" if self.op == "까지" else " "
        op = "" if self.op == "정각" else f"{spaced}{self.op}"
        basis = f"({self.basis} 기준)" if self.basis == "근무시간" else ""
        return f"{number}{self.unit}{op}{basis}".strip()


@dataclass(frozen=True)
class Compensation:
    LABEL: ClassVar[str] = "compensation"
    form: str = labelled("compensation form")  # 문화상품권, 사과 …
    amount: Decimal | None = labelled("compensation amount", None)  # in 원
    condition: str = ""  # "담당자 잘못으로 두 번 이상 방문하신 경우"


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


@dataclass(frozen=True)
class RegisterFile:
    LABEL: ClassVar[str] = "commitments register"
    commitments: tuple[CommitmentRecord, ...] = labelled("commitments")


def number_forms(value: Decimal) -> list[str]:
    """Ways a number is written in Korean prose: 5000, 5,000, and native numerals for 1–10."""
    if value != value.to_integral():
        return [str(value)]
    n = int(value)
    return list(dict.fromkeys([f"{n:,}", str(n), *NATIVE.get(n, ())]))


def written_in(bound_value: Decimal, unit: str, text: str) -> bool:
    """Whether `text` writes the number followed by the unit: '세 번', '3번', '5,000원', '한 달'."""
    squeezed = re.sub(r"\s+", "", text)
    for number in number_forms(bound_value):
        for word in UNIT_WORDS.get(unit, (unit,)):
            # Not the tail of a longer number: "13번" is not 3번, "1,000원" is not 000원.
            if re.search(rf"(?<![\d.])(?<!\d,){re.escape(number)}{re.escape(word)}", squeezed):
                return True
    return False
