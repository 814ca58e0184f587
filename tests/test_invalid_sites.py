"""One folder per kind of bad input: the build must fail with exactly the messages in expected.txt."""

from __future__ import annotations

import pytest

from charterpress.build import render
from charterpress.diagnostics import BuildFailed
from conftest import INVALID, TODAY

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES)
def test_invalid_site_reports_every_problem(case: str, make_site) -> None:
    site = make_site(overlay=INVALID / case)
    (site / "expected.txt").unlink()
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)  # a fixed day: messages about dates never change under the tests
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [str(d) for d in failure.value.diagnostics] == expected
