"""Render `surveys/`: the index with the trend across years, one page per survey, and the surveys
as JSON (each survey and all of them) with the JSON Schema that describes them."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from charterpress import urls
from charterpress.charts import BarChart, bar_chart, trend_chart
from charterpress.deadlines import Deadline
from charterpress.model import Survey, Surveys
from charterpress.render import OutputFile, Renderer, View
from charterpress.surveys import SurveyRecord

SCHEMA = Path(__file__).parent / "schema" / "surveys.schema.json"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def _day(value: date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, date) else value


def _deadline(d: Deadline) -> dict:
    return {"due": _day(d.due), "published": _day(d.published), "state": d.state}


def _scores(values: dict[str, Decimal] | None) -> dict:
    return {name: _number(v) for name, v in (values or {}).items()}


def _dimension(d) -> dict:
    return {"name": d.name, "score": _number(d.score), "parts": [_dimension(p) for p in d.parts]}


def as_json(survey: Survey) -> dict:
    """One survey as data: figures as published, facts the report does not state as null."""
    r: SurveyRecord = survey.record
    dates = r.dates
    plan = r.plan_record
    return {
        "slug": survey.slug, "year": survey.year, "title": r.title,
        "link": urls.site_path(urls.survey_path(survey.slug)),
        "period": {"start": _day(dates.start) if dates else None, "end": _day(dates.end) if dates else None,
                   "text": r.period_text},
        "model": r.model or None,
        "run_by": r.run_by and {"body": r.run_by.body, "published": _day(r.run_by.published)},
        "conducted_by": r.conducted_by, "population": r.population, "sampling": r.sampling,
        "method": list(r.methods) or None,
        "sample": r.sample and {"completed": r.sample.completed, "target": r.sample.target},
        "margin_of_error": r.margin_of_error and {"value": _number(r.margin_of_error.value),
                                                  "confidence": _number(r.margin_of_error.confidence),
                                                  "basis": r.margin_of_error.basis or None},
        "scale": r.scale and {"points": r.scale.points, "conversion": r.scale.conversion},
        "out_of": r.out_of,
        "published": _day(r.published),
        "headlines": [{"name": h.name or None, "score": _number(h.score)} for h in r.headlines],
        "change": {"from_year": survey.previous_year, "value": _number(survey.change)}
        if survey.change is not None else None,
        "previous": [{"year": p.year, "score": _number(p.score), "change": _number(p.change), "note": p.note or None}
                     for p in r.previous],
        "dimensions": [_dimension(d) for d in r.dimensions],
        "units": [{"name": u.unit, "respondents": u.respondents, "overall": _number(u.overall),
                   "dimensions": _scores(u.dimensions)} for u in r.units],
        "groups": [{"name": g.name, "sample": g.sample, "overall": _number(g.overall),
                    "dimensions": _scores(g.dimensions), "note": g.note or None} for g in r.groups],
        "figures": [{"name": f.name, "value": _number(f.value), "unit": f.unit, "note": f.note or None}
                    for f in r.figures],
        "benchmarks": [{"name": b.name, "score": _number(b.score), "note": b.note or None} for b in r.benchmarks],
        "findings": list(r.findings),
        "results": _deadline(survey.results),
        "plan": {**_deadline(survey.plan), "applies": r.plan != "not_applicable",
                 "summary": plan.summary or None if plan else None,
                 "actions": [{"issue": a.issue, "action": a.action, "department": a.department,
                              "due": _day(a.due), "status": a.status, "completed": _day(a.completed),
                              "note": a.note or None} for a in (plan.actions if plan else ())]},
    }


def _document(institution: str, surveys: list[Survey]) -> bytes:
    data = {"institution": institution, "surveys": [as_json(s) for s in surveys]}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def headline_chart(survey: Survey, overall_label: str) -> BarChart | None:
    """The headline scores side by side with the benchmarks as reference lines; a single score
    with nothing to compare needs no chart."""
    r = survey.record
    if len(r.headlines) < 2 and not r.benchmarks:
        return None
    return bar_chart([(h.name or overall_label, h.score) for h in r.headlines], r.out_of,
                     [(b.name, b.score) for b in r.benchmarks])


class SurveyPages:
    def __init__(self, renderer: Renderer, surveys: Surveys):
        self.r = renderer
        self.s = surveys

    def render(self) -> None:
        title = self.r.ui("surveys_title")
        owner = self.r.site.config.owner
        year_label = self.r.ui("year_label")
        institution = self.r.site.config.name
        trends = [(out_of, trend_chart([(year_label.format(year=s.year), s.record.primary) for s in group], out_of),
                   group) for out_of, group in self.s.by_scale]
        newest = max((s.updated for s in self.s.surveys), default=self.r.site.updated)
        everything = _document(institution, list(self.s.surveys))
        self.r.files.append(OutputFile(urls.SURVEYS_JSON, everything, "surveys/"))
        self.r.files.append(OutputFile(urls.SURVEYS_SCHEMA, SCHEMA.read_bytes(), "(package)/schema"))
        self.r.page("surveys/index.html",
                    View(urls.SURVEYS, title, "surveys", dataclasses.replace(owner, updated=newest), (), "surveys/"),
                    surveys=self.s, trends=trends, json_path=urls.site_path(urls.SURVEYS_JSON),
                    schema_path=urls.site_path(urls.SURVEYS_SCHEMA), json_size=len(everything))
        crumbs = ((title, urls.site_path(urls.SURVEYS)),)
        overall_label = self.r.ui("overall_heading")
        for survey in self.s.surveys:
            record = survey.record
            one = _document(institution, [survey])
            self.r.files.append(OutputFile(urls.survey_json_path(survey.slug), one, survey.source))
            chart = bar_chart([(d.name, d.score, depth) for depth, d in record.scored_dimensions], record.out_of)
            self.r.page("surveys/survey.html",
                        View(urls.survey_path(survey.slug), record.title, "survey",
                             dataclasses.replace(owner, updated=survey.updated), crumbs, survey.source,
                             record.summary),
                        survey=survey, chart=chart, headline_chart=headline_chart(survey, overall_label),
                        today=self.s.today,
                        json_path=urls.site_path(urls.survey_json_path(survey.slug)),
                        schema_path=urls.site_path(urls.SURVEYS_SCHEMA), json_size=len(one))
