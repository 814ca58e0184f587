"""Publication deadlines as `check` reports them: 정보목록, survey results and improvement plans
due and missing (errors), late or due soon (warnings), and improvement actions past their due date."""

from __future__ import annotations

from charterpress.diagnostics import Diagnostic, SourceLoc, error, warning
from charterpress.load_disclosures import month_stem
from charterpress.deadlines import Deadline
from charterpress.model import Disclosures, Surveys


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _judge(deadline: Deadline, what: str, where: SourceLoc, plural: bool = False) -> list[Diagnostic]:
    if not deadline.judged:
        return []  # no due date, before the tracked date, a date the report does not give, or nothing owed
    due = deadline.due.isoformat()
    was, is_ = ("were", "are") if plural else ("was", "is")
    if deadline.state == "missing":
        return [error(where, f"{what} {was} due on {due} and {is_} missing ({_days(deadline.days_late)} overdue)")]
    if deadline.state == "late":
        return [warning(where, f"{what} {was} published on {deadline.published}, "
                               f"{_days(deadline.days_late)} after the due date {due}")]
    if deadline.state == "pending" and deadline.days_left <= 3:
        return [warning(where, f"{what} {is_} due on {due}, in {_days(deadline.days_left)}")]
    return []


def deadline_problems(disclosures: Disclosures) -> list[Diagnostic]:
    """What `check` says about the monthly lists."""
    found = []
    for entry in disclosures.calendar:
        where = SourceLoc(entry.list.source if entry.list else month_stem(entry.month) + ".csv")
        found += _judge(entry.deadline, f"the 정보목록 of {entry.month}", where)
    return found


def survey_problems(surveys: Surveys) -> list[Diagnostic]:
    """What `check` says about each survey's results, its plan and the plan's actions."""
    found = []
    for survey in surveys.surveys:
        record = survey.record
        found += _judge(survey.results, f"the {survey.year} survey results", record.at("published"), plural=True)
        plan = record.plan_record
        plan_at = plan.locs.get("published", plan.loc) if plan else SourceLoc(survey.source)
        found += _judge(survey.plan, f"the {survey.year} improvement plan", plan_at)
        if not survey.plan.tracked:
            continue  # an archived plan's actions are not judged either
        for action in survey.overdue_actions(surveys.today):
            found.append(warning(action.locs.get("due", action.loc),
                                 f"improvement action '{action.action}' was due on {action.due} and is "
                                 f"'{action.status}' ({_days(action.days_overdue(surveys.today))} overdue)"))
    return found
