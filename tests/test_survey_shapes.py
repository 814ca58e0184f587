"""Survey results in the shapes institutions publish them: 5-point means, unstated facts, two
headline scores, nested and unit-only dimensions, respondent groups, figures, benchmarks, stated
previous results, statutory surveys run by an outside body, archived years.

Fixtures: tests/sites/survey-shapes/ (worked on, with golden output in tests/golden/survey-shapes/)
and tests/sites/survey-heldout/ (written before the code, never tuned on: only the general rules
below are asserted on them).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import html5lib
import jsonschema
import pytest

from charterpress.build import BuildResult, build, render
from charterpress.check import check_site
from charterpress.deadlines import Deadline
from charterpress.diagnostics import BuildFailed
from charterpress.render_surveys import SCHEMA
from conftest import MINIMAL, TESTS, TODAY, files_of, tree_bytes

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"\d+(?:\.\d+)?")
SHAPES = TESTS / "sites" / "survey-shapes"
HELDOUT = TESTS / "sites" / "survey-heldout"
GOLDEN = TESTS / "golden" / "survey-shapes"
TRAIN = sorted(p.name for p in SHAPES.iterdir() if p.is_dir())
HELD = sorted(p.name for p in HELDOUT.iterdir() if p.is_dir())
ALL = [(SHAPES, c) for c in TRAIN] + [(HELDOUT, c) for c in HELD]
STAMP = datetime(2026, 11, 2, 12, tzinfo=ZoneInfo("Asia/Seoul")).timestamp()


def shape_site(tmp: Path, base: Path, case: str) -> Path:
    """The minimal site with its surveys replaced by one case's (and its site.yaml, if any); every
    file dated alike, so 최종수정일 does not depend on when the copy was made."""
    site = tmp / case
    shutil.copytree(MINIMAL, site)
    shutil.rmtree(site / "surveys")
    shutil.copytree(base / case, site, dirs_exist_ok=True)
    for path in site.rglob("*"):
        os.utime(path, (STAMP, STAMP))
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, BuildResult]:
    tmp = tmp_path_factory.mktemp("shapes")
    return {case: render(shape_site(tmp, base, case), TODAY) for base, case in ALL}


def _page(result: BuildResult, path: str):
    return html5lib.parse(files_of(result)[path][0], namespaceHTMLElements=False)


def _text(element) -> str:
    return "".join(element.itertext()).strip()


def _charts(tree) -> dict[str, object]:
    return {svg.get("aria-labelledby").split()[0].removesuffix("-title"): svg
            for svg in tree.iter(f"{SVG}svg") if "chart-svg" in svg.get("class", "")}


def _chart_numbers(svg) -> list[str]:
    """Every number a chart draws: bar and point values, then the benchmarks' reference lines."""
    texts = [t for t in svg.iter(f"{SVG}text")]
    values = [_text(t) for t in texts if "value" in t.get("class", "").split()]
    refs = [NUMBER.findall(_text(t))[-1] for t in texts if "reference" in t.get("class", "").split()]
    return values + refs


def _column(table, index: int) -> list[str]:
    found = []
    for row in table.find("tbody").iter("tr"):
        cell = _text(list(row)[index])
        match = NUMBER.search(cell)
        if match and cell != "–":
            found.append(match.group())
    return found


def _table(tree, cls: str):
    return next((t for t in tree.iter("table") if cls in t.get("class", "").split()), None)


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_every_shape_builds_without_problems(built, base, case) -> None:
    assert [str(w) for w in built[case].warnings] == []


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_numbers_in_each_chart_equal_its_table(built, base, case) -> None:
    result = built[case]
    surveys = result.site.surveys
    for survey in surveys.surveys:
        tree = _page(result, f"surveys/{survey.slug}/index.html")
        charts = _charts(tree)
        record = survey.record
        if "headline-chart" in charts:
            drawn = _chart_numbers(charts.pop("headline-chart"))
            assert drawn == _column(_table(tree, "headline-scores"), 1)
            assert drawn == [str(h.score) for h in record.headlines] + [str(b.score) for b in record.benchmarks]
        else:
            assert len(record.headlines) < 2 and not record.benchmarks
        if "dimensions-chart" in charts:
            drawn = _chart_numbers(charts.pop("dimensions-chart"))
            assert drawn == _column(_table(tree, "dimension-scores"), 1)
            assert drawn == [str(d.score) for _, d in record.scored_dimensions]
        assert not charts
    index = _page(result, "surveys/index.html")
    rows = {_text(list(tr)[0]): tr for tr in _table(index, "surveys").find("tbody").iter("tr")}
    charts = list(_charts(index).values())
    assert len(charts) == len(surveys.by_scale)
    for svg, (out_of, group) in zip(charts, surveys.by_scale):
        in_table = [NUMBER.search(_text(list(rows[f"{s.year}년"])[2])).group() for s in group]
        assert _chart_numbers(svg) == in_table == [str(s.record.primary) for s in group]
        assert f"{out_of}점 만점" in _text(svg.find(f"{SVG}title"))


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_chart_descriptions_read_every_number(built, base, case) -> None:
    result = built[case]
    for path in files_of(result):
        if not (path.startswith("surveys/") and path.endswith(".html")):
            continue
        for svg in _charts(_page(result, path)).values():
            desc = _text(svg.find(f"{SVG}desc"))
            assert re.findall(r"([\d.]+)점", desc) == _chart_numbers(svg)
            for ref in svg.iter(f"{SVG}text"):
                if "reference" in ref.get("class", "").split():  # a benchmark is named in the description
                    assert _text(ref).rsplit(" ", 1)[0] in desc


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_json_downloads_follow_the_schema(built, base, case) -> None:
    files = files_of(built[case])
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    everything = json.loads(files["surveys/surveys.json"][0])
    jsonschema.validate(everything, schema)
    assert files["surveys/surveys.schema.json"][0] == SCHEMA.read_bytes()
    for survey in built[case].site.surveys.surveys:
        one = json.loads(files[f"surveys/{survey.slug}/survey.json"][0])
        jsonschema.validate(one, schema)
        assert one["surveys"] == [s for s in everything["surveys"] if s["slug"] == survey.slug]


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_every_score_is_said_with_its_scale(built, base, case) -> None:
    """A score not out of 100 never appears as 'N점 / 100점 만점', and its page says its scale."""
    for survey in built[case].site.surveys.published:
        page = files_of(built[case])[f"surveys/{survey.slug}/index.html"][0].decode()
        out_of = survey.record.out_of
        assert f"/ {out_of}점 만점" in page
        if out_of != 100:
            assert "100점 만점" not in page


@pytest.mark.parametrize("base, case", ALL, ids=[c for _, c in ALL])
def test_archived_and_undated_surveys_are_not_judged(built, base, case) -> None:
    result = built[case]
    for survey in result.site.surveys.surveys:
        for deadline in (survey.results, survey.plan):
            if deadline.state in ("missing", "late"):
                assert deadline.tracked and deadline.due is not None
    for path, (data, _) in files_of(result).items():
        if path.startswith("surveys/") and path.endswith(".html"):
            assert "일 지남" not in data.decode() or result.site.config.surveys.tracked_from is None


@pytest.mark.parametrize("case", TRAIN)
def test_shapes_match_golden_output(tmp_path, case, update_golden) -> None:
    out = tmp_path / "site"
    build(shape_site(tmp_path / "src", SHAPES, case), out, today=TODAY)
    actual = {k: v for k, v in tree_bytes(out).items() if k.startswith("surveys/")}
    golden = GOLDEN / case
    if update_golden:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, data in actual.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_bytes(data)
    expected = tree_bytes(golden)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path].decode() == expected[path].decode(), path


def test_five_point_means_stay_means(built) -> None:
    result = built["city-petition"]
    survey = result.site.surveys.surveys[0]
    page = files_of(result)["surveys/2022/index.html"][0].decode()
    assert "<strong>3.31점</strong> <span class=\"muted\">/ 5점 만점</span>" in page
    assert "5점 척도의 평균 점수 그대로 (5점 만점)" in page
    assert "(막대 눈금 1부터 5까지)" in page  # the chart says its own axis
    assert survey.results.state == "date_unknown" and survey.plan.state == "not_applicable"
    assert "공표일 확인 불가" in page and "조사 기간</dt><dd>2022년 상반기 민원" in page
    assert page.count("공표되지 않음") == 5  # the period's dates, pollster, population, sampling, method
    assert "2021년 조사 대비 <span aria-hidden=\"true\">▲ </span>0.12점 상승" in page
    assert "(변화는 보고서 기재)" in page
    home = files_of(result)["index.html"][0].decode()
    assert "5점 만점에 3.31점" in home


def test_the_trend_never_mixes_scales(tmp_path) -> None:
    site = shape_site(tmp_path, SHAPES, "city-petition")
    later = (site / "surveys" / "2022.yaml").read_text(encoding="utf-8")
    (site / "surveys" / "2023.yaml").write_text(
        later.replace("year: 2022", "year: 2023").replace("out_of: 5\n", "").replace("scale: {points: 5}\n", "")
        .replace("3.31", "71.2").replace("3.35", "72.0").replace("3.21", "69.9").replace("3.28", "70.1")
        .replace("3.42", "73.3").replace("3.22", "70.4").replace("previous:\n  - {year: 2021, change: 0.12, "
                                                                   "note: 보도자료에 '전년 대비 0.12점 상승'으로만 적혀 있습니다.}\n", ""),
        encoding="utf-8")
    result = render(site, TODAY)
    surveys = result.site.surveys
    assert [(n, [s.year for s in g]) for n, g in surveys.by_scale] == [(100, [2023]), (5, [2022])]
    assert surveys.surveys[1].change is None  # 71.2 of 100 against 3.31 of 5: no change is worked out
    index = files_of(result)["surveys/index.html"][0].decode()
    assert "같은 척도로 공표한 해끼리 따로 그렸습니다" in index


def test_five_point_means_read_as_100_points_are_a_warning(tmp_path) -> None:
    site = shape_site(tmp_path, SHAPES, "city-petition")
    path = site / "surveys" / "2022.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("out_of: 5\n", ""), encoding="utf-8")
    result = render(site, TODAY)
    assert [str(w) for w in result.warnings] == [
        "surveys/2022.yaml:9:10: warning: every score is at most 5, yet the scores are read as out of 100; "
        "if the report gives means on its 5-point scale, write 'out_of: 5'"]


def test_statutory_survey_counts_from_the_outside_bodys_publication(built) -> None:
    survey = built["local-corp"].site.surveys.surveys[0]
    assert survey.results.due == date(2013, 3, 28)  # 2013-02-28 + 1 month, not 2012-10-19 + 1 month
    assert survey.results.state == "published" and not survey.results.tracked  # before tracked_from
    assert survey.plan.state == "not_judged"
    assert str(survey.change) == "1.1"  # 84.4 − the 83.3 the report states for 2011
    page = files_of(built["local-corp"])["surveys/2012/index.html"][0].decode()
    assert "비교 기준 시설관리공단 전체 84.0점, 비교 기준 지방공기업 전체 77.0점" in page
    assert "공개 기록 없음 (기한 관리 시작 전)" in page and "개선 계획을 공개한 기록이 없습니다." in page


def test_unknown_outside_publication_sets_no_deadline(tmp_path) -> None:
    site = shape_site(tmp_path, SHAPES, "local-corp")
    path = site / "surveys" / "2012.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("published: 2013-02-28", "published: unknown"),
                    encoding="utf-8")
    survey = render(site, TODAY).site.surveys.surveys[0]
    assert survey.results.due is None and survey.results.state == "published"


def test_nested_dimensions_keep_their_order_and_depth(built) -> None:
    record = built["local-corp"].site.surveys.surveys[0].record
    assert [(depth, d.name) for depth, d in record.flat_dimensions][:3] == [
        (0, "서비스 품질 지수"), (1, "서비스 환경"), (1, "서비스 과정")]
    page = files_of(built["local-corp"])["surveys/2012/index.html"][0].decode()
    assert '<tr class="part"><th scope="row"><span class="visually-hidden">하위 항목: </span>서비스 환경</th>' in page


def test_dimensions_by_unit_only_and_respondent_groups(built) -> None:
    result = built["facility-own"]
    survey = result.site.surveys.surveys[0]
    assert survey.record.unit_dimensions == ["서비스 환경", "서비스 과정", "서비스 결과"]
    assert survey.change == survey.record.primary - survey.record.previous[0].score  # 90.2 − 89.1
    tree = _page(result, "surveys/2020/index.html")
    groups = _table(tree, "group-scores")
    assert [_text(list(r)[0]) for r in groups.find("tbody")] == ["시설 이용 고객", "시설 근무 직원 (내부 고객 조사)"]
    assert _column(groups, 1) == ["380", "30"] and _column(groups, 2) == ["90.6", "85.1"]
    units = _table(tree, "unit-scores")
    assert _text(list(list(units.find("tbody"))[2])[-1]) == "–"  # 문화회관 has no 서비스 결과 score


def test_two_headline_scores_and_a_note_for_a_chart_image(built, tmp_path) -> None:
    result = built["older-city"]
    first, second = result.site.surveys.surveys
    assert [h.name for h in second.record.headlines] == ["시정 전반 만족도", "분야별 만족도"]
    assert second.change == second.record.primary - first.record.primary  # the first headline's trend
    assert first.change is None  # the year before is only a chart image: no change is invented
    page = files_of(result)["surveys/2010/index.html"][0].decode()
    assert "그래프 이미지에만 있어" in page
    assert second.plan.state == "not_applicable" and first.plan.state == "not_judged"
    assert check_site(shape_site(tmp_path, SHAPES, "older-city"), today=TODAY).diagnostics == []


def test_tracked_from_silences_imported_history(make_site) -> None:
    site = make_site()
    settings = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(settings + "  tracked_from: 2025-01-01\n", encoding="utf-8")
    report = check_site(site, today=TODAY)
    assert not any("2024 survey" in str(d) for d in report.diagnostics)  # due 2024-12-16: not judged
    assert any("무인 반납기 설치" in str(d) for d in report.diagnostics)  # the 2025 plan still is
    index = files_of(render(site, TODAY))["surveys/index.html"][0].decode()
    assert "공개함 (기한 관리 시작 전)" in index and "공개 기한은 2025-01-01 이후에 돌아오는 것부터 따집니다." in index


def test_dimensions_listed_without_institution_scores_draw_no_chart(tmp_path) -> None:
    site = shape_site(tmp_path, SHAPES, "facility-own")
    path = site / "surveys" / "2020.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "units:\n", "dimensions:\n  - {name: 서비스 환경}\n  - {name: 서비스 과정}\n  - {name: 서비스 결과}\nunits:\n")
    path.write_text(text, encoding="utf-8")
    result = render(site, TODAY)
    assert result.warnings == []
    tree = _page(result, "surveys/2020/index.html")
    assert "dimensions-chart" not in _charts(tree)
    assert _column(_table(tree, "dimension-scores"), 1) == []  # every institution-level cell is '–'
    page = files_of(result)["surveys/2020/index.html"][0].decode()
    assert "항목별 점수는 기관 전체로는 공표되지 않았고" in page
    path.write_text(text.replace("{unit: 체육센터, respondents: 120, overall: 91.0, dimensions: {서비스 환경",
                                 "{unit: 체육센터, respondents: 120, overall: 91.0, dimensions: {서비스 한경"),
                    encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "surveys/2020.yaml:19:5: unit '체육센터' has a score for dimension '서비스 한경', which is not in "
        "dimensions (did you mean '서비스 환경'?)"]


@pytest.mark.parametrize("kwargs, state", [
    ({}, "missing"),
    ({"tracked": False}, "not_judged"),
    ({"date_unknown": True}, "date_unknown"),
    ({"applies": False}, "not_applicable"),
    ({"due": None}, "not_judged"),
    ({"published": date(2026, 1, 5), "tracked": False}, "published"),
    ({"published": date(2026, 1, 5)}, "late"),
])
def test_deadline_states(kwargs, state) -> None:
    args = {"due": date(2026, 1, 2), "published": None, "today": TODAY, **kwargs}
    deadline = Deadline(**args)
    assert deadline.state == state
    assert deadline.judged == (state in ("missing", "late"))
