"""`serve`'s site in memory, and how it follows each edit.

Two ways, both ending in exactly what a clean build gives (tests/test_live.py):

- The quick path: after an edit of free pages' text that leaves everything else as it was, those
  pages are read and rendered again, nothing more. A free page (pages/*.md) shows only its own
  body, and the rest of the site shows only its title, summary, owner, order and address (the
  menu, the sitemap) and its contact tables (the contacts page). Anything this path is not sure
  of — a new, deleted or renamed file, a site with its own templates, an allow-list, a problem
  reported for the page, a changed date that moves the site's newest date, another day — goes
  the other way.
- A draft: any other edit (site.yaml, charter.md, a department, a page title, a template) can
  change every page. The model is loaded again, but each file whose stat did not change gives its
  source, front matter and parsed body from memory (`MemoLoader`), and every page but the free
  pages is rendered: that is the draft, published at once. A free page is rendered when it is
  asked for (`DraftFiles`), its own bytes scanned for personal identifiers first; the rest are
  rendered after it, then the site-wide checks run (sources' personal identifiers, placeholders,
  duplicate outputs, every built file): the same steps as `build.render`, in the same order. A
  newer edit stops that work (`finish`'s `stop`), and its own draft starts from the files as they
  are then.
"""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from charterpress.body import Body
from charterpress.build import BuildResult
from charterpress.cache import Cache
from charterpress.config import load_config, today_in
from charterpress.diagnostics import BuildFailed, Diagnostic, sort_diagnostics
from charterpress.gcpause import gc_paused
from charterpress.load import PAGES_DIR, Loader, page_keys
from charterpress.model import Page, Site
from charterpress.output import conflicts
from charterpress.outputfile import OutputFile
from charterpress.placeholders import _in_text as placeholders_in
from charterpress.placeholders import placeholder_warnings
from charterpress.privacy import redacted
from charterpress.privacy_scan import PrivacyScan, scan_site
from charterpress.render import Renderer
from charterpress.sources import Source, read_markdown

Stop = Callable[[], bool]  # whether a newer edit came, so the work in hand is moot
# After a draft is served, the rest waits this long for the open tab's page to be asked for (it
# reloads at once), so that page is not slowed by the rest's work; a little more for what the page
# asks next (style sheet, script).
FIRST_PAGE_WAIT = 1.0
NEXT_REQUESTS_WAIT = 0.1
CHECKED_AT_ONCE = 500  # built files scanned between two looks at whether a newer edit came


class LiveSite:
    """The last good build of one site, and how to follow an edit of it."""

    def __init__(self, source: Path, today: date | None = None):
        self.source = source.resolve()
        self.today = today
        self.result: BuildResult | None = None
        self._renderer: Renderer | None = None
        self._memo = Memo()
        self._clean: frozenset[bytes] = frozenset()  # see Draft.known_clean
        self._first = True        # the first build fills the memory from the build cache
        self.quick_edits = 0      # rebuilds answered by the quick path (for tests and the bench)
        self.drafts = 0           # rebuilds that published a draft first

    def rebuild(self, changed: set[str] | None = None, publish: Callable[[Draft], None] | None = None,
                stop: Stop = lambda: False) -> BuildResult | None:
        """The site after `changed` paths (absolute; None: unknown, everything); raises BuildFailed.
        A draft of it is given to `publish` as soon as there is one; None when `stop` said to stop
        before the whole site was rendered and checked."""
        if changed and self.result is not None:
            with gc_paused():  # a full collection walks the whole site in memory: 1.2 s at 10,000 pages
                quick = self._quick(changed)
            if quick is not None:
                self.result = quick
                self.quick_edits += 1
                return quick
        self.result = None  # a failed or stopped build must not leave a site the next quick edit builds on
        self._renderer = None
        # One pause for the draft, its first pages (rendered on other threads) and the rest: a full
        # collection in between walks the whole site in memory (about 1 s at 10,000 pages).
        with gc_paused():
            draft = self.draft()
            self.drafts += 1
            if publish:
                publish(draft)
                draft.files.wait_first_page(FIRST_PAGE_WAIT, NEXT_REQUESTS_WAIT, stop)
            result = draft.finish(stop)
        if result is not None:
            self._clean = draft.clean
        self.result = result
        return result

    def draft(self) -> Draft:
        """The site loaded again (unchanged files from memory) with every page but the free pages
        rendered; raises BuildFailed when the settings or the model have an error (with every
        problem a build reports, since the whole build is run then)."""
        store = Cache(self.source) if self._first else None  # later, memory holds what the cache would
        config, problems = load_config(self.source)
        today = self.today or today_in(config.timezone)
        loader = MemoLoader(self.source, config, today, cache=store, old=self._memo)
        site = loader.load()
        self._memo = loader.new
        if any(p.is_error for p in problems + loader.problems):
            # As build.render reports a model with errors: nothing rendered, every source scanned.
            privacy = scan_site(self.source, config.privacy.allow, store.known_clean() if store else self._clean)
            found = problems + privacy.problems + placeholder_warnings(self.source) + loader.problems
            raise BuildFailed([redacted(p) for p in found + privacy.report()])
        keys = page_keys(loader, site) if store else {}
        renderer = DraftRenderer(site, self.source, cache=store, page_keys=keys)
        renderer.render_all()
        self._first = False
        return Draft(self.source, site, loader, renderer, problems, store, self._clean)

    # ------------------------------------------------------------------ the quick path

    def _quick(self, changed: set[str]) -> BuildResult | None:
        result = self.result
        assert result is not None
        loader = result.loader
        if loader is None or (self.source / "templates").exists() or loader.config.privacy.allow:
            return None
        today = self.today or today_in(loader.config.timezone)
        if today != loader.today:
            return None  # deadlines and overdue marks move with the day
        site = result.site
        by_source = {page.source: page for page in site.pages}
        new_pages: dict[str, Page] = {}
        for path in changed:
            rel = _rel(Path(path), self.source)
            if rel is None or rel not in by_source or not (self.source / rel).is_file():
                return None  # a page added, deleted, renamed, or any other file
            page = self._reload(loader, rel, by_source[rel])
            if page is None:
                return None
            new_pages[rel] = page
        pages = tuple(new_pages.get(page.source, page) for page in site.pages)
        dates = [p.owner.updated for p in pages + site.departments + ((site.charter.page,) if site.charter else ())]
        if max(dates, default=None) != site.updated:
            return None  # the site's newest date shows on the home page
        # The edited pages have no contact table, before or after (checked), so the new site's
        # list of them is the old one; it is found again (a few ms at 10,000 pages).
        new_site = dataclasses.replace(site, pages=pages)
        files = {file.path: file for file in result.files}
        warnings = [w for w in result.warnings if w.loc.path not in new_pages]
        renderer = self._renderer_for(new_site)
        for rel, page in new_pages.items():
            made = self._render(renderer, loader, page)
            if made is None:
                return None
            data, problems = made
            files[page.path] = OutputFile(page.path, data, page.source)
            warnings += problems
        return BuildResult(new_site, list(files.values()), sort_diagnostics(warnings), loader)

    def _reload(self, loader: Loader, rel: str, old: Page) -> Page | None:
        """The page read again, when nothing but its body (and its date, checked by the caller)
        changed and it has no problem at all; else None."""
        source, problems = read_markdown(self.source, self.source / rel)
        page = loader.reread_page(source, old.path) if source is not None and not problems else None
        if page is None:
            return None
        same = (page.title, page.summary, page.order, dataclasses.replace(page.owner, updated=None)) == \
            (old.title, old.summary, old.order, dataclasses.replace(old.owner, updated=None))
        if not same or _contacts(page) or _contacts(old):
            return None  # the menu, other pages or the contacts page show it: the whole way
        return page

    def _renderer_for(self, site: Site) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(site, self.source)
        self._renderer.site = site
        return self._renderer

    def _render(self, renderer: Renderer, loader: Loader, page: Page) -> tuple[bytes, list[Diagnostic]] | None:
        data, problems = renderer.free_page_html(page)
        if data is None or problems:
            return None
        scan = PrivacyScan(self.source, loader.config.privacy.allow)
        scan.file(self.source / page.source, page.source)
        scan.output([OutputFile(page.path, data, page.source)])
        text = (self.source / page.source).read_bytes().decode("utf-8", errors="replace")
        warnings = [redacted(p) for p in scan.problems + placeholders_in(page.source, text)]
        if any(w.is_error for w in warnings):
            return None
        return data, warnings


# ---------------------------------------------------------------------- the model from memory

@dataclass
class Memo:
    """What one model load read, by file, each kept with the file's stat when it was read."""

    sources: dict[str, tuple[tuple[int, ...], Source | None, list[Diagnostic]]] = field(default_factory=dict)
    fronts: dict[tuple[str, type], tuple[Source, Any, list[Diagnostic]]] = field(default_factory=dict)
    bodies: dict[tuple[str, str, bool, bool], tuple[Source, Body, list[Diagnostic]]] = field(default_factory=dict)


@dataclass
class MemoLoader(Loader):
    """A Loader that takes a Markdown file from `old` while its stat is the same (inode, size,
    mtime and ctime in ns), and with it the front matter and body parsed from it (parsing is a pure
    function of the text, its place and the HTML setting). What this load used is kept in `new`,
    so a deleted file's entries go."""

    old: Memo = field(default_factory=Memo)
    new: Memo = field(default_factory=Memo)

    def _read(self, path: Path) -> Source | None:
        try:
            st = os.stat(path)
            stamp: tuple[int, ...] | None = (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        except OSError:
            stamp = None  # its reader says what is wrong
        hit = self.old.sources.get(str(path))
        if stamp is not None and hit is not None and hit[0] == stamp:
            source, problems = hit[1], hit[2]
        else:
            source, problems = read_markdown(self.source_dir, path)
        if stamp is not None:
            self.new.sources[str(path)] = (stamp, source, problems)
        self.problems += problems
        return source

    def _front(self, source: Source, cls: type) -> Any:
        hit = self.old.fronts.get((source.rel, cls))
        if hit is not None and hit[0] is source:
            front, problems = hit[1], hit[2]
            self.problems += problems
        else:
            before = len(self.problems)
            front = super()._front(source, cls)
            problems = self.problems[before:]
        self.new.fronts[(source.rel, cls)] = (source, front, list(problems))
        return front

    def _bodies(self, wanted: list[tuple[Source, str, bool]]) -> list[Body]:
        bodies = []
        for item in wanted:
            source, path, sections = item
            key = (source.rel, path, sections, self.config.allow_raw_html)
            hit = self.old.bodies.get(key)
            if hit is not None and hit[0] is source:
                body, problems = hit[1], hit[2]
                self.problems += problems
            else:  # one at a time, so each body's problems are known (from the build cache if there)
                before = len(self.problems)
                body = super()._bodies([item])[0]
                problems = self.problems[before:]
            self.new.bodies[key] = (source, body, list(problems))
            bodies.append(body)
        return bodies


# ---------------------------------------------------------------------- the draft

@dataclass
class Slot:
    """A file the draft renders later: its place among the files and the problems, and how."""

    at: int                 # index of its stand-in in the renderer's files
    problems_at: int        # where its problems go among the renderer's
    path: str
    origin: str
    make: Callable[[], tuple[bytes | None, list[Diagnostic]]]
    made: tuple[OutputFile | None, list[Diagnostic]] | None = None


class DraftRenderer(Renderer):
    """A Renderer that leaves every file made from a template for later (`slots`): each is listed
    in its place among the files (the sitemap lists them), to be rendered when asked for or after
    the first response. What is not made from one template (JSON, CSV, 정보목록 months, assets)
    is made at once."""

    def __init__(self, *args: Any, **kwargs: Any):
        self.slots: list[Slot] = []
        super().__init__(*args, **kwargs)

    def _emit(self, template: str, path: str, origin: str, **context: Any) -> None:
        self._defer(path, origin, lambda: self._html(template, origin, **context))

    def _free_pages(self, pages: tuple[Page, ...]) -> None:
        for page in pages:
            self._defer(page.path, page.source, lambda page=page: self._free_page(page))

    def _defer(self, path: str, origin: str, make: Callable[[], tuple[bytes | None, list[Diagnostic]]]) -> None:
        self.slots.append(Slot(len(self.files), len(self.problems), path, origin, make))
        self.files.append(OutputFile(path, b"", origin))  # a stand-in, replaced

    def _free_page(self, page: Page) -> tuple[bytes | None, list[Diagnostic]]:
        """As Renderer._free_pages makes one: from the build cache when its key is there."""
        name = self.page_keys.get(page.source) if self.cache else None
        data = self.cache.get_bytes("page", name) if self.cache and name else None
        if data is not None:
            return data, []
        data, problems = self.free_page_html(page)
        if data is not None and self.cache and name:
            self.cache.put_bytes("page", name, data)
        return data, problems

    def make(self, slot: Slot) -> tuple[OutputFile | None, list[Diagnostic]]:
        if slot.made is None:
            data, problems = slot.make()
            slot.made = (self.spool.file(slot.path, data, slot.origin) if data is not None else None), problems
        return slot.made

    def assembled(self) -> tuple[list[OutputFile], list[Diagnostic]]:
        """Every file and problem, in the order Renderer.render_all gives them (all slots made)."""
        files, problems = list(self.files), []
        done = 0
        for slot in self.slots:
            file, found = self.make(slot)
            files[slot.at] = file  # type: ignore[call-overload]
            problems += self.problems[done:slot.problems_at] + found
            done = slot.problems_at
        return [f for f in files if f is not None], problems + self.problems[done:]


class PageProblems(Exception):
    """A page asked for before the build's checks ran has problems of its own: shown for it."""

    def __init__(self, problems: list[Diagnostic]):
        super().__init__(problems)
        self.problems = problems


class DraftFiles(Mapping[str, OutputFile]):
    """A draft's files by path: a page rendered when first asked for, and every file's own bytes
    scanned for personal identifiers before it is first given out. Thread-safe: the HTTP threads
    ask while the rebuild thread renders the rest. (Where two files share a path the last one
    counts, as in serve's Output; the build reports the clash.)"""

    def __init__(self, source: Path, site: Site, renderer: DraftRenderer):
        self._source, self._site, self._renderer = source, site, renderer
        self._lock = threading.Lock()
        self._by_path: dict[str, OutputFile | Slot] = {f.path: f for f in renderer.files}
        for slot in renderer.slots:
            if self._by_path.get(slot.path) is renderer.files[slot.at]:
                self._by_path[slot.path] = slot
        self._scanned: set[str] = set()
        self._asked = threading.Event()

    def wait_first_page(self, first: float, then: float, stop: Stop) -> None:
        """Until a page is asked for (at most `first` seconds), then `then` seconds more; not at
        all once `stop` says a newer edit came."""
        until = time.monotonic() + first
        while not self._asked.wait(0.02):
            if stop() or time.monotonic() > until:
                return
        if not stop():
            time.sleep(then)

    def __getitem__(self, path: str) -> OutputFile:
        entry = self._by_path[path]
        if path.endswith(".html"):
            self._asked.set()
        with self._lock:
            if isinstance(entry, Slot):
                file, problems = self._renderer.make(entry)
                if file is None:
                    raise PageProblems(problems)
            else:
                file = entry
            if path not in self._scanned:
                scan = PrivacyScan(self._source, self._site.config.privacy.allow)
                found = [redacted(p) for p in scan.output([file])]
                if found:
                    raise PageProblems(found)
                self._scanned.add(path)
            return file

    def __contains__(self, path: object) -> bool:
        return path in self._by_path

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_path)

    def __len__(self) -> int:
        return len(self._by_path)

    def make(self, slot: Slot) -> None:
        with self._lock:
            self._renderer.make(slot)


class Draft:
    """A site loaded with its pages left to render (see DraftRenderer); `files` serves it now,
    `finish` completes and checks it as `build.render` would."""

    def __init__(self, source: Path, site: Site, loader: Loader, renderer: DraftRenderer,
                 config_problems: list[Diagnostic], store: Cache | None,
                 known_clean: frozenset[bytes] = frozenset()):
        self.source, self.site, self.loader, self.renderer = source, site, loader, renderer
        self.config_problems = config_problems  # no error among them, nor among the loader's
        self.store = store
        # Texts the last finished build found no identifier in (see PrivacyScan): the build
        # cache's for the first build, then kept in memory; `clean` is this one's.
        self.known_clean = known_clean
        self.clean: frozenset[bytes] = frozenset()
        self.files = DraftFiles(source, site, renderer)
        self.page_count = sum(path.endswith(".html") for path in self.files)

    def finish(self, stop: Stop = lambda: False) -> BuildResult | None:
        """The whole site, checked as `build.render` checks it (raises BuildFailed), or None once
        `stop` says a newer edit came."""
        for slot in self.renderer.slots:  # first, as the slow part that a newer edit may stop
            if stop():
                return None
            self.files.make(slot)
        source, config, store = self.source, self.site.config, self.store
        privacy = scan_site(source, config.privacy.allow, store.known_clean() if store else self.known_clean)
        problems = self.config_problems + privacy.problems + placeholder_warnings(source) + self.loader.problems
        if any(p.is_error for p in problems):  # as build.render: nothing rendered counts then
            raise BuildFailed([redacted(p) for p in problems + privacy.report()])
        files, render_problems = self.renderer.assembled()
        problems += render_problems + conflicts(files)
        for at in range(0, len(files), CHECKED_AT_ONCE):  # the same findings, in the same order
            if stop():
                return None
            problems += privacy.output(files[at:at + CHECKED_AT_ONCE])
        problems += privacy.report()
        problems = [redacted(p) for p in problems]
        if any(p.is_error for p in problems):
            raise BuildFailed(problems)
        self.clean = frozenset(privacy.clean)
        if store:
            store.keep_clean(privacy.clean)
            store.sweep()  # the first build only: later drafts use memory, not the cache
        return BuildResult(self.site, files, sort_diagnostics(problems), self.loader)


def _contacts(page: Page) -> bool:
    return any(table.kind == "contacts" for table in page.body.tables())


def _rel(path: Path, source: Path) -> str | None:
    """`pages/NAME.md` for a free page's file, else None."""
    try:
        parts = path.relative_to(source).parts
    except ValueError:
        return None
    if len(parts) != 2 or parts[0] != PAGES_DIR or not parts[1].endswith(".md") or parts[1].startswith("."):
        return None
    return "/".join(parts)
