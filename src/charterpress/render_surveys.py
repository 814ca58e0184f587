"""Render `surveys/`: the index with the trend across years, and one page per survey."""

from __future__ import annotations

import dataclasses

from charterpress import urls
from charterpress.charts import bar_chart, trend_chart
from charterpress.model import Surveys
from charterpress.render import Renderer, View


class SurveyPages:
    def __init__(self, renderer: Renderer, surveys: Surveys):
        self.r = renderer
        self.s = surveys

    def render(self) -> None:
        title = self.r.ui("surveys_title")
        owner = self.r.site.config.owner
        year_label = self.r.ui("year_label")
        trend = trend_chart([(year_label.format(year=s.year), s.record.overall) for s in self.s.published])
        newest = max((s.updated for s in self.s.surveys), default=None)
        self.r.page("surveys/index.html",
                    View(urls.SURVEYS, title, "surveys", dataclasses.replace(owner, updated=newest), (), "surveys/"),
                    surveys=self.s, trend=trend)
        crumbs = ((title, urls.site_path(urls.SURVEYS)),)
        for survey in self.s.surveys:
            record = survey.record
            chart = bar_chart([(d.name, d.score) for d in record.dimensions])
            self.r.page("surveys/survey.html",
                        View(urls.survey_path(survey.slug), record.title, "survey",
                             dataclasses.replace(owner, updated=survey.updated), crumbs, survey.source,
                             record.summary),
                        survey=survey, chart=chart, today=self.s.today)
