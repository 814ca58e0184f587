"""Read YAML into node trees that keep every line, with no implicit typing at all.

PyYAML resolves plain scalars the YAML 1.1 way (`no` → False, `03154` → 3154, `1:30` → 90).
charterpress never lets it: values stay the text the editor wrote, and `decode` turns them into
dates, numbers or booleans only where the schema expects one, with a message when they are not.
"""

from __future__ import annotations

import yaml

from charterpress.diagnostics import Diagnostic, SourceLoc, error

NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def compose(text: str, loc: SourceLoc) -> tuple[yaml.Node | None, list[Diagnostic]]:
    """Parse one YAML document; `loc.line` is the file line the text starts on (1 for a file)."""
    offset = max(loc.line, 1) - 1
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
        return yaml.compose(text, Loader=yaml.SafeLoader), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (loc.line, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        return None, [error(loc.at_line(line, column), f"YAML syntax error: {problem}")]
    except yaml.YAMLError as exc:  # reader errors (control characters…) carry no problem_mark
        return None, [error(loc, f"YAML syntax error: {exc}")]


def node_loc(node: yaml.Node, base: SourceLoc) -> SourceLoc:
    offset = max(base.line, 1) - 1
    return base.at_line(node.start_mark.line + 1 + offset, node.start_mark.column + 1)


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in NULLS
