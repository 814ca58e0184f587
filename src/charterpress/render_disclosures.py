"""Render `disclosures/`: the index, each month's pages (paginated, with 공개구분 views), the CSV and
JSON downloads, the Atom feed, 사전정보공표 and the request procedure."""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from charterpress import urls
from charterpress.deadlines import Month
from charterpress.diagnostics import Diagnostic
from charterpress.disclosures import DISCLOSURES, DisclosureItem, csv_rows
from charterpress.model import Disclosures, MonthList
from charterpress.outputfile import OutputFile, Spool, SpoolWriter
from charterpress.parallel import iter_in_order
from charterpress.render import Renderer, View
from charterpress.tabular import BOM, csv_lines, excel_safe


@dataclass(frozen=True)
class Download:
    """A data file a page links to, with what readers need before they fetch it."""

    path: str  # inside the site
    format: str  # "CSV", "JSON"
    size: int  # bytes

    @property
    def site_path(self) -> str:
        return "/" + self.path


@dataclass(frozen=True)
class Pager:
    """Where one page of a long list stands: accessible pagination links and the rows it shows."""

    number: int
    paths: tuple[str, ...]  # site path of every page, in order
    first: int  # 1-based position of the first row shown
    last: int
    total: int

    @property
    def count(self) -> int:
        return len(self.paths)


@dataclass(frozen=True)
class Filter:
    disclosure: str
    count: int
    site_path: str


@dataclass(frozen=True)
class DepartmentGroup:
    """Consecutive rows of one 생산부서 on one page; `anchor` only where the department starts."""

    department: str
    items: tuple[DisclosureItem, ...]
    total: int  # the department's rows in the whole listing
    anchor: str | None
    continued: bool


MONTH_TEMPLATE = "disclosures/month.html"
# A month page is up to page_size rows (500 by default, ≈ 0.05 s): this many are worth forking for.
MIN_PAGES = 8
CHUNK_ROWS = 2000  # rows serialised at a time for the downloads (see _all_downloads)


class DisclosurePages:
    def __init__(self, renderer: Renderer, disclosures: Disclosures):
        self.r = renderer
        self.d = disclosures
        self.config = renderer.site.config
        self.zone = ZoneInfo(self.config.timezone)

    def render(self) -> None:  # inside the build's pause of the garbage collector (see gcpause)
        d = self.d
        owner = self.config.owner
        crumbs = ((self.r.ui("disclosures_title"), urls.site_path(urls.DISCLOSURES)),)
        all_downloads, month_downloads = self._all_downloads()
        dated = [lst.updated for lst in d.lists] + [day for day in (d.proactive_updated, d.procedure_updated) if day]
        newest = max(dated, default=self.r.site.updated)
        self.r.page("disclosures/index.html",
                    View(urls.DISCLOSURES, self.r.ui("disclosures_title"), "disclosures",
                                dataclasses.replace(owner, updated=newest), (), "disclosures/"),
                    disclosures=d, downloads=all_downloads, month_downloads=month_downloads,
                    feed=urls.site_path(urls.FEED))
        self._pages([job for lst in d.lists for job in self._month(lst, crumbs, month_downloads[lst.month])])
        if d.proactive:
            self.r.page("disclosures/proactive.html",
                        View(urls.PROACTIVE, self.r.ui("proactive_title"), "proactive",
                             dataclasses.replace(owner, updated=d.proactive_updated), crumbs,
                             "disclosures/proactive.yaml"), proactive=d.proactive)
        if d.procedure:
            self.r.page("disclosures/procedure.html",
                        View(urls.PROCEDURE, self.r.ui("procedure_title"), "procedure",
                             dataclasses.replace(owner, updated=d.procedure_updated), crumbs,
                             "disclosures/procedure.yaml"), procedure=d.procedure)
        self.r.text("disclosures/feed.xml", urls.FEED, lists=list(reversed(d.lists)),
                    stamp=self._stamp, absolute=self._absolute)

    def _all_downloads(self) -> tuple[tuple[Download, ...], dict[Month, tuple[Download, ...]]]:
        """Each month's CSV and JSON, and the all-months files made from the same bytes.

        Every row is serialised once: the all-months CSV is each month's lines led by the month
        (목록월 needs no quoting), the all-months JSON each month's list object joined with commas.
        Rows are serialised CHUNK_ROWS at a time into all four files, which are written to the
        spool as they grow, so neither a month's output nor the site's waits in memory."""
        header = csv_rows(())[0]
        month_header = _csv_lines([header], bom=True)
        json_head, json_tail = self._json_frame()
        all_csv, all_json = self.r.spool.writer(), self.r.spool.writer()
        all_csv.write(_csv_lines([(self.r.ui("disclosures_month_column"), *header)], bom=True))
        all_json.write(json_head)
        month_downloads = {}
        for n, lst in enumerate(self.d.lists):
            stem = urls.month_dir(lst.month.year, lst.month.month) + f"disclosures-{lst.month}"
            month_csv, month_json = _Growing(self.r.spool), _Growing(self.r.spool)
            month_csv.write(month_header)
            lead = excel_safe(str(lst.month)) + ","
            for start in range(0, len(lst.items), CHUNK_ROWS):
                lines = csv_lines(csv_rows(lst.items[start:start + CHUNK_ROWS])[1], for_download=True)
                month_csv.write("".join(lines).encode("utf-8"))
                all_csv.write("".join(lead + line for line in lines).encode("utf-8"))
            month_json.write(json_head)
            if n:
                all_json.write(b",")
            for piece in self._list_json(lst):
                month_json.write(piece)
                all_json.write(piece)
            month_json.write(json_tail)
            month_downloads[lst.month] = self._downloads(stem, month_csv, month_json)
        all_json.write(json_tail)
        return self._downloads(urls.ALL_LISTS, all_csv, all_json), month_downloads

    def _downloads(self, stem: str, csv_file: SpoolWriter | _Growing,
                   json_file: SpoolWriter | _Growing) -> tuple[Download, ...]:
        made = []
        for fmt, writer in (("CSV", csv_file), ("JSON", json_file)):
            path = f"{stem}.{fmt.lower()}"
            self.r.files.append(writer.done(path, "disclosures/"))
            made.append(Download(path, fmt, writer.size))
        return tuple(made)

    def _json_frame(self) -> tuple[bytes, bytes]:
        """What comes before and after the list objects in every JSON download."""
        # Compact: indenting would turn off json's C encoder, 10× slower on big months.
        empty = json.dumps({"institution": self.config.name, "lists": []}, ensure_ascii=False, separators=(",", ":"))
        assert empty.endswith("[]}")
        return empty[:-2].encode("utf-8"), b"]}\n"

    @staticmethod
    def _list_json(lst: MonthList) -> Iterator[bytes]:
        """The month's list object, in pieces of CHUNK_ROWS items: the same bytes as one dump."""
        data = {
            "month": str(lst.month),
            "published": lst.published.isoformat(),
            "due": lst.deadline.due.isoformat(),
            "status": lst.deadline.state,
            "note": lst.note or None,
            "items": [],
        }
        frame = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        assert frame.endswith("[]}")
        yield frame[:-2].encode("utf-8")
        for start in range(0, len(lst.items), CHUNK_ROWS):
            items = [item.as_json() for item in lst.items[start:start + CHUNK_ROWS]]
            piece = json.dumps(items, ensure_ascii=False, separators=(",", ":"))[1:-1]
            yield (b"," if start else b"") + piece.encode("utf-8")
        yield b"]}"

    def _pages(self, jobs: list[tuple[View, dict[str, Any]]]) -> None:
        """The months' pages, over every core when there are many (see parallel.py), each sent to
        the spool as it comes back, in order: the same files as one process makes."""
        if len(jobs) >= MIN_PAGES:
            try:  # compiled once here, before the workers are forked, rather than once in each
                self.r.env.get_template(MONTH_TEMPLATE)
            except Exception:  # noqa: BLE001 - reported, located, when a page is rendered
                pass

        def render(index: int) -> tuple[bytes | None, list[Diagnostic]]:
            view, extra = jobs[index]
            return self.r._html(MONTH_TEMPLATE, view.source, **self.r._context(view, **extra))

        for (view, _), (data, problems) in zip(jobs, iter_in_order(render, len(jobs), MIN_PAGES)):
            self.r.problems += problems
            if data is not None:
                self.r._add(OutputFile(view.path, data, view.source))

    def _month(self, lst: MonthList, crumbs: tuple[tuple[str, str], ...],
               downloads: tuple[Download, ...]) -> list[tuple[View, dict[str, Any]]]:
        """What each of the month's pages shows: its view and the template's other values."""
        year, month = lst.month.year, lst.month.month
        month_title = self.r.ui("disclosures_month_title").format(year=year, month=month)
        # A view for each withheld kind; a 공개 view would repeat nearly the whole list.
        filters = tuple(Filter(s, lst.count(s), urls.site_path(urls.listing_path(year, month, s)))
                        for s in DISCLOSURES[1:] if 0 < lst.count(s) < len(lst.items))
        views: list[tuple[str | None, tuple[DisclosureItem, ...]]] = [(None, lst.items)]
        views += [(f.disclosure, tuple(i for i in lst.items if i.disclosure == f.disclosure)) for f in filters]
        owner = dataclasses.replace(self.config.owner, updated=lst.updated)
        month_crumbs = crumbs + ((month_title, urls.site_path(urls.listing_path(year, month))),)
        jobs = []
        for disclosure, items in views:
            size = self.d.settings.page_size
            chunks = [items[i:i + size] for i in range(0, len(items), size)] or [()]
            paths = tuple(urls.site_path(urls.listing_path(year, month, disclosure, n))
                          for n in range(1, len(chunks) + 1))
            totals = dict(Counter(i.department for i in items))  # in order of first appearance
            seen: set[str] = set()
            department_links = self._department_links(totals, paths, size, items) if not disclosure else []
            for number, chunk in enumerate(chunks, start=1):
                title = month_title + (f" – {disclosure}" if disclosure else "")
                if len(chunks) > 1:
                    title += self.r.ui("page_of").format(page=number, pages=len(chunks))
                pager = Pager(number, paths, (number - 1) * size + 1, (number - 1) * size + len(chunk), len(items))
                groups = self._groups(chunk, totals, seen)
                path = urls.listing_path(year, month, disclosure, number)
                these_crumbs = month_crumbs if (disclosure or number > 1) else crumbs
                jobs.append((View(path, title, "disclosure-month", owner, these_crumbs, lst.source),
                             dict(lst=lst, month_title=month_title, disclosure=disclosure, pager=pager,
                                  groups=groups, filters=filters, downloads=downloads,
                                  grounds=sorted({n for i in chunk for n in i.grounds}),
                                  department_links=department_links,
                                  feed=urls.site_path(urls.FEED))))
        return jobs

    @staticmethod
    def _groups(chunk: tuple[DisclosureItem, ...], totals: dict[str, int], seen: set[str]) -> list[DepartmentGroup]:
        """The page's rows in runs of one department; `seen` carries departments across pages."""
        order = list(totals)
        groups = []
        for department, run in itertools.groupby(chunk, key=lambda item: item.department):
            first = department not in seen
            seen.add(department)
            anchor = f"dept-{order.index(department) + 1}" if first else None
            groups.append(DepartmentGroup(department, tuple(run), totals[department], anchor, not first))
        return groups

    @staticmethod
    def _department_links(totals: dict[str, int], paths: tuple[str, ...], size: int,
                          items: tuple[DisclosureItem, ...]) -> list[tuple[str, dict[str, int], str]]:
        """Per department: its counts by 공개구분 and the page and anchor where its rows start."""
        starts: dict[str, int] = {}
        for index, item in enumerate(items):
            starts.setdefault(item.department, index)
        counted = Counter((i.department, i.disclosure) for i in items)
        return [(dept, {s: counted[dept, s] for s in DISCLOSURES}, f"{paths[starts[dept] // size]}#dept-{n}")
                for n, dept in enumerate(totals, start=1)]

    def _stamp(self, day: date) -> str:
        """An Atom date-time: midnight of `day` in the site's time zone."""
        return datetime.combine(day, time(), self.zone).isoformat()

    def _absolute(self, site_path: str) -> str:
        return self.config.root_url + site_path.lstrip("/")


class _Growing:
    """A download written in pieces: kept in memory while it is small (as Spool.file keeps it),
    written on to the spool once it outgrows the spool's threshold."""

    def __init__(self, spool: Spool):
        self.spool = spool
        self.size = 0
        self._pieces: list[bytes] = []
        self._writer: SpoolWriter | None = None

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self._writer is not None:
            self._writer.write(data)
            return
        self._pieces.append(data)
        if self.size > self.spool.threshold:
            self._writer = self.spool.writer()
            self._writer.write(b"".join(self._pieces))
            self._pieces = []

    def done(self, path: str, origin: str) -> OutputFile:
        if self._writer is not None:
            return self._writer.done(path, origin)
        return self.spool.file(path, b"".join(self._pieces), origin)


def _csv_lines(rows: list[tuple[str, ...]], bom: bool = False) -> bytes:
    return ((BOM if bom else "") + "".join(csv_lines(rows, for_download=True))).encode("utf-8")
