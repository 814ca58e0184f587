"""Contact and processing-time tables: what an editor writes in a ```table block, and its layout.

Rows may be grouped under one department (`group_by`) with values shared by the whole group
(`shared`, e.g. one fax number). The layout ties every data cell to its headers with ids and
`headers`, so grouped rows stay accessible (KWCAG 5.3.1).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import yaml

from charterpress import linkpolicy
from charterpress.decode import MISSING, Decoder, labelled, loc_field, raw_node
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error
from charterpress.phones import find_numbers, phone_problem, tel_href
from charterpress.yamlnodes import compose

PHONE_WORDS = ("전화", "연락처", "phone", "tel")
FAX_WORDS = ("팩스", "fax", "FAX", "Fax")
TableKind = Literal["contacts", "processing", "other"]


@dataclass(frozen=True)
class TableSpec:
    """The keys of a ```table block (rows are read separately, keyed by column name)."""

    LABEL: ClassVar[str] = "table"
    caption: str = labelled("table caption")
    columns: tuple[str, ...] = labelled("table columns")
    rows: Any = raw_node()  # keyed by column name, so read by _read_rows
    kind: TableKind = labelled("table kind", "contacts")
    group_by: str | tuple[str, ...] | None = None  # one column, or two: a department, then a team
    shared: tuple[str, ...] = ()  # values given once per (top-level) group
    header_groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # 연락처: [전화, 팩스]
    phones: tuple[str, ...] | None = None  # the columns that hold phone numbers (default: by their names)
    note: str = ""
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Segment:
    """A piece of a cell line: plain text, or a phone number with its `tel:` link."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Cell:
    tag: Literal["th", "td"]
    lines: tuple[tuple[Segment, ...], ...]
    id: str | None = None
    scope: str | None = None
    rowspan: int = 1
    headers: str | None = None
    colspan: int = 1


@dataclass(frozen=True)
class Table:
    """A table ready to render: header cells, then bodies (one per group) of rows of cells."""

    id: str
    caption: str
    kind: TableKind
    note: str
    head: tuple[tuple[Cell, ...], ...]  # one header row, or two under header_groups
    bodies: tuple[tuple[tuple[Cell, ...], ...], ...]
    loc: SourceLoc


@dataclass(frozen=True)
class _Row:
    values: dict[str, tuple[str, ...]]
    loc: SourceLoc
    cell_locs: dict[str, SourceLoc] = field(default_factory=dict)


LINK_RE = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")


def parse_table(text: str, loc: SourceLoc, table_id: str,
                resolve_link: Callable[[str], str] = lambda target: target) -> tuple[Table | None, list[Diagnostic]]:
    """Read a ```table block whose YAML starts at `loc.line`; `resolve_link` makes a site path
    (`/contacts/`) in a cell's `[words](link)` relative to the page."""
    node, problems = compose(text, loc)
    if node is None:
        return None, problems or [error(loc, "table block is empty (expected caption, columns, rows)")]
    decoder = Decoder(loc)
    spec = decoder.record(node, TableSpec)
    problems += decoder.diagnostics
    if spec is MISSING:
        return None, problems
    rows_node = spec.rows
    if rows_node is None:
        return None, problems + [error(spec.loc, "missing required key 'rows' in table")]
    rows, row_problems = _read_rows(rows_node, spec, decoder)
    problems += row_problems + _spec_problems(spec)
    if problems:
        return None, problems
    rows = _fill_groups(rows, spec)
    problems += _number_problems(rows, spec) + _link_problems(rows)
    if problems:
        return None, problems
    return _layout(spec, rows, table_id, resolve_link), []


def _read_rows(node: yaml.Node, spec: TableSpec, decoder: Decoder) -> tuple[list[_Row], list[Diagnostic]]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        return [], [error(decoder.loc(node), "table rows must be a list of rows ('- 열이름: 값')")]
    rows: list[_Row] = []
    problems: list[Diagnostic] = []
    for row_node in node.value:
        if not isinstance(row_node, yaml.MappingNode):
            problems.append(error(decoder.loc(row_node), "each table row must map column names to values"))
            continue
        values: dict[str, tuple[str, ...]] = {}
        locs: dict[str, SourceLoc] = {}
        for key_node, value_node in row_node.value:
            name = str(key_node.value)
            if name not in spec.columns:
                hint = did_you_mean(name, spec.columns)
                problems.append(error(decoder.loc(key_node), f"unknown column '{name}'{hint}"))
                continue
            value = decoder.decode(value_node, str | tuple[str, ...], f"cell '{name}'")
            if value is not MISSING:
                values[name] = (value,) if isinstance(value, str) else value
                locs[name] = decoder.loc(value_node)
        rows.append(_Row(values, decoder.loc(row_node), locs))
    return rows, problems + decoder.diagnostics


def _spec_problems(spec: TableSpec) -> list[Diagnostic]:
    problems = []
    if len(set(spec.columns)) != len(spec.columns):
        problems.append(error(spec.loc, "table columns must have different names"))
    leaves = [name for names in spec.header_groups.values() for name in names]
    for name in [*_group_columns(spec), *spec.shared, *(spec.phones or ()), *leaves]:
        if name not in spec.columns:
            problems.append(error(spec.loc, f"'{name}' is not one of the table's columns{did_you_mean(name, spec.columns)}"))
    if spec.shared and not spec.group_by:
        problems.append(error(spec.loc, "'shared' columns need 'group_by' (the column the rows are grouped by)"))
    if len(_group_columns(spec)) > 2:
        problems.append(error(spec.loc, "'group_by' takes one column or two (a department, then a team)"))
    if len(set(leaves)) != len(leaves):
        problems.append(error(spec.loc, "a column is in two header groups"))
    for title, names in spec.header_groups.items():
        places = sorted(spec.columns.index(n) for n in names if n in spec.columns)
        if places and places != list(range(places[0], places[0] + len(places))):
            problems.append(error(spec.loc, f"header group '{title}' must name columns that stand side by side"))
    return problems


def _group_columns(spec: TableSpec) -> tuple[str, ...]:
    if spec.group_by is None:
        return ()
    return (spec.group_by,) if isinstance(spec.group_by, str) else tuple(spec.group_by)


def _fill_groups(rows: list[_Row], spec: TableSpec) -> list[_Row]:
    """A row without a group value continues the group above (a team only within its department);
    shared values fill the whole top-level group."""
    groups = _group_columns(spec)
    if not groups:
        return rows
    top = groups[0]
    filled: list[_Row] = []
    group_start = 0
    for index, row in enumerate(rows):
        values = dict(row.values)
        if top not in values and filled:
            values[top] = filled[-1].values[top]
            if len(groups) > 1 and groups[1] not in values and groups[1] in filled[-1].values:
                values[groups[1]] = filled[-1].values[groups[1]]
        else:
            group_start = index
        for name in spec.shared:
            if name not in values and filled and index != group_start:
                values[name] = filled[group_start].values.get(name, ())
        filled.append(_Row(values, row.loc, row.cell_locs))
    return filled


def _number_problems(rows: list[_Row], spec: TableSpec) -> list[Diagnostic]:
    problems = []
    for row in rows:
        for name in spec.columns:
            kind = _column_kind(name, spec)
            if kind == "text" and spec.phones is not None:
                continue  # the table says which columns hold numbers: '도일유통길 13-15' is an address
            loose = kind != "text"
            for line in row.values.get(name, ()):
                for number in find_numbers(line, loose):
                    problem = phone_problem(number)
                    if problem:
                        loc = row.cell_locs.get(name, row.loc)
                        problems.append(error(loc, f"cell '{name}': phone number {problem}"))
    return problems


def _link_problems(rows: list[_Row]) -> list[Diagnostic]:
    problems = []
    for row in rows:
        for name, lines in row.values.items():
            for line in lines:
                for _, target in LINK_RE.findall(line):
                    problem = linkpolicy.link_problem(target, linkpolicy.ANY_LINK)
                    if problem:
                        problems.append(error(row.cell_locs.get(name, row.loc), f"cell '{name}': link {problem}"))
    return problems


def _column_kind(name: str, spec: TableSpec) -> str:
    if spec.phones is not None and name not in spec.phones:
        return "text"
    if any(word in name for word in FAX_WORDS):
        return "fax"
    if any(word in name for word in PHONE_WORDS) or spec.phones is not None:
        return "phone"
    return "text"


def _segments(line: str, linked: bool, resolve: Callable[[str], str] = lambda t: t) -> tuple[Segment, ...]:
    """Plain text, `[words](link)` links, and (in a phone column) each number as a `tel:` link."""
    parts: list[Segment] = []
    at = 0
    for m in LINK_RE.finditer(line):
        parts += _numbers(line[at:m.start()], linked)
        target = m.group(2)
        parts.append(Segment(m.group(1), resolve(target) if target.startswith("/") else target))
        at = m.end()
    parts += _numbers(line[at:], linked)
    return tuple(parts) or (Segment(""),)


def _numbers(text: str, linked: bool) -> list[Segment]:
    if not linked:
        return [Segment(text)] if text else []
    parts: list[Segment] = []
    rest = text
    for number in find_numbers(text):
        before, _, rest = rest.partition(number)
        if before:
            parts.append(Segment(before))
        parts.append(Segment(number, tel_href(number)))
    if rest:
        parts.append(Segment(rest))
    return parts


def _layout(spec: TableSpec, rows: list[_Row], table_id: str, resolve: Callable[[str], str]) -> Table:
    columns = spec.columns
    col_ids = {name: f"{table_id}-c{i + 1}" for i, name in enumerate(columns)}
    head, col_refs = _head(spec, col_ids, table_id)
    groups = _group_columns(spec)
    spanned = {*groups, *spec.shared}
    row_header = next((c for c in columns if c not in spanned), columns[0])
    bodies = []
    for g, group in enumerate(_groups(rows, groups[0] if groups else None), start=1):
        group_id = f"{table_id}-g{g}"
        subgroups = _groups(group, groups[1]) if len(groups) > 1 else [group]
        body = []
        r = 0
        for s, sub in enumerate(subgroups, start=1):
            sub_id = f"{group_id}s{s}" if len(groups) > 1 else ""
            for k, row in enumerate(sub):
                r += 1
                row_id = f"{table_id}-g{g}r{r}"
                above = [x for x in (group_id if groups else "", sub_id) if x]
                cells = []
                for name in columns:
                    lines = tuple(_segments(x, _column_kind(name, spec) == "phone", resolve)
                                  for x in row.values.get(name, ()))
                    if groups and name == groups[0]:
                        if r == 1:
                            cells.append(Cell("th", lines, id=group_id, scope="rowgroup", rowspan=len(group),
                                              headers=col_refs[name]))
                    elif len(groups) > 1 and name == groups[1]:
                        if k == 0:
                            cells.append(Cell("th", lines, id=sub_id, scope="row", rowspan=len(sub),
                                              headers=f"{col_refs[name]} {group_id}"))
                    elif name in spec.shared:
                        if r == 1:
                            cells.append(Cell("td", lines, rowspan=len(group), headers=f"{col_refs[name]} {group_id}"))
                    elif name == row_header:
                        cells.append(Cell("th", lines, id=row_id, scope="row", headers=" ".join([col_refs[name], *above])))
                    else:
                        cells.append(Cell("td", lines, headers=" ".join([col_refs[name], *above, row_id])))
                body.append(tuple(cells))
        bodies.append(tuple(body))
    return Table(table_id, spec.caption, spec.kind, spec.note, head, tuple(bodies), spec.loc)


def _head(spec: TableSpec, col_ids: dict[str, str], table_id: str) -> tuple[tuple[tuple[Cell, ...], ...], dict[str, str]]:
    """The header rows, and for each column the ids of its header cells (its group's too)."""
    refs = dict(col_ids)
    if not spec.header_groups:
        return (tuple(Cell("th", ((Segment(n),),), id=col_ids[n], scope="col") for n in spec.columns),), refs
    group_of = {n: (j, title) for j, (title, names) in enumerate(spec.header_groups.items(), start=1) for n in names}
    top: list[Cell] = []
    second: list[Cell] = []
    for name in spec.columns:
        if name not in group_of:
            top.append(Cell("th", ((Segment(name),),), id=col_ids[name], scope="col", rowspan=2))
            continue
        j, title = group_of[name]
        hg_id = f"{table_id}-h{j}"
        if spec.header_groups[title][0] == name or all(c.id != hg_id for c in top):
            if all(c.id != hg_id for c in top):
                top.append(Cell("th", ((Segment(title),),), id=hg_id, scope="colgroup",
                                colspan=len(spec.header_groups[title])))
        second.append(Cell("th", ((Segment(name),),), id=col_ids[name], scope="col", headers=hg_id))
        refs[name] = f"{hg_id} {col_ids[name]}"
    return (tuple(top), tuple(second)), refs


def _groups(rows: list[_Row], group_by: str | None) -> list[list[_Row]]:
    if not group_by:
        return [rows]
    groups: list[list[_Row]] = []
    for row in rows:
        if groups and groups[-1][0].values.get(group_by) == row.values.get(group_by):
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups
