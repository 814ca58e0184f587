"""The structure of a Markdown body: headings become nested groups, bullets become items.

Editors write a charter the way it reads: `##` per section, `###` per channel or service, a
two-level bullet for "condition → promise", ordinary paragraphs, and ```table blocks. This module
turns the markdown-it token stream into that tree, keeping each piece's source line.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, get_args

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error, warning
from charterpress.markdown import BLOCK_ATTRIBUTES, parse_checked, phone_warnings, plain_text
from charterpress.tables import Table, parse_table

SectionKind = Literal[
    "standards", "right_to_know", "redress", "participation", "evaluation", "requests",
    "contacts", "custom",
]
Channel = Literal["visit", "outreach", "phone", "mail", "fax", "internet", "e_civil", "sms", "any"]
SECTION_KINDS = get_args(SectionKind)
CHANNELS = get_args(Channel)
ID_RE = re.compile(r"[^\s#\"'<>&]+")
# Ids the page chrome uses; content headings never take them.
RESERVED_IDS = frozenset({"main", "gnb", "skip", "content-info", "page-feedback", "toc", "footer", "header"})


@dataclass(frozen=True)
class Item:
    """A bullet: its own words (`html`, `text`) and the bullets under it (the promises of a condition)."""

    id: str
    html: Markup
    text: str
    line: int
    extra: Markup = Markup("")
    children: tuple[Item, ...] = ()
    notes: tuple[Markup, ...] = ()  # "※ …", "\\* …", "단, …" under a promise: remarks, not promises
    tables: tuple[Table, ...] = ()  # ```table blocks written inside the item


@dataclass(frozen=True)
class ItemList:
    ordered: bool
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Prose:
    html: Markup


@dataclass(frozen=True)
class Group:
    """A heading and what follows it up to the next heading of the same or a higher level."""

    id: str
    title: str
    title_html: Markup
    level: int
    line: int
    blocks: tuple[Block, ...]
    kind: SectionKind | None = None
    channel: Channel | None = None  # the first of `channels`
    channels: tuple[Channel, ...] = ()
    label: str = ""  # accessible name when the title repeats on the page ("서비스 – 직접 방문하시는 경우")


Block = Group | ItemList | Prose | Table


@dataclass(frozen=True)
class Body:
    blocks: tuple[Block, ...] = ()

    def groups(self) -> tuple[Group, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Group))

    def tables(self) -> Iterator[Table]:
        yield from _tables(self.blocks)

    @functools.cached_property
    def contact_tables(self) -> tuple[Table, ...]:
        """Its 연락처 tables, found once per body: every site serve loads again asks for them."""
        return tuple(t for t in self.tables() if t.kind == "contacts")


def _tables(blocks: tuple[Block, ...]) -> Iterator[Table]:
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Group):
            yield from _tables(block.blocks)
        elif isinstance(block, ItemList):
            yield from _item_tables(block.items)


def _item_tables(items: tuple[Item, ...]) -> Iterator[Table]:
    for item in items:
        yield from item.tables
        yield from _item_tables(item.children)


# `{channel=mail,fax,internet}`: the attrs syntax takes no commas in an unquoted value, so the
# list is quoted before parsing (line numbers unchanged).
CHANNEL_LIST_RE = re.compile(r"(?m)^(\{[^}\n]*?\bchannel=)([A-Za-z_]+(?:\s*,\s*[A-Za-z_]+)+)(?=[\s}])")
# A bullet under a promise that starts with one of these is a note on it, not a promise of its own.
NOTE_RE = re.compile(r"^(?:※|\*|＊|단\s*[,，:]|단\s)")


def slugify(title: str) -> str:
    """An id from a heading: Hangul and other letters kept, spaces to hyphens, punctuation dropped."""
    text = unicodedata.normalize("NFC", title).lower()
    text = re.sub(r"\s+", "-", text.strip())
    text = "".join(c for c in text if c == "-" or c.isalnum())
    return re.sub(r"-{2,}", "-", text).strip("-") or "section"


@dataclass
class Ids:
    """Hands out ids that are unique on one page."""

    used: set[str] = field(default_factory=lambda: set(RESERVED_IDS))

    def take(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.add(candidate)
        return candidate


@dataclass
class _Frame:
    level: int
    line: int = 0
    id: str = ""
    title: str = ""
    title_html: Markup = Markup("")
    kind: str | None = None
    channels: tuple[str, ...] = ()
    blocks: list[Block] = field(default_factory=list)
    items: int = 0
    written: bool = False  # anything under the heading, even a block that failed to parse

    def close(self) -> Group:
        return Group(self.id, self.title, self.title_html, self.level, self.line, tuple(self.blocks),
                     self.kind, self.channels[0] if self.channels else None,  # type: ignore[arg-type]
                     self.channels)  # type: ignore[arg-type]


@dataclass
class BodyParser:
    """Parses one Markdown body. `sections` allows `{kind=…}` on headings (the charter)."""

    md: MarkdownIt
    loc: SourceLoc  # the file, and the line the body starts on
    table_prefix: str
    resolve_link: Callable[[str], str]
    allow_html: bool = False
    sections: bool = False
    ids: Ids = field(default_factory=Ids)
    problems: list[Diagnostic] = field(default_factory=list)
    _tables: int = 0

    def parse(self, text: str) -> Body:
        text = CHANNEL_LIST_RE.sub(r'\1"\2"', text)
        tokens, problems = parse_checked(self.md, text, self.loc, self.allow_html)
        self._lines = text.split("\n")
        self.problems += problems
        self.problems += phone_warnings(tokens, self.loc)
        self.env = {"resolve_link": self.resolve_link}
        stack = [_Frame(level=1)]
        for start, end in _blocks(tokens, 0, len(tokens), 0):
            token = tokens[start]
            if token.type == "heading_open":
                self._heading(stack, token, tokens[start + 1])
            else:
                stack[-1].blocks.extend(self._block(tokens, start, end, stack[-1]))
                stack[-1].written = True
        while len(stack) > 1:
            self._close(stack)
        return Body(_labelled(tuple(stack[0].blocks)))

    def _close(self, stack: list[_Frame]) -> None:
        """Closes the innermost group; one with nothing at all written under it is a warning (a
        table with errors still counts as written: its errors say what is wrong)."""
        frame = stack.pop()
        if not frame.written:
            self.problems.append(warning(self.loc.at_line(frame.line), f"section '{frame.title}' is empty "
                                         "(write its items under the heading, or remove the heading)"))
        stack[-1].blocks.append(frame.close())
        stack[-1].written = True

    def line(self, token: Token) -> int:
        return self.loc.line + (token.map[0] if token.map else 0)

    def fail(self, token: Token, message: str) -> None:
        self.problems.append(error(self.loc.at_line(self.line(token)), message))

    def _heading(self, stack: list[_Frame], token: Token, inline: Token) -> None:
        level = int(token.tag[1])
        if level == 1:
            self.fail(token, "a '#' heading is not allowed: the page title is the only level-1 "
                             "heading (start sections with '##')")
            level = 2
        while stack[-1].level >= level:
            self._close(stack)
        if level > stack[-1].level + 1:
            expected = "#" * (stack[-1].level + 1)
            self.fail(token, f"heading level skipped: '{'#' * level}' follows a level-{stack[-1].level} "
                             f"heading (expected '{expected}')")
        frame = _Frame(level=level, line=self.line(token), title=plain_text(inline),
                       title_html=Markup(self.md.renderer.renderInline(inline.children or [], self.md.options, self.env)))
        self._attributes(frame, token)
        frame.id = self.ids.take(frame.id or slugify(frame.title))
        stack.append(frame)

    def _attributes(self, frame: _Frame, token: Token) -> None:
        allowed = {"id", "channel"} | ({"kind"} if self.sections else set())
        for name, value in token.attrs.items():
            value = str(value)
            if name not in BLOCK_ATTRIBUTES:
                continue  # reported by parse_checked, and never published
            if name not in allowed:
                where = " (only on charter sections)" if name == "kind" else did_you_mean(name, allowed)
                self.fail(token, f"heading attribute '{name}' is not allowed{where}")
            elif name == "kind" and value not in SECTION_KINDS:
                self.fail(token, f"section kind '{value}' is not known{did_you_mean(value, SECTION_KINDS)}")
            elif name == "channel":
                channels = tuple(part.strip() for part in value.split(","))
                unknown = [c for c in channels if c not in CHANNELS]
                for c in unknown:
                    self.fail(token, f"channel '{c}' is not known{did_you_mean(c, CHANNELS)}")
                if not unknown:
                    frame.channels = tuple(dict.fromkeys(channels))
            elif name == "id" and not ID_RE.fullmatch(value):
                self.fail(token, f"heading id '{value}' must not contain spaces or quotes")
            else:
                setattr(frame, name, value)

    def _block(self, tokens: list[Token], start: int, end: int, frame: _Frame) -> list[Block]:
        token = tokens[start]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            return [self._list(tokens, start, end, frame.id or "item", frame)]
        if token.type == "fence" and token.info.strip() == "table":
            return self._table(token)
        html = self.md.renderer.render(tokens[start:end], self.md.options, self.env)
        return [Prose(Markup(html))]

    def _table(self, token: Token) -> list[Block]:
        if not _fence_closed(token, self._lines):  # it swallowed the rest of the file: say where it opened
            self.fail(token, f"the {token.markup}table block opened here is never closed; end it with a line "
                             f"of {token.markup}")
            return []
        self._tables += 1
        table_loc = self.loc.at_line(self.line(token) + 1)
        table, problems = parse_table(token.content, table_loc, self.ids.take(f"{self.table_prefix}-t{self._tables}"),
                                      self.resolve_link)
        self.problems += problems
        return [table] if table else []

    def _list(self, tokens: list[Token], start: int, end: int, prefix: str, frame: _Frame | None) -> ItemList:
        items = []
        for item_start, item_end in _blocks(tokens, start + 1, end - 1, tokens[start].level + 1):
            if frame is not None:
                frame.items += 1
                item_id = self.ids.take(f"{prefix}-{frame.items}")
            else:
                item_id = self.ids.take(f"{prefix}-{len(items) + 1}")
            items.append(self._item(tokens, item_start, item_end, item_id))
        return ItemList(tokens[start].type == "ordered_list_open", tuple(items))

    def _item(self, tokens: list[Token], start: int, end: int, item_id: str) -> Item:
        html, text, extra, children, notes, tables = Markup(""), "", [], [], [], []
        for b_start, b_end in _blocks(tokens, start + 1, end - 1, tokens[start].level + 1):
            token = tokens[b_start]
            if token.type == "paragraph_open" and not text:
                inline = tokens[b_start + 1]
                html = Markup(self.md.renderer.renderInline(inline.children or [], self.md.options, self.env))
                text = plain_text(inline)
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                for child in self._list(tokens, b_start, b_end, item_id, None).items:
                    if _is_note(child):
                        notes.append(child.html)
                    else:
                        children.append(child)
            elif token.type == "fence" and token.info.strip() == "table":
                tables.extend(self._table(token))  # type: ignore[arg-type]
            else:
                extra.append(self.md.renderer.render(tokens[b_start:b_end], self.md.options, self.env))
        return Item(item_id, html, text, self.line(tokens[start]), Markup("".join(extra)), tuple(children),
                    tuple(notes), tuple(tables))


def _is_note(item: Item) -> bool:
    """A bullet that only remarks on the promise above it ("※ 공휴일 제외"), with nothing under it."""
    return not item.children and not item.tables and bool(NOTE_RE.match(item.text))


def _labelled(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Groups whose title repeats on the page get their ancestors' titles in their accessible name,
    so landmarks stay distinct ("문화활동강좌 운영 – 직접 방문하시는 경우")."""
    counts: dict[str, int] = {}

    def count(bs: tuple[Block, ...]) -> None:
        for b in bs:
            if isinstance(b, Group):
                counts[b.title] = counts.get(b.title, 0) + 1
                count(b.blocks)

    def relabel(bs: tuple[Block, ...], path: tuple[str, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for b in bs:
            if isinstance(b, Group):
                label = f"{path[-1]} – {b.title}" if counts[b.title] > 1 and path else ""
                b = dataclasses.replace(b, blocks=relabel(b.blocks, (*path, b.title)), label=label)
            out.append(b)
        return tuple(out)

    count(blocks)
    return relabel(blocks, ())


def _blocks(tokens: list[Token], start: int, end: int, level: int) -> Iterator[tuple[int, int]]:
    """(start, end) index ranges of the blocks at `level` within tokens[start:end]."""
    i = start
    while i < end:
        token = tokens[i]
        if token.level != level:
            i += 1
            continue
        j = i + 1
        if token.nesting == 1:
            while not (tokens[j].level == level and tokens[j].nesting == -1):
                j += 1
            j += 1
        yield i, j
        i = j


def _fence_closed(token: Token, lines: list[str]) -> bool:
    """markdown-it runs an unclosed fence to the end of the text; a closed one ends on its marker."""
    if not token.map or token.map[1] - 1 <= token.map[0] or token.map[1] > len(lines):
        return False
    last = lines[token.map[1] - 1].strip()
    return last.startswith(token.markup) and set(last) == {token.markup[0]}
