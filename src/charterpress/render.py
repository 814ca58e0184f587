"""Render the content model into files in memory: pages, 404, sitemap, robots.txt, assets."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from charterpress import urls
from charterpress.cache import Cache
from charterpress.chrome import Chrome
from charterpress.config import Owner
from charterpress.diagnostics import Diagnostic
from charterpress.model import Page, Site
from charterpress.outputfile import OutputFile, Spool
from charterpress.parallel import MIN_ITEMS, map_in_order
from charterpress.sources import read_bytes
from charterpress.templates import make_environment, template_problem, theme_dir


@dataclass(frozen=True)
class View:
    """What every page template is given about the page it renders."""

    path: str
    title: str
    kind: str
    owner: Owner
    crumbs: tuple[tuple[str, str], ...]  # (title, site path) from home to the parent
    source: str
    summary: str = ""

    @property
    def site_path(self) -> str:
        return urls.site_path(self.path)


class Renderer:
    def __init__(self, site: Site, source_dir: Path, on_page: Callable[[OutputFile], None] | None = None,
                 cache: Cache | None = None, page_keys: dict[str, str] | None = None,
                 scan: Callable[[bytes], Any] | None = None):
        self.site = site
        self.scan = scan  # the built-file scan (PrivacyScan.built), run on a free page where it is made
        self.cache = cache
        self.page_keys = page_keys or {}  # free page source → the cache key of its HTML
        self.on_page = on_page  # told of each page as soon as it is rendered (the search indexer)
        self.source_dir = source_dir
        self.env = make_environment(source_dir)
        self.env.bytecode_cache = cache.templates() if cache else None  # the env may be reused
        self.chrome = Chrome(self.env, theme_dir())  # header, menu, owner block, footer: made once, reused
        self.problems: list[Diagnostic] = []
        self.files: list[OutputFile] = []
        self.spool = Spool()  # big pages and downloads wait on disk, not in memory
        self.stylesheet = self._asset("style.css")
        self.search_script = self._asset("search.js")

    def _asset(self, name: str) -> str:
        """Copy a theme asset under a content-hashed name, so browsers may cache it forever."""
        data = (theme_dir() / "static" / name).read_bytes()
        stem, _, ext = name.rpartition(".")
        path = f"assets/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{ext}"
        self.files.append(OutputFile(path, data, f"(theme)/static/{name}"))
        return "/" + path

    def render_all(self) -> list[OutputFile]:
        site = self.site
        owner = site.config.owner
        home_owner = dataclasses.replace(owner, updated=site.updated)
        self.page("home.html", View(urls.HOME, "", "home", home_owner, (), "site.yaml"))
        if site.charter:
            charter = site.charter.page
            self.page("charter.html", self._view(charter, ()))
            crumbs = ((charter.title, "/charter/"),)
            self.page("history.html", View(urls.HISTORY, self.ui("history_title"), "history",
                                           charter.owner, crumbs, charter.source))
            for dept in site.departments:
                self.page("department.html", self._view(dept, crumbs), department=dept)
        self._free_pages(site.pages)
        tables = site.contact_tables
        if tables:
            newest = max((p.owner.updated for p, _ in tables if p.owner.updated), default=None)
            contacts_owner = dataclasses.replace(owner, updated=newest)
            self.page("contacts.html", View(urls.CONTACTS, self.ui("contacts_title"), "contacts",
                                            contacts_owner, (), "charter.md"), tables=tables)
        if site.disclosures:
            from charterpress.render_disclosures import DisclosurePages  # it builds on this module

            DisclosurePages(self, site.disclosures).render()
        if site.surveys:
            from charterpress.render_surveys import SurveyPages

            SurveyPages(self, site.surveys).render()
        if site.commitments:
            from charterpress.render_commitments import CommitmentPages

            CommitmentPages(self, site.commitments).render()
        self.page("search.html", View(urls.SEARCH, self.ui("search_title"), "search", home_owner, (), "(theme)"))
        self.page("404.html", View(urls.NOT_FOUND, self.ui("not_found_title"), "404", home_owner, (), "(theme)"))
        pages = [f for f in self.files if f.path.endswith(".html") and f.path != urls.NOT_FOUND]
        self.text("sitemap.xml", "sitemap.xml", pages=[f.path for f in pages])
        self.text("robots.txt", "robots.txt")
        self._static()
        return self.files

    def _free_pages(self, pages: tuple[Page, ...]) -> None:
        """The free pages: from the cache when their key (see load.page_keys) was rendered before,
        the rest over every core when there are many (see parallel.py), added in order."""
        names = [self.page_keys.get(page.source) if self.cache else None for page in pages]
        found = [self.cache.get_bytes("page", name) if self.cache and name else None for name in names]
        missing = [i for i, data in enumerate(found) if data is None]
        if len(missing) >= MIN_ITEMS:
            try:  # compiled once here, before the workers are forked, rather than once in each
                self.env.get_template("page.html")
            except Exception:  # noqa: BLE001 - reported, located, when the page is rendered
                pass
        rendered = dict(zip(missing, map_in_order(lambda j: self._scanned(pages[missing[j]]), len(missing))))
        for i, page in enumerate(pages):
            data, scanned = found[i], None
            if data is None:
                data, problems, scanned = rendered[i]
                self.problems += problems
                if data is not None and self.cache and names[i]:
                    self.cache.put_bytes("page", names[i], data)
            if data is not None:
                self._add(OutputFile(page.path, data, page.source), scanned)

    def _scanned(self, page: Page) -> tuple[bytes | None, list[Diagnostic], Any]:
        """A free page's HTML, its problems, and the built-file scan of those very bytes (in the
        worker that rendered it, so the main process neither scans nor forks again for it)."""
        data, problems = self.free_page_html(page)
        return data, problems, self.scan(data) if self.scan and data is not None else None

    def free_page_html(self, page: Page) -> tuple[bytes | None, list[Diagnostic]]:
        """One free page's HTML (or None) and its problems; also serve's quick path (live.py)."""
        return self._html("page.html", page.source, **self._context(self._view(page, ()), content=page))

    def ui(self, key: str) -> str:
        return self.env.globals["ui"][key]

    def _view(self, page: Page, crumbs: tuple[tuple[str, str], ...]) -> View:
        return View(page.path, page.title, page.kind, page.owner, crumbs, page.source, page.summary)

    def link_for(self, path: str) -> Callable[[str], str]:
        if path == urls.NOT_FOUND:  # served at any depth: links must start at the base path
            return lambda target: urls.absolute(self.site.config.base_path, target) if target.startswith("/") else target
        return lambda target: urls.relative(path, target) if target.startswith("/") else target

    def page(self, template: str, view: View, **extra: Any) -> None:
        self._emit(template, view.path, view.source, **self._context(view, **extra))

    def _context(self, view: View, **extra: Any) -> dict[str, Any]:
        return dict(page=view, url=self.link_for(view.path), updated=view.owner.updated, **extra)

    def text(self, template: str, path: str, **extra: Any) -> None:
        self._emit(template, path, "(theme)", url=lambda t: t, **extra)

    def _emit(self, template: str, path: str, origin: str, **context: Any) -> None:
        data, problems = self._html(template, origin, **context)
        self.problems += problems
        if data is not None:
            self._add(OutputFile(path, data, origin))

    def _html(self, template: str, origin: str, **context: Any) -> tuple[bytes | None, list[Diagnostic]]:
        try:
            html = self.env.get_template(template).render(
                site=self.site, config=self.site.config, charter=self.site.charter,
                stylesheet=self.stylesheet, search_script=self.search_script,
                site_path=urls.site_path, chrome=self.chrome, **context,
            )
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError, ArithmeticError,
                LookupError, RecursionError, OSError) as exc:  # a site template's mistake, never a traceback
            return None, [template_problem(exc, self.source_dir, origin)]
        return html.encode("utf-8"), []

    def _add(self, file: OutputFile, scan: Any = None) -> None:
        stored = self.spool.file(file.path, file.data, file.origin)  # big files wait on disk
        stored.scan = scan
        self.files.append(stored)
        if self.on_page:
            self.on_page(file)

    def _static(self) -> None:
        """The site's own static/ folder (images, attachments), copied as it is, never followed out."""
        folder = self.source_dir / "static"
        if not folder.is_dir():
            return
        for file in sorted(folder.rglob("*")):
            if file.is_file() and not file.name.startswith("."):
                data, problems = read_bytes(self.source_dir, file)
                self.problems += problems
                if data is not None:
                    rel = file.relative_to(self.source_dir).as_posix()
                    self.files.append(OutputFile(rel, data, rel))


def render_site(site: Site, source_dir: Path, on_page: Callable[[OutputFile], None] | None = None,
                cache: Cache | None = None, page_keys: dict[str, str] | None = None,
                scan: Callable[[bytes], Any] | None = None) -> tuple[list[OutputFile], list[Diagnostic]]:
    renderer = Renderer(site, source_dir, on_page, cache, page_keys, scan)
    files = renderer.render_all()
    return files, renderer.problems
