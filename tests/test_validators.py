"""The external judges over every built page: Nu Html Checker (vnu) and axe-core in Chromium.

In CI (CI=true) a missing tool fails the suite; elsewhere these tests are skipped with the
install instructions, so a developer without Chromium can still run the rest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from charterpress.build import build
from charterpress.validators import ToolMissing, find_tools, run_axe, run_vnu
from conftest import DEMO, MINIMAL, TESTS, TODAY, write_big_month
from test_survey_shapes import ALL as SHAPE_CASES, shape_site

# The per-service × per-channel charter of seed 000, with repeated section names (landmark-unique).
CHARTER_FORMAT = TESTS / "sites" / "charter-format"

pytestmark = pytest.mark.validators

BROKEN_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>broken</title>
<style>.faint { color: #ccc; background: #fff; }</style></head>
<body><main><h1>깨진 쪽</h1>
<p id="content" class="faint">흐린 글씨</p><p id="content">같은 id</p>
<img src="logo.png">
</main></body></html>
"""


@pytest.fixture(scope="module")
def tools():
    try:
        return find_tools(Path(__file__).parents[1] / ".check-tools")
    except ToolMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"validators are required in CI: {exc}")
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    big = tmp_path_factory.mktemp("big-src") / "site"
    shutil.copytree(MINIMAL, big)
    write_big_month(big, 5000)
    sites = {}
    for name, source in (("demo", DEMO), ("minimal", MINIMAL), ("big-month", big),
                         ("charter-format", CHARTER_FORMAT)):
        out = tmp_path_factory.mktemp(name) / "site"
        build(source, out, today=TODAY)
        sites[name] = out
    sites["survey-shapes"] = _survey_shapes(tmp_path_factory)
    return sites


def _survey_shapes(tmp_path_factory) -> Path:
    """Every survey-shape fixture, worked-on and held-out, built as its own site under one folder;
    only their survey pages are kept (the rest is the minimal site, judged above)."""
    combined = tmp_path_factory.mktemp("survey-shapes")
    sources = tmp_path_factory.mktemp("survey-shapes-src")
    for base, case in SHAPE_CASES:
        out = combined / case
        build(shape_site(sources, base, case), out, today=TODAY)
        for page in out.rglob("*.html"):
            if not page.relative_to(out).as_posix().startswith("surveys/"):
                page.unlink()
    return combined


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("broken")
    (folder / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["demo", "minimal", "big-month", "survey-shapes", "charter-format"])
def test_vnu_finds_no_errors(tools, built, name) -> None:
    assert run_vnu(tools, built[name]) == []


@pytest.mark.parametrize("name", ["demo", "minimal", "survey-shapes", "charter-format"])
def test_axe_finds_no_violations_at_desktop_and_360px(tools, built, name) -> None:
    pages, violations = run_axe(tools, built[name])
    assert pages >= 7
    assert violations == []


def test_vnu_fails_on_a_broken_page(tools, broken_site) -> None:
    errors = run_vnu(tools, broken_site)
    assert any("Duplicate ID" in e for e in errors)
    assert any("alt" in e for e in errors)


def test_axe_fails_on_a_broken_page(tools, broken_site) -> None:
    _, violations = run_axe(tools, broken_site, widths=(1280,))
    rules = {v.split(": ")[1].split(" ")[0] for v in violations}
    assert {"html-has-lang", "image-alt", "color-contrast", "duplicate-id"} <= rules


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("sub-path-src") / "site"
    shutil.copytree(MINIMAL, source)
    settings = (source / "site.yaml").read_text(encoding="utf-8")
    (source / "site.yaml").write_text(settings.replace("https://test.example.kr/", "https://www.garam.go.kr/charter/"),
                                      encoding="utf-8")
    out = tmp_path_factory.mktemp("sub-path") / "site"
    build(source, out, today=TODAY)
    return out


def test_axe_passes_a_sub_path_site_served_at_its_base_path(tools, sub_path_site) -> None:
    pages, violations = run_axe(tools, sub_path_site, widths=(1280,), base_path="/charter/")
    assert pages >= 7
    assert violations == []


def test_axe_served_at_the_wrong_path_loses_the_stylesheet(tools, sub_path_site) -> None:
    """The fault the base path fixes: served at '/', the pages' '/charter/assets/…' are not found."""
    _, violations = run_axe(tools, sub_path_site, widths=(1280,))
    assert violations
