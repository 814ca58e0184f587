"""PyYAML's syntax errors said in an editor's words, on the line where the mistake is.

PyYAML reports where its parser gave up, in parser terms ("expected <block end>, but found
'<block mapping start>'"), often a line after the mistake. The common mistakes of hand-written
settings (a value holding ': ', a line indented off by one, a tab, an unclosed quote or bracket)
each get a plain message here. Both PyYAML's Python parser and libyaml (CSafeLoader) word their
errors differently, so each rule matches both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

DASHES_RE = re.compile(r" *(?:- +)*")


@dataclass(frozen=True)
class Plain:
    """A syntax error in plain words: 0-based line and column in the parsed text."""

    line: int
    column: int
    message: str


def explain(exc: yaml.MarkedYAMLError, text: str) -> Plain | None:
    """The plain message for a common mistake, or None (the caller says PyYAML's words)."""
    problem, context = exc.problem or "", exc.context or ""
    mark = exc.problem_mark
    if mark is None:
        return None
    lines = text.split("\n")
    if "quoted scalar" in context and ("end of stream" in problem or "document separator" in problem):
        return _unclosed_quote(exc.context_mark or mark, lines)
    if "unknown escape" in problem:
        return _bad_escape(text, mark.index, lines)
    if "cannot start any token" in problem:
        return _bad_character(mark, lines)
    if "mapping values are not allowed" in problem:
        return _colon_in_value(mark.line, lines)
    if "could not find expected ':'" in problem and exc.context_mark is not None:
        return _not_key_value(exc.context_mark.line, lines)
    if "flow" in context:
        return _unclosed_bracket(text, mark.index)
    if "expected <block end>" in problem or "did not find expected" in problem:
        return _misaligned(mark.line, mark.column, lines)
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _unclosed_quote(mark: yaml.Mark, lines: list[str]) -> Plain:
    quote = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else '"'
    quote = quote if quote in "\"'" else '"'
    return Plain(mark.line, mark.column, f"the quote {quote} opened here is never closed; end the value with "
                                         f"{quote} on the same line")


def _bad_escape(text: str, index: int, lines: list[str]) -> Plain:
    at = text.rfind("\\", 0, index + 1)
    escape = text[at:at + 2] if at >= 0 else "\\"
    line = text.count("\n", 0, max(at, 0))
    column = max(at, 0) - (text.rfind("\n", 0, max(at, 0)) + 1)
    return Plain(line, column, f"'{escape}' is not an escape YAML knows: in double quotes a backslash starts an "
                               "escape; write '\\\\' for a backslash, or put the value in single quotes")


def _bad_character(mark: yaml.Mark, lines: list[str]) -> Plain:
    char = lines[mark.line][mark.column:mark.column + 1] if mark.line < len(lines) else ""
    if char == "\t":
        return Plain(mark.line, mark.column, "a tab character here; YAML indents with spaces only "
                                             "(replace the tab with spaces)")
    return Plain(mark.line, mark.column, f"'{char}' cannot start a value; put the value in quotes")


def _colon_in_value(number: int, lines: list[str]) -> Plain:
    line = lines[number]
    indent = _indent(line)
    body = line[indent:]
    item = body.startswith("- ")
    body = body[2:] if item else body
    key, sep, value = body.partition(": ")
    if sep and (": " in value.strip() or value.rstrip().endswith(":")):
        quoted = value.strip().replace("'", "''") if '"' in value else value.strip()
        mark = "'" if '"' in value else '"'
        return Plain(number, indent, f"the value of '{key}' holds ': ' (a colon and a space), which YAML reads as a "
                                     f"new key; put the value in quotes: {key}: {mark}{quoted}{mark}")
    name = body.split(":", 1)[0].strip()
    return Plain(number, indent, f"'{name}:' is indented further than the keys it belongs with, so YAML reads it as "
                                 "more of the value above; check the indentation")


def _not_key_value(number: int, lines: list[str]) -> Plain:
    line = lines[number]
    words = line.strip()
    shown = words if len(words) <= 30 else words[:30] + "…"
    return Plain(number, _indent(line), f"'{shown}' needs the form 'key: value' (a ':' and a space after the key), "
                                        "or '- ' for a list item; check the indentation")


def _unclosed_bracket(text: str, index: int) -> Plain | None:
    opened: list[int] = []
    quote = ""
    for at, char in enumerate(text[:index]):
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'" and at and text[at - 1] in " [{,":
            quote = char
        elif char in "[{":
            opened.append(at)
        elif char in "]}" and opened:
            opened.pop()
    if not opened:
        return None
    at = opened[-1]
    close = "]" if text[at] == "[" else "}"
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return Plain(line, column, f"'{text[at]}' opened here is never closed with '{close}' (items are separated by "
                               f"', '); if '{text[at]}' is part of the text, put the value in quotes")


def _misaligned(number: int, column: int, lines: list[str]) -> Plain:
    line = lines[number] if number < len(lines) else ""
    indent = _indent(line)
    if column > indent:  # the line is aligned; something follows a finished value on it
        return Plain(number, column, "more text after the value on this line (after a closing quote?); put the "
                                     "whole value in quotes")
    above = next((lines[n] for n in range(number - 1, -1, -1)
                  if lines[n].strip() and not lines[n].lstrip().startswith("#")), "")
    spaces = lambda n: f"{n} space" + ("" if n == 1 else "s")  # noqa: E731
    what = "a list item ('- ')" if line[indent:].startswith("-") else "this line"
    text_at = len(above) - len(DASHES_RE.sub("", above, count=1))  # where the line above's own text starts
    if line[indent:].startswith("-") and indent == text_at:
        return Plain(number, indent, "a list item ('- ') among 'key: value' lines; a list goes under its key, "
                                     "indented ('key:', then '  - item' on the next lines)")
    return Plain(number, indent, f"{what} is indented {spaces(indent)}, which does not line up with the lines above "
                                 f"(the text of the line above starts after {spaces(text_at)}); entries of one list "
                                 "or mapping start at the same column")
