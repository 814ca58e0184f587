"""Contact and processing-time tables: what an editor writes in a ```table block, and its layout.

Rows may be grouped under one department (`group_by`) with values shared by the whole group
(`shared`, e.g. one fax number). The layout ties every data cell to its headers with ids and
`headers`, so grouped rows stay accessible (KWCAG 5.3.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import yaml

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
    group_by: str | None = None
    shared: tuple[str, ...] = ()
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


@dataclass(frozen=True)
class Table:
    """A table ready to render: header cells, then bodies (one per group) of rows of cells."""

    id: str
    caption: str
    kind: TableKind
    note: str
    head: tuple[Cell, ...]
    bodies: tuple[tuple[tuple[Cell, ...], ...], ...]
    loc: SourceLoc


@dataclass(frozen=True)
class _Row:
    values: dict[str, tuple[str, ...]]
    loc: SourceLoc
    cell_locs: dict[str, SourceLoc] = field(default_factory=dict)


def parse_table(text: str, loc: SourceLoc, table_id: str) -> tuple[Table | None, list[Diagnostic]]:
    """Read a ```table block whose YAML starts at `loc.line`."""
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
    problems += _number_problems(rows, spec)
    if problems:
        return None, problems
    return _layout(spec, rows, table_id), []


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
    for name in ([spec.group_by] if spec.group_by else []) + list(spec.shared) + list(spec.phones or ()):
        if name not in spec.columns:
            problems.append(error(spec.loc, f"'{name}' is not one of the table's columns{did_you_mean(name, spec.columns)}"))
    if spec.shared and not spec.group_by:
        problems.append(error(spec.loc, "'shared' columns need 'group_by' (the column the rows are grouped by)"))
    return problems


def _fill_groups(rows: list[_Row], spec: TableSpec) -> list[_Row]:
    """A row without a group value continues the group above; shared values fill the whole group."""
    if not spec.group_by:
        return rows
    filled: list[_Row] = []
    group_start = 0
    for index, row in enumerate(rows):
        values = dict(row.values)
        if spec.group_by not in values and filled:
            values[spec.group_by] = filled[-1].values[spec.group_by]
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


def _column_kind(name: str, spec: TableSpec) -> str:
    if spec.phones is not None and name not in spec.phones:
        return "text"
    if any(word in name for word in FAX_WORDS):
        return "fax"
    if any(word in name for word in PHONE_WORDS) or spec.phones is not None:
        return "phone"
    return "text"


def _segments(line: str, linked: bool) -> tuple[Segment, ...]:
    if not linked:
        return (Segment(line),)
    parts: list[Segment] = []
    rest = line
    for number in find_numbers(line):
        before, _, rest = rest.partition(number)
        if before:
            parts.append(Segment(before))
        parts.append(Segment(number, tel_href(number)))
    if rest:
        parts.append(Segment(rest))
    return tuple(parts)


def _layout(spec: TableSpec, rows: list[_Row], table_id: str) -> Table:
    columns = spec.columns
    col_ids = {name: f"{table_id}-c{i + 1}" for i, name in enumerate(columns)}
    head = tuple(Cell("th", ((Segment(name),),), id=col_ids[name], scope="col") for name in columns)
    spanned = {spec.group_by, *spec.shared} - {None}
    row_header = next((c for c in columns if c not in spanned), columns[0])
    groups = _groups(rows, spec.group_by)
    bodies = []
    for g, group in enumerate(groups, start=1):
        group_id = f"{table_id}-g{g}"
        body = []
        for r, row in enumerate(group):
            row_id = f"{table_id}-g{g}r{r + 1}"
            cells = []
            for name in columns:
                lines = tuple(_segments(x, _column_kind(name, spec) == "phone") for x in row.values.get(name, ()))
                if name == spec.group_by:
                    if r == 0:
                        cells.append(Cell("th", lines, id=group_id, scope="rowgroup", rowspan=len(group), headers=col_ids[name]))
                elif name in spec.shared:
                    if r == 0:
                        headers = " ".join([col_ids[name], group_id])
                        cells.append(Cell("td", lines, rowspan=len(group), headers=headers))
                elif name == row_header:
                    headers = " ".join(x for x in (col_ids[name], group_id if spec.group_by else "") if x)
                    cells.append(Cell("th", lines, id=row_id, scope="row", headers=headers))
                else:
                    refs = [col_ids[name], group_id if spec.group_by else "", row_id]
                    cells.append(Cell("td", lines, headers=" ".join(x for x in refs if x)))
            body.append(tuple(cells))
        bodies.append(tuple(body))
    return Table(table_id, spec.caption, spec.kind, spec.note, head, tuple(bodies), spec.loc)


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
