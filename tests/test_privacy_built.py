"""A free page's built bytes are scanned for personal identifiers in the worker that rendered
them (render.Renderer._scanned), and the build reports what it finds exactly as a scan in the main
process does: the same failure, every page named, with one process or several."""

from __future__ import annotations

import os

import pytest
from conftest import TODAY

from charterpress import parallel, privacy_scan
from charterpress import render as render_module
from charterpress.build import render
from charterpress.diagnostics import BuildFailed

PAGES = {f"pages/p{n}.md": f"---\ntitle: 안내 {n}\n---\n\n## 절차\n\n- 접수 {n}\n" for n in range(6)}
# A 주민등록번호 no source holds whole: a site template puts it together on every free page.
PUTS_ONE_TOGETHER = ('{% extends "!theme/page.html" %}'
                     '{% block content %}{{ super() }}<p>{{ "800101" }}-{{ "1234568" }}</p>{% endblock %}')


def outcome(site) -> tuple[str, list]:
    try:
        return "built", [(f.path, f.data) for f in render(site, TODAY).files]
    except BuildFailed as failure:
        return "failed", [str(d) for d in failure.diagnostics]


def test_free_pages_are_scanned_where_they_are_rendered(make_site, tmp_path, monkeypatch) -> None:
    site = make_site(PAGES)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)  # a pool for six pages
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    alone = outcome(site)
    log = tmp_path / "pids"
    real_page, real_built = render_module.Renderer.free_page_html, privacy_scan.PrivacyScan._built

    def page(self, p):
        with log.open("a") as out:
            out.write(f"page {os.getpid()} {p.path}\n")
        return real_page(self, p)

    def built(self, data):
        with log.open("a") as out:
            out.write(f"scan {os.getpid()} {'free' if '<h1>안내 '.encode() in data else 'other'}\n")
        return real_built(self, data)

    monkeypatch.setattr(render_module.Renderer, "free_page_html", page)
    monkeypatch.setattr(privacy_scan.PrivacyScan, "_built", built)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    assert outcome(site) == alone  # the same bytes
    lines = [line.split() for line in log.read_text().splitlines()]
    rendered_in = {pid for kind, pid, _ in lines if kind == "page"}
    scanned_in = [pid for kind, pid, what in lines if kind == "scan" and what == "free"]
    assert len(scanned_in) == 6  # each of the six pages once
    assert set(scanned_in) <= rendered_in and str(os.getpid()) not in scanned_in


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_identifier_a_template_puts_on_every_free_page_fails_the_build(jobs, make_site, monkeypatch) -> None:
    site = make_site({**PAGES, "templates/page.html": PUTS_ONE_TOGETHER})
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("CHARTERPRESS_JOBS", jobs)
    failed, messages = outcome(site)
    assert failed == "failed"
    built = sorted(m for m in messages if "the built file" in m)
    said = "which looks like a 주민등록번호 (resident registration number); personal identifiers must not be published"
    assert built == sorted([f"pages/p{n}.md: the built file p{n}/index.html contains '800101-*******', {said}"
                            for n in range(6)] +
                           [f"pages/privacy.md: the built file privacy/index.html contains '800101-*******', {said}"])
