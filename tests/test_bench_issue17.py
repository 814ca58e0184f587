"""`scripts/bench.py --issue17` prints every row of issue 17's table, before and now side by side.
The measurements are stood in for (this times nothing); the table and its verdicts are real."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load_bench():
    spec = importlib.util.spec_from_file_location("charterpress_bench", ROOT / "scripts" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_issue17_prints_every_row_before_and_now(monkeypatch, capsys) -> None:
    bench = load_bench()
    calls = []

    def fake(*keys_and_values):
        def measure(src, *args):
            calls.append(src)
            before = src != bench.ROOT / "src"
            return {key: (value * (3 if before else 1), "detail") for key, value in keys_and_values}
        return measure

    # "now" meets every target but W2's wall ratio and the W1 clean ratio; "before" is 3× each.
    monkeypatch.setattr(bench, "_issue17_w1", fake(("w1_clean", 4.1), ("w1_warm", 0.2), ("w1_edit", 0.8),
                                                   ("peak_w1", 0.2)))
    monkeypatch.setattr(bench, "_issue17_serve", fake(("serve_edit", 0.09), ("serve_all", 0.9)))
    monkeypatch.setattr(bench, "_issue17_w2", fake(("w2", 3.1), ("peak_w2", 0.24), ("peak_growth", 1.05)))
    monkeypatch.setattr(bench, "_issue17_check", fake(("check", 1.47)))
    monkeypatch.setattr(sys, "argv", ["bench.py", "--issue17", "--quick", "--baseline", "/tmp/before/src"])
    bench.main()
    table = capsys.readouterr().out
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| row")]
    assert len(rows) == len(bench.ISSUE17_ROWS) == 10
    assert len(calls) == 8  # each measurement once for before, once for now
    for row, line in zip(bench.ISSUE17_ROWS, rows):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert cells[0] == row.label.format(pages="60", rows="3,000", w2_rows="200", w2_total="2,400")
        assert "detail" in cells[1] and "detail" in cells[2] and cells[1] != cells[2], line
        assert cells[3] == row.target
        assert cells[4] == ("no" if row.key in ("w1_clean", "w2") else "yes"), line
    assert "| check on a 3,000-row month: CPU ÷ build's | 4.41× (detail) | 1.47× (detail) | ≤ 1.5× | yes |" in rows


def test_issue17_without_hugo_or_baseline_says_so(monkeypatch, capsys) -> None:
    bench = load_bench()
    nan = float("nan")
    monkeypatch.setattr(bench, "_issue17_w1", lambda *a: {"w1_clean": (nan, "no Hugo"), "w1_edit": (0.5, "")})
    monkeypatch.setattr(bench, "_issue17_serve", lambda *a: {})
    monkeypatch.setattr(bench, "_issue17_w2", lambda *a: {})
    monkeypatch.setattr(bench, "_issue17_check", lambda *a: {"check": (1.6, "")})
    monkeypatch.setattr(sys, "argv", ["bench.py", "--issue17", "--quick"])
    bench.main()
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.strip("|").split("|")]
            for line in capsys.readouterr().out.splitlines() if line.startswith("| ")}
    assert rows["W1 60 pages, clean build: CPU ÷ Hugo's"][1:] == ["—", "— (no Hugo)", "≤ 1.0×", "—"]
    assert rows["W1 one page edited, CLI rebuild: CPU"][1:] == ["—", "0.50 s", "≤ 1.0 s", "yes"]
    assert rows["check on a 3,000-row month: CPU ÷ build's"][4] == "no"
    assert rows["serve, 60 pages: edit saved → page served"][4] == "—"
