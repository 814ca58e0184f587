"""Publication deadlines as `check` reports them: lists due and missing, late, or due soon."""

from __future__ import annotations

from charterpress.diagnostics import Diagnostic, SourceLoc, error, warning
from charterpress.load_disclosures import month_stem
from charterpress.model import Disclosures


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def deadline_problems(disclosures: Disclosures) -> list[Diagnostic]:
    """What `check` says about deadlines: missing lists (errors), late ones and those due soon."""
    found = []
    for entry in disclosures.calendar:
        deadline, month = entry.deadline, entry.month
        where = SourceLoc(entry.list.source if entry.list else month_stem(month) + ".csv")
        due = deadline.due.isoformat()
        if deadline.state == "missing":
            found.append(error(where, f"the 정보목록 of {month} was due on {due} and is missing "
                                      f"({_days(deadline.days_late)} overdue)"))
        elif deadline.state == "late":
            found.append(warning(where, f"the 정보목록 of {month} was published on {deadline.published}, "
                                        f"{_days(deadline.days_late)} after its due date {due}"))
        elif deadline.state == "pending" and deadline.days_left <= 3:
            found.append(warning(where, f"the 정보목록 of {month} is due on {due}, in {_days(deadline.days_left)}"))
    return found
