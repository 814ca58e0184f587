"""Shared fixtures: the fixture sites, copies of them to break, and the golden-output switch."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from charterpress.build import BuildResult, render

TESTS = Path(__file__).parent
ROOT = TESTS.parent
MINIMAL = TESTS / "sites" / "minimal"
INVALID = TESTS / "sites" / "invalid"
DEMO = ROOT / "content"
TODAY = date(2026, 11, 22)  # deadlines are judged on a fixed day, so pages never change under the tests


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ from the current output instead of comparing")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def make_site(tmp_path: Path):
    """A copy of the minimal site with some files replaced: make_site({'pages/x.md': '…'})."""

    def make(files: dict[str, str] | None = None, overlay: Path | None = None) -> Path:
        site = tmp_path / "src"
        shutil.copytree(MINIMAL, site)
        if overlay:
            shutil.copytree(overlay, site, dirs_exist_ok=True)
        for rel, text in (files or {}).items():
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            (site / rel).write_text(text, encoding="utf-8")
        return site

    return make


@pytest.fixture(scope="session")
def demo() -> BuildResult:
    return render(DEMO, TODAY)


@pytest.fixture(scope="session")
def minimal() -> BuildResult:
    return render(MINIMAL, TODAY)


def files_of(result: BuildResult) -> dict[str, tuple[bytes, str]]:
    return {f.path: (f.data, f.origin) for f in result.files}


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_big_month(site: Path, rows: int) -> None:
    """A month of `rows` documents (August 2026) in every 공개구분, for pagination and speed."""
    header = "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거,열람제한일,원문"
    statuses = ["공개"] * 7 + ["부분공개", "비공개", "열람제한"]
    lines = [header]
    for n in range(rows):
        status = statuses[n % 10]
        ground = "5호" if status in ("부분공개", "비공개") else ""
        until = "2027-12-31" if status == "열람제한" else ""
        dept = ("총무과", "자료봉사과", "평생학습과", "운영과")[n % 4]
        lines.append(f"{dept}-{n + 1},문서 {n + 1},2026-08-{n % 28 + 1:02d},{dept},담당{n % 9},업무,5년,{status},{ground},{until},")
    (site / "disclosures" / "2026" / "08.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    (site / "disclosures" / "2026" / "08.yaml").write_text("published: 2026-09-02\n", encoding="utf-8")
