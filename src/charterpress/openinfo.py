"""The records behind the 정보공개 pages other than the lists themselves: when a month's list was
published, the 사전정보공표 list (법 제7조) and the request procedure (법 제10조–제21조)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from charterpress.config import Link
from charterpress.decode import labelled, loc_field, scalar_type
from charterpress.diagnostics import SourceLoc

CYCLE_RE = re.compile(r"수시|매월|분기|반기|매년|격년|\d+년")


@dataclass(frozen=True)
class MonthMeta:
    """`disclosures/2026/10.yaml`, beside the month's list: when it was published, and a note."""

    LABEL: ClassVar[str] = "list settings"
    published: date | None = labelled("published date", None)
    note: str = ""
    loc: SourceLoc = loc_field()


@scalar_type(lambda text: None if CYCLE_RE.fullmatch(text) else
             f"'{text}' is not a publication cycle (expected 수시, 매월, 분기, 반기, 매년, 격년 or e.g. 3년)")
class Cycle(str):
    """공표주기."""


@dataclass(frozen=True)
class ProactiveItem:
    LABEL: ClassVar[str] = "사전정보공표 item"
    category: str = labelled("category (분류)")
    item: str = labelled("item (공표 항목)")
    cycle: Cycle = labelled("cycle (공표주기)")
    timing: str = labelled("timing (공표시기)")
    department: str = labelled("department (공표부서)")
    method: str = labelled("method (공표방법)")
    link: Link | None = labelled("link", None)
    basis: str = ""  # e.g. 시행령 제4조제1항제3호


@dataclass(frozen=True)
class ProactiveList:
    """`disclosures/proactive.yaml`: what is published without a request, how often, by whom."""

    LABEL: ClassVar[str] = "사전정보공표 list"
    items: tuple[ProactiveItem, ...] = labelled("items")
    intro: str = ""

    @property
    def categories(self) -> list[tuple[str, list[ProactiveItem]]]:
        """Items grouped by category, categories in the order they first appear."""
        groups: dict[str, list[ProactiveItem]] = {}
        for item in self.items:
            groups.setdefault(item.category, []).append(item)
        return list(groups.items())


@dataclass(frozen=True)
class Step:
    LABEL: ClassVar[str] = "procedure step"
    title: str = labelled("step title")
    text: str = ""
    deadline: str = ""  # as the law words it: "청구일부터 10일 이내"
    basis: tuple[str, ...] = ()  # legal references: "법 제11조제1항"


@dataclass(frozen=True)
class Reference:
    LABEL: ClassVar[str] = "reference"
    title: str = labelled("reference title")
    link: Link = labelled("reference link")


@dataclass(frozen=True)
class Procedure:
    """`disclosures/procedure.yaml`: how to ask for information, the deadlines, and the remedies."""

    LABEL: ClassVar[str] = "request procedure"
    steps: tuple[Step, ...] = labelled("steps")
    intro: str = ""
    remedies: tuple[Step, ...] = ()
    fees: str = ""
    references: tuple[Reference, ...] = ()
