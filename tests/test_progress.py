"""The build's page counter: drawn on a terminal, silent in CI and in pipes."""

from __future__ import annotations

import io

from charterpress import progress
from charterpress.build import build
from charterpress.progress import INDEXING, Progress, wanted
from conftest import MINIMAL, TODAY


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_counter_counts_pages_and_clears_its_line(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(progress, "INTERVAL", 0)  # draw on every page
    screen = Terminal()
    counter = Progress(screen, enabled=True)
    result = build(MINIMAL, tmp_path / "out", today=TODAY, on_page=counter.page)
    assert counter.pages == result.page_count
    assert f"\rrendering: {result.page_count:,} pages" in screen.getvalue()
    counter.page(INDEXING)
    assert screen.getvalue().split("\r")[-1].startswith(f"indexing for search: {result.page_count:,} pages")
    counter.clear()
    assert screen.getvalue().endswith("\r")  # the line is blanked before the summary is printed


def test_quiet_when_not_a_terminal_or_in_ci(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert wanted(Terminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())
    pipe = io.StringIO()
    counter = Progress(pipe)
    for n in range(50):
        counter.page(f"p{n}/index.html")
    counter.page(INDEXING)
    counter.clear()
    assert pipe.getvalue() == ""
