"""Due dates: day N of the next month, rolled past weekends and Korean public holidays."""

from __future__ import annotations

from datetime import date

import pytest

from charterpress.deadlines import Deadline, DueRule, Month, WithinMonths, add_months, is_working_day


@pytest.mark.parametrize("month, rule, due", [
    (Month(2026, 10), DueRule(3), date(2026, 11, 3)),         # a Tuesday: stays
    (Month(2026, 12), DueRule(3), date(2027, 1, 4)),          # across the year end; the 3rd is a Sunday
    (Month(2026, 9), DueRule(3), date(2026, 10, 6)),          # 개천절 (Sat), Sunday, substitute holiday (Mon)
    (Month(2026, 9), DueRule(3, roll_forward=False), date(2026, 10, 3)),
    (Month(2026, 4), DueRule(5), date(2026, 5, 6)),           # 어린이날
    (Month(2026, 1), DueRule(28), date(2026, 3, 3)),          # Sat 28 Feb, 삼일절 on Sunday, its substitute day
    (Month(2026, 2), DueRule(5), date(2026, 3, 5)),
])
def test_due_dates(month: Month, rule: DueRule, due: date) -> None:
    assert rule.due(month) == due


def test_holidays_come_from_the_calendar() -> None:
    assert not is_working_day(date(2026, 10, 3))   # 개천절
    assert not is_working_day(date(2026, 2, 17))   # 설날
    assert not is_working_day(date(2026, 10, 4))   # Sunday
    assert is_working_day(date(2026, 10, 6))


def test_states_on_a_fixed_day() -> None:
    due = date(2026, 11, 3)
    assert Deadline(due, date(2026, 11, 3), date(2026, 12, 1)).state == "on_time"
    late = Deadline(due, date(2026, 11, 9), date(2026, 12, 1))
    assert (late.state, late.days_late) == ("late", 6)
    missing = Deadline(due, None, date(2026, 11, 4))
    assert (missing.state, missing.days_late) == ("missing", 1)
    pending = Deadline(due, None, date(2026, 11, 3))  # due today: not yet late
    assert (pending.state, pending.days_left) == ("pending", 0)


def test_months() -> None:
    assert Month.parse("2026-12") == Month(2026, 12) and Month.parse("2026-13") is None
    assert Month(2026, 12).next() == Month(2027, 1) and Month(2027, 1).previous() == Month(2026, 12)
    assert date(2026, 2, 28) in Month(2026, 2) and date(2026, 3, 1) not in Month(2026, 2)
    assert Month(2026, 2).last_day == date(2026, 2, 28)


@pytest.mark.parametrize("start, months, expected", [
    (date(2025, 10, 31), 1, date(2025, 11, 30)),  # no 31 November: the month's last day
    (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
    (date(2025, 12, 15), 1, date(2026, 1, 15)),  # across the year end
    (date(2025, 11, 18), 2, date(2026, 1, 18)),
    (date(2025, 3, 10), 12, date(2026, 3, 10)),
])
def test_add_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_within_months_rolls_past_weekends_and_holidays() -> None:
    assert WithinMonths(2).due(date(2025, 11, 18)) == date(2026, 1, 19)  # Sunday the 18th → Monday
    assert WithinMonths(2, roll_forward=False).due(date(2025, 11, 18)) == date(2026, 1, 18)
    assert WithinMonths(1).due(date(2026, 8, 3)) == date(2026, 9, 3)  # a Thursday stays
    assert WithinMonths(1).due(date(2026, 9, 3)) == date(2026, 10, 6)  # 개천절 on Saturday, its substitute Monday
