"""A fast parser for the pages charterpress writes, exact or nothing.

html5lib takes about 2 ms per 정보목록 row (a 200,000-row month is 260,000 rendered rows), five
times what rendering them costs. The pages our templates write are well-formed: a doctype, every
element closed in order, tables with their tbody and tr, references ending in ';'. On such a page
the HTML5 tree-construction algorithm does nothing but push and pop, and reports no error, so a
stack parser gives the same tree html5lib would. `parse` builds that tree, and returns None as
soon as the page leaves that narrow path (a stray end tag, an implied element, foreign content, a
character html5lib would complain about…): the caller then parses the page with html5lib, which
says what is wrong. tests/test_fastparse.py compares both parsers on every page of the test sites.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.entities import html5 as ENTITIES

WS = " \t\n\f"
VOID = frozenset({"area", "base", "br", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
# Elements whose start tag makes html5lib do more than push (or that switch it to another
# tokenizer or insertion mode): never on the fast path.
UNSUPPORTED = frozenset({
    "html", "head", "body", "frameset", "frame", "template", "noscript", "noframes", "plaintext", "xmp",
    "iframe", "noembed", "textarea", "select", "option", "optgroup", "svg", "math", "image", "isindex",
    "keygen", "nobr", "rb", "rp", "rt", "rtc", "col", "colgroup", "pre", "listing", "applet", "marquee",
    "object", "param", "basefont", "bgsound", "menuitem", "dialog",
})
# Start tags that close an open <p> (an implied end tag: html5lib's tree differs from ours).
CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "center", "details", "dir", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p", "search",
    "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6", "form", "table", "hr", "li", "dd", "dt",
})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BUTTON_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template",
                          "button"})
SPECIAL = frozenset({
    "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body",
    "br", "button", "caption", "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt",
    "embed", "fieldset", "figcaption", "figure", "footer", "form", "frame", "frameset", "h1", "h2", "h3",
    "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img", "input", "li", "link",
    "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript", "object", "ol",
    "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source", "style", "summary",
    "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul",
    "wbr", "xmp",
})
# Inside these only table parts (and whitespace) may appear; each part only in its own parent.
TABLE_CONTEXT = frozenset({"table", "tbody", "thead", "tfoot", "tr"})
TABLE_PARTS = {"caption": ("table",), "tbody": ("table",), "thead": ("table",), "tfoot": ("table",),
               "tr": ("tbody", "thead", "tfoot"), "td": ("tr",), "th": ("tr",)}
HEAD_ELEMENTS = frozenset({"meta", "link", "base", "title", "style", "script"})
MAX_SEEN = 4096  # distinct attribute texts remembered per page (ids are each seen once)
# Start tags `_element` does more for than the table checks: the parse loop pushes any other
# (td, tr, span, strong…) itself; these go to `_element`.
NOT_PLAIN = (UNSUPPORTED | CLOSES_P | HEADINGS | VOID | HEAD_ELEMENTS
             | {"li", "dd", "dt", "a", "form", "button", "script", "style", "title"})

DOCTYPE = re.compile(r"<!doctype html>", re.IGNORECASE)
CHARSET = re.compile(rb'<meta charset="utf-8">', re.IGNORECASE)
START = re.compile(r"<([a-z][a-z0-9]*)((?:[ \t\n\f]+[a-z_:][-a-z0-9_:.]*"
                   r"(?:[ \t\n\f]*=[ \t\n\f]*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\f\"'=<>`]+))?)*)[ \t\n\f]*(/?)>")
ATTR = re.compile(r"[ \t\n\f]+([a-z_:][-a-z0-9_:.]*)(?:[ \t\n\f]*=[ \t\n\f]*(?:\"([^\"]*)\"|'([^']*)'|([^ \t\n\f\"'=<>`]+)))?")
TOKEN = re.compile(r"([^<]+)|<(?:" + START.pattern[1:] + r"|/([a-z][a-z0-9]*)[ \t\n\f]*>|(!--))")
END = re.compile(r"</([a-z][a-z0-9]*)[ \t\n\f]*>")
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
REFERENCE = re.compile(r"&(?:([a-zA-Z][a-zA-Z0-9]*)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
# What html5lib reports as a parse error wherever it stands (and CR, which it rewrites).
BAD_CHARACTER = re.compile("[\x00-\x08\x0b\r\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
# U+xFFFE and U+xFFFF beyond the first plane end in these bytes in UTF-8 (so do U+FFFE/U+FFFF).
BAD_ASTRAL = (b"\xbf\xbe", b"\xbf\xbf")


class Unsupported(Exception):
    """The page leaves the path this parser reproduces exactly."""


def parse(data: bytes) -> ET.Element | None:
    """The page's <html> element as html5lib would build it, or None (then ask html5lib)."""
    if not DOCTYPE.match(data[:15].decode("ascii", "replace")):
        return None
    meta = data.find(b"<meta")
    if meta < 0 or meta > 900 or not CHARSET.match(data, meta):
        return None  # html5lib would sniff the encoding some other way
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if BAD_CHARACTER.search(text) or any(tail in data for tail in BAD_ASTRAL):
        return None
    try:
        return _Builder(text).run()
    except Unsupported:
        return None


def _decode(text: str) -> str:
    if "&" not in text:
        return text
    pieces = []
    at = 0
    while True:
        amp = text.find("&", at)
        if amp < 0:
            break
        match = REFERENCE.match(text, amp)
        if not match:
            raise Unsupported  # html5lib decodes legacy forms and reports them
        pieces.append(text[at:amp])
        pieces.append(_reference(*match.groups()))
        at = match.end()
    pieces.append(text[at:])
    return "".join(pieces)


def _reference(name: str | None, decimal: str | None, hexadecimal: str | None) -> str:
    if name is not None:
        value = ENTITIES.get(name + ";")
        if value is None:
            raise Unsupported
        return value
    code = int(decimal, 10) if decimal is not None else int(hexadecimal, 16)  # type: ignore[arg-type]
    if code in (9, 10) or 0x20 <= code < 0x7f or 0xa0 <= code < 0xd800 or 0xe000 <= code < 0xfdd0 \
            or (0xfdf0 <= code <= 0x10ffff and code & 0xfffe != 0xfffe):
        return chr(code)
    raise Unsupported  # html5lib replaces or reports these


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.pos = len("<!DOCTYPE html>")
        self.stack: list[ET.Element] = []
        self.tags: list[str] = []
        self.open: dict[str, int] = {}
        self.seen_attributes: dict[str, dict[str, str]] = {}  # attribute text → its attributes

    # ---------------------------------------------------------------- document structure

    def run(self) -> ET.Element:
        self._skip_space()
        tag, attrs, _ = self._start_tag()
        if tag != "html":
            raise Unsupported
        root = ET.Element("html", attrs)
        self._skip_space()  # 'before head': whitespace is dropped
        tag, attrs, _ = self._start_tag()
        if tag != "head":
            raise Unsupported
        head = ET.SubElement(root, "head", attrs)
        self._push(root, "html")
        self._push(head, "head")
        self._content(until="head")
        self._pop("head")
        space = self._space()  # 'after head': whitespace goes into <html>
        if space:
            head.tail = space
        tag, attrs, _ = self._start_tag()
        if tag != "body":
            raise Unsupported
        body = ET.SubElement(root, "body", attrs)
        self._push(body, "body")
        self._content(until="body")
        # 'after body' and 'after after body': whitespace is appended to <body>; then </html>, the end.
        self._append_text(body, self._space())
        if self.text.startswith("</html>", self.pos):
            self.pos += len("</html>")
            self._append_text(body, self._space())
        if self.pos != len(self.text):
            raise Unsupported
        return root

    def _space(self) -> str:
        start = self.pos
        text = self.text
        end = len(text)
        while self.pos < end and text[self.pos] in WS:
            self.pos += 1
        return text[start:self.pos]

    def _skip_space(self) -> None:
        self._space()

    def _start_tag(self) -> tuple[str, dict[str, str], bool]:
        match = START.match(self.text, self.pos)
        if not match:
            raise Unsupported
        self.pos = match.end()
        return match.group(1), self._attributes(match.group(2)), bool(match.group(3))

    @staticmethod
    def _attributes(text: str) -> dict[str, str]:
        attrs: dict[str, str] = {}
        if not text:
            return attrs
        for match in ATTR.finditer(text):
            name, double, single, bare = match.groups()
            if name in attrs:
                raise Unsupported  # html5lib reports a duplicate attribute
            value = double if double is not None else single if single is not None else bare
            attrs[name] = _decode(value) if value else ""
        return attrs

    # ---------------------------------------------------------------- the stack

    def _push(self, element: ET.Element, tag: str) -> None:
        self.stack.append(element)
        self.tags.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1

    def _pop(self, tag: str) -> None:
        if self.tags[-1] != tag:
            raise Unsupported  # an end tag that does not close the current element
        self.stack.pop()
        self.tags.pop()
        self.open[tag] -= 1

    @staticmethod
    def _append_text(parent: ET.Element, text: str) -> None:
        if not text:
            return
        if len(parent):
            last = parent[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    # ---------------------------------------------------------------- content

    def _content(self, until: str) -> None:
        """Children of <head> or <body> up to and including its end tag.

        The loop of the whole parse (a 200,000-row month is millions of tokens): text, end tags and
        start tags of elements not in NOT_PLAIN are handled here with the stack in local names, exactly as
        `_append_text`, `_pop` and `_element` would; anything else goes to those."""
        text = self.text
        in_head = until == "head"
        token = TOKEN.match
        attributes = self._attributes
        seen = self.seen_attributes
        stack, tags, opened = self.stack, self.tags, self.open
        subelement = ET.SubElement
        while True:
            match = token(text, self.pos)
            if not match:
                raise Unsupported  # not a token this parser knows, or the end before </body>
            self.pos = match.end()
            kind = match.lastindex
            if kind == 1:  # characters
                chunk = match.group(1)
                if (in_head or tags[-1] in TABLE_CONTEXT) and chunk.strip(WS):
                    raise Unsupported  # text in <head> ends it; text in a table is moved out of it
                if "&" in chunk:
                    chunk = _decode(chunk)
                parent = stack[-1]
                if len(parent):
                    last = parent[-1]
                    last.tail = (last.tail or "") + chunk
                else:
                    parent.text = (parent.text or "") + chunk
            elif kind == 4:  # start tag
                tag, attrs = match.group(2), match.group(3)
                if tag not in NOT_PLAIN and not in_head:
                    current = tags[-1]
                    if tag in TABLE_PARTS:
                        if current not in TABLE_PARTS[tag]:
                            raise Unsupported
                    elif current in TABLE_CONTEXT:
                        raise Unsupported  # html5lib moves it before the table
                    if match.group(4):
                        raise Unsupported  # '<div/>' does not close the element
                    if not attrs:
                        attrib = {}
                    elif attrs in seen:  # a month page repeats class="nowrap" on every row
                        attrib = seen[attrs]  # (SubElement copies it)
                    else:
                        attrib = attributes(attrs)
                        if len(seen) < MAX_SEEN:
                            seen[attrs] = attrib
                    stack.append(subelement(stack[-1], tag, attrib))
                    tags.append(tag)
                    opened[tag] = opened.get(tag, 0) + 1
                else:
                    self._element(tag, attributes(attrs), bool(match.group(4)), in_head)
            elif kind == 5:  # end tag
                tag = match.group(5)
                if tag == until:
                    if len(tags) != 2:
                        raise Unsupported
                    return
                if tags[-1] != tag:
                    raise Unsupported  # an end tag that does not close the current element
                stack.pop()
                tags.pop()
                opened[tag] -= 1
            else:
                self._comment(match.start())

    def _comment(self, at: int) -> None:
        match = COMMENT.match(self.text, at)
        if not match:
            raise Unsupported
        body = match.group(1)
        if body.startswith((">", "->")) or "--" in body or body.endswith("-") or "<!" in body:
            raise Unsupported
        self.pos = match.end()
        self.stack[-1].append(ET.Comment(body))

    def _element(self, tag: str, attrs: dict[str, str], closed: bool, in_head: bool) -> None:
        if tag in UNSUPPORTED:
            raise Unsupported
        current = self.tags[-1]
        if in_head and tag not in HEAD_ELEMENTS:
            raise Unsupported
        if tag in TABLE_PARTS:
            if current not in TABLE_PARTS[tag]:
                raise Unsupported
        elif current in TABLE_CONTEXT and tag not in ("script", "style"):
            raise Unsupported  # html5lib moves it before the table
        if tag in CLOSES_P and self.open.get("p") and self._p_in_button_scope():
            raise Unsupported
        if tag in HEADINGS and current in HEADINGS:
            raise Unsupported
        if tag in ("li", "dd", "dt") and self._closes_list_item(tag):
            raise Unsupported
        if tag in ("a", "form", "button") and self.open.get(tag):
            raise Unsupported
        element = ET.SubElement(self.stack[-1], tag, attrs)
        if tag in VOID:
            return
        if closed:
            raise Unsupported  # '<div/>' does not close the element
        if tag in ("script", "style", "title"):
            self._raw_text(element, tag)
            return
        self._push(element, tag)

    def _raw_text(self, element: ET.Element, tag: str) -> None:
        end = self.text.find("</" + tag, self.pos)
        if end < 0:
            raise Unsupported
        body = self.text[self.pos:end]
        if "<" in body:
            raise Unsupported  # script escapes, markup in a title: html5lib's own business
        match = END.match(self.text, end)
        if not match or match.group(1) != tag:
            raise Unsupported
        if body:
            element.text = _decode(body) if tag == "title" else body
        self.pos = match.end()

    def _p_in_button_scope(self) -> bool:
        for tag in reversed(self.tags):
            if tag == "p":
                return True
            if tag in BUTTON_SCOPE:
                return False
        return False

    def _closes_list_item(self, tag: str) -> bool:
        """Whether html5lib would close an open li (or dd/dt) before this one."""
        same = ("li",) if tag == "li" else ("dd", "dt")
        for open_tag in reversed(self.tags):
            if open_tag in same:
                return True
            if open_tag in SPECIAL and open_tag not in ("address", "div", "p"):
                return False
        return False
