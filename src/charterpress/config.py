"""Site settings (`site.yaml`): who publishes the site, where it lives, its menu and defaults."""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from charterpress.deadlines import YEARS_TEXT, DueRule, Month, WithinMonths
from charterpress.decode import MISSING, Decoder, key_locs, labelled, loc_field, scalar_type
from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.linkpolicy import SITE_OR_WEB, WEB_ADDRESS, link_problem
from charterpress.phones import Phone
from charterpress.privacy import canonical, find_identifiers, mask
from charterpress.sources import read_text
from charterpress.yamlnodes import compose

CONFIG_FILE = "site.yaml"


def _url_problem(text: str) -> str | None:
    """An absolute http(s) address with a host, under the site's one URL policy."""
    return link_problem(text, WEB_ADDRESS)


def _link_problem(text: str) -> str | None:
    """A menu or footer target: a path inside the site (`/charter/`) or a web address."""
    return link_problem(text, SITE_OR_WEB)


ZONE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+){0,2}")


def _zone_problem(text: str) -> str | None:
    """An IANA name such as Asia/Seoul. The name is checked before ZoneInfo sees it: ZoneInfo
    raises ValueError, ZoneInfoNotFoundError or OSError ('file name too long') by the input."""
    problem = f"'{text[:60]}{'…' if len(text) > 60 else ''}' is not a time zone (expected e.g. Asia/Seoul)"
    if len(text) > 64 or not ZONE_RE.fullmatch(text):
        return problem
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return problem
    return None


def _month_problem(text: str) -> str | None:
    return None if Month.parse(text) else f"'{text}' is not a month (expected YYYY-MM, {YEARS_TEXT})"


@scalar_type(_month_problem)
class MonthText(str):
    """A month written YYYY-MM."""

    @property
    def month(self) -> Month:
        month = Month.parse(self)
        assert month is not None  # checked when decoded
        return month


@scalar_type(_url_problem)
class WebAddress(str):
    """An absolute http(s) address."""


@scalar_type(_link_problem)
class Link(str):
    """A site path such as `/charter/` (resolved against the built pages) or a web address."""

    @property
    def is_internal(self) -> bool:
        return self.startswith("/")


LOGO_RE = re.compile(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*")


def _static_path_problem(text: str) -> str | None:
    if LOGO_RE.fullmatch(text) and ".." not in text.split("/"):
        return None
    return f"'{text}' must be a path inside static/ (letters, digits, '.', '_', '-' and '/', no '..')"


@scalar_type(_static_path_problem)
class StaticPath(str):
    """A file of the site folder, such as static/logo.svg: a plain relative path, never an address."""


@scalar_type(_zone_problem)
class TimeZone(str):
    """An IANA time zone name."""


def today_in(timezone: str) -> date:
    """Today's date in the site's time zone: the day deadlines are judged on, unless given."""
    return datetime.now(ZoneInfo(timezone)).date()


@dataclass(frozen=True)
class Owner:
    """The content-owner block (KWCAG 7.2.2): who answers for a page."""

    LABEL: ClassVar[str] = "owner block"
    department: str = labelled("담당부서 (department)")
    team: str = ""
    person: str = ""
    phone: Phone | None = None
    updated: date | None = labelled("최종수정일 (updated)", None)

    def merged(self, override: PageOwner | None) -> Owner:
        if override is None:
            return self
        return Owner(
            department=override.department or self.department,
            team=override.team if override.team is not None else self.team,
            person=override.person if override.person is not None else self.person,
            phone=override.phone or self.phone,
            updated=override.updated or self.updated,
        )


@dataclass(frozen=True)
class PageOwner:
    """A page's override of the site's owner block; every key optional."""

    LABEL: ClassVar[str] = "owner block"
    department: str | None = None
    team: str | None = None
    person: str | None = None
    phone: Phone | None = None
    updated: date | None = labelled("최종수정일 (updated)", None)
    locs: dict[str, SourceLoc] = key_locs()


@dataclass(frozen=True)
class MenuItem:
    LABEL: ClassVar[str] = "menu item"
    title: str
    link: Link
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Feedback:
    """Where the page-satisfaction answers go, and where readers find other feedback channels."""

    LABEL: ClassVar[str] = "feedback settings"
    endpoint: WebAddress | None = labelled("feedback endpoint", None)
    channels: Link | None = labelled("feedback channels link", None)
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class DisclosureSettings:
    """When monthly 정보목록 are due, and how their pages are cut."""

    LABEL: ClassVar[str] = "disclosure settings"
    due_day: int = labelled("disclosures due_day", 3)  # day N of the following month
    roll_forward: bool = True  # a due date on a weekend or public holiday moves to the next working day
    start: MonthText | None = labelled("disclosures start", None)  # the first month a list is owed
    page_size: int = labelled("disclosures page_size", 500)
    # A 부분공개/비공개 row without a ground is published without one (a city's export has no grounds
    # column) and warned about once per file; true makes that an error.
    require_grounds: bool = False
    locs: dict[str, SourceLoc] = key_locs()  # which keys site.yaml writes (the register may set the rest)
    loc: SourceLoc = loc_field()

    @property
    def rule(self) -> DueRule:
        return DueRule(self.due_day, self.roll_forward)

    def problems(self) -> list[Diagnostic]:
        found = []
        if not 1 <= self.due_day <= 28:
            found.append(error(self.locs.get("due_day", self.loc),
                               f"disclosures due_day {self.due_day} must be between 1 and 28"))
        if not 20 <= self.page_size <= 5000:
            found.append(error(self.locs.get("page_size", self.loc),
                               f"disclosures page_size {self.page_size} must be between 20 and 5000"))
        return found


@dataclass(frozen=True)
class SurveySettings:
    """When survey results and improvement plans are due, as the charter pledges them."""

    LABEL: ClassVar[str] = "survey settings"
    results_within_months: int = labelled("surveys results_within_months", 1)  # after the survey's last day
    plan_within_months: int = labelled("surveys plan_within_months", 3)  # after the results
    roll_forward: bool = True
    # Deadlines falling due before this day are not judged, so importing past years' surveys does
    # not fill `check` with results and plans "overdue" by thousands of days.
    tracked_from: date | None = labelled("surveys tracked_from", None)
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    def tracks(self, due: date | None) -> bool:
        return due is None or self.tracked_from is None or due >= self.tracked_from

    @property
    def results_rule(self) -> WithinMonths:
        return WithinMonths(self.results_within_months, self.roll_forward)

    @property
    def plan_rule(self) -> WithinMonths:
        return WithinMonths(self.plan_within_months, self.roll_forward)

    def problems(self) -> list[Diagnostic]:
        return [error(self.locs.get(name, self.loc), f"surveys {name} {value} must be between 1 and 12")
                for name, value in (("results_within_months", self.results_within_months),
                                    ("plan_within_months", self.plan_within_months))
                if not 1 <= value <= 12]


@dataclass(frozen=True)
class AllowedValue:
    """A number the privacy scan would refuse that the institution publishes on purpose (its own
    법인등록번호, say); every build reports it, masked, so the list stays auditable."""

    LABEL: ClassVar[str] = "privacy allow-list entry"
    value: str = labelled("allowed value")
    reason: str = labelled("reason")
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    @property
    def value_loc(self) -> SourceLoc:
        return self.locs.get("value", self.loc)


@dataclass(frozen=True)
class PrivacySettings:
    """`privacy: {allow: [{value: …, reason: …}]}` in site.yaml."""

    LABEL: ClassVar[str] = "privacy settings"
    allow: tuple[AllowedValue, ...] = ()
    loc: SourceLoc = loc_field()

    def problems(self) -> list[Diagnostic]:
        found = []
        for entry in self.allow:
            hits = find_identifiers(entry.value)
            if not entry.reason.strip():
                found.append(error(entry.loc, "privacy allow-list entry needs a reason (say what the number "
                                              "is and why it may be published)"))
            if len(hits) != 1 or hits[0].finding.key != canonical(entry.value):
                shown = mask(entry.value, hits[0].finding.kind) if hits else "*" * len(entry.value.strip())
                found.append(error(entry.value_loc,
                                   f"privacy allow value '{shown}' is not one number the scan would flag "
                                   "(expected one identifier as the text writes it, e.g. a 13-digit 법인등록번호)"))
        return found


@dataclass(frozen=True)
class SiteConfig:
    """Everything `site.yaml` says."""

    LABEL: ClassVar[str] = "site settings"
    name: str = labelled("institution name")
    base_url: WebAddress = labelled("base_url")
    address: str = labelled("address")
    phone: Phone = labelled("phone")
    owner: Owner = labelled("owner")
    privacy_policy: Link = labelled("privacy policy link")
    postcode: str = ""
    fax: Phone | None = None
    homepage: WebAddress | None = None
    timezone: TimeZone = TimeZone("Asia/Seoul")
    menu: tuple[MenuItem, ...] = ()
    feedback: Feedback = field(default_factory=Feedback)
    copyright: str = ""
    logo: StaticPath | None = None
    allow_raw_html: bool = False
    disclosures: DisclosureSettings = field(default_factory=DisclosureSettings)
    surveys: SurveySettings = field(default_factory=SurveySettings)
    privacy: PrivacySettings = field(default_factory=PrivacySettings)
    loc: SourceLoc = loc_field()

    @property
    def base_path(self) -> str:
        """The path part of base_url, always ending in '/': '/' or '/library/'."""
        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"

    @property
    def root_url(self) -> str:
        return self.base_url if self.base_url.endswith("/") else self.base_url + "/"


# What stands in for a required setting that site.yaml lacks or gets wrong, so the rest of the
# site can still be read and its problems reported with site.yaml's (the build fails anyway).
PLACEHOLDERS: dict[str, Any] = {
    "name": "", "base_url": WebAddress("https://invalid.example/"), "address": "",
    "phone": Phone("02-000-0000"), "owner": Owner(department=""), "privacy_policy": Link("/"),
}


def load_config(source: Path) -> tuple[SiteConfig, list[Diagnostic]]:
    """The settings and every problem with them. A broken setting never hides the other files'
    problems: it is replaced by its default (or a placeholder) and the build goes on reading the
    site, reporting everything together, and fails as any error makes it fail. Settings out of
    range never reach date arithmetic: they are replaced by their defaults too."""
    path = source / CONFIG_FILE
    loc = SourceLoc(CONFIG_FILE, 1)
    if not os.path.lexists(path):
        return _salvaged(None, loc), [error(SourceLoc(CONFIG_FILE), "site settings file is missing")]
    text, problems = read_text(source, path)
    if text is None:
        return _salvaged(None, loc), problems
    node, problems = compose(text.removeprefix("\ufeff"), loc)
    if node is None:
        return _salvaged(None, loc), problems or [error(loc, "site settings file is empty")]
    decoder = Decoder(loc)
    config = decoder.record(node, SiteConfig)
    problems += decoder.diagnostics
    if config is MISSING:
        config = _salvaged(node, loc)
    return _in_range(config, problems)


def _in_range(config: SiteConfig, problems: list[Diagnostic]) -> tuple[SiteConfig, list[Diagnostic]]:
    found = config.disclosures.problems() + config.surveys.problems() + config.privacy.problems()
    if config.disclosures.problems():
        config = dataclasses.replace(config, disclosures=DisclosureSettings(locs=config.disclosures.locs,
                                                                            loc=config.disclosures.loc))
    if config.surveys.problems():
        config = dataclasses.replace(config, surveys=SurveySettings(locs=config.surveys.locs, loc=config.surveys.loc))
    return config, problems + found


def _salvaged(node: yaml.Node | None, loc: SourceLoc) -> SiteConfig:
    """The settings that did decode, placeholders for the rest (their problems are reported by
    the first decoding; this one's are dropped)."""
    values = dict(PLACEHOLDERS)
    if isinstance(node, yaml.MappingNode):
        scratch = Decoder(loc)
        hints = _site_hints()
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in hints and key != "loc":
                value = scratch.decode(value_node, hints[key], key)
                if value is not MISSING:
                    values[key] = value
    return SiteConfig(**values, loc=loc)


@functools.cache
def _site_hints() -> dict[str, Any]:
    return typing.get_type_hints(SiteConfig)
