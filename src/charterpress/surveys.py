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


@scalar_type(_number_in(Decimal(0), Decimal(100), "scores are published on a 100-point scale"))
class Score(Decimal):
    """A score converted to 100 points, as published: 84.4."""


@scalar_type(_number_in(Decimal("0.01"), Decimal(50), "a margin of error in percentage points"))
class Margin(Decimal):
    """± percentage points, as published: 2.83."""


@scalar_type(_number_in(Decimal(50), Decimal("99.9"), "a confidence level in percent"))
class Confidence(Decimal):
    """Confidence level in percent: 95."""


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
    conversion: str = "linear"  # 'linear': (x − 1) ÷ (points − 1) × 100; otherwise the report's words
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class DimensionScore:
    LABEL: ClassVar[str] = "dimension score"
    name: str = labelled("dimension name")
    score: Score = labelled("dimension score")
    loc: SourceLoc = loc_field()


@dataclass(frozen=True)
class UnitScores:
    """Scores of one 부서, 시설 or service point."""

    LABEL: ClassVar[str] = "unit scores"
    unit: str = labelled("unit name")
    overall: Score = labelled("unit overall score")
    dimensions: dict[str, Score] | None = labelled("unit dimension scores", None)
    respondents: int | None = None
    loc: SourceLoc = loc_field()

    def score(self, dimension: str) -> Score | None:
        return (self.dimensions or {}).get(dimension)


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
    """`surveys/<slug>.yaml`: one survey, its results and the improvement plan that follows."""

    LABEL: ClassVar[str] = "survey"
    title: str = labelled("survey title")
    period: Period = labelled("survey period")
    conducted_by: str = labelled("conducted by")
    population: str = labelled("population")
    sampling: str = labelled("sampling")
    method: str | tuple[str, ...] = labelled("method")
    sample: Sample = labelled("sample")
    scale: Scale = labelled("scale")
    year: int | None = labelled("survey year", None)  # the year the survey counts for; period start's by default
    margin_of_error: MarginOfError | None = None
    published: date | None = labelled("results published date", None)
    overall: Score | None = labelled("overall score", None)
    dimensions: tuple[DimensionScore, ...] = ()
    units: tuple[UnitScores, ...] = ()
    findings: tuple[str, ...] = ()
    summary: str = ""
    plan: Plan | None = None
    attachments: tuple[Attachment, ...] = ()
    locs: dict[str, SourceLoc] = key_locs()
    loc: SourceLoc = loc_field()

    @property
    def survey_year(self) -> int:
        return self.year if self.year is not None else self.period.start.year

    @property
    def methods(self) -> tuple[str, ...]:
        return (self.method,) if isinstance(self.method, str) else self.method

    @property
    def unit_dimensions(self) -> list[str]:
        """The dimensions any unit has a score for, in the order of `dimensions`."""
        scored = {name for unit in self.units for name in unit.dimensions or {}}
        return [d.name for d in self.dimensions if d.name in scored]

    def at(self, key: str) -> SourceLoc:
        return self.locs.get(key, self.loc)


def implied_margin(completed: int, confidence: Decimal) -> Decimal:
    """± percentage points for a proportion of 0.5 under simple random sampling, to 2 places."""
    z = NormalDist().inv_cdf((1 + float(confidence) / 100) / 2)
    return Decimal(f"{z * math.sqrt(0.25 / completed) * 100:.2f}")


def record_problems(record: SurveyRecord) -> list[Diagnostic]:
    """Every rule one survey file breaks, beyond what its schema already checked."""
    return [*_date_problems(record), *_sample_problems(record), *_score_problems(record),
            *_plan_problems(record)]


def _date_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    if r.period.end < r.period.start:
        found.append(error(r.period.loc, f"survey period ends on {r.period.end} before it starts on {r.period.start}"))
    if r.published and r.published < r.period.end:
        found.append(error(r.at("published"), f"results published date {r.published} is before the survey "
                                              f"ended on {r.period.end}"))
    plan = r.plan
    if plan and plan.published:
        if not r.published:
            found.append(error(plan.locs.get("published", plan.loc), "improvement plan has a published date "
                                                                    "but the results have none"))
        elif plan.published < r.published:
            found.append(error(plan.locs.get("published", plan.loc), f"improvement plan published date "
                               f"{plan.published} is before the results were published on {r.published}"))
    return found


def _sample_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    for key in ("completed", "target"):
        value = getattr(r.sample, key)
        if value is not None and value <= 0:
            found.append(error(r.sample.locs.get(key, r.at("sample")), f"{key} sample {value} must be more than 0"))
    if not 2 <= r.scale.points <= 11:
        found.append(error(r.scale.loc, f"scale points {r.scale.points} must be between 2 and 11"))
    moe = r.margin_of_error
    if moe and r.sample.completed > 0:
        implied = implied_margin(r.sample.completed, moe.confidence)
        if not implied / MARGIN_TOLERANCE <= moe.value <= implied * MARGIN_TOLERANCE:
            found.append(warning(moe.loc, f"margin of error ±{moe.value}%p is far from the ±{implied}%p that "
                                          f"{r.sample.completed} responses imply at {moe.confidence}% confidence "
                                          "(simple random sampling, p = 0.5); it is published as written, so "
                                          "check it against the report"))
    return found


def _score_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    if r.published and r.overall is None:
        found.append(error(r.at("published"), "overall score is required once the results are published"))
    names: list[str] = []
    for dimension in r.dimensions:
        if dimension.name in names:
            found.append(error(dimension.loc, f"dimension '{dimension.name}' appears twice"))
        names.append(dimension.name)
    for unit in r.units:
        for name in unit.dimensions or {}:
            if name not in names:
                found.append(error(unit.loc, f"unit '{unit.unit}' has a score for dimension '{name}', which is "
                                             f"not in dimensions{did_you_mean(name, names)}"))
    return found


def _plan_problems(r: SurveyRecord) -> list[Diagnostic]:
    found = []
    for action in r.plan.actions if r.plan else ():
        if action.completed and action.status != "완료":
            found.append(error(action.locs.get("completed", action.loc), f"action has a completed date but its "
                                                                         f"status is '{action.status}', not '완료'"))
    return found

