"""Survey results: figures worked out at build time, the charts against their tables, deadlines."""

from __future__ import annotations

import re
from datetime import date
import xml.etree.ElementTree as ET
from decimal import Decimal

import html5lib
import pytest

from charterpress.build import render
from charterpress.check import check_site
from charterpress.charts import trend_chart
from charterpress.surveys import implied_margin
from conftest import TODAY, files_of

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _page(result, path: str):
    return html5lib.parse(files_of(result)[path][0], namespaceHTMLElements=False)


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def _charts(tree) -> list:
    return [svg for svg in tree.iter(f"{SVG}svg") if "chart-svg" in svg.get("class", "")]


def _chart_values(svg) -> list[str]:
    return [_text(t) for t in svg.iter(f"{SVG}text") if "value" in t.get("class", "").split()]


def _column(table, index: int) -> list[str]:
    """The numbers in one column of a table's body, rows without a number left out."""
    found = []
    for row in table.find("tbody").iter("tr"):
        cell = _text(list(row)[index])
        match = NUMBER.search(cell)
        if match and cell != "–":
            found.append(match.group())
    return found


def _table(tree, cls: str):
    return next(t for t in tree.iter("table") if cls in t.get("class", "").split())


def test_change_and_trend_are_worked_out_from_the_files(minimal) -> None:
    surveys = minimal.site.surveys
    first, second = surveys.surveys
    assert first.change is None and second.change == Decimal("1.1")  # 81.1 − 80.0, exactly
    assert second.previous is first.record
    assert [s.year for s in surveys.published] == [2024, 2025] and surveys.latest is second
    chart = trend_chart([(str(s.year), s.record.overall) for s in surveys.published])
    assert [p.value for p in chart.points] == [Decimal("80.0"), Decimal("81.1")]
    assert chart.points[0].y > chart.points[1].y  # the higher score stands higher
    assert [t.value for t in chart.ticks] == [70, 75, 80, 85, 90]
    page = files_of(minimal)["surveys/2025/index.html"][0].decode()
    assert '2024년 조사 대비 <span aria-hidden="true">▲ </span>1.1점 상승' in page


@pytest.mark.parametrize("score, words", [("79.9", "1.2점 하락"), ("81.1", "변동 없음"), ("90", "8.9점 상승")])
def test_change_is_said_in_words(make_site, score: str, words: str) -> None:
    site = make_site()
    text = (site / "surveys" / "2025.yaml").read_text(encoding="utf-8")
    later = text[: text.index("attachments:")].replace("2026", "2027").replace("2025", "2026")
    later = later.replace("overall: 81.1", f"overall: {score}")
    (site / "surveys" / "2026.yaml").write_text(later, encoding="utf-8")
    # the copied survey's dates move a year on: judge on a day after them (a future date is an error)
    page = files_of(render(site, date(2028, 1, 31)))["surveys/2026/index.html"][0].decode()
    arrow = "" if words == "변동 없음" else '<span aria-hidden="true">'
    assert f"2025년 조사 대비 {arrow}" in page and words in page
    assert ("▼" in page) == ("하락" in words)


@pytest.mark.parametrize("fixture", ["minimal", "demo"])
def test_charts_parse_and_carry_accessible_names(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    pages = [p for p in files_of(result) if p.startswith("surveys/") and p.endswith(".html")]
    charts = 0
    for path in pages:
        raw = files_of(result)[path][0].decode()
        for source in re.findall(r"<svg.*?</svg>", raw, flags=re.S):
            ET.fromstring(source.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))  # well-formed XML
        for svg in _charts(_page(result, path)):
            charts += 1
            assert svg.get("role") == "img"
            ids = svg.get("aria-labelledby").split()
            named = {el.get("id"): _text(el) for el in svg.iter() if el.get("id")}
            title, desc = (named[i] for i in ids)  # both inside the chart, both non-empty
            assert title and desc
            assert svg.find(f"{SVG}title").get("id") == ids[0]
            assert re.findall(r"([\d.]+)점", desc) == _chart_values(svg)  # the description reads every number
    assert charts >= len(pages)  # the index's trend, and a bar chart per published survey


@pytest.mark.parametrize("fixture", ["minimal", "demo"])
def test_numbers_in_each_chart_equal_the_numbers_in_its_table(fixture: str, request) -> None:
    result = request.getfixturevalue(fixture)
    surveys = result.site.surveys
    index = _page(result, "surveys/index.html")
    rows = {_text(list(tr)[0]): tr for tr in _table(index, "surveys").find("tbody").iter("tr")}
    trends = _charts(index)
    assert len(trends) == len(surveys.by_scale)  # one trend per scale the scores were published on
    for trend, (_, group) in zip(trends, surveys.by_scale):
        in_table = [NUMBER.search(_text(list(rows[f"{s.year}년"])[2])).group() for s in group]
        assert _chart_values(trend) == in_table == [str(s.record.primary) for s in group]
    for survey in surveys.published:
        tree = _page(result, f"surveys/{survey.slug}/index.html")
        (bars,) = _charts(tree)
        assert _chart_values(bars) == _column(_table(tree, "dimension-scores"), 1)
        assert _chart_values(bars) == [str(d.score) for _, d in survey.record.scored_dimensions]


def test_demo_has_three_years_a_late_result_and_an_overdue_action(demo) -> None:
    surveys = demo.site.surveys
    assert len(surveys.published) >= 3
    assert [s.year for s in surveys.surveys if s.results.state == "late"] == [2024]
    overdue = [a.action for s in surveys.surveys for a in s.overdue_actions(TODAY)]
    assert overdue == ["좌석 예약·반납 무인 발권기 도입"]
    page = files_of(demo)["surveys/2025/index.html"][0].decode()
    assert "진행중 – 기한 145일 지남, 2026-11-22 기준" in page
    index = files_of(demo)["surveys/index.html"][0].decode()
    assert "기한 후 공개 (11일 늦음)" in index


def test_attachment_size_is_measured(minimal) -> None:
    size = len(files_of(minimal)["static/surveys/2025-scores.csv"][0])
    page = files_of(minimal)["surveys/2025/index.html"][0].decode()
    assert f"(CSV 파일, {size} B)" in page and "(PDF 파일)" in page


def _unpublished(site, end: str) -> None:
    """A 2026 survey that ended on `end` and whose results are not out yet."""
    text = (site / "surveys" / "2025.yaml").read_text(encoding="utf-8")
    head = text[: text.index("overall:")].replace("2025-11-03", "2026-09-01").replace("2025-11-14", end)
    (site / "surveys" / "2026.yaml").write_text(head.replace("2025년", "2026년"), encoding="utf-8")


def test_check_reports_survey_deadlines_for_a_fixed_day(make_site) -> None:
    site = make_site()
    _unpublished(site, "2026-10-09")  # results due 2026-11-09: missing on 2026-11-22
    report = check_site(site, today=TODAY)
    assert [str(d) for d in report.diagnostics] == [
        "surveys/2024.yaml:22:12: warning: the 2024 survey results were published on 2024-12-20, "
        "4 days after the due date 2024-12-16",
        "surveys/2025.yaml:45:12: warning: improvement action '무인 반납기 설치' was due on 2026-06-30 "
        "and is '진행중' (145 days overdue)",
        "surveys/2026.yaml:1:1: the 2026 survey results were due on 2026-11-09 and are missing (13 days overdue)",
    ]
    assert report.failed(strict=False)
    index = files_of(render(site, TODAY))["surveys/index.html"][0].decode()
    assert "미공개 (기한 13일 지남, 2026-11-22 기준)" in index and "공개 예정 (기한 2027-02-10, 2026-11-22 기준)" in index  # 02-09 is 설날's substitute holiday


def test_check_warns_before_results_fall_due(make_site) -> None:
    site = make_site()
    _unpublished(site, "2026-10-23")  # due 2026-11-23, tomorrow
    report = check_site(site, today=TODAY)
    assert "surveys/2026.yaml:1:1: warning: the 2026 survey results are due on 2026-11-23, in 1 day" in [
        str(d) for d in report.diagnostics]
    assert not report.failed(strict=False)


def test_margin_of_error_far_from_the_sample_is_a_warning(make_site) -> None:
    site = make_site()
    path = site / "surveys" / "2025.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 5.57", "value: 2.83"), encoding="utf-8")
    result = render(site, TODAY)  # published as written: a warning, never a failed build
    assert [str(w) for w in result.warnings] == [
        "surveys/2025.yaml:16:3: warning: margin of error ±2.83%p is far from the ±5.57%p that 310 responses "
        "imply at 95% confidence (simple random sampling, p = 0.5); it is published as written, so check it "
        "against the report"]
    assert "±2.83%p" in files_of(result)["surveys/2025/index.html"][0].decode()


def test_implied_margin_matches_the_textbook_figure() -> None:
    assert implied_margin(410, Decimal(95)) == Decimal("4.84")  # domain.md §4.1
    assert implied_margin(1000, Decimal(95)) == Decimal("3.10")
    assert implied_margin(1000, Decimal(99)) == Decimal("4.07")


@pytest.mark.parametrize("fixture", ["minimal", "demo"])
def test_survey_json_follows_the_shipped_schema(fixture: str, request) -> None:
    import json

    import jsonschema

    from charterpress.render_surveys import SCHEMA

    result = request.getfixturevalue(fixture)
    data = json.loads(files_of(result)["surveys/surveys.json"][0])
    jsonschema.validate(data, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert [s["year"] for s in data["surveys"]] == [s.year for s in result.site.surveys.surveys]
    assert all(s["out_of"] == 100 for s in data["surveys"]) == (fixture == "minimal")  # the demo's 2022 is out of 5
