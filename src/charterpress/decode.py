"""Turn YAML node trees into the frozen dataclasses of the content model, collecting every problem.

The dataclass is the schema: field names are the keys an editor writes, type hints say what each
value must be, `field(metadata={"label": …})` names a value in messages. Every problem is
collected (never just the first), each with the file, line and column of the offending value.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Literal, Union

import yaml

from charterpress.deadlines import YEARS_TEXT, in_years
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error
from charterpress.yamlnodes import CONTROL_RE, compose, is_null, node_loc

MISSING: Any = dataclasses.MISSING
DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
INT_RE = re.compile(r"[+-]?\d+")
DECIMAL_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
MAX_DIGITS = 15  # no figure of a charter needs more; Python refuses int() of 4,300 digits anyway

# Extra scalar types: each a `str` (or `Decimal`) subclass, built from the text once its validator,
# which returns an error message or None, accepts it.
_VALIDATORS: dict[type, Callable[[str], str | None]] = {}


def scalar_type(validator: Callable[[str], str | None]) -> Callable[[type], type]:
    """Register a `str` subclass whose values are checked by `validator` when decoded."""

    def register(cls: type) -> type:
        _VALIDATORS[cls] = validator
        return cls

    return register


class Decoder:
    """Decodes nodes of one file; `diagnostics` holds every problem found so far."""

    def __init__(self, base: SourceLoc):
        self.base = base
        self.diagnostics: list[Diagnostic] = []

    def loc(self, node: yaml.Node) -> SourceLoc:
        return node_loc(node, self.base)

    def fail(self, node: yaml.Node, message: str) -> Any:
        self.diagnostics.append(error(self.loc(node), message))
        return MISSING

    def decode(self, node: yaml.Node, tp: Any, label: str) -> Any:
        """Decode `node` as type `tp`; on a problem record it and return MISSING."""
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            return self._union(node, typing.get_args(tp), label)
        if origin is Literal:
            return self._literal(node, typing.get_args(tp), label)
        if origin in (tuple, list):
            return self._sequence(node, typing.get_args(tp)[0], label)
        if origin is dict:
            return self._mapping(node, typing.get_args(tp)[1], label)
        if dataclasses.is_dataclass(tp):
            return self.record(node, tp)
        return self._scalar(node, tp, label)

    def record(self, node: yaml.Node, cls: type) -> Any:
        """Decode a mapping into dataclass `cls`: unknown keys and missing ones are errors."""
        what = getattr(cls, "LABEL", cls.__name__)
        if not isinstance(node, yaml.MappingNode):
            return self.fail(node, f"{what} must be a mapping of keys to values")
        fields = {f.name: f for f in dataclasses.fields(cls)
                  if f.init and not (f.metadata.get("loc") or f.metadata.get("locs"))}
        hints = _hints(cls)
        values: dict[str, Any] = {}
        where: dict[str, SourceLoc] = {}
        broken = False
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key not in fields:
                self.fail(key_node, f"unknown key '{key}' in {what}{did_you_mean(str(key), fields)}")
                continue
            if key in values:
                self.fail(key_node, f"key '{key}' appears twice in {what}")
                continue
            spec = fields[key]
            where[key] = self.loc(value_node)
            label = spec.metadata.get("label", key.replace("_", " "))
            if spec.metadata.get("raw"):
                values[key] = value_node
                continue
            value = self.decode(value_node, hints[key], label)
            broken |= value is MISSING
            values[key] = value
        for name, spec in fields.items():
            if name not in values and _required(spec):
                self.fail(node, f"missing required key '{name}' in {what}")
                broken = True
        if broken:
            return MISSING
        for f in dataclasses.fields(cls):
            if f.metadata.get("loc"):
                values[f.name] = self.loc(node)
            elif f.metadata.get("locs"):
                values[f.name] = where
        return cls(**{k: v for k, v in values.items() if v is not MISSING})

    def _union(self, node: yaml.Node, options: tuple[Any, ...], label: str) -> Any:
        if type(None) in options and is_null(node):
            return None
        rest = [o for o in options if o is not type(None)]
        if len(rest) == 1:
            return self.decode(node, rest[0], label)
        # date | Literal["unknown"]: a keyword the union allows is taken as it is; a value that is
        # neither says the keywords too.
        keywords = [k for o in rest if typing.get_origin(o) is Literal for k in typing.get_args(o)]
        if keywords:
            if isinstance(node, yaml.ScalarNode) and node.value in keywords:
                return node.value
            others = [o for o in rest if typing.get_origin(o) is not Literal]
            seen = len(self.diagnostics)
            value = self.decode(node, others[0], label) if len(others) == 1 else self._union(node, tuple(others), label)
            if value is MISSING and isinstance(node, yaml.ScalarNode) and len(self.diagnostics) > seen:
                last = self.diagnostics[-1]
                hint = f" (or write {' or '.join(repr(k) for k in keywords)})"
                self.diagnostics[-1] = dataclasses.replace(last, message=last.message + hint)
            return value
        # str | tuple[str, ...] | Record: pick by the node's shape (one line, several, or keys).
        for option in rest:
            if _shape(option) == _node_shape(node):
                return self.decode(node, option, label)
        for option in rest:  # no option has this shape: let the closest one say what it expected
            if (_shape(option) == "sequence") == isinstance(node, yaml.SequenceNode):
                return self.decode(node, option, label)
        return self.fail(node, f"{label} has the wrong shape")

    def _literal(self, node: yaml.Node, allowed: tuple[str, ...], label: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.fail(node, f"{label} must be one of: {', '.join(allowed)}")
        if node.value not in allowed:
            hint = did_you_mean(node.value, allowed)
            return self.fail(node, f"{label} '{node.value}' is not allowed{hint}")
        return node.value

    def _sequence(self, node: yaml.Node, item_tp: Any, label: str) -> Any:
        if not isinstance(node, yaml.SequenceNode):
            return self.fail(node, f"{label} must be a list (lines starting with '- ')")
        items = [self.decode(child, item_tp, label) for child in node.value]
        if any(item is MISSING for item in items):
            return MISSING
        return tuple(items)

    def _mapping(self, node: yaml.Node, value_tp: Any, label: str) -> Any:
        if not isinstance(node, yaml.MappingNode):
            return self.fail(node, f"{label} must be a mapping of keys to values")
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            result[str(key_node.value)] = self.decode(value_node, value_tp, label)
        if any(v is MISSING for v in result.values()):
            return MISSING
        return result

    def _scalar(self, node: yaml.Node, tp: Any, label: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            return self.fail(node, f"{label} must be a single value, not a list or mapping")
        text = node.value.strip() if node.style is None else node.value
        if tp is date:
            return self._date(node, text, label)
        if tp is bool:
            if text not in ("true", "false"):
                return self.fail(node, f"{label} '{text}' must be true or false")
            return text == "true"
        if tp is int:
            if not INT_RE.fullmatch(text):
                return self.fail(node, f"{label} '{text}' is not a whole number")
            if len(text.lstrip("+-")) > MAX_DIGITS:
                return self.fail(node, f"{label} has {len(text.lstrip('+-')):,} digits (at most {MAX_DIGITS})")
            return int(text)
        if tp is Decimal:  # published figures stay exactly as written: 90.2 − 89.1 is 1.1
            if not DECIMAL_RE.fullmatch(text):
                return self.fail(node, f"{label} '{text}' is not a number (expected e.g. 85 or 85.3)")
            if len(text) > 2 * MAX_DIGITS:
                return self.fail(node, f"{label} has {len(text):,} digits (at most {2 * MAX_DIGITS})")
            return Decimal(text)
        if tp in _VALIDATORS:
            problem = _VALIDATORS[tp](text)  # control characters never get here: see compose
            return self.fail(node, f"{label} {problem}") if problem else tp(text)
        if tp is str:
            if is_null(node):
                return self.fail(node, f"{label} must not be empty")
            return text
        raise TypeError(f"decode: unsupported type {tp!r}")  # a schema bug, not an editor's

    def _date(self, node: yaml.Node, text: str, label: str) -> Any:
        if DATE_RE.fullmatch(text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                pass
            else:
                if in_years(day):
                    return day
                return self.fail(node, f"{label} '{text}' is out of range (expected {YEARS_TEXT})")
        return self.fail(node, f"{label} '{text}' is not a date (expected YYYY-MM-DD)")


def control_problem(text: str) -> str | None:
    found = CONTROL_RE.search(text)
    if found is None:
        return None
    return (f"contains the invisible control character U+{ord(found.group()):04X}, which no page or "
            "feed can carry (remove it)")


def _shape(tp: Any) -> str:
    if typing.get_origin(tp) in (tuple, list):
        return "sequence"
    if typing.get_origin(tp) is dict or dataclasses.is_dataclass(tp):
        return "mapping"
    return "scalar"


def _node_shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "sequence"
    return "mapping" if isinstance(node, yaml.MappingNode) else "scalar"


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _required(spec: dataclasses.Field[Any]) -> bool:
    return spec.default is MISSING and spec.default_factory is MISSING


def loc_field() -> Any:
    """A dataclass field filled with the mapping's own location rather than read from a key."""
    return dataclasses.field(default=SourceLoc(""), metadata={"loc": True}, compare=False)


def key_locs() -> Any:
    """A field filled with where each key's value was written, so later checks can point at it."""
    return dataclasses.field(default_factory=dict, metadata={"locs": True}, compare=False, repr=False)


def raw_node() -> Any:
    """A field that keeps the YAML node as it is, for a caller that reads it in its own way."""
    return dataclasses.field(default=None, metadata={"raw": True}, compare=False)


def labelled(label: str, default: Any = MISSING) -> Any:
    if default is MISSING:
        return dataclasses.field(metadata={"label": label})
    return dataclasses.field(default=default, metadata={"label": label})


def decode_document(text: str, rel: str, cls: type) -> tuple[Any, list[Diagnostic]]:
    """A whole YAML file's text as dataclass `cls`: the value (MISSING on failure) and every problem."""
    loc = SourceLoc(rel, 1)
    node, problems = compose(text.removeprefix("\ufeff"), loc)
    if node is None:
        return MISSING, problems or [error(loc, f"{getattr(cls, 'LABEL', 'file')} is empty")]
    decoder = Decoder(loc)
    value = decoder.record(node, cls)
    return value, problems + decoder.diagnostics
