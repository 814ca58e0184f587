"""The command line: every command and its exit codes (the live preview: test_serve.py)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from charterpress.cli import main
from conftest import INVALID, MINIMAL


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_help_on_every_command() -> None:
    for command in ([], ["build"], ["serve"], ["check"], ["new"], ["disclosures", "import"], ["commitments", "suggest"]):
        result = run(*command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.output


def test_build_success_and_content_error_exit_codes(tmp_path, make_site) -> None:
    out = tmp_path / "out"
    ok = run("build", str(MINIMAL), "-o", str(out))
    assert ok.exit_code == 0 and (out / "index.html").is_file()
    site = make_site(overlay=INVALID / "bad-date")
    bad = run("build", str(site), "-o", str(out))
    assert bad.exit_code == 1
    assert "charter.md:6:11: revision date '2017-13-03' is not a date (expected YYYY-MM-DD)" in bad.output


def test_usage_error_exit_code_is_2(tmp_path) -> None:
    assert run("build", str(tmp_path / "missing")).exit_code == 2
    assert run("build", "--no-such-option").exit_code == 2


def test_new_creates_a_site_that_builds(tmp_path) -> None:
    target = tmp_path / "starter"
    assert run("new", str(target), "--name", '새 "도서관"').exit_code == 0
    assert run("build", str(target / "content"), "-o", str(tmp_path / "out")).exit_code == 0
    assert "새 &#34;도서관&#34;" in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert run("new", str(target)).exit_code == 2  # not empty


def test_check_text_and_json(tmp_path, make_site) -> None:
    clean = run("check", str(MINIMAL), "--today", "2026-11-22")
    assert clean.exit_code == 0 and clean.output.splitlines() == [  # warnings alone do not fail a check
        "surveys/2024.yaml:22:12: warning: the 2024 survey results were published on 2024-12-20, "
        "4 days after the due date 2024-12-16",
        "surveys/2025.yaml:45:12: warning: improvement action '무인 반납기 설치' was due on 2026-06-30 "
        "and is '진행중' (145 days overdue)",
        "checked 19 pages: 0 error(s), 2 warning(s)",
    ]
    site = make_site({"pages/privacy.md": "---\ntitle: 개인정보처리방침\n---\n\n[깨진 링크](/nowhere/)\n"})
    broken = run("check", str(site), "--format", "json", "--today", "2026-11-22")
    assert broken.exit_code == 1
    findings = json.loads(broken.output)["findings"]
    assert [(f["page"], f["rule"]) for f in findings] == [("privacy/index.html", "broken-link")]


def test_check_never_touches_site_folder(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("check", str(MINIMAL), "--today", "2026-11-22").exit_code == 0
    assert list(tmp_path.iterdir()) == []


def test_build_and_check_inside_a_site_folder(tmp_path, monkeypatch) -> None:
    """`cd content && charterpress build`: SOURCE is the current folder (it holds site.yaml) and
    the site is written beside it, never inside it; at a repository's root SOURCE is content/."""
    import shutil

    shutil.copytree(MINIMAL, tmp_path / "content")
    monkeypatch.chdir(tmp_path / "content")
    inside = run("build", "--today", "2026-11-22")
    assert inside.exit_code == 0, inside.output
    assert (tmp_path / "site" / "index.html").is_file() and not (tmp_path / "content" / "site").exists()
    assert "into ../site" in inside.output
    assert run("check", "--today", "2026-11-22").exit_code == 0
    monkeypatch.chdir(tmp_path)
    at_root = run("build", "--today", "2026-11-22")
    assert at_root.exit_code == 0 and "into site" in at_root.output
    monkeypatch.chdir(tmp_path / "site")
    nowhere = run("check")
    assert nowhere.exit_code == 2 and "no site here" in nowhere.output


def test_build_says_when_nothing_changed(tmp_path, monkeypatch) -> None:
    import shutil

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=shutil.ignore_patterns(".charterpress"))
    args = ("build", str(site), "-o", str(tmp_path / "site"), "--today", "2026-11-22")
    first = run(*args)
    assert first.exit_code == 0 and "nothing changed" not in first.output
    again = run(*args)
    assert again.exit_code == 0 and "(nothing changed since the last build: kept as it was)" in again.output
    assert run(*args, "--no-cache").exit_code == 0  # never kept without the cache
    assert "nothing changed" not in run(*args, "--no-cache").output
