"""Read YAML into node trees that keep every line, with no implicit typing at all.

PyYAML resolves plain scalars the YAML 1.1 way (`no` → False, `03154` → 3154, `1:30` → 90).
charterpress never lets it: values stay the text the editor wrote, and `decode` turns them into
dates, numbers or booleans only where the schema expects one, with a message when they are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import yaml

from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.yamlerrors import explain

NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# PyYAML's scanner and composer take time quadratic in the nesting depth (5,000 unclosed '['
# cost five seconds) and the composer recurses (a thousand levels exhaust Python's stack), so
# text is measured before PyYAML sees it. No settings file comes near these limits.
MAX_DEPTH = 50
MAX_LINE = 10_000
# Characters no page or feed may carry: C0 controls but tab and line ends, DEL, C1 controls, and
# the noncharacters XML forbids (one in the institution name broke feed.xml).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# What an escape ("\ud800", "\x01", "\e") can put into a value: lone surrogates (no encoder accepts
# them) and those control characters (YAML refuses most of them written raw, not as escapes).
UNWRITABLE_RE = re.compile(r"[\ud800-\udfff]|" + CONTROL_RE.pattern)
SCALAR_STARTS = frozenset(":-[{,")
DASHES_RE = re.compile(r"(?:-[ \t]+)*")


@dataclass(frozen=True)
class TooDeep:
    """Where a YAML text first goes beyond what charterpress reads: 0-based line and column."""

    line: int
    column: int
    message: str


def compose(text: str, loc: SourceLoc) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse one YAML document; `loc.line` is the file line the text starts on (1 for a file)."""
    offset = max(loc.line, 1) - 1
    limit = beyond_limits(text)
    if limit:
        return None, [error(loc.at_line(limit.line + 1 + offset, limit.column + 1), limit.message)]
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                return None, [
                    error(
                        loc.at_line(mark.line + 1 + offset, mark.column + 1),
                        "YAML aliases (*name) are not supported; write the value out",
                    )
                ]
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        plain = explain(exc, text)
        if plain:
            return None, [error(loc.at_line(plain.line + 1 + offset, plain.column + 1), plain.message)]
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (loc.line, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [error(loc.at_line(line, column), f"YAML syntax error: {problem}")]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: located by its offset
        before = text[: exc.position]
        line, column = before.count("\n"), exc.position - (before.rfind("\n") + 1)
        return None, [error(loc.at_line(line + 1 + offset, column + 1),
                            f"YAML cannot hold the character U+{exc.character:04X} "
                            "(a control character); remove it")]
    except yaml.YAMLError as exc:
        return None, [error(loc, f"YAML syntax error: {' '.join(str(exc).split())}")]
    except RecursionError:  # the pre-scan should make this unreachable; never a traceback
        return None, [error(loc, f"YAML nesting is too deep (at most {MAX_DEPTH} levels are read)")]
    if node is None:
        return None, []
    for bad, char in _unwritable(node):
        what = ("a lone surrogate, which is not a character; write the character itself"
                if 0xD800 <= ord(char) <= 0xDFFF else "a control character; remove it")
        return None, [error(node_loc(bad, loc), f"YAML escape gives U+{ord(char):04X}, {what}")]
    return node, []


def beyond_limits(text: str) -> TooDeep | None:
    """The first place `text` nests deeper than MAX_DEPTH or has a line longer than MAX_LINE.

    A cheap, slightly generous measure: block nesting is the stack of indents (plus '- ' items
    opened on one line), flow nesting the '[' and '{' still open outside quotes and comments.
    """
    indents: list[int] = []
    flow = 0
    quote = ""
    for number, line in enumerate(text.split("\n")):
        if len(line) > MAX_LINE:
            return TooDeep(number, MAX_LINE, f"line is {len(line):,} characters long; YAML lines may be at most "
                                             f"{MAX_LINE:,} (break the value into several lines)")
        stripped = line.lstrip(" ")
        if not quote and not flow and stripped and not stripped.startswith("#"):
            indent = len(line) - len(stripped)
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
            dashes = DASHES_RE.match(stripped).group(0).count("-")  # type: ignore[union-attr]
            if len(indents) + dashes > MAX_DEPTH:
                return TooDeep(number, indent, _too_deep())
        flow, quote, column = _flow_depth(line, flow, quote)
        if column >= 0:
            return TooDeep(number, column, _too_deep())
    return None


def _too_deep() -> str:
    return f"YAML nests more than {MAX_DEPTH} levels deep (lists and mappings inside each other); flatten it"


def _flow_depth(line: str, flow: int, quote: str) -> tuple[int, str, int]:
    """Carry the open-bracket count and quote state over one line; the column where the count
    passes MAX_DEPTH, or -1."""
    previous = ""
    for column, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'" and (not previous or previous in SCALAR_STARTS):
            quote = char
        elif char == "#" and (column == 0 or line[column - 1] in " \t"):
            break
        elif char in "[{":
            flow += 1
            if flow > MAX_DEPTH:
                return flow, quote, column
        elif char in "]}":
            flow = max(flow - 1, 0)
        if char not in " \t":
            previous = char
    return flow, quote, -1


def _unwritable(root: yaml.Node) -> Iterator[tuple[yaml.Node, str]]:
    """Scalars (keys too) holding a character UNWRITABLE_RE finds, with the character."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            found = UNWRITABLE_RE.search(node.value)
            if found:
                yield node, found.group(0)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)


def node_loc(node: yaml.Node, base: SourceLoc) -> SourceLoc:
    offset = max(base.line, 1) - 1
    return base.at_line(node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in NULLS
