"""Site search: what the static search index holds, and building it with Pagefind (npm, >= 1.6).

Nothing here writes a page. The indexer is given Pagefind custom records (plain text, meta,
filters: no HTML for it to parse), made here and never published: every page of prose (the text
of its main, its item lists left out) and every charter or department item on its own (landing
on its anchor), and the 정보목록 rows in groups of one month × 생산부서 × 공개구분 (Pagefind's
time goes with the records it is given), with a map (ROWS_MAP) that lets the search page count,
filter and list rows, each landing on its row of the month page that shows it. Korean words are
split only at spaces by Pagefind and found by prefix, so each document carries, hidden after a
marker (`MARKER`), the tails of its long Hangul words: `행복시청` adds `복시청` and `시청`, and a
query `시청` then finds it. The search page's script cuts the marker and what follows from
every excerpt it shows.

The index is written among the site's files before the output folder is swapped in, so the
build stays atomic. Pagefind's binary comes with the npm package pagefind; without it the build
still succeeds, with a warning, and the search page says that search is unavailable.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import html
import json
import os
import platform
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from charterpress import urls
from charterpress.body import Group, Item, ItemList
from charterpress.cache import Cache
from charterpress.diagnostics import Diagnostic, SourceLoc, warning
from charterpress.model import Page, Site
from charterpress.render import OutputFile
from charterpress.templates import ui_strings

PAGEFIND_VERSION = "1.6.0"  # 1.5.x puts every Hangul word into one chunk: a 1,000-page site costs ~4× the bytes
MARKER = "⁂"  # separates a document's own text from its hidden index terms
ROW_GAP = "⁑"  # separates the rows of a group of 정보목록 rows (one word to Pagefind)
FIELD_GAP = "¦"  # separates the fields of a row: title, 문서번호, 생산부서, 생산일자, 공개구분, 단위업무
NO_GAPS = str.maketrans({MARKER: " ", ROW_GAP: " ", FIELD_GAP: " "})  # never inside a field
ROWS_MAP = "pagefind/charterpress-rows.json"  # each group of rows by Pagefind's page id (RowGroup)
ROWS_DIR = "pagefind/charterpress-rows/"  # per group: the month's list and each row's place on it
FRAGMENT_SIGNATURE = b"pagefind_dcd"  # a fragment, once gunzipped, starts with it, then its JSON
INDEX_DIR = "pagefind/"
# What the browser needs from Pagefind's output; its ready-made UIs and playground are left out.
KEEP = re.compile(r"pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|wasm\.[\w-]+\.pagefind"
                  r"|pagefind\.[\w-]+\.pf_meta|(?:index|fragment|filter)/[\w-]+\.pf_\w+")
INSTALL_HINT = (f"install it with: npm install --prefix .search-tools pagefind@{PAGEFIND_VERSION} "
                "(bash scripts/install-search-tools.sh does this, and installs npm where it is missing)")
HANGUL_RUN = re.compile(r"[가-힣]+")
# Predicate endings no tail is taken from (longest first; see _without_ending).
ENDINGS = ("드리겠습니다", "하겠습니다", "하십시오", "겠습니다", "십시오", "습니다", "됩니다", "합니다", "입니다",
           "랍니다", "니다", "하시면", "으시면", "하시기", "시면", "하여", "하고", "하는", "하지", "하게", "하며",
           "하면", "하신", "하실", "으실", "도록", "세요")
TAG = re.compile(r"<[^>]+>")
MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
# Pagefind's HTML reader joins adjacent cells and blocks without a space ("구분공개일공개 기한"
# in an excerpt): a space after each closing cell, item, heading or paragraph keeps words apart.
BLOCK_END = tuple(f"</{tag}>" for tag in ("td", "th", "li", "dt", "dd", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
                                             "caption", "figcaption"))
LISTING = re.compile(r"disclosures/\d{4}/\d{2}/")
# Pages the index leaves out: the home page repeats what other pages say, 404 and the search page
# say nothing, and a month's list is indexed row by row.
SKIPPED = frozenset({urls.HOME, urls.NOT_FOUND, urls.SEARCH})
# Parts of a page the indexer skips: the owner block, item lists (indexed item by item), the
# table of contents and pagination.
EXCLUDE = frozenset({"content-info", "items", "toc", "pagination", "search-fallback"})
EXCLUDE_PAGE = EXCLUDE - {"items"}  # only charter and department items are results of their own
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.DOTALL)
KIND_KEYS = ("charter", "department", "page", "disclosures", "rows", "surveys", "commitments")


_ui = functools.cache(ui_strings)


def kinds() -> dict[str, str]:
    """The search page's 분류 filter values, from the interface strings (search_kind_*): 정보목록
    is the rows' alone; pages under disclosures/ are 정보공개."""
    return {key: _ui()[f"search_kind_{key}"] for key in KIND_KEYS}


@dataclass(frozen=True)
class RowGroup:
    """The 정보목록 rows of one month × 생산부서 × 공개구분, as the search page reads them from
    ROWS_MAP without fetching the group's record: the words each row spans (its gap after it
    included) and its day of the month (to list filtered rows newest first)."""

    month: str  # 2026-10
    dept: str
    disclosure: str
    words: tuple[int, ...]
    days: tuple[int, ...]
    base: str = ""  # the month's list, where each row's place is (ROWS_DIR)
    places: tuple[str, ...] = ()  # each row's page of the list (page/2/, or "") and anchor


@dataclass(frozen=True)
class SearchDoc:
    """One search result as the indexer reads it: its address and a small HTML document, or a
    record (Pagefind's custom record: content, meta, filters, sort) when `html` is empty."""

    url: str  # site path, with the anchor it lands on
    html: str = ""
    record: dict | None = None
    rows: RowGroup | None = None  # for a group of 정보목록 rows: what the search page needs to know of them

    def message(self) -> bytes:
        """What Pagefind's service is asked to do with this result (the payload of its message)."""
        if self.record is not None:
            body = {"type": "AddRecord", "index_id": 0, "url": self.url, **self.record}
        else:
            body = {"type": "AddFile", "index_id": 0, "url": self.url, "file_contents": self.html}
        return json.dumps(body, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True)
class Indexer:
    binary: Path  # Pagefind's own program, from the npm package's platform package
    version: str


# ---------------------------------------------------------------- Korean index terms


def normalize(text: str) -> str:
    """NFC, so decomposed Hangul (NFD) and composed Hangul are one word to the index."""
    return unicodedata.normalize("NFC", text)


@functools.cache
def particles() -> tuple[str, ...]:
    """The particles the search page cuts from a query word's end, longest first: one list in the
    interface strings (search_particles), given to the page's script by the search page."""
    return tuple(_ui()["search_particles"].split())


def stem(word: str) -> str:
    """A Hangul word without the particle it ends with, as the search page cuts it from a query
    word (search.js, with the same list): of three syllables or more, leaving two at least."""
    if len(word) >= 3:
        for particle in particles():
            if word.endswith(particle) and len(word) - len(particle) >= 2:
                return word[:-len(particle)]
    return word


def tails(text: str) -> list[str]:
    """The tails, two syllables at least, of the Hangul words of a text, in order of first
    appearance: '정보공개청구를' → 보공개청구, 공개청구, 개청구, 청구. Pagefind matches prefixes, so
    a query that is any part of a word finds it through a tail. Only tails that add something:
    of a word's stem (a query of three syllables or more loses its particle in the search page, so
    `청구를` is searched as `청구`), and none that is a word of the text itself — a third fewer
    terms on the 1,000-page site, and Pagefind's time goes with the terms it is given."""
    normal = normalize(text)
    runs = dict.fromkeys(HANGUL_RUN.findall(normal))  # each word once: texts repeat their words
    seen = dict.fromkeys(chain.from_iterable(map(_word_tails, runs)))
    if not seen:
        return []
    # A tail that is one of the text's words (as Pagefind splits them, at spaces) adds nothing.
    # (Also leaving out tails that merely start such a word dropped 3 % more for twice the time.)
    words = runs.keys() & normal.split()
    return [tail for tail in seen if tail not in words]


@functools.lru_cache(maxsize=1 << 16)  # a site's words repeat from page to page
def _word_tails(run: str) -> tuple[str, ...]:
    word = _without_ending(stem(run))
    return tuple(word[start:] for start in range(1, len(word) - 1))


def _without_ending(word: str) -> str:
    """A word without the predicate ending it closes with ('청구하시면' → '청구', '알려드리겠습니다' →
    '알려'), leaving two syllables at least: tails inside an ending (`겠습니다`, `하시면`) are
    words nobody looks for, and were a quarter of the tails of the 1,000-page site. Queries keep
    finding the whole word by its prefix, and a compound before the ending by its tails."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[:-len(ending)]
    return word


# ---------------------------------------------------------------- the documents


def documents(site: Site, files: Iterable[OutputFile]) -> list[SearchDoc]:
    """Every search result of a built site, in the order the index is given them: charter and
    department items and 정보목록 rows (known before any page is rendered), then the pages in
    the order they were rendered."""
    docs = list(model_documents(site))
    docs += [doc for file in files if (doc := page_document(file))]
    return docs


def model_documents(site: Site) -> Iterator[SearchDoc]:
    bodies: list[Page] = []
    if site.charter:
        bodies.append(site.charter.page)
        bodies += site.departments
    for page in bodies:
        yield from _item_docs(page)
    if site.disclosures:
        yield from _disclosure_docs(site)


def page_document(file: OutputFile) -> SearchDoc | None:
    """A rendered page as a result, or None for pages the index leaves out."""
    if file.path.endswith(".html") and file.path not in SKIPPED and not LISTING.match(file.path):
        return _page_doc(file)
    return None


def _page_doc(file: OutputFile) -> SearchDoc:
    """A rendered page as a custom record: the text of its main (without the parts EXCLUDE names),
    its h1 as title, its kind, and hidden tails. Pagefind parses no HTML for it (its HTML reader
    cost 12 % of its CPU on the 1,000-page site)."""
    page = file.data.decode("utf-8")
    top = file.path.split("/", 1)[0]
    if top == "charter":
        kind = kinds()["charter" if file.path in (urls.CHARTER, urls.HISTORY) else "department"]
    else:
        kind = kinds().get(top, kinds()["page"])
    main = MAIN.search(page)
    # Only <main> is indexed (the header, menu and footer are the same on every page), and of it
    # neither the parts every page has nor, on charter pages, the items (results of their own).
    markup = _cut(main.group(1), EXCLUDE if top == "charter" else EXCLUDE_PAGE) if main else ""
    heading = H1.search(markup)
    title = _text(heading.group(1)) if heading else ""
    text = _text(markup)
    terms = tails(text)
    content = f"{text} {MARKER} {' '.join(terms)}" if terms else text
    return SearchDoc(urls.site_path(file.path), record={
        "content": content, "language": "ko", "meta": {"title": title or urls.site_path(file.path)},
        "filters": {"kind": [kind]}})


def _text(markup: str) -> str:
    """The words of some HTML as a reader sees them: tags gone (a space after each closing cell,
    item, heading or paragraph, so adjacent cells stay apart), entities read, spaces collapsed."""
    for end in BLOCK_END:
        markup = markup.replace(end, " ")
    return " ".join(html.unescape(TAG.sub("", markup)).split())


@functools.cache
def _classed(classes: frozenset[str]) -> re.Pattern[str]:
    """An opening tag whose class attribute names one of `classes`."""
    names = "|".join(sorted(map(re.escape, classes)))
    return re.compile(rf'<(\w+)\b[^>]*\bclass="(?:[^"]*\s)?(?:{names})(?:\s[^"]*)?"')


def _cut(markup: str, classes: frozenset[str]) -> str:
    """The markup without the elements whose class attribute names one of `classes` (each to its
    matching end tag: item lists nest)."""
    out, pos = [], 0
    for opening in _classed(classes).finditer(markup):
        if opening.start() < pos:
            continue
        tag = opening.group(1)
        depth, end = 1, len(markup)
        for edge in re.finditer(rf"<(/?){tag}\b[^>]*>", markup[opening.end():]):
            depth += -1 if edge.group(1) else 1
            if not depth:
                end = opening.end() + edge.end()
                break
        out.append(markup[pos:opening.start()])
        pos = end
    out.append(markup[pos:])
    return normalize(" ".join(out))


def _item_docs(page: Page) -> Iterator[SearchDoc]:
    """Each charter or department item as a custom record: its condition (the item it answers,
    if any) and its own text are its words; where it stands is shown (meta) but not searched, or
    every item would be found for its page's headings and outrank its own page."""
    kind = kinds()["charter"] if page.kind == "charter" else kinds()["department"]
    for trail, item, parent in _items(page.body.blocks, (page.title,), None):
        meta = {"title": normalize(item.text), "where": normalize(" › ".join(trail))}
        words = normalize(f"{parent.text} {item.text}" if parent else item.text)
        if parent:
            meta["lead"] = normalize(parent.text)
        terms = tails(words)
        yield SearchDoc(f"{urls.site_path(page.path)}#{item.id}", record={
            "content": f"{words} {MARKER} {' '.join(terms)}" if terms else words, "language": "ko",
            "meta": meta, "filters": {"kind": [kind]}})


def _items(blocks: tuple, trail: tuple[str, ...], parent: Item | None) -> Iterator[tuple[tuple[str, ...], Item, Item | None]]:
    for block in blocks:
        if isinstance(block, Group):
            yield from _items(block.blocks, (*trail, block.title), None)
        elif isinstance(block, ItemList):
            for item in block.items:
                yield from _item_tree(item, trail, parent)


def _item_tree(item: Item, trail: tuple[str, ...], parent: Item | None) -> Iterator[tuple[tuple[str, ...], Item, Item | None]]:
    yield trail, item, parent
    for child in item.children:
        yield from _item_tree(child, trail, item)


def _disclosure_docs(site: Site) -> Iterator[SearchDoc]:
    """The 정보목록 rows in groups, one custom record per month × 생산부서 × 공개구분: Pagefind's
    time goes with the records it is given far more than with their words (0.26 ms a row as a
    record of its own; 12,000 rows in 964 groups: 3.1 → 1.6 s of its CPU). Each row keeps its own
    words (the same fields and tails as before), the rows one after another with ROW_GAP between
    them; the group's RowGroup says how many words each row spans, so the search page maps the
    word positions Pagefind finds back to rows (it counts, filters and lists rows, not groups)
    and shows a row from its words (fields apart by FIELD_GAP) and the group's file in ROWS_DIR
    (where on the month's pages each row is)."""
    assert site.disclosures is not None
    size = site.disclosures.settings.page_size
    kind = kinds()["rows"]
    until = _ui()["restricted_until"]
    for lst in site.disclosures.lists:
        year, month = lst.month.year, lst.month.month
        base = urls.site_path(urls.listing_path(year, month, None, 1))
        groups: dict[tuple[str, str], list] = {}
        for index, item in enumerate(lst.items):
            number = index // size + 1
            where = urls.site_path(urls.listing_path(year, month, None, number))[len(base):] if number > 1 else ""
            produced = item.produced.isoformat()
            status = item.disclosure
            if item.restricted_until:
                status += " (" + until.format(date=item.restricted_until.isoformat()) + ")"
            # The fields the page shows, FIELD_GAP between them, single spaces only: the search page
            # counts a row's words as Pagefind does (at spaces) and reads the fields back from them.
            fields = [" ".join(normalize(str(v)).translate(NO_GAPS).split()) for v in
                      (item.title, item.doc_no, item.department, produced, status, item.task)]
            terms = tails(f"{item.title} {item.doc_no} {item.department} {item.task}")
            text = " ".join(filter(None, f" {FIELD_GAP} ".join(fields).split() + ([MARKER, *terms] if terms else [])))
            groups.setdefault((fields[2], normalize(item.disclosure)), []).append(
                (text, f"{where}#{item.anchor}", item.produced.day))
        for number, ((dept, disclosure), rows) in enumerate(groups.items()):
            month_key = f"{year:04d}-{month:02d}"
            # Meta is costly to Pagefind (each row's fields as meta doubled its time on 12,000 rows,
            # their anchors alone cost a third more): where the rows are goes to ROWS_DIR instead.
            yield SearchDoc(
                f"{base}#rows-{number}",
                record={"content": f" {ROW_GAP} ".join(text for text, _, _ in rows), "language": "ko",
                        "meta": {"title": f"{month_key} {dept} {disclosure}"}, "filters": {"kind": [kind]}},
                rows=RowGroup(month_key, dept, disclosure,
                              tuple(len(text.split()) + 1 for text, _, _ in rows),
                              tuple(day for _, _, day in rows), base, tuple(place for _, place, _ in rows)))


# ---------------------------------------------------------------- the indexer


def find_indexer() -> tuple[Indexer | None, str]:
    """Pagefind's binary from the npm package pagefind (>= 1.6) and its platform package
    (@pagefind/linux-x64 …): $CHARTERPRESS_PAGEFIND (the package folder), else
    .search-tools/node_modules/pagefind or node_modules/pagefind in the current folder or the
    checkout. None and the reason when it is missing. Node itself is not needed to build."""
    candidates = []
    if env := os.environ.get("CHARTERPRESS_PAGEFIND"):
        candidates.append(Path(env))
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidates += [base / ".search-tools" / "node_modules" / "pagefind", base / "node_modules" / "pagefind"]
    for folder in candidates:
        package = folder / "package.json"
        if package.is_file():
            version = json.loads(package.read_text(encoding="utf-8")).get("version", "0")
            major_minor = tuple(int(p) for p in re.findall(r"\d+", version)[:2])
            if major_minor < (1, 6) or major_minor[0] != 1:
                return None, f"pagefind {version} at {folder} is not a 1.x from 1.6 on (Korean needs >= 1.6); {INSTALL_HINT}"
            binary = _binary(folder)
            if binary is None:
                return None, (f"pagefind {version} at {folder} has no binary for this platform "
                              f"(@pagefind/{_platform()} beside it); {INSTALL_HINT}")
            return Indexer(binary, version), ""
    return None, f"the npm package pagefind was not found; {INSTALL_HINT}"


def _platform() -> str:
    """The npm platform package's name for this machine, as pagefind's resolveBinary.js makes it."""
    system = {"win32": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower()
    return f"{system}-{ {'x86_64': 'x64', 'amd64': 'x64', 'aarch64': 'arm64'}.get(machine, machine)}"


def _binary(package: Path) -> Path | None:
    """The binary npm installed beside (or under) the package, the extended one first, as the
    package's own resolveBinary.js picks it."""
    suffix = ".exe" if sys.platform == "win32" else ""
    for modules in (package.parent, package / "node_modules"):
        for name in ("pagefind_extended", "pagefind"):
            binary = modules / "@pagefind" / _platform() / "bin" / (name + suffix)
            if binary.is_file():
                return binary
    return None


@dataclass(frozen=True)
class IndexResult:
    files: list[OutputFile]
    problems: list[Diagnostic]
    documents: int = 0
    seconds: float = 0.0


def unavailable(why: str) -> IndexResult:
    return IndexResult([], [warning(SourceLoc("(search)"), f"site search is not built: {why}; "
                                                          "the search page says search is unavailable")])


class IndexSession:
    """Pagefind working beside the build: documents are sent while pages are still being rendered
    (the indexer runs in its own process, on the other core), and the index comes back at the end,
    in memory, to be written with the site's other files before the swap.

    The build speaks to Pagefind's binary (`pagefind_extended --service`) itself, in the protocol
    the npm package's Node API speaks to it: each message a base64 JSON object and a comma, each
    answered the same way. No Node process sits between them any more: it cost 0.1 s to start and
    re-encoded every document (a third of the indexer's CPU on the demo). The binary handles its
    messages one after another, in the order sent, so they are sent without waiting for answers
    and the index is the same for the same documents. It exits as soon as its input ends: when
    the build dies, the pipe closes and the indexer with it; the input is closed on purpose only
    once the index has come back."""

    # Fragments unbundled (one file per record, named by its page id): the rows map needs each
    # group's id, and grouping left 2,400 records at 120,000 rows, where bundling once saved files.
    CONFIG = {"force_language": "ko"}
    PROTOCOL = b"service 1"  # what the digest of an index depends on besides Pagefind and its input

    def __init__(self, indexer: Indexer):
        self.started = time.perf_counter()
        self.count = 0
        # Everything the index is made from, so a build whose documents did not change can take the
        # index it made last time from the cache (see finish_cached): Pagefind has no incremental mode.
        self._digest = hashlib.sha256(b"\0".join((indexer.version.encode(), json.dumps(self.CONFIG).encode(),
                                                   self.PROTOCOL)))
        self._closed = False
        # A process group of its own, so cancel() ends it and whatever it starts.
        self.proc = subprocess.Popen([str(indexer.binary), "--service"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        self._lines: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._urls: list[str] = []  # by message number - 2, to say which document an error is about
        self._groups: dict[str, RowGroup] = {}  # groups of 정보목록 rows by address, for ROWS_MAP
        self.errors: list[str] = []
        self.files: list[dict] | None = None  # the index, once Pagefind has sent it
        self._answered = threading.Event()  # the index came back, or Pagefind's output ended
        self._stderr = b""
        self._threads = [threading.Thread(target=self._write, daemon=True),
                         threading.Thread(target=self._read, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for thread in self._threads:
            thread.start()
        self._send(json.dumps({"type": "NewIndex", "config": self.CONFIG}).encode())

    def _send(self, payload: bytes) -> None:
        """Queue one message (numbered from 1: the first is NewIndex, index 0 of a new process)."""
        self._lines.put(payload)

    def add_site(self, site: Site) -> None:
        self.add(model_documents(site))

    def add_file(self, file: OutputFile) -> None:
        if doc := page_document(file):
            self.add((doc,))

    def add(self, docs: Iterable[SearchDoc]) -> None:
        for doc in docs:
            self.count += 1
            line = doc.message()
            self._digest.update(len(line).to_bytes(8, "big") + line)
            self._urls.append(doc.url)
            if doc.rows is not None:
                self._groups[doc.url] = doc.rows
            self._send(line)

    def _write(self) -> None:
        stdin = self.proc.stdin
        assert stdin is not None
        number = 0
        ended = False
        while not ended:
            # What has queued up goes in one write, and the thread then waits a moment for more:
            # a wake-up and a write per document cost more CPU than encoding it.
            batch = [self._lines.get()]
            while not self._lines.empty():
                batch.append(self._lines.get())
            if None in batch:
                ended, batch = True, batch[:batch.index(None)]
            encoded = []
            for payload in batch:
                number += 1
                encoded.append(base64.b64encode(b'{"message_id":%d,"payload":%b}' % (number, payload)) + b",")
            try:
                if encoded:
                    stdin.write(b"".join(encoded))
                    stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                break  # Pagefind died (or was cancelled); what it said is read at the end
            if not ended:
                time.sleep(0.005)
        self._close_stdin()

    def _close_stdin(self) -> None:
        try:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass

    def _read(self) -> None:
        """Pagefind's answers: errors are kept (with the document's address), the index when it comes."""
        stdout = self.proc.stdout
        assert stdout is not None
        pending = bytearray()  # the index comes as one message of megabytes, in many reads
        try:
            while chunk := stdout.read1(1 << 20):
                pending += chunk
                if b"," in chunk:
                    *messages, rest = pending.split(b",")
                    pending = rest
                    for message in messages:
                        self._answer(json.loads(base64.b64decode(message)))
                if len(chunk) < 1 << 14:  # answers trickle in while documents are added: gather them
                    time.sleep(0.005)
        except (ValueError, OSError) as exc:
            self.errors.append(f"unreadable answer from pagefind ({exc})")
        finally:
            self._answered.set()

    def _answer(self, message: dict) -> None:
        payload = message.get("payload") or {}
        kind = payload.get("type")
        if kind == "Error":
            number = message.get("message_id")
            if number is None and payload.get("original_message"):  # a message it could not read
                try:
                    number = json.loads(payload["original_message"]).get("message_id")
                except (ValueError, AttributeError):
                    pass
            about = self._urls[number - 2] if isinstance(number, int) and 2 <= number < len(self._urls) + 2 else ""
            self.errors.append(f"{about}: {payload.get('message')}" if about else str(payload.get("message")))
        elif kind == "NewIndex" and payload.get("index_id") != 0:
            self.errors.append(f"unexpected index number {payload.get('index_id')}")
        elif kind == "GetFiles":
            self.files = payload.get("files") or []
            self._answered.set()

    def _read_stderr(self) -> None:
        assert self.proc.stderr is not None
        self._stderr = self.proc.stderr.read()

    def finish(self, timeout: float = 1800) -> IndexResult:
        """The index's files (under pagefind/), or a warning saying why there are none."""
        self.close_input()
        if not self._answered.wait(timeout):
            self.cancel()
            return unavailable("the indexer took too long")
        self._lines.put(None)  # the writer ends and closes Pagefind's input: Pagefind exits
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.cancel()
        for thread in self._threads:
            thread.join(timeout=30)
        if self.files is None or self.errors:
            why = self.errors or [self._stderr.decode("utf-8", "replace").strip()[-500:] or
                                  f"it ended (exit status {self.proc.returncode}) without an index"]
            return unavailable("pagefind: " + "; ".join(why[:5]))
        made = sorted((OutputFile(INDEX_DIR + f["path"], base64.b64decode(f["content"]), "(search)")
                       for f in self.files if KEEP.fullmatch(f["path"])), key=lambda f: f.path)
        made += rows_map(made, self._groups)
        return IndexResult(made, [], self.count, time.perf_counter() - self.started)

    def finish_cached(self, cache: Cache | None) -> IndexResult:
        """`finish`, unless the build cache holds the index of exactly these documents: then that
        index, and the indexer is stopped (a build with nothing to search changed skips Pagefind)."""
        digest = self._digest.digest()
        saved = cache.get("search", "index") if cache else None
        if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == digest:
            self.cancel()
            files = [OutputFile(path, data, "(search)") for path, data in saved[1]]
            return IndexResult(files, [], self.count, time.perf_counter() - self.started)
        result = self.finish()
        if cache and not result.problems:  # one entry, replaced by each build that indexes anew
            cache.put("search", "index", (digest, [(f.path, f.data) for f in result.files]))
        return result

    def close_input(self) -> None:
        """No more documents: Pagefind is asked for its index and builds it while the build goes on."""
        if not self._closed:
            self._closed = True
            self._send(b'{"type":"GetFiles","index_id":0}')

    def cancel(self) -> None:
        """Stop the indexer now (a failed or interrupted build)."""
        self._closed = True
        self._lines.put(None)
        try:
            if hasattr(os, "killpg"):
                os.killpg(self.proc.pid, signal.SIGKILL)
            else:  # no process groups (Windows)
                self.proc.kill()
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()


def rows_map(files: list[OutputFile], groups: dict[str, RowGroup]) -> list[OutputFile]:
    """ROWS_MAP: every group of 정보목록 rows under the id Pagefind gives its record in search
    results (its fragment's name), so the search page knows a group's month, 생산부서, 공개구분,
    and the words and day of each of its rows (packed) without fetching anything else; and per
    group, in ROWS_DIR, where each row is on the month's pages (fetched to show one of them). A fragment is gzip'd JSON after a
    12-byte signature (pagefind_dcd)."""
    found = {}
    for file in files:
        name = file.path.removeprefix(INDEX_DIR + "fragment/")
        if name != file.path and name.endswith(".pf_fragment"):
            url = json.loads(gzip.decompress(file.data)[len(FRAGMENT_SIGNATURE):]).get("url")
            if (group := groups.get(url)) is not None:
                found[name.removesuffix(".pf_fragment")] = group
    made = [OutputFile(ROWS_MAP, _json({page_id: [group.month, group.dept, group.disclosure, _packed(group.words),
                                                  _packed(group.days)] for page_id, group in found.items()}), "(search)")]
    made += [OutputFile(f"{ROWS_DIR}{page_id}.json", _json({"base": group.base, "rows": group.places}), "(search)")
             for page_id, group in sorted(found.items())]
    return made


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _packed(numbers: tuple[int, ...]) -> str:
    """Small numbers as one character each (code point - 48, mostly ASCII): a third of the bytes
    of a JSON list of them, and the map is fetched by every search that shows rows."""
    return "".join(chr(48 + n) for n in numbers)


def start_index() -> tuple[IndexSession | None, IndexResult | None]:
    """A session to feed, or (None, the warning) when the search tool is missing."""
    indexer, why = find_indexer()
    if indexer is None:
        return None, unavailable(why)
    try:
        return IndexSession(indexer), None
    except OSError as exc:
        return None, unavailable(f"the indexer could not start ({exc})")


def index_site(site: Site, files: list[OutputFile]) -> IndexResult:
    """The search index of a rendered site in one go (what `build` does while rendering)."""
    session, missing = start_index()
    if session is None:
        assert missing is not None
        return missing
    session.add_site(site)
    for file in files:
        session.add_file(file)
    return session.finish()
