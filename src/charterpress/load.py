"""Read a site folder into the content model: settings, charter, department pages, free pages."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from markdown_it import MarkdownIt

from charterpress import cache as caching
from charterpress import urls
from charterpress.body import Body, BodyParser
from charterpress.config import SiteConfig
from charterpress.decode import MISSING, Decoder
from charterpress.diagnostics import Diagnostic, SourceLoc, error, warning
from charterpress.lastmod import SHALLOW_ADVICE, file_date, git_dates, is_shallow
from charterpress.load_commitments import apply_register, load_register
from charterpress.load_disclosures import DisclosureLoader
from charterpress.load_surveys import SurveyLoader
from charterpress.markdown import make_parser
from charterpress.model import Charter, CharterFront, Page, PageFront, Site
from charterpress.parallel import map_in_order
from charterpress.sources import Source, markdown_files, read_markdown, slug_problem
from charterpress.tables import Table
from charterpress.yamlnodes import compose

CHARTER_FILE = "charter.md"
DEPARTMENTS_DIR = "departments"
PAGES_DIR = "pages"


@dataclass
class Loader:
    source_dir: Path
    config: SiteConfig
    today: date
    md: MarkdownIt = field(default_factory=make_parser)
    problems: list[Diagnostic] = field(default_factory=list)
    cache: caching.Cache | None = None

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.config.timezone)
        self.git = git_dates(self.source_dir, self.zone)
        self.shallow = bool(self.git) and is_shallow(self.source_dir)
        self.dates: list[date] = []
        self.unread: list[str] = []  # charter and department files that could not be read at all
        self.body_keys: dict[str, str] = {}  # source → the cache key of its parsed body
        # Front matter decoded by the last build, by file, class and text (one cache entry: YAML
        # and decoding cost a 10,000-page rebuild a second), and what this one used of it.
        found = self.cache.get("fronts", "site") if self.cache is not None else None
        self.fronts_known: dict[str, tuple] = found if isinstance(found, dict) else {}
        self.fronts_used: dict[str, tuple] = {}

    def load(self) -> Site:
        charter = self._charter()
        departments = self._pages(DEPARTMENTS_DIR, "department", urls.department_path)
        pages = self._pages(PAGES_DIR, "page", urls.page_path)
        register, problems = load_register(self.source_dir, ((charter.page,) if charter else ()) + departments,
                                           complete=not self.unread)
        self.problems += problems
        config = self.config
        if register:
            config, problems = apply_register(config, register)
            self.problems += problems
        date_of = lambda rel: file_date(self.source_dir, rel, self.git, self.zone)
        if self.shallow:  # 최종수정일 falls back to the newest commit's date: say so, once
            self.problems.append(warning(SourceLoc("(git)"), f"최종수정일 may be wrong: {SHALLOW_ADVICE}"))
        disclosures = DisclosureLoader(self.source_dir, config.disclosures, self.today, date_of,
                                       dates_known=not self.shallow)
        lists = disclosures.load()
        surveys = SurveyLoader(self.source_dir, config.surveys, self.today, date_of)
        results = surveys.load()
        self.problems += disclosures.problems + surveys.problems
        if self.cache is not None and self.fronts_used.keys() != self.fronts_known.keys():
            self.cache.put("fronts", "site", self.fronts_used)
        return Site(config, charter, departments, pages, max(self.dates, default=None), lists, results, register)

    def promise_pages(self) -> tuple[Page, ...]:
        """charter.md and departments/: the pages a register's promises stand on (for `commitments
        suggest`, which needs nothing else of the site)."""
        charter = self._charter()
        return ((charter.page,) if charter else ()) + self._pages(DEPARTMENTS_DIR, "department", urls.department_path)

    def _read(self, path: Path) -> Source | None:
        source, problems = read_markdown(self.source_dir, path, parse_front=self.cache is None)
        self.problems += problems
        return source

    def _front(self, source: Source, cls: type) -> Any:
        if source.front is None and source.front_text is not None:
            return self._front_cached(source, cls)
        if source.front is None:
            if source.has_front:  # its YAML error is reported already
                return MISSING
            self.problems.append(error(source.loc, f"{cls.LABEL} is missing (start the file with '---', "
                                                    "a 'title:' line and '---')"))
            return MISSING
        decoder = Decoder(source.front_loc)
        front = decoder.record(source.front, cls)
        self.problems += decoder.diagnostics
        return front

    def _front_cached(self, source: Source, cls: type) -> Any:
        """_front of a source read without parsing its front matter: as the last build decoded
        the same text of the same file, else parsed and decoded now."""
        name = caching.key(source.rel, cls.__name__, source.front_text)
        hit = self.fronts_known.get(name)
        if hit is None:
            start = len(self.problems)
            node, problems = compose(source.front_text or "", source.front_loc)
            self.problems += problems
            front = self._front(dataclasses.replace(source, front=node, front_text=None), cls)
            if front is MISSING:  # a sentinel that pickling would not keep; the build fails anyway
                return front
            hit = (front, self.problems[start:])
        else:
            self.problems += hit[1]
        self.fronts_used[name] = hit
        return hit[0]

    def _body(self, source: Source, path: str, sections: bool) -> Body:
        return self._bodies([(source, path, sections)])[0]

    def _bodies(self, wanted: list[tuple[Source, str, bool]]) -> list[Body]:
        """Each (source, its address, sections) parsed: from the cache where it was parsed before,
        the rest over every core when there are many (see parallel.py)."""
        found: list[tuple[Body, list[Diagnostic]] | None] = [None] * len(wanted)
        names: list[str] = []
        if self.cache is not None:
            for i, (source, path, sections) in enumerate(wanted):
                # Everything BodyParser is given: the text, where it starts, its address, the HTML setting.
                name = caching.key("body", source.rel, source.body_line, path, sections,
                                   self.config.allow_raw_html, source.body)
                names.append(name)
                self.body_keys[source.rel] = name
                hit = self.cache.get("body", name)
                if isinstance(hit, tuple) and len(hit) == 3 and isinstance(hit[2], bytes):
                    problems, tables, payload = hit
                    found[i] = StoredBody(payload, tables), problems
        missing = [i for i, hit in enumerate(found) if hit is None]
        parsed = map_in_order(lambda j: self._parse_body(*wanted[missing[j]]), len(missing))
        for i, result in zip(missing, parsed):
            found[i] = result
            if self.cache is not None:
                body, problems = result
                self.cache.put("body", names[i], (problems, tuple(body.tables()),
                                                  pickle.dumps(body, protocol=pickle.HIGHEST_PROTOCOL)))
        bodies = []
        for body, problems in found:  # type: ignore[misc]
            self.problems += problems
            bodies.append(body)
        return bodies

    def _parse_body(self, source: Source, path: str, sections: bool) -> tuple[Body, list[Diagnostic]]:
        parser = BodyParser(
            self.md, SourceLoc(source.rel, source.body_line),
            table_prefix=path.removesuffix("index.html").strip("/").replace("/", "-") or "home",
            resolve_link=lambda target: urls.relative(path, target),
            allow_html=self.config.allow_raw_html, sections=sections,
        )
        body = parser.parse(source.body)
        return body, parser.problems

    def _page(self, source: Source, kind: str, path: str, front: Any, sections: bool = False,
              body: Body | None = None) -> Page:
        updated = front.owner.updated if front.owner and front.owner.updated else None
        if updated and updated > self.today:  # a 최종수정일 is a fact about the past, like a revision's date
            self.problems.append(error(front.owner.locs.get("updated", source.loc),
                                       f"최종수정일 (updated) {updated.isoformat()} is after today "
                                       f"({self.today.isoformat()}); write the day the page was last changed"))
        updated = updated or file_date(self.source_dir, source.rel, self.git, self.zone)
        self.dates.append(updated)
        owner = self.config.owner.merged(front.owner)
        owner = dataclasses.replace(owner, updated=updated)
        body = body if body is not None else self._body(source, path, sections)
        return Page(kind, path, front.title, front.summary, owner, body, source.rel, getattr(front, "order", 0))

    def reread_page(self, source: Source, path: str) -> Page | None:
        """A free page read again on its own (serve's quick path): the page a build would load at
        `path`, or None when it has any problem or its address would change."""
        self.problems = []
        front = self._front(source, PageFront)
        if self.problems or not isinstance(front, PageFront):
            return None
        slug = front.slug or source.slug
        if slug_problem(slug, source.loc) or slug in urls.SEARCH_SLUGS or urls.page_path(slug) != path:
            return None
        body, problems = self._parse_body(source, path, False)
        return None if problems else self._page(source, "page", path, front, body=body)

    def _stand_in(self, source: Source, cls: type) -> Any:
        """The front matter, or, when it is broken (its problems reported already), a stand-in
        titled by the file's name: the body is still read, so its own problems are reported in
        the same run and the register's promises still find their items (one bad date must not
        turn into an error for every commitment quoting the page). The build fails all the same."""
        front = self._front(source, cls)
        return cls(title=source.slug) if front is MISSING else front

    def _charter(self) -> Charter | None:
        path = self.source_dir / CHARTER_FILE
        if not os.path.lexists(path):
            self.problems.append(error(SourceLoc(CHARTER_FILE), "the charter file is missing (every site has a charter.md)"))
            return None
        source = self._read(path)
        if source is None:
            self.unread.append(CHARTER_FILE)
            return None
        front = self._stand_in(source, CharterFront)
        if not front.title.strip():  # a charter copied without its title still gets one, never an empty h1
            front = dataclasses.replace(front, title=f"{self.config.name} 행정서비스헌장")
        page = self._page(source, "charter", urls.CHARTER, front, sections=True)
        for revision in front.revisions:
            if revision.date > self.today and not revision.scheduled:
                self.problems.append(error(revision.loc, f"revision date {revision.date.isoformat()} is after today "
                                           f"({self.today.isoformat()}); add 'scheduled: true' to publish a "
                                           "revision decided but not yet in force"))
        revisions = tuple(sorted(front.revisions, key=lambda r: r.date))
        return Charter(page, revisions, front.declaration, self.today)

    def _pages(self, folder: str, kind: str, to_path: Any) -> tuple[Page, ...]:
        todo: list[tuple[Source, str, Any]] = []  # read first, so the bodies can be parsed together
        for file in markdown_files(self.source_dir / folder):
            source = self._read(file)
            if source is None:
                if folder == DEPARTMENTS_DIR:
                    self.unread.append(f"{folder}/{file.name}")
                continue
            front = self._stand_in(source, PageFront)
            slug = front.slug or source.slug
            problems = slug_problem(slug, source.loc)
            if kind == "page" and slug in urls.SEARCH_SLUGS:
                problems.append(error(source.loc, f"'{slug}' cannot be a page address: /{slug}/ is the site search's "
                                                  "(set another 'slug' in the front matter or rename the file)"))
            self.problems += problems
            if not problems:
                todo.append((source, to_path(slug), front))
        bodies = self._bodies([(source, path, False) for source, path, _ in todo])
        pages = [self._page(source, kind, path, front, body=body) for (source, path, front), body in zip(todo, bodies)]
        return tuple(sorted(pages, key=lambda p: (p.order, p.source)))


class StoredBody(Body):
    """A parsed body from the build cache, unpickled only when its blocks are asked for: a
    rebuild after one edit renders one page of 10,000, and unpickling the others' bodies cost
    it 0.8 s. Its tables come unpickled beside it (the menu and the contacts page ask every page
    for them). The payload is the cache's, read only after its HMAC matched."""

    def __init__(self, payload: bytes, tables: tuple[Table, ...]):  # not the dataclass's: nothing unpickled yet
        object.__setattr__(self, "_payload", payload)
        object.__setattr__(self, "_tables", tables)

    @property  # type: ignore[override]
    def blocks(self) -> tuple:
        blocks = self.__dict__.get("_blocks")
        if blocks is None:
            body = pickle.loads(self._payload)  # the cache's own entry, read after its HMAC matched
            blocks = body.blocks
            object.__setattr__(self, "_blocks", blocks)
        return blocks

    def tables(self) -> Iterator[Table]:
        return iter(self._tables)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Body) and self.blocks == other.blocks

    def __hash__(self) -> int:
        return hash(self.blocks)

    def __reduce__(self) -> tuple:  # pickled as the plain Body it stands for
        return Body, (self.blocks,)


def load_site(source_dir: Path, config: SiteConfig, today: date) -> tuple[Site, list[Diagnostic]]:
    loader = Loader(source_dir, config, today)
    site = loader.load()
    return site, loader.problems


def load_site_cached(source_dir: Path, config: SiteConfig, today: date,
                     cache: caching.Cache) -> tuple[Site, list[Diagnostic], dict[str, str], Loader]:
    """load_site, reusing parsed bodies from `cache`; also each free page's render key (by source),
    and the loader (serve reads single pages again with it, see live.py)."""
    loader = Loader(source_dir, config, today, cache=cache)
    site = loader.load()
    return site, loader.problems, page_keys(loader, site), loader


def page_keys(loader: Loader, site: Site) -> dict[str, str]:
    """The cache key of each free page's HTML: its own body, plus a digest of everything else a
    page.html may show. Free pages' bodies are left out of that digest, since the theme shows
    only a page's own body (and whether the site has contact tables, which is put in); a site
    with its own templates/ may show any page anywhere, so there every body is put in."""
    source_dir = loader.source_dir
    date_of = lambda rel: caching.key(file_date(source_dir, rel, loader.git, loader.zone))
    free = {page.source for page in site.pages}
    parts: list = [loader.today, loader.shallow]
    for path in _site_files(source_dir):
        rel = path.relative_to(source_dir).as_posix()
        if rel in free:
            continue
        try:
            mode = path.stat().st_mode
            if stat.S_ISDIR(mode):  # a linked folder: where it leads (its files are read through it too)
                parts.append((rel, os.readlink(path)))
            elif stat.S_ISREG(mode):
                parts.append((rel, hashlib.sha256(path.read_bytes()).digest(), date_of(rel)))  # not the bytes
            else:  # a FIFO would block the read; its loader reports it
                parts.append((rel, "not a regular file", mode))
        except OSError as exc:  # dangling or looping links: reported by the loaders
            parts.append((rel, None, exc.errno))
    own_templates = (source_dir / "templates").is_dir()
    if own_templates and (source_dir / "static").is_dir():  # they may show an attachment's size
        parts += [(p.relative_to(source_dir).as_posix(), p.stat().st_size)
                  for p in sorted((source_dir / "static").rglob("*")) if p.is_file()]
    for page in site.pages:
        contacts = tuple(repr(t) for t in page.body.tables() if t.kind == "contacts")
        parts.append((page.source, page.path, page.title, page.summary, page.order, repr(page.owner), contacts,
                      loader.body_keys.get(page.source) if own_templates else None))
    digest = caching.key("site", *parts)
    return {page.source: caching.key("page", digest, page.source, loader.body_keys.get(page.source))
            for page in site.pages if page.source in loader.body_keys}


def _site_files(source_dir: Path) -> list[Path]:
    """Every file of the site but dot-files (the cache, .git) and static/ (copied, never read by a
    page); linked folders are followed while they stay inside the site, as the loaders do."""
    found = []
    root = source_dir.resolve()
    for dirpath, dirnames, names in os.walk(source_dir, followlinks=True):
        top = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and not (top == source_dir and d == "static"))
        found += [top / d for d in dirnames if (top / d).is_symlink()]
        found += [top / name for name in sorted(names) if not name.startswith(".")]
        if len(top.relative_to(source_dir).parts) >= 8:  # a link loop: the loaders refuse it anyway
            dirnames[:] = []
        dirnames[:] = [d for d in dirnames if not (top / d).is_symlink() or _inside(top / d, root)]
    return found


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False
