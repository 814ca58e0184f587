"""The build as a whole: atomic output, determinism, no stale files, sub-path links, YAML traps."""

from __future__ import annotations

import os
from datetime import date

import pytest

from charterpress.build import build, render
from charterpress.checks import check_pages
from charterpress.diagnostics import BuildFailed
from conftest import DEMO, MINIMAL, files_of, tree_bytes


def test_failed_build_leaves_previous_site_untouched(tmp_path, make_site) -> None:
    out = tmp_path / "site"
    build(MINIMAL, out)
    before = tree_bytes(out)
    broken = make_site({"charter.md": "---\ntitle: [unclosed\n---\n"})
    with pytest.raises(BuildFailed):
        build(broken, out)
    assert tree_bytes(out) == before
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".site.")]  # no staging left


def test_two_builds_are_byte_identical(tmp_path) -> None:
    build(DEMO, tmp_path / "a")
    build(DEMO, tmp_path / "b")
    assert tree_bytes(tmp_path / "a") == tree_bytes(tmp_path / "b")


def test_files_of_deleted_sources_do_not_linger(tmp_path, make_site) -> None:
    site = make_site({"pages/hours.md": "---\ntitle: 여는 시간\n---\n\n평일 9시부터 엽니다.\n"})
    out = tmp_path / "site"
    build(site, out)
    assert (out / "hours" / "index.html").is_file()
    (site / "pages" / "hours.md").unlink()
    build(site, out)
    assert not (out / "hours").exists()


def test_sub_path_site_has_no_broken_internal_links(make_site) -> None:
    settings = (MINIMAL / "site.yaml").read_text(encoding="utf-8")
    site = make_site({"site.yaml": settings.replace("https://test.example.kr/", "https://www.example.go.kr/library/charter/")})
    result = render(site)
    assert result.site.config.base_path == "/library/charter/"
    not_found = next(f for f in result.files if f.path == "404.html").data.decode()
    assert 'href="/library/charter/charter/"' in not_found  # 404 is served at any depth
    assert [f for f in check_pages(files_of(result), "/library/charter/") if f.rule == "broken-link"] == []
    sitemap = next(f for f in result.files if f.path == "sitemap.xml").data.decode()
    assert "<loc>https://www.example.go.kr/library/charter/contacts/</loc>" in sitemap


def test_link_check_catches_a_broken_link(make_site) -> None:
    site = make_site({"pages/privacy.md": "---\ntitle: 개인정보처리방침\n---\n\n[없는 쪽](/nowhere/) [없는 곳](/charter/#nowhere)\n"})
    findings = [f for f in check_pages(files_of(render(site))) if f.rule == "broken-link"]
    assert [f.message for f in findings] == [
        "link '../nowhere/' points to a missing page (nowhere/index.html)",
        "link '../charter/#nowhere' points to a missing anchor #nowhere in charter/index.html",
    ]


def test_yaml_11_traps_keep_what_the_editor_wrote(minimal) -> None:
    config = minimal.site.config
    assert config.postcode == "03154"  # not the integer 3154
    assert config.phone == "02-123-4567"


def test_no_and_times_stay_text(make_site) -> None:
    table = ("```table\ncaption: 여는 시간\nkind: other\ncolumns: [요일, 시간, 휴관]\nrows:\n"
             "  - 요일: 월\n    시간: 1:30\n    휴관: no\n```\n")
    site = make_site({"pages/hours.md": "---\ntitle: 여는 시간\n---\n\n" + table})
    html = next(f for f in render(site).files if f.path == "hours/index.html").data.decode()
    assert ">1:30</td>" in html and ">no</td>" in html


def test_symlink_out_of_the_site_is_refused(make_site, tmp_path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 비밀\n---\n\n비밀\n", encoding="utf-8")
    site = make_site()
    os.symlink(secret, site / "pages" / "leak.md")
    with pytest.raises(BuildFailed) as failure:
        render(site)
    assert [str(d) for d in failure.value.diagnostics] == [
        "pages/leak.md: file leads outside the site folder (symbolic link)"]


def test_site_templates_override_one_block(make_site) -> None:
    override = '{% extends "!theme/page.html" %}\n{% block head %}<meta name="x-test" content="1">{% endblock %}\n'
    site = make_site({"templates/page.html": override})
    html = next(f for f in render(site).files if f.path == "privacy/index.html").data.decode()
    assert '<meta name="x-test" content="1">' in html and "<h1>개인정보처리방침</h1>" in html


def test_raw_html_allowed_when_the_site_opts_in(make_site) -> None:
    settings = (MINIMAL / "site.yaml").read_text(encoding="utf-8") + "allow_raw_html: true\n"
    site = make_site({"site.yaml": settings,
                      "pages/privacy.md": "---\ntitle: 개인정보처리방침\n---\n\n<mark>강조</mark>\n"})
    html = next(f for f in render(site).files if f.path == "privacy/index.html").data.decode()
    assert "<mark>강조</mark>" in html


def test_template_autoescapes_front_matter(make_site) -> None:
    site = make_site({"pages/privacy.md": "---\ntitle: '<script>alert(1)</script>'\n---\n\n본문\n"})
    html = next(f for f in render(site).files if f.path == "privacy/index.html").data.decode()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_content_owner_block_defaults_and_overrides(demo) -> None:
    pages = {p.path: p for p in demo.site.all_pages}
    assert pages["charter/general-affairs/index.html"].owner.person == "한도윤"  # overridden
    assert pages["guide/index.html"].owner.person == "윤서진"  # site default
    assert all(p.owner.updated for p in demo.site.all_pages)


def test_updated_date_comes_from_the_last_git_commit(make_site) -> None:
    import subprocess

    site = make_site({"pages/hours.md": "---\ntitle: 여는 시간\n---\n\n평일 9시부터 엽니다.\n"})
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.kr", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.kr", "GIT_COMMITTER_DATE": "2025-12-31T23:30:00+00:00"}
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "content"]):
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env)
    pages = {p.path: p for p in render(site).site.all_pages}
    assert pages["hours/index.html"].owner.updated.isoformat() == "2026-01-01"  # 23:30 UTC is 08:30 in Seoul
    assert pages["privacy/index.html"].owner.updated.isoformat() == "2024-03-04"  # front matter wins


def _git(folder, *command: str, when: str = "2026-11-03T09:00:00+09:00") -> None:
    import subprocess

    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.kr", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.kr", "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    subprocess.run(["git", "-C", str(folder), *command], check=True, env=env, capture_output=True)


def test_a_shallow_clone_never_gives_a_publication_date(make_site, tmp_path) -> None:
    # October's list without published: — full history dates it by its commit (on time);
    # a depth-1 clone would have dated it by the newest commit (late): it must say so instead.
    site = make_site()
    (site / "disclosures" / "2026" / "10.yaml").unlink()
    _git(site, "init", "-q")
    _git(site, "add", ".")
    _git(site, "commit", "-qm", "lists")
    (site / "pages" / "privacy.md").write_text("---\ntitle: 개인정보처리방침\n---\n\n고쳤습니다.\n", encoding="utf-8")
    _git(site, "commit", "-qam", "typo", when="2026-11-20T09:00:00+09:00")
    full = {m.month.month: m.published.isoformat() for m in render(site, date(2026, 11, 22)).site.disclosures.lists}
    assert full[10] == "2026-11-03"
    shallow = tmp_path / "shallow"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{site}", str(shallow))
    with pytest.raises(BuildFailed) as failure:
        render(shallow, date(2026, 11, 22))
    assert [str(d) for d in failure.value.diagnostics] == [
        "(git): warning: 최종수정일 may be wrong: the site is in a shallow git clone, so git cannot tell when "
        "each file changed (clone with full history: fetch-depth: 0 on GitHub Actions, GIT_DEPTH: 0 on GitLab CI)",
        "disclosures/2026/10.csv: the list of 2026-10 has no 'published:' date and the site is in a shallow git "
        "clone, so git cannot tell when each file changed (clone with full history: fetch-depth: 0 on GitHub "
        "Actions, GIT_DEPTH: 0 on GitLab CI); write published: YYYY-MM-DD in disclosures/2026/10.yaml, or clone "
        "with full history",
    ]


def test_scheduled_revision_is_published_as_pending_until_its_day(make_site) -> None:
    charter = (MINIMAL / "charter.md").read_text(encoding="utf-8").replace(
        "    note: 전화 응대 기준 추가\n",
        "    note: 전화 응대 기준 추가\n  - date: 2027-01-04\n    kind: 개정\n    scheduled: true\n", 1)
    site = make_site({"charter.md": charter})

    def pages(day: date) -> tuple[str, str]:
        files = files_of(render(site, day))
        return (files["charter/index.html"][0].decode(), files["charter/history/index.html"][0].decode())

    charter_page, history = pages(date(2026, 11, 22))
    assert "<td>개정 (시행 예정, 2026-11-22 기준)</td>" in history
    assert 'datetime="2024-03-04">2024-03-04</time></span>' in charter_page  # 최종 개정: the one in force
    charter_page, history = pages(date(2027, 1, 4))
    assert "시행 예정" not in history
    assert 'datetime="2027-01-04">2027-01-04</time></span>' in charter_page
