"""Publication deadlines: the month a list covers, the day it is due, and whether it came on time.

A monthly list is due on day N of the following month (seed 003: "매 익월 3일까지"); survey
results within M months of the survey's end and improvement plans within K months of the results
(seed 000: "조사 후 1개월 이내", "결과 발표 후 3개월 이내"). When the site
says so, a due date on a weekend or Korean public holiday rolls to the next working day, as the
Civil Code does for the end of a period (민법 제161조); the holidays come from the maintained
`holidays` package, never from a hand-written list.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import holidays

MONTH_RE = re.compile(r"(\d{4})-(\d{2})")
# The years a charter, a list or a survey may name. Dates outside them are errors where they are
# read, so date arithmetic (a due date a month on, the next working day) never overflows.
YEARS = range(1900, 2200)
YEARS_TEXT = f"a year from {YEARS[0]} to {YEARS[-1]}"


def in_years(day: date) -> bool:
    return day.year in YEARS

# The last four are the surveys': a plan the survey does not have, a publication whose date the
# report does not give, and a publication with no due date (none can be worked out, or it falls
# before the date the site tracks deadlines from), published or not.
State = Literal["on_time", "late", "missing", "pending", "not_applicable", "date_unknown", "published", "not_judged"]


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, such as the month a disclosure list covers."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        match = MONTH_RE.fullmatch(text.strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) not in YEARS:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def next(self) -> Month:
        return Month(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Month:
        return Month(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def __contains__(self, day: date) -> bool:
        return (day.year, day.month) == (self.year, self.month)


@functools.cache
def _korean_holidays() -> holidays.HolidayBase:
    return holidays.country_holidays("KR")  # fills in each year on first lookup


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _korean_holidays()


def next_working_day(day: date) -> date:
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


@dataclass(frozen=True)
class DueRule:
    """'Day N of the next month', optionally rolled forward past weekends and public holidays."""

    day: int = 3
    roll_forward: bool = True

    def due(self, month: Month) -> date:
        following = month.next()
        day = date(following.year, following.month, min(self.day, following.last_day.day))
        return next_working_day(day) if self.roll_forward else day


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day: 2025-10-31 + 1 → 2025-11-30."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class WithinMonths:
    """'Within M months' of a start date (a survey's last day, its results), rolled like DueRule."""

    months: int = 1
    roll_forward: bool = True

    def due(self, start: date) -> date:
        day = add_months(start, self.months)
        return next_working_day(day) if self.roll_forward else day


@dataclass(frozen=True)
class Deadline:
    """One publication against its due date, as seen on `today`."""

    due: date | None  # None: no due date can be worked out (a survey period in words, say)
    published: date | None
    today: date
    tracked: bool = True  # False: due before the date deadlines apply from, so not judged
    date_unknown: bool = False  # published, on a date the report does not give
    applies: bool = True  # False: nothing is owed (an archived survey without an improvement plan)

    @property
    def judged(self) -> bool:
        return self.applies and not self.date_unknown and self.due is not None and self.tracked

    @property
    def state(self) -> State:
        if not self.applies:
            return "not_applicable"
        if self.date_unknown:
            return "date_unknown"
        if self.due is None or not self.tracked:
            return "published" if self.published is not None else "not_judged"
        if self.published is not None:
            return "on_time" if self.published <= self.due else "late"
        return "missing" if self.today > self.due else "pending"

    @property
    def days_late(self) -> int:
        """Days past the due date: until publication, or until today while still missing."""
        if self.due is None:
            return 0
        end = self.published or self.today
        return max((end - self.due).days, 0)

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days if self.due else 0
