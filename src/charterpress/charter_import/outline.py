"""What an imported charter page is read into: a flat run of entries, each with its source line.

Both readers (plain text and HTML) produce this, and one writer turns it into a site folder, so a
charter reads the same whichever way it was saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

EntryKind = Literal["heading", "item", "para", "table", "chrome"]


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class TableEntry:
    """A table as read: its caption, column names and rows of cell lines (None where a cell above
    spans into this row), with the columns whose values span several rows."""

    caption: str
    columns: list[str]
    rows: list[list[list[str] | None]]
    grouped: list[str] = field(default_factory=list)  # columns whose cells span rows (first one groups)
    problems: list[str] = field(default_factory=list)  # why an editor should look at it
    header_groups: dict[str, list[str]] = field(default_factory=dict)  # a header spanning columns


@dataclass
class Entry:
    kind: EntryKind
    line: int
    text: str = ""
    depth: int = 0  # nesting of an item (0 = top)
    level: int = 0  # a heading's level where the source says it (HTML h2–h6), else 0
    table: TableEntry | None = None
    lines: list[int] = field(default_factory=list)  # every source line the entry holds


# Words that make a heading a charter section of a kind (domain.md §2).
KINDS = (
    ("right_to_know", re.compile(r"알\s*권리|비밀\s*보장|정보\s*공개")),
    ("redress", re.compile(r"시정|보상")),
    ("evaluation", re.compile(r"만족도|평가|결과\s*공표")),
    ("participation", re.compile(r"참여|의견\s*제시|의견제시|의견\s*접수")),
    ("requests", re.compile(r"부탁|협조")),
    ("standards", re.compile(r"이행\s*기준|이행\s*표준|서비스\s*기준|맞이하는|고객에\s*대한\s*자세|서비스\s*실천")),
)


def kind_of(title: str) -> str | None:
    for kind, pattern in KINDS:
        if pattern.search(title):
            return kind
    return None
