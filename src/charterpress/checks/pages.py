"""Rules over built HTML pages. Each rule takes a parsed page and yields what is wrong with it."""

from __future__ import annotations

import functools
import posixpath
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

import html5lib

from charterpress import urls
from charterpress.checks import fastparse
from charterpress.gcpause import gc_paused
from charterpress.parallel import iter_in_order
from charterpress.privacy import NAMES, find_identifiers
from charterpress.render import OutputFile

FOCUSABLE = {"a", "button", "input", "select", "textarea"}
# Pages are checked over every core when this many are big (spooled, > 64 KB: 정보목록 pages of
# ≈ 0.1 s each); otherwise from parallel.MIN_ITEMS pages on.
MIN_SPOOLED_PAGES = 8
LABELLED_CONTROLS = {"select", "textarea"}


@dataclass(frozen=True)
class Finding:
    """A fault in a built page: the page, the rule that found it, and what is wrong."""

    page: str
    rule: str
    message: str
    origin: str = ""  # the source file the page was built from
    severity: str = "error"

    def __str__(self) -> str:
        origin = f" (from {self.origin})" if self.origin else ""
        return f"{self.page}: {self.rule}: {self.message}{origin}"


@dataclass(frozen=True)
class Page:
    path: str
    root: ET.Element
    parse_errors: tuple[str, ...]
    origin: str

    def all(self, tag: str) -> list[ET.Element]:
        return list(self.root.iter(tag))

    @functools.cached_property
    def ids(self) -> set[str]:
        return {e.get("id") for e in self.root.iter() if e.get("id")}


def parse_page(path: str, data: bytes, origin: str = "") -> Page:
    root = fastparse.parse(data)  # our own well-formed pages, 5× faster; anything else: html5lib
    if root is not None:
        return Page(path, root, (), origin)
    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    root = parser.parse(data)
    errors = tuple(f"line {line}:{col}: {code}" for (line, col), code, _ in parser.errors)
    return Page(path, root, errors, origin)


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def rule_parse(page: Page) -> Iterator[str]:
    for problem in page.parse_errors:
        yield f"HTML parse error at {problem}"


def rule_lang(page: Page) -> Iterator[str]:
    if not page.root.get("lang"):
        yield "<html> has no lang attribute"


def rule_duplicate_ids(page: Page) -> Iterator[str]:
    counts = Counter(e.get("id") for e in page.root.iter() if e.get("id"))
    for value, count in sorted(counts.items()):
        if count > 1:
            yield f"id '{value}' is used {count} times"


def rule_skip_links(page: Page) -> Iterator[str]:
    body = page.root.find("body")
    focusable = [e for e in body.iter() if e.tag in FOCUSABLE] if body is not None else []
    first = [e.get("href") for e in focusable[:2]]
    if first[:1] != ["#main"]:
        yield "the first link on the page must be the skip link to #main (본문 바로가기)"
    for href in first:
        if href and href.startswith("#") and href[1:] not in page.ids:
            yield f"skip link target '{href}' does not exist"


def rule_one_h1(page: Page) -> Iterator[str]:
    count = len(page.all("h1"))
    if count != 1:
        yield f"page has {count} h1 headings (expected exactly one)"


def rule_heading_order(page: Page) -> Iterator[str]:
    previous = 0
    for element in page.root.iter():
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = int(element.tag[1])
            if level > previous + 1:
                yield f"heading '{text_of(element)}' is h{level} after h{previous} (skipped a level)"
            previous = level


def rule_tables(page: Page) -> Iterator[str]:
    for n, table in enumerate(page.all("table"), start=1):
        caption = table.find("caption")
        if caption is None or not text_of(caption):
            yield f"table {n} has no caption"
        heads = list(table.iter("th"))
        if not heads:
            yield f"table {n} has no header cells (th)"
        for th in heads:
            if not th.get("scope"):
                yield f"table {n}: header cell '{text_of(th)}' has no scope"


def rule_images(page: Page) -> Iterator[str]:
    for img in page.all("img"):
        if img.get("alt") is None:
            yield f"image '{img.get('src')}' has no alt text"


def rule_form_labels(page: Page) -> Iterator[str]:
    labelled = {label.get("for") for label in page.all("label")}
    for control in page.root.iter():
        is_input = control.tag == "input" and control.get("type") not in ("hidden", "submit", "button")
        if (is_input or control.tag in LABELLED_CONTROLS) and control.get("id") not in labelled \
                and not control.get("aria-label"):
            yield f"form control '{control.get('name')}' has no label"


def rule_link_text(page: Page) -> Iterator[str]:
    for link in page.all("a"):
        has_alt = any(img.get("alt") for img in link.iter("img"))
        if not text_of(link) and not has_alt and not link.get("aria-label"):
            yield f"link to '{link.get('href')}' has no text"


def rule_content_info(page: Page) -> Iterator[str]:
    blocks = [e for e in page.root.iter("section") if "content-info" in (e.get("class") or "").split()]
    if not blocks:
        yield "page has no content-information block (담당부서, 최종수정일)"
    elif not any(t.get("datetime") for block in blocks for t in block.iter("time")):
        yield "content-information block has no 최종수정일 (a <time datetime> in it)"


def rule_personal_ids(page: Page) -> Iterator[str]:
    for hit in find_identifiers(text_of(page.root), markup=False):
        if hit.finding.is_error:
            yield f"text '{hit.finding.masked}' looks like {NAMES[hit.finding.kind]}"


PAGE_RULES: dict[str, Callable[[Page], Iterator[str]]] = {
    "html-parse": rule_parse,
    "html-lang": rule_lang,
    "duplicate-id": rule_duplicate_ids,
    "skip-links": rule_skip_links,
    "one-h1": rule_one_h1,
    "heading-order": rule_heading_order,
    "table-headers": rule_tables,
    "image-alt": rule_images,
    "form-label": rule_form_labels,
    "link-text": rule_link_text,
    "content-info": rule_content_info,
    "personal-id": rule_personal_ids,
}


@dataclass(frozen=True)
class PageSummary:
    """What the site-wide rules need of a page once its tree is gone: title, ids, links."""

    path: str
    origin: str
    title: str | None  # None: no <title> element
    ids: frozenset[str]
    links: tuple[str, ...]  # every href/src, in document order

    @classmethod
    def of(cls, page: Page) -> PageSummary:
        title = page.root.find("head/title")
        links = []
        for element in page.root.iter():
            attr = "href" if element.tag in ("a", "link") else "src" if element.tag in ("img", "script") else None
            target = element.get(attr) if attr else None
            if target:
                links.append(target)
        return cls(page.path, page.origin, text_of(title) if title is not None else None,
                   frozenset(page.ids), tuple(links))


def rule_unique_titles(pages: list[PageSummary]) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for page in pages:
        text = page.title or ""
        if not text:
            yield Finding(page.path, "unique-title", "page has no <title>", page.origin)
        elif text in seen:
            yield Finding(page.path, "unique-title", f"title '{text}' is also the title of {seen[text]}", page.origin)
        else:
            seen[text] = page.path


def rule_links(pages: list[PageSummary], files: set[str], base_path: str) -> Iterator[Finding]:
    """Every internal link and #anchor resolves to a built file and an existing id."""
    ids = {page.path: page.ids for page in pages}
    for page in pages:
        for target in page.links:
            problem = _link_problem(page.path, target, files, ids, base_path)
            if problem:
                yield Finding(page.path, "broken-link", problem, page.origin)


def _link_problem(here: str, target: str, files: set[str], ids: dict[str, frozenset[str]], base_path: str) -> str | None:
    parts = urls.split(target)
    if parts is None:
        return f"link '{target}' is not a valid address"
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        resolved = here
    elif path.startswith("/"):
        if not path.startswith(base_path):
            return f"link '{target}' is outside the site's base path {base_path}"
        resolved = path[len(base_path):]
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
        if resolved.startswith(".."):
            return f"link '{target}' leads outside the site"
        if path.endswith("/"):
            resolved += "/"
    if resolved in ("", ".", "./"):
        resolved = "index.html"
    elif resolved.endswith("/"):
        resolved += "index.html"
    if resolved not in files and resolved + "/index.html" in files:  # '/charter': servers redirect
        resolved += "/index.html"
    if resolved not in files:
        return f"link '{target}' points to a missing page ({resolved})"
    fragment = unquote(parts.fragment)
    if fragment and resolved in ids and fragment not in ids[resolved]:
        return f"link '{target}' points to a missing anchor #{fragment} in {resolved}"
    return None


def _check_page(file: OutputFile) -> tuple[list[Finding], PageSummary]:
    """One page's findings and what the site-wide rules need of it."""
    page = parse_page(file.path, file.data, file.origin)
    found = [Finding(page.path, name, message, page.origin) for name, rule in PAGE_RULES.items()
             for message in rule(page)]
    return found, PageSummary.of(page)


def check_pages(files: Mapping[str, tuple[bytes, str]] | Iterable[OutputFile], base_path: str = "/") -> list[Finding]:
    """Run every rule over the HTML files of a built site ({path: (data, origin)} or OutputFiles).

    One page's tree at a time (a 200,000-row month's trees would not fit in memory together);
    the site-wide rules keep only each page's summary. An OutputFile's data is read when its
    page's turn comes, so spooled files are never all in memory either."""
    if isinstance(files, Mapping):
        files = [OutputFile(path, data, origin) for path, (data, origin) in files.items()]
    ordered = sorted(files, key=lambda file: file.path)
    pages = [file for file in ordered if file.path.endswith(".html")]
    findings: list[Finding] = []
    summaries: list[PageSummary] = []
    # Over every core when many pages are big (a 정보목록's; see parallel.py), in order.
    heavy = sum(file.spooled is not None for file in pages) >= MIN_SPOOLED_PAGES
    with gc_paused():  # page trees hold no cycles: reference counting frees each one
        for found, summary in iter_in_order(lambda i: _check_page(pages[i]), len(pages), 2 if heavy else None):
            findings += found
            summaries.append(summary)
    findings += rule_unique_titles(summaries)
    findings += rule_links(summaries, {file.path for file in ordered}, base_path)
    return findings
