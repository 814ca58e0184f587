"""A customer-satisfaction survey (고객만족도 조사) as its editor writes it, `surveys/2025.yaml`, and
the rules a survey must keep before it is published.

Figures are kept exactly as the institution's report gives them (Decimal, never float): the
margin of error in particular is published as written and only compared, with a warning, against
what the sample size implies, since institutions compute it on different bases (domain.md §4.1).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import NormalDist
from typing import ClassVar, Literal

from charterpress.config import Link
from charterpress.decode import key_locs, labelled, loc_field, scalar_type
from charterpress.diagnostics import Diagnostic, SourceLoc, did_you_mean, error, warning

NUMBER_RE = re.compile(r"[+-]?\d+(?:\.\d+)?")
Status = Literal["계획", "진행중", "완료", "지연"]
# How far the published margin of error may sit from the simple-random-sampling figure before we
# ask the editor to look again (a factor, either way).
MARGIN_TOLERANCE = Decimal("1.5")


def _number_in(low: Decimal, high: Decimal, what: str):
    def check(text: str) -> str | None:
        if not NUMBER_RE.fullmatch(text):
            return f"'{text}' is not a number (expected e.g. 85 or 85.3)"
        if not low <= Decimal(text) <= high:
            return f"{text} is outside {low}–{high} ({what})"
        return None

    return check


@scalar_type(_number_in(Decimal(0), Decimal(100), "scores are published on a scale of at most 100 points"))
class Score(Decimal):
    """A score as published, on the survey's `out_of` scale: 84.4 (of 100) or 3.31 (of 5)."""


@scalar_type(_number_in(Decimal("0.01"), Decimal(50), "a margin of error in percentage points"))
class Margin(Decimal):
    """± percentage points, as published: 2.83."""


@scalar_type(_number_in(Decimal(50), Decimal("99.9"), "a confidence level in percent"))
class Confidence(Decimal):
    """Confidence level in percent: 95."""


Unknown = Literal["unknown"]  # a fact the report does not state: shown as such, never invented
FigureUnit = Literal["%", "%p", "점", "명", "건"]


@dataclass(frozen=True)
class Period:
    LABEL: ClassVar[str] = "survey period"
    start: date = labelled("period start")
    end: date = labelled("period end")
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Sample:
    LABEL: ClassVar[str] = "sample"
    completed: int = labelled("completed sample")  # responses analysed
    target: int | None = labelled("target sample", None)
    locs: dict[str, SourceLoc] = key_locs()


@dataclass(frozen=True)
class MarginOfError:
    LABEL: ClassVar[str] = "margin of error"
    value: Margin = labelled("margin of error")
    confidence: Confidence = labelled("confidence level", Confidence(95))
    basis: str = ""  # how the report says it was computed, shown beside the figure
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Scale:
    LABEL: ClassVar[str] = "scale"
    points: int = labelled("scale points")  # a 5- or 7-point answer scale
    # How the report converts answers to 100 points: 'linear' is (x − 1) ÷ (points − 1) × 100,
    # other text is the report's own words; left out, the page says the report does not state it.
    conversion: str | None = None
    loc: SourceLoc = loc_field()

    @property
    def linear(self) -> bool:
        return self.conversion == "linear"


@dataclass(frozen=True)
class Headline:
    """One of the survey's headline scores: 종합만족도, 체감만족도; 시정전반, 분야별."""

    LABEL: ClassVar[str] = "headline score"
    name: str = labelled("headline name")
    score: Score = labelled("headline score")
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class DimensionScore:
    """A dimension, with its institution-level score when the report gives one, and its parts
    (서비스 품질 지수 = 서비스 환경 + 서비스 과정 + …)."""

    LABEL: ClassVar[str] = "dimension score"
    name: str = labelled("dimension name")
    score: Score | None = labelled("dimension score", None)
    parts: tuple[DimensionScore, ...] = ()
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class UnitScores:
    """Scores of one 부서, 시설 or service point."""

    LABEL: ClassVar[str] = "unit scores"
    unit: str = labelled("unit name")
    overall: Score | None = labelled("unit overall score", None)
    dimensions: dict[str, Score] | None = labelled("unit dimension scores", None)
    respondents: int | None = None
    loc: SourceLoc = loc_field()

    def score(self, dimension: str) -> Score | None:
        return (self.dimensions or {}).get(dimension)


@dataclass(frozen=True)
class Group:
    """A respondent group (일반주민, 보건소 이용자; 시설 이용자, 직원), sampled on its own."""

    LABEL: ClassVar[str] = "respondent group"
    name: str = labelled("group name")
    sample: int | None = labelled("group sample", None)
    overall: Score | None = labelled("group overall score", None)
    dimensions: dict[str, Score] | None = labelled("group dimension scores", None)
    note: str = ""
    loc: SourceLoc = loc_field()

    def score(self, dimension: str) -> Score | None:
        return (self.dimensions or {}).get(dimension)


@dataclass(frozen=True)
class Figure:
    """Any other published figure: 불만족 비율 7.9%."""

    LABEL: ClassVar[str] = "figure"
    name: str = labelled("figure name")
    value: Decimal = labelled("figure value")
    unit: FigureUnit = labelled("figure unit")
    note: str = ""
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Benchmark:
    """A comparison score the report gives, on the survey's scale: 지방공기업 전체 77.0."""

    LABEL: ClassVar[str] = "benchmark"
    name: str = labelled("benchmark name")
    score: Score = labelled("benchmark score")
    note: str = ""
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Previous:
    """An earlier result the report states, without a survey file for that year: its score, the
    change it states ('전년 대비 1.1점 상승' is change: 1.1), or only a note (a chart image)."""

    LABEL: ClassVar[str] = "previous result"
    year: int = labelled("previous year")
    score: Score | None = labelled("previous score", None)
    change: Decimal | None = labelled("previous change", None)
    note: str = ""
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class RunBy:
    """The outside body that ran the survey (the ministry's statutory survey of local public
    corporations), and when it published the results, if known."""

    LABEL: ClassVar[str] = "run by"
    body: str = labelled("run by body")
    published: date | Unknown | None = labelled("run by published date", None)
    loc: SourceLoc = loc_field()

    @property
    def published_on(self) -> date | None:
        return self.published if isinstance(self.published, date) else None


@dataclass(frozen=True)
class Action:
    """One line of the improvement plan (개선계획)."""

    LABEL: ClassVar[str] = "improvement action"
    issue: str = labelled("action issue")  # what the survey found
    action: str = labelled("action")  # what the institution will do
    department: str = labelled("action department")
    due: date = labelled("action due date")
    status: Status = labelled("action status")
    completed: date | None = labelled("action completed date", None)
    note: str = ""
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    def overdue(self, today: date) -> bool:
        return self.status != "완료" and self.due < today

    def days_overdue(self, today: date) -> int:
        return max((today - self.due).days, 0)


@dataclass(frozen=True)
class Plan:
    LABEL: ClassVar[str] = "improvement plan"
    published: date | None = labelled("plan published date", None)
    summary: str = ""
    actions: tuple[Action, ...] = ()
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class Attachment:
    LABEL: ClassVar[str] = "attachment"
    title: str = labelled("attachment title")
    file: Link = labelled("attachment file")  # /static/… inside the site, or a web address
    format: str = ""  # read from the file name for site files; needed for web addresses
    size: str = ""  # measured for site files; as the other site states it for web addresses
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class SurveyRecord:
    """`surveys/<slug>.yaml`: one survey, its results and the improvement plan that follows.

    Facts a report does not state are left out and shown as not stated: the period's dates (a
    period in words, '2022년 상반기'), the pollster, population, sampling, method, sample, scale,
    its conversion and the publication date ('unknown')."""

    LABEL: ClassVar[str] = "survey"
    title: str = labelled("survey title")
    period: Period | str = labelled("survey period")
    conducted_by: str | None = labelled("conducted by", None)
    population: str | None = labelled("population", None)
    sampling: str | None = labelled("sampling", None)
    method: str | tuple[str, ...] | None = labelled("method", None)
    sample: Sample | None = labelled("sample", None)
    scale: Scale | None = labelled("scale", None)
    out_of: int = labelled("out of", 100)  # the scale the scores are published on: 100, or the scale's points
    year: int | None = labelled("survey year", None)  # the year the survey counts for; period start's by default
    model: str = ""  # the survey model or standard it follows
    run_by: RunBy | None = None  # an outside body ran it (a statutory survey)
    margin_of_error: MarginOfError | None = None
    published: date | Unknown | None = labelled("results published date", None)
    overall: Score | tuple[Headline, ...] | None = labelled("overall score", None)
    dimensions: tuple[DimensionScore, ...] = ()
    units: tuple[UnitScores, ...] = ()
    groups: tuple[Group, ...] = ()
    figures: tuple[Figure, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    previous: tuple[Previous, ...] = ()
    findings: tuple[str, ...] = ()
    summary: str = ""
    plan: Plan | Literal["not_applicable"] | None = None
    attachments: tuple[Attachment, ...] = ()
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    @property
    def dates(self) -> Period | None:
        """The period's dates, when the report states them."""
        return self.period if isinstance(self.period, Period) else None

    @property
    def period_text(self) -> str | None:
        return self.period if isinstance(self.period, str) else None

    @property
    def survey_year(self) -> int:
        if self.year is not None:
            return self.year
        return self.dates.start.year if self.dates else 0  # a worded period without a year is an error

    @property
    def published_on(self) -> date | None:
        return self.published if isinstance(self.published, date) else None

    @property
    def results_out(self) -> bool:
        """The results are public (on a known date or on one the report does not give)."""
        return self.published is not None

    @property
    def plan_record(self) -> Plan | None:
        return self.plan if isinstance(self.plan, Plan) else None

    @property
    def headlines(self) -> tuple[Headline, ...]:
        """The headline scores; a single `overall` is one headline without a name of its own."""
        if self.overall is None:
            return ()
        if isinstance(self.overall, tuple):
            return self.overall
        return (Headline("", self.overall, self.at("overall")),)

    @property
    def primary(self) -> Score | None:
        """The first headline score: the one the trend across years follows."""
        return self.headlines[0].score if self.headlines else None

    @property
    def methods(self) -> tuple[str, ...]:
        if self.method is None:
            return ()
        return (self.method,) if isinstance(self.method, str) else self.method

    @property
    def flat_dimensions(self) -> list[tuple[int, DimensionScore]]:
        """Every dimension with its depth, parts after their whole."""
        found: list[tuple[int, DimensionScore]] = []

        def walk(items: tuple[DimensionScore, ...], depth: int) -> None:
            for item in items:
                found.append((depth, item))
                walk(item.parts, depth + 1)

        walk(self.dimensions, 0)
        return found

    @property
    def dimension_names(self) -> list[str]:
        return [d.name for _, d in self.flat_dimensions]

    @property
    def scored_dimensions(self) -> list[tuple[int, DimensionScore]]:
        """Dimensions with an institution-level score (some reports give them by unit only)."""
        return [(depth, d) for depth, d in self.flat_dimensions if d.score is not None]

    def _table_dimensions(self, rows: tuple[UnitScores, ...] | tuple[Group, ...]) -> list[str]:
        scored = [name for row in rows for name in row.dimensions or {}]
        order = self.dimension_names or list(dict.fromkeys(scored))
        return [name for name in order if name in scored]

    @property
    def unit_dimensions(self) -> list[str]:
        """The dimensions any unit has a score for, in the order of `dimensions` (or first seen)."""
        return self._table_dimensions(self.units)

    @property
    def group_dimensions(self) -> list[str]:
        return self._table_dimensions(self.groups)

    @property
    def stated_previous(self) -> Previous | None:
        """The latest earlier result the report states."""
        return max(self.previous, key=lambda p: p.year) if self.previous else None

    def all_scores(self) -> list[tuple[Decimal, SourceLoc]]:
        """Every score of the survey, where it is written: they all share `out_of`."""
        found = [(h.score, h.loc) for h in self.headlines]
        found += [(d.score, d.loc) for _, d in self.flat_dimensions if d.score is not None]
        for row in (*self.units, *self.groups):
            found += [(row.overall, row.loc)] if row.overall is not None else []
            found += [(v, row.loc) for v in (row.dimensions or {}).values()]
        found += [(b.score, b.loc) for b in self.benchmarks]
        found += [(p.score, p.loc) for p in self.previous if p.score is not None]
        return found

    def at(self, key: str) -> SourceLoc:
        return self.locs.get(key, self.loc)


def implied_margin(completed: int, confidence: Decimal) -> Decimal:
    """± percentage points for a proportion of 0.5 under simple random sampling, to 2 places."""
    z = NormalDist().inv_cdf((1 + float(confidence) / 100) / 2)
    return Decimal(f"{z * math.sqrt(0.25 / completed) * 100:.2f}")


def record_problems(record: SurveyRecord) -> list[Diagnostic]:
    """Every rule one survey file breaks, beyond what its schema already checked."""
    return [*_date_problems(record), *_sample_problems(record), *_scale_problems(record),
            *_score_problems(record), *_previous_problems(record), *_plan_problems(record)]


def _date_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    dates = r.dates
    if dates is None and r.year is None:
        found.append(error(r.at("period"), "a period in words needs 'year': the year the survey counts for"))
    if dates and dates.end < dates.start:
        found.append(error(dates.loc, f"survey period ends on {dates.end} before it starts on {dates.start}"))
    published = r.published_on
    if published and dates and published < dates.end:
        found.append(error(r.at("published"), f"results published date {published} is before the survey "
                                              f"ended on {dates.end}"))
    plan = r.plan_record
    if plan and plan.published:
        if not r.results_out:
            found.append(error(plan.locs.get("published", plan.loc), "improvement plan has a published date "
                                                                    "but the results have none"))
        elif published and plan.published < published:
            found.append(error(plan.locs.get("published", plan.loc), f"improvement plan published date "
                               f"{plan.published} is before the results were published on {published}"))
    return found


def _sample_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    for key in ("completed", "target"):
        value = getattr(r.sample, key) if r.sample else None
        if value is not None and value <= 0:
            found.append(error(r.sample.locs.get(key, r.at("sample")), f"{key} sample {value} must be more than 0"))
    for group in r.groups:
        if group.sample is not None and group.sample <= 0:
            found.append(error(group.loc, f"group '{group.name}' sample {group.sample} must be more than 0"))
    moe = r.margin_of_error
    if moe and r.sample and r.sample.completed > 0:
        implied = implied_margin(r.sample.completed, moe.confidence)
        if not implied / MARGIN_TOLERANCE <= moe.value <= implied * MARGIN_TOLERANCE:
            found.append(warning(moe.loc, f"margin of error ±{moe.value}%p is far from the ±{implied}%p that "
                                          f"{r.sample.completed} responses imply at {moe.confidence}% confidence "
                                          "(simple random sampling, p = 0.5); it is published as written, so "
                                          "check it against the report"))
    return found


def _scale_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    points = r.scale.points if r.scale else None
    if points is not None and not 2 <= points <= 11:
        found.append(error(r.scale.loc, f"scale points {points} must be between 2 and 11"))
    if r.out_of != 100 and not 2 <= r.out_of <= 11:
        found.append(error(r.at("out_of"), f"out_of {r.out_of} must be 100 or a scale's points (2–11)"))
    elif r.out_of != 100 and points is not None and r.out_of != points:
        found.append(error(r.at("out_of"), f"out_of {r.out_of} must be 100 or the scale's {points} points"))
    scores = r.all_scores()
    for value, loc in scores:
        if value > r.out_of:
            found.append(error(loc, f"score {value} is above {r.out_of}, the most the scores can be "
                                    f"(out_of: {r.out_of})"))
    ceiling = points or 10
    if r.out_of == 100 and scores and all(value <= ceiling for value, _ in scores):
        found.append(warning(r.at("overall"), f"every score is at most {ceiling}, yet the scores are read as "
                                              "out of 100; if the report gives means on its "
                                              f"{points or 'N'}-point scale, write 'out_of: {points or 'N'}'"))
    return found


def _score_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    if r.results_out and r.overall is None:
        found.append(error(r.at("published"), "overall score is required once the results are published"))
    headline_names: list[str] = []
    for headline in r.headlines:
        if headline.name and headline.name in headline_names:
            found.append(error(headline.loc, f"headline '{headline.name}' appears twice"))
        headline_names.append(headline.name)
    names: list[str] = []
    for _, dimension in r.flat_dimensions:
        if dimension.name in names:
            found.append(error(dimension.loc, f"dimension '{dimension.name}' appears twice"))
        names.append(dimension.name)
    if not names:
        return found  # dimensions scored by unit or group only: their names need no list
    for row, what, label in [*((u, "unit", u.unit) for u in r.units), *((g, "group", g.name) for g in r.groups)]:
        for name in row.dimensions or {}:
            if name not in names:
                found.append(error(row.loc, f"{what} '{label}' has a score for dimension '{name}', which is "
                                            f"not in dimensions{did_you_mean(name, names)}"))
    return found


def _previous_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    for item in r.previous:
        if item.year >= r.survey_year:
            found.append(error(item.loc, f"previous result of {item.year} is not before the survey's year "
                                         f"{r.survey_year}"))
        if item.score is None and item.change is None and not item.note:
            found.append(error(item.loc, f"previous result of {item.year} needs a score, a change or a note"))
        primary = r.primary
        if item is r.stated_previous and item.score is not None and item.change is not None and primary is not None \
                and primary - item.score != item.change:
            found.append(warning(item.loc, f"the stated change {item.change} is not {primary} − {item.score} "
                                           f"= {primary - item.score}; both are published as written"))
    return found


def _plan_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    plan = r.plan_record
    for action in plan.actions if plan else ():
        if action.completed and action.status != "완료":
            found.append(error(action.locs.get("completed", action.loc), f"action has a completed date but its "
                                                                         f"status is '{action.status}', not '완료'"))
    return found
