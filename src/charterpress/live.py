"""`serve`'s site in memory: after an edit of free pages' text, only those pages are read and
rendered again; any other change is a whole (cached) rebuild.

A free page (pages/*.md) shows only its own body, and the rest of the site shows only its title,
summary, owner, order and address (the menu, the sitemap) and its contact tables (the contacts
page). So when an edit leaves all of these as they were, the site is the last one with that
page's body and HTML replaced. Anything this path is not sure of — a new, deleted or renamed
file, a site with its own templates (which may show any body anywhere), an allow-list, a
problem reported for the page, a changed date that moves the site's newest date, another day —
goes the whole way, so the answer is always what a clean build gives (tests/test_live.py).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from charterpress import build
from charterpress.build import BuildResult
from charterpress.cache import Cache
from charterpress.diagnostics import Diagnostic, sort_diagnostics
from charterpress.gcpause import gc_paused
from charterpress.load import PAGES_DIR, Loader
from charterpress.model import Page, Site
from charterpress.outputfile import OutputFile
from charterpress.placeholders import _in_text as placeholders_in
from charterpress.privacy import redacted
from charterpress.privacy_scan import PrivacyScan
from charterpress.render import Renderer
from charterpress.sources import read_markdown


class LiveSite:
    """The last good build of one site, and how to redo a few of its free pages."""

    def __init__(self, source: Path, today: date | None = None):
        self.source = source.resolve()
        self.today = today
        self.result: BuildResult | None = None
        self._renderer: Renderer | None = None
        self.quick_edits = 0  # rebuilds answered by the quick path (for tests and the bench)

    def rebuild(self, changed: set[str] | None = None) -> BuildResult:
        """The site after `changed` paths (absolute; None: unknown, everything); raises BuildFailed."""
        if changed and self.result is not None:
            with gc_paused():  # a full collection walks the whole site in memory: 1.2 s at 10,000 pages
                quick = self._quick(changed)
            if quick is not None:
                self.result = quick
                self.quick_edits += 1
                return quick
        self.result = None  # a failed build must not leave a site the next quick edit builds on
        self._renderer = None
        result = build.render(self.source, self.today, None, cache=Cache(self.source))
        self.result = result
        return result

    def _quick(self, changed: set[str]) -> BuildResult | None:
        result = self.result
        assert result is not None
        loader = result.loader
        if loader is None or (self.source / "templates").exists() or loader.config.privacy.allow:
            return None
        today = self.today or datetime.now(ZoneInfo(loader.config.timezone)).date()
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
        new_site = dataclasses.replace(site, pages=pages)
        # The edited pages have no contact table, before or after (checked): the list is the old
        # one, carried over rather than computed again from every page (0.2 s at 10,000 pages).
        new_site.__dict__["contact_tables"] = site.contact_tables
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
