"""정보목록 at scale: a month's pages, the scan of the built files and the page checks over every
core give the same site, the same failure and the same findings as one process."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from charterpress import parallel, privacy_scan, render_disclosures
from charterpress import render as render_module
from charterpress.build import render
from charterpress.checks import pages as pages_module
from charterpress.checks.pages import check_pages
from charterpress.diagnostics import BuildFailed
from charterpress.outputfile import OutputFile

from conftest import MINIMAL, write_big_month

TODAY = date(2026, 11, 22)


def outcome(site: Path):
    try:
        result = render(site, TODAY)
    except BuildFailed as failed:
        return ("failed", [str(p) for p in failed.diagnostics])
    return ([(f.path, f.data, f.origin) for f in result.files], [str(w) for w in result.warnings])


def test_month_pages_and_output_scan_over_every_core_equal_one_process(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site)
    write_big_month(site, 1200)  # three pages of 500 rows, and a page for each withheld kind
    monkeypatch.setattr(render_disclosures, "MIN_PAGES", 2)
    monkeypatch.setattr(privacy_scan, "MIN_SPOOLED", 2)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    alone = outcome(site)
    pids = tmp_path / "pids"  # where each month page was rendered, and each built file scanned
    real_html, real_built = render_module.Renderer._html, privacy_scan.PrivacyScan._built

    def html(self, template, origin, **context):
        if template == render_disclosures.MONTH_TEMPLATE:
            with pids.open("a") as out:
                out.write(f"page {os.getpid()}\n")
        return real_html(self, template, origin, **context)

    def built(self, data):
        with pids.open("a") as out:
            out.write(f"scan {os.getpid()}\n")
        return real_built(self, data)

    monkeypatch.setattr(render_module.Renderer, "_html", html)
    monkeypatch.setattr(privacy_scan.PrivacyScan, "_built", built)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    assert outcome(site) == alone
    seen = pids.read_text().split("\n")
    for stage in ("page", "scan"):
        assert {line.split()[1] for line in seen if line.startswith(stage)} - {str(os.getpid())}, stage

    # A 주민등록번호 a site template puts together on every month page (no source holds it whole):
    # the same failure, each built page named, both ways.
    (site / "templates" / "disclosures").mkdir(parents=True)
    (site / "templates" / "disclosures" / "month.html").write_text(
        '{% extends "!theme/disclosures/month.html" %}'
        '{% block content %}{{ super() }}<p>{{ "800101" }}-{{ "1234568" }}</p>{% endblock %}', encoding="utf-8")
    failed = outcome(site)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    assert outcome(site) == failed and failed[0] == "failed"
    built = [m for m in failed[1] if "the built file disclosures/2026/08/" in m]
    assert len(built) >= 6 and any("disclosures/2026/08/page/3/index.html" in m for m in built), failed[1]


def test_in_order_yields_every_result_in_order(monkeypatch) -> None:
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    assert list(parallel.iter_in_order(lambda i: (i, os.getpid()), 5, 2))[3][0] == 3
    assert {pid for _, pid in parallel.iter_in_order(lambda i: (i, os.getpid()), 40, 2)} - {os.getpid()}
    assert [i for i, _ in parallel.iter_in_order(lambda i: (i, os.getpid()), 40, 2)] == list(range(40))
    assert {pid for _, pid in parallel.iter_in_order(lambda i: (i, os.getpid()), 40, 41)} == {os.getpid()}


def test_page_checks_over_every_core_equal_one_process(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site)
    write_big_month(site, 1200)
    files = render(site, TODAY).files
    # A page with a fault, among them: found the same both ways.
    files.append(OutputFile("broken/index.html", b"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>"
                            b"</title></head><body><p id=\"x\">a</p><p id=\"x\">b</p></body></html>", "broken.md"))
    monkeypatch.setattr(pages_module, "MIN_SPOOLED_PAGES", 2)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    alone = check_pages(files)
    pids = tmp_path / "pids"
    real = pages_module._check_page

    def checked(file):
        with pids.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return real(file)

    monkeypatch.setattr(pages_module, "_check_page", checked)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    assert check_pages(files) == alone and any(f.page == "broken/index.html" for f in alone)
    assert set(pids.read_text().split()) - {str(os.getpid())}


def test_downloads_serialised_in_chunks_are_the_same_bytes(tmp_path, monkeypatch) -> None:
    """The month and all-months CSV and JSON are written CHUNK_ROWS rows at a time, and spooled
    once they outgrow the spool's threshold: the same files as in one piece, in memory."""
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site)
    write_big_month(site, 120)
    monkeypatch.setattr(render_disclosures, "CHUNK_ROWS", 10**9)
    whole = {f.path: (f.data, f.spooled is None) for f in render(site, TODAY).files if "/disclosures-" in f.path
             or f.path.startswith("disclosures/disclosures-all")}
    monkeypatch.setattr(render_disclosures, "CHUNK_ROWS", 7)  # not a divisor of any month's rows
    monkeypatch.setattr("charterpress.outputfile.SPOOL_THRESHOLD", 4000)
    chunked = {f.path: (f.data, f.spooled is None) for f in render(site, TODAY).files if f.path in whole}
    assert {path: data for path, (data, _) in chunked.items()} == {path: data for path, (data, _) in whole.items()}
    assert len(whole) == 2 + 2 * 3  # the all-months pair and each of the three months' pair
    small = {path for path, (data, _) in whole.items() if len(data) <= 4000}
    assert small and {path for path, (_, in_memory) in chunked.items() if in_memory} == small
