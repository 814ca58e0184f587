"""How much of a source charter reaches the built site: its sentences, looked up verbatim
(whitespace aside) in the text of the built pages."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import html5lib

from charterpress.charter_import.html import CHROME_RE as HTML_CHROME_RE
from charterpress.charter_import.html import CHROME_TAGS, SKIP_TAGS
from charterpress.charter_import.text import CHROME_RE, MARKER_RE

SENTENCE_RE = re.compile(r"(?<=[다요오][.!?])\s+|(?<=[.!?])\s+(?=[가-힣\"“「(])|\s+-\s+")
BLOCK_TAG_RE = re.compile(r"</?(?:p|li|ul|ol|td|th|tr|table|caption|h[1-6]|div|section|dt|dd|dl|br|nav|main|"
                          r"header|footer|tbody|thead)\b[^>]*>", re.I)
TAG_RE = re.compile(r"<[^>]+>")


def normal(text: str) -> str:
    return " ".join(text.split())


def split_sentences(text: str) -> list[str]:
    parts = [normal(s) for s in SENTENCE_RE.split(text)]
    return [p.removeprefix("- ") for p in parts if len(p.removeprefix("- ")) >= 2]


def text_sentences(source: str) -> list[tuple[int, str]]:
    """(line, sentence) of a plain-text charter, markers and page chrome left out."""
    found = []
    for number, raw in enumerate(source.splitlines(), start=1):
        if not raw.strip() or CHROME_RE.match(raw.strip()):
            continue
        m = MARKER_RE.match(raw)
        text = (f"{m.group(3) or ''} {m.group(4)}" if m else raw).strip()
        found += [(number, s) for s in split_sentences(text)]
    return found


def html_sentences(page: str) -> list[tuple[int, str]]:
    """(line, sentence) of a saved web page's text nodes, scripts and page chrome left out."""
    root = html5lib.parse(page, namespaceHTMLElements=False)
    found: list[tuple[int, str]] = []
    cursor = 0

    def walk(el) -> None:
        nonlocal cursor
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.tag in CHROME_TAGS:
            return
        names = f"{el.get('id', '')} {el.get('class', '')}"
        if HTML_CHROME_RE.search(names):
            return
        texts = [el.text] + ([el.get("alt")] if el.tag == "img" else [])
        for text in texts:
            for s in split_sentences(text or ""):
                at = page.find(s[:8], cursor)
                cursor = at if at >= 0 else cursor
                found.append((page.count("\n", 0, cursor) + 1, s))
        for child in el:
            walk(child)
            for s in split_sentences(child.tail or ""):
                found.append((page.count("\n", 0, cursor) + 1, s))

    body = root.find("body")
    walk(body if body is not None else root)
    return found


def page_text(pages: Iterable[str]) -> str:
    """The words of built pages, one space where a block or cell ends."""
    parts = []
    for page in pages:
        text = BLOCK_TAG_RE.sub(" ", page)
        parts.append(html.unescape(TAG_RE.sub("", text)))
    return normal(" ".join(parts))


def missing(sentences: list[tuple[int, str]], built: str) -> list[tuple[int, str]]:
    return [(line, s) for line, s in sentences if s not in built]
