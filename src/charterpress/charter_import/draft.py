"""Turn a read charter (entries) into the files of a draft site: charter.md with its sections,
channels, condition → promise items, declaration, revisions and owner block; departments/*.md;
```table blocks. Every entry is written somewhere or named in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from charterpress.charter_import.outline import Entry, TableEntry, kind_of
from charterpress.charter_import.text import REVISION_RE
from charterpress.phones import find_numbers, phone_problem

CHANNEL_WORDS = (
    ("outreach", re.compile(r"방문하여|찾아가")),
    ("visit", re.compile(r"방문|찾아오")),
    ("phone", re.compile(r"전화")),
    ("mail", re.compile(r"우편")),
    ("fax", re.compile(r"팩스|FAX|Fax")),
    ("internet", re.compile(r"인터넷|홈페이지|누리집")),
    ("e_civil", re.compile(r"전자\s*민원")),
)
DEPARTMENT_RE = re.compile(r"^\[?\s*(\S+(?:부|과|팀|실|센터|사업소))\s*\]?$")
OWNER_LABELS = (("department", re.compile(r"^담당\s*부서\s*[:：]\s*(.+)$")),
                ("team", re.compile(r"^담당\s*팀\s*[:：]\s*(.+)$")),
                ("person", re.compile(r"^담당자\s*[:：]\s*([^(（]+?)\s*(?:[(（].*)?$")),
                ("updated", re.compile(r"^최종\s*수정일\s*[:：]\s*(\d{4}-\d{2}-\d{2}).*$")))
OWNER_HEADINGS = re.compile(r"^(?:부서\s*연락처|콘텐츠\s*(?:정보|관리)|담당\s*부서)$")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&{}|#~!])")


@dataclass
class Report:
    """What the editor must look at: lines not placed, chrome removed, flaws found."""

    unplaced: list[tuple[int, str]] = field(default_factory=list)
    chrome: list[tuple[int, str]] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)
    data: list[tuple[int, str]] = field(default_factory=list)  # placed as data: revisions, owner block, …
    items: int = 0
    tables: int = 0
    sections: int = 0


@dataclass
class Draft:
    charter: str
    departments: dict[str, str]  # file name → text
    report: Report


def escape(text: str) -> str:
    """Words as Markdown that renders back to exactly them."""
    text = MD_SPECIAL.sub(r"\\\1", text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-+=])", r"\\\1", text))


def channels_of(title: str) -> tuple[str, ...]:
    if not re.search(r"경우|때|서비스$", title) or len(title) > 40:
        return ()
    found = [name for name, pattern in CHANNEL_WORDS if pattern.search(title)]
    if "outreach" in found and "visit" in found:  # "방문하여 처리하는": the office goes out
        found.remove("visit")
    return tuple(found)


def make_draft(entries: list[Entry]) -> Draft:
    report = Report()
    body: list[Entry] = []
    front: dict = {}
    for entry in entries:
        if entry.kind == "chrome":
            report.chrome.append((entry.line, entry.text))
        else:
            body.append(entry)
    body = _title(body, front, report)
    body = _revisions(body, front, report)
    body = _declaration(body, front, report)
    body = _owner(body, front, report)
    charter_entries, departments = _split_departments(body, report)
    charter = _front_matter(front) + _markdown(charter_entries, report, sections=True)
    pages = {}
    for n, (title, dept_entries, _line) in enumerate(departments, start=1):
        text = _markdown(dept_entries, report, sections=False)
        pages[f"department-{n}.md"] = f"---\ntitle: {yaml_scalar(title)}\norder: {n}\n---\n\n{text}"
    if not any(e.kind in ("heading", "item", "para", "table") for e in body):
        report.notes.append((0, "no charter text was found in the source (only page chrome, or nothing)"))
    return Draft(charter, pages, report)


def yaml_scalar(value: str) -> str:
    return yaml.safe_dump(value, allow_unicode=True, width=1 << 20).removesuffix("\n...\n").strip()


def _title(body: list[Entry], front: dict, report: Report) -> list[Entry]:
    """The page's first heading is the charter's title when it names a 헌장 and holds the rest."""
    first = body[0] if body else None
    if first is None or first.kind != "heading" or "헌장" not in first.text or len(first.text) > 40:
        return body
    if any(e.kind == "heading" and e.level and e.level <= first.level for e in body[1:]):
        return body
    front["title"] = first.text
    report.data.append((first.line, f"charter title: {first.text}"))
    return body[1:]


def _revisions(body: list[Entry], front: dict, report: Report) -> list[Entry]:
    kept, revisions = [], []
    for entry in body:
        m = REVISION_RE.match(entry.text) if entry.kind in ("para", "heading", "item") else None
        if m and m.group(4):
            kind = "개정" if "개정" in m.group(4) else m.group(4)
            revisions.append({"date": f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", "kind": kind})
            report.data.append((entry.line, f"revision: {entry.text}"))
        else:
            kept.append(entry)
    if revisions:
        front["revisions"] = revisions
    return kept


def _declaration(body: list[Entry], front: dict, report: Report) -> list[Entry]:
    start = next((i for i, e in enumerate(body) if e.kind in ("heading", "para")
                  and re.sub(r"\s", "", e.text) in ("선언문", "헌장선언문", "행정서비스헌장선언문")), None)
    if start is None:
        return body
    i, text, pledges, closing = start + 1, [], [], ""
    while i < len(body) and body[i].kind == "para" and not pledges:
        text.append(body[i].text)
        i += 1
    while i < len(body) and body[i].kind == "item":
        pledges.append(body[i].text)
        i += 1
    if i < len(body) and body[i].kind == "para" and pledges:
        closing = body[i].text
        i += 1
    if not text:
        return body
    report.data.append((body[start].line, f"declaration title: {body[start].text}"))
    front["declaration"] = {"text": " ".join(text), "pledges": pledges, **({"closing": closing} if closing else {})}
    return body[:start] + body[i:]


def _owner(body: list[Entry], front: dict, report: Report) -> list[Entry]:
    owner: dict = {}
    kept: list[Entry] = []
    for entry in body:
        matched = False
        if entry.kind in ("item", "para"):
            for name, pattern in OWNER_LABELS:
                m = pattern.match(entry.text)
                if m:
                    owner[name] = m.group(1).strip()
                    matched = True
                    report.data.append((entry.line, f"owner block: {entry.text}"))
                    numbers = [n for n in find_numbers(entry.text) if not phone_problem(n)]
                    if numbers:
                        owner["phone"] = numbers[0]
        if not matched:
            kept.append(entry)
    if owner:
        front["owner"] = owner
        # The heading over the owner block ("부서연락처") has nothing left under it.
        headings = [e for i, e in enumerate(kept) if e.kind == "heading" and OWNER_HEADINGS.match(e.text)
                    and _empty_after(kept, i)]
        report.data += [(e.line, f"owner block: {e.text}") for e in headings]
        kept = [e for e in kept if e not in headings]
    return kept


def _empty_after(entries: list[Entry], i: int) -> bool:
    return i + 1 >= len(entries) or entries[i + 1].kind == "heading"


def _split_departments(body: list[Entry], report: Report) -> tuple[list[Entry], list[tuple[str, list[Entry], int]]]:
    """Per-department standards ("[부서별 행정서비스 이행기준]" then "[총무부]", …) go to their own pages."""
    charter: list[Entry] = []
    departments: list[tuple[str, list[Entry], int]] = []
    seen_per_department = False
    for entry in body:
        title = entry.text.strip("[] ")
        if entry.kind == "heading" and "부서별" in title:
            seen_per_department = True
            charter.append(entry)
            continue
        m = DEPARTMENT_RE.match(entry.text) if entry.kind == "heading" and seen_per_department else None
        if m:
            departments.append((m.group(1), [], entry.line))
            report.data.append((entry.line, f"department page title: {entry.text}"))
        elif departments and not (entry.kind == "heading" and kind_of(title) and not entry.level):
            departments[-1][1].append(entry)
        else:
            charter.append(entry)
    # A "부서별 …" heading whose departments moved out says where they went.
    return charter, departments


def _front_matter(front: dict) -> str:
    if not front:
        return "---\n---\n\n"
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=1 << 20) + "---\n\n"


def _markdown(entries: list[Entry], report: Report, sections: bool) -> str:
    out: list[str] = []
    section_kind: str | None = None
    levels = _levels(entries)
    base = min((lv for lv in levels.values()), default=2)
    shift = 2 - base
    for i, entry in enumerate(entries):
        if entry.kind == "heading":
            if _heading_empty(entries, levels, i):
                report.notes.append((entry.line, f"heading '{entry.text}' has nothing under it; kept as a paragraph"))
                out.append(escape(entry.text) + "\n")
                continue
            level = min(levels[i] + shift, 6)
            title = entry.text.strip()
            attrs = []
            if level == 2:
                section_kind = None
            kind = kind_of(title) if sections else None
            if kind and kind != section_kind:
                attrs.append(f"kind={kind}")
                section_kind = kind
            channels = channels_of(title)
            if channels:
                attrs.append(f"channel={','.join(channels)}")
            if attrs:
                out.append("{" + " ".join(attrs) + "}")
            out.append("#" * level + " " + escape(title) + "\n")
            report.sections += 1
        elif entry.kind == "para":
            out.append(escape(entry.text) + "\n")
        elif entry.kind == "item":
            depth = _item_depth(entries, i)
            out.append("  " * depth + "- " + escape(entry.text))
            report.items += 1
            if i + 1 >= len(entries) or entries[i + 1].kind not in ("item", "table") or \
                    (entries[i + 1].kind == "table" and entries[i + 1].depth <= entry.depth):
                out.append("")
        elif entry.kind == "table" and entry.table:
            indent = ""
            if i > 0 and entries[i - 1].kind == "item" and entry.depth > entries[i - 1].depth:
                indent = "  " * (_item_depth(entries, i - 1) + 1)
                out.append("")
            block = _table_block(entry.table, entry.line, report)
            out.append("\n".join(indent + line if line else line for line in block.split("\n")) + "\n")
            report.tables += 1
    return "\n".join(out).rstrip() + "\n"


def _levels(entries: list[Entry]) -> dict[int, int]:
    """Heading levels: the source's where it says them (HTML), else from what the heading is.
    A section kind starts a level-2 section; a channel heading sits under the heading before it;
    headings with nothing between them nest; another heading is a sibling of the last topic."""
    levels: dict[int, int] = {}
    last_topic = 1
    previous_heading: int | None = None
    for i, entry in enumerate(entries):
        if entry.kind != "heading":
            if entry.kind != "chrome":
                previous_heading = None
            continue
        title = entry.text.strip("[] ")
        if entry.level:
            level = max(entry.level, 2)
        elif channels_of(title):
            level = last_topic + 1
        elif previous_heading is not None and (not kind_of(title) or
                                               kind_of(title) == kind_of(entries[previous_heading].text)):
            level = levels[previous_heading] + 1  # headings with nothing between them nest
        elif kind_of(title) or last_topic <= 1:
            level = 2
        else:
            level = last_topic
        levels[i] = min(level, 6)
        if not channels_of(title):
            last_topic = levels[i]
        previous_heading = i
    return levels


def _heading_empty(entries: list[Entry], levels: dict[int, int], i: int) -> bool:
    for j in range(i + 1, len(entries)):
        if entries[j].kind != "heading":
            return False
        if levels[j] <= levels[i]:
            return True
    return True


def _item_depth(entries: list[Entry], i: int) -> int:
    """The nesting of an item among the items just above it (a source depth is only relative)."""
    stack: list[int] = []  # source depths of the open items
    j = i
    while j > 0 and entries[j - 1].kind in ("item", "table"):
        j -= 1
    for k in range(j, i + 1):
        if entries[k].kind != "item":
            continue
        depth = entries[k].depth
        while stack and stack[-1] >= depth:
            stack.pop()
        stack.append(depth)
    return len(stack) - 1


def _table_block(table: TableEntry, line: int, report: Report) -> str:
    spec: dict = {"caption": table.caption or "표", "kind": _table_kind(table.columns), "columns": table.columns}
    rows: list[dict] = []
    group = table.grouped[0] if table.grouped and table.grouped[0] == table.columns[0] else None
    shared = [c for c in table.grouped[1:] if group] if group else []
    if group:
        spec["group_by"] = group
        if shared:
            spec["shared"] = shared
    if table.header_groups:
        spec["header_groups"] = table.header_groups
    problems = list(table.problems)
    last: list[list[str]] = [[] for _ in table.columns]
    for row in table.rows:
        values: dict = {}
        for name, cell in zip(table.columns, row):
            k = table.columns.index(name)
            if cell is None:  # covered by a span above
                if name == group or name in shared:
                    continue
                cell = last[k]
            last[k] = cell
            if cell:
                values[name] = cell[0] if len(cell) == 1 else list(cell)
        if values:
            rows.append(values)
    spec["rows"] = rows
    bad = sorted({n for row in table.rows for cell in row if cell for value in cell
                  for n in find_numbers(value, loose=False) if phone_problem(n)})
    if bad:
        spec["phones"] = []
        problems.append(f"phone numbers without an area code ({', '.join(bad)}): the table reads none of its "
                        "columns as phones until you add the area codes and remove 'phones: []'")
    for problem in problems:
        report.notes.append((line, f"table '{table.caption}': {problem}"))
    return "```table\n" + yaml.safe_dump(spec, allow_unicode=True, sort_keys=False, width=1 << 20) + "```"


def _table_kind(columns: list[str]) -> str:
    names = " ".join(columns)
    if "처리기간" in names or "수수료" in names:
        return "processing"
    if any(w in names for w in ("전화", "팩스", "FAX", "연락처")):
        return "contacts"
    return "other"
