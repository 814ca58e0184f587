"""The content model: what a site says, as typed, frozen values (front matter schemas included)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import ClassVar, Literal

from charterpress import urls
from charterpress.body import Body, Group
from charterpress.config import DisclosureSettings, Owner, PageOwner, SiteConfig, SurveySettings
from charterpress.deadlines import Deadline, Month
from charterpress.disclosures import DisclosureItem
from charterpress.openinfo import ProactiveList, Procedure
from charterpress.surveys import Action, SurveyRecord
from charterpress.commitments import CommitmentRecord
from charterpress.decode import labelled, loc_field
from charterpress.diagnostics import SourceLoc
from charterpress.tables import Table

RevisionKind = Literal["제정", "개정", "폐지"]


@dataclass(frozen=True)
class Revision:
    LABEL: ClassVar[str] = "revision"
    date: date = labelled("revision date")
    kind: RevisionKind = labelled("revision kind")
    note: str = ""
    scheduled: bool = False  # a revision decided but not yet in force may carry a date after today
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Declaration:
    """선언문: an opening text, the pledges ("우리는 …하겠습니다"), a closing sentence."""

    LABEL: ClassVar[str] = "declaration"
    text: str = labelled("declaration text")
    pledges: tuple[str, ...] = ()
    closing: str = ""


@dataclass(frozen=True)
class CharterFront:
    """Front matter of `charter.md`."""

    LABEL: ClassVar[str] = "charter front matter"
    title: str = labelled("charter title", "")  # default: "<site name> 행정서비스헌장"
    revisions: tuple[Revision, ...] = labelled("revisions", ())
    declaration: Declaration | None = None
    summary: str = ""
    owner: PageOwner | None = None


@dataclass(frozen=True)
class PageFront:
    """Front matter of a department page or a free page."""

    LABEL: ClassVar[str] = "front matter"
    title: str = labelled("page title")
    slug: str | None = None
    summary: str = ""
    order: int = 0
    owner: PageOwner | None = None


@dataclass(frozen=True)
class Page:
    """One page made from one Markdown file."""

    kind: Literal["charter", "department", "page"]
    path: str  # output path inside the site, e.g. "charter/index.html"
    title: str
    summary: str
    owner: Owner
    body: Body
    source: str
    order: int = 0

    @property
    def slug(self) -> str:
        return self.path.rsplit("/", 2)[-2]


@dataclass(frozen=True)
class Charter:
    page: Page
    revisions: tuple[Revision, ...]
    declaration: Declaration | None
    today: date | None = None  # the day revisions are judged on: a scheduled one is not yet in force

    def pending(self, revision: Revision) -> bool:
        return self.today is not None and revision.date > self.today

    @property
    def sections(self) -> tuple[Group, ...]:
        return self.page.body.groups()

    def section(self, kind: str) -> Group | None:
        return next((s for s in self.sections if s.kind == kind), None)

    @property
    def enacted(self) -> Revision | None:
        return next((r for r in self.revisions if r.kind == "제정"), None)

    @property
    def last_revision(self) -> Revision | None:
        return max((r for r in self.revisions if not self.pending(r)), key=lambda r: r.date, default=None)


@dataclass(frozen=True)
class MonthList:
    """One month's 정보목록 as published."""

    month: Month
    items: tuple[DisclosureItem, ...]  # by department, then 생산일자, then 문서번호
    published: date
    note: str
    source: str  # the data file, relative to the site folder
    updated: date  # 최종수정일 of the data file
    deadline: Deadline

    def count(self, disclosure: str) -> int:
        return sum(item.disclosure == disclosure for item in self.items)


@dataclass(frozen=True)
class MonthEntry:
    """A month a list is owed for: its deadline, and the list when there is one."""

    month: Month
    deadline: Deadline
    list: MonthList | None


@dataclass(frozen=True)
class Disclosures:
    """Everything under `disclosures/`: the monthly lists, 사전정보공표 and the request procedure."""

    settings: DisclosureSettings
    lists: tuple[MonthList, ...]  # oldest first
    calendar: tuple[MonthEntry, ...]  # every month owed, newest first
    proactive: ProactiveList | None
    procedure: Procedure | None
    today: date
    proactive_updated: date | None = None  # 최종수정일 of proactive.yaml and procedure.yaml
    procedure_updated: date | None = None

    @property
    def latest(self) -> MonthList | None:
        return self.lists[-1] if self.lists else None

    @property
    def years(self) -> list[tuple[int, list[MonthEntry]]]:
        by_year: dict[int, list[MonthEntry]] = {}
        for entry in self.calendar:
            by_year.setdefault(entry.month.year, []).append(entry)
        return list(by_year.items())


@dataclass(frozen=True)
class Attached:
    """A survey attachment as readers see it: where it is, its format and its size."""

    title: str
    link: str  # a site path (/static/…) or a web address
    format: str
    size: int | str | None  # bytes for a site file; the other site's words for a web address


@dataclass(frozen=True)
class Survey:
    """One survey with what the build works out: deadlines, the previous survey, attachment sizes."""

    record: SurveyRecord
    slug: str
    source: str  # the YAML file, relative to the site folder
    updated: date
    results: Deadline  # results within M months of the survey's end
    plan: Deadline  # the plan within K months of the results (of their due date until they appear)
    previous: SurveyRecord | None  # the survey of the nearest earlier year
    attachments: tuple[Attached, ...]

    @property
    def year(self) -> int:
        return self.record.survey_year

    @property
    def comparable_previous(self) -> SurveyRecord | None:
        """The previous survey file, when its scores are on the same scale as this one's."""
        before = self.previous
        return before if before and before.out_of == self.record.out_of and before.primary is not None else None

    @property
    def previous_year(self) -> int | None:
        """The year the change is counted from: the previous file's, or the report's own statement."""
        if self.comparable_previous:
            return self.comparable_previous.survey_year
        stated = self.record.stated_previous
        return stated.year if stated and (stated.score is not None or stated.change is not None) else None

    @property
    def previous_overall(self) -> Decimal | None:
        if self.comparable_previous:
            return self.comparable_previous.primary
        stated = self.record.stated_previous
        return stated.score if stated else None

    @property
    def change(self) -> Decimal | None:
        """The first headline score minus the previous one, exact as published figures are; or the
        change the report states when it gives no earlier score."""
        now = self.record.primary
        if now is None:
            return None
        if self.previous_overall is not None and self.previous_year is not None:
            return now - self.previous_overall
        stated = self.record.stated_previous
        return stated.change if stated and stated.change is not None else None

    def previous_score(self, dimension: str) -> Decimal | None:
        before = self.comparable_previous
        found = [d.score for _, d in before.flat_dimensions if d.name == dimension] if before else []
        return found[0] if found else None

    def overdue_actions(self, today: date) -> list[Action]:
        plan = self.record.plan_record
        actions = plan.actions if plan else ()
        return [a for a in actions if a.overdue(today)]


@dataclass(frozen=True)
class Surveys:
    """Everything under `surveys/`: one survey a year, oldest first."""

    settings: SurveySettings
    surveys: tuple[Survey, ...]
    today: date

    @property
    def published(self) -> tuple[Survey, ...]:
        """Surveys whose results, with an overall score, are out."""
        return tuple(s for s in self.surveys if s.record.results_out and s.record.primary is not None)

    @property
    def latest(self) -> Survey | None:
        return self.published[-1] if self.published else None

    @property
    def by_scale(self) -> list[tuple[int, tuple[Survey, ...]]]:
        """Published surveys grouped by the scale their scores are on, 100 points first: a trend
        never puts a 5-point mean on a 100-point axis."""
        scales = sorted({s.record.out_of for s in self.published}, reverse=True)
        return [(n, tuple(s for s in self.published if s.record.out_of == n)) for n in scales]


@dataclass(frozen=True)
class Commitment:
    """A promise of the register, tied to the charter item whose words it comes from."""

    record: CommitmentRecord
    page_path: str  # output path of the page the item stands on
    source: str  # that page's Markdown file
    item_id: str  # the item's id on its page
    words: str  # the item's own words, shown as the promise
    line: int
    channels: tuple[str, ...]
    department: str | None  # None: a common standard of the charter

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def has_results(self) -> bool:
        return self.record.target is not None or bool(self.record.results)

    @property
    def anchor(self) -> str:
        """The anchor the item carries for this promise, named by the commitment's id so links and
        bookmarks survive items added or moved around it ('promise-phone-answer')."""
        return f"promise-{self.id}"

    @property
    def link(self) -> str:
        """The promise on its page, from the site root: '/charter/#promise-phone-answer'."""
        return f"{urls.site_path(self.page_path)}#{self.anchor}"


@dataclass(frozen=True)
class Site:
    """Everything one build publishes."""

    config: SiteConfig
    charter: Charter | None
    departments: tuple[Page, ...]
    pages: tuple[Page, ...]
    updated: date | None  # the newest 최종수정일 of any source
    disclosures: Disclosures | None = None
    surveys: Surveys | None = None
    commitments: tuple[Commitment, ...] | None = None  # None: the site keeps no register

    @property
    def all_pages(self) -> tuple[Page, ...]:
        charter = (self.charter.page,) if self.charter else ()
        return charter + self.departments + self.pages

    def commitments_on(self, page_path: str) -> dict[str, tuple[Commitment, ...]]:
        """The register's commitments on one page, by the id of the item they stand on."""
        return self._by_item.get(page_path, {})

    @functools.cached_property
    def _by_item(self) -> dict[str, dict[str, tuple[Commitment, ...]]]:
        found: dict[str, dict[str, tuple[Commitment, ...]]] = {}
        for c in self.commitments or ():
            on_page = found.setdefault(c.page_path, {})
            on_page[c.item_id] = on_page.get(c.item_id, ()) + (c,)
        return found

    @functools.cached_property
    def contact_tables(self) -> list[tuple[Page, tuple[Table, ...]]]:
        """Every contact table, grouped by the page it stands on, in menu order (computed once:
        every page's menu asks)."""
        found = [(p, p.body.contact_tables) for p in self.all_pages]
        return [(page, tables) for page, tables in found if tables]
