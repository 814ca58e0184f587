"""The build cache: an incremental build is byte-identical to a clean one, whatever was edited."""

from __future__ import annotations

import os
import shutil
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from charterpress import body as body_module
from charterpress import parallel
from charterpress import output as output_module
from charterpress import render as render_module
from charterpress import build as build_module
from charterpress.build import build, render
from charterpress.diagnostics import fails_strict
from charterpress.replay import Replayed
from charterpress.cache import CACHE_DIR, Cache
from charterpress.diagnostics import BuildFailed
from charterpress.output import MARKER, MARKER_TEXT, Manifests, write_site
from charterpress.outputfile import OutputFile
from charterpress.render import Renderer
from conftest import tree_bytes

MINIMAL = Path(__file__).parent / "sites" / "minimal"
FIXTURE_CACHE = shutil.ignore_patterns(".charterpress")  # left by CLI tests that build the fixture itself

CONTACTS = """
```table
caption: 담당 부서 연락처
columns: [업무, 담당부서, 전화번호]
rows:
  - 업무: 민원
    담당부서: 운영과
    전화번호: 02-123-4567
```
"""
# An override that shows other pages' bodies on every page: the cache must see through it.
NOSY_TEMPLATE = """{% extends "!theme/page.html" %}
{% block content %}{{ super() }}<p>{% for p in site.pages %}{{ p.body.blocks | length }} {% endfor %}</p>{% endblock %}
"""
PLAIN_TEMPLATE = """{% extends "!theme/page.html" %}
{% block content %}{{ super() }}<p>덧붙임</p>{% endblock %}
"""
MONTH = "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거\n운영과-{n},{month}월 현황,2026-{month:02d}-05,운영과,김시험,운영,1년,공개,\n"

slugs = st.sampled_from(["a", "b", "c", "hours", "privacy"])
words = st.sampled_from(["안내", "운영 시간", "**강조**", "[헌장](/charter/)", "- 목록\n- 둘째", "## 소제목", CONTACTS,
                       "담당자 휴대전화 010-2345-6789", "주민번호 800101-1234567"])  # the privacy scan too
edits = st.one_of(
    st.tuples(st.just("write_page"), slugs, st.sampled_from(["제목", "다른 제목", "세 번째"]), words),
    st.tuples(st.just("append"), slugs, words),
    st.tuples(st.just("delete"), slugs),
    st.tuples(st.just("rename"), slugs, slugs),
    st.tuples(st.just("template"), st.sampled_from([None, NOSY_TEMPLATE, PLAIN_TEMPLATE])),
    st.tuples(st.just("site_name"), st.sampled_from(["시험구립도서관", "새 이름 도서관"])),
    st.tuples(st.just("menu"), st.booleans()),
    st.tuples(st.just("month"), st.sampled_from([8, 9, 10]), st.integers(1, 3)),
    st.tuples(st.just("today"), st.sampled_from([date(2026, 11, 2), date(2026, 11, 22), date(2026, 12, 5)])),
    # Someone edits a built file (in the served site or the kept old one) keeping its size and mtime.
    st.tuples(st.just("tamper"), st.sampled_from(["site", ".site.prev"]), st.integers(0, 40)),
)


def apply(site: Path, edit: tuple, state: dict) -> None:
    kind, *args = edit
    pages = site / "pages"
    if kind == "write_page":
        slug, title, text = args
        (pages / f"{slug}.md").write_text(f"---\ntitle: {title}\n---\n\n{text}\n", encoding="utf-8")
    elif kind == "append":
        path = pages / f"{args[0]}.md"
        if path.exists():
            path.write_text(path.read_text(encoding="utf-8") + f"\n{args[1]}\n", encoding="utf-8")
    elif kind == "delete":
        (pages / f"{args[0]}.md").unlink(missing_ok=True)
    elif kind == "rename":
        old, new = pages / f"{args[0]}.md", pages / f"{args[1]}.md"
        if old.exists() and not new.exists():
            old.rename(new)
    elif kind == "template":
        path = site / "templates" / "page.html"
        if args[0] is None:
            shutil.rmtree(site / "templates", ignore_errors=True)
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(args[0], encoding="utf-8")
    elif kind == "site_name":
        settings_file = site / "site.yaml"
        text = settings_file.read_text(encoding="utf-8").split("\n", 1)[1]
        settings_file.write_text(f"name: {args[0]}\n{text}", encoding="utf-8")
    elif kind == "menu":
        settings_file = site / "site.yaml"
        text = settings_file.read_text(encoding="utf-8").split("\nmenu:")[0]
        menu = "\nmenu:\n  - title: 헌장\n    link: /charter/\n" if args[0] else "\n"
        settings_file.write_text(text.rstrip("\n") + menu, encoding="utf-8")
    elif kind == "month":
        month, rows = args
        folder = site / "disclosures" / "2026"
        lines = "".join(MONTH.format(n=100 + month * 10 + i, month=month).split("\n", 1)[1] for i in range(rows))
        (folder / f"{month:02d}.csv").write_text(MONTH.split("\n")[0] + "\n" + lines, encoding="utf-8")
        (folder / f"{month:02d}.yaml").write_text(f"published: 2026-{month + 1:02d}-03\n", encoding="utf-8")
    elif kind == "today":
        state["today"] = args[0]
    elif kind == "tamper":
        built = sorted(p for p in (site.parent / args[0]).rglob("*") if p.is_file() and p.stat().st_size)
        if built:
            path = built[args[1] % len(built)]
            info = path.stat()
            data = path.read_bytes()
            path.write_bytes(bytes([data[0] ^ 1]) + data[1:])
            os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def outcome(site: Path, today: date, cache: bool):
    try:
        result = render(site, today, cache=cache)
    except BuildFailed as failed:
        return ("failed", [str(p) for p in failed.diagnostics])
    return ([(f.path, f.data, f.origin) for f in result.files], [str(w) for w in result.warnings])


@pytest.fixture(autouse=True)
def own_key(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(edits, min_size=1, max_size=5))
# Always tried, besides the random ones: each dependency a page has beyond its own file.
@example([("write_page", "a", "제목", "안내"), ("template", NOSY_TEMPLATE), ("append", "privacy", "- 하나")])  # a template showing other bodies
@example([("write_page", "a", "제목", "안내"), ("append", "privacy", CONTACTS)])  # the menu's contacts link
@example([("write_page", "a", "제목", "안내"), ("rename", "a", "b"), ("template", PLAIN_TEMPLATE)])
@example([("write_page", "a", "제목", "담당자 휴대전화 010-2345-6789"), ("append", "privacy", "안내")])
@example([("menu", True), ("site_name", "새 이름 도서관"), ("month", 10, 2), ("today", date(2026, 12, 5))])
@example([("tamper", "site", 7), ("append", "privacy", "안내"), ("tamper", ".site.prev", 7), ("append", "privacy", "운영 시간")])
def test_incremental_build_equals_clean_build(tmp_path_factory, steps) -> None:
    site = tmp_path_factory.mktemp("site") / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    state = {"today": date(2026, 11, 22)}
    written(site, outcome(site, state["today"], cache=True))  # fill the cache and the output folder
    for step in steps:
        apply(site, step, state)
        incremental = outcome(site, state["today"], cache=True)
        clean = outcome(site, state["today"], cache=False)
        assert incremental == clean, f"after {step}"
        if clean[0] != "failed":  # the output folder, updated in place from the kept old site
            assert written(site, incremental) == {MARKER: MARKER_TEXT} | {p: d for p, d, _ in clean[0]}, \
                f"after {step}"


def written(site: Path, result) -> dict[str, bytes] | None:
    """Write a rendered result as `build` does with the cache (into ../site, reusing ../.site.prev)."""
    if result[0] == "failed":
        return None
    out = site.parent / "site"
    write_site([OutputFile(*f) for f in result[0]], out, site, Manifests(Cache(site), out))
    return tree_bytes(out)


def test_unchanged_pages_are_not_parsed_again(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    for n in range(3):
        (site / "pages" / f"p{n}.md").write_text(f"---\ntitle: 쪽 {n}\n---\n\n본문 {n}\n", encoding="utf-8")
    first = outcome(site, date(2026, 11, 22), cache=True)
    parsed: list[str] = []
    real = body_module.BodyParser.parse
    monkeypatch.setattr(body_module.BodyParser, "parse", lambda self, text: parsed.append(text) or real(self, text))
    rendered: list[str] = []
    real_html = Renderer._html
    monkeypatch.setattr(Renderer, "_html", lambda self, template, origin, **context:
                        rendered.append(template) or real_html(self, template, origin, **context))
    (site / "pages" / "p1.md").write_text("---\ntitle: 쪽 1\n---\n\n고친 본문\n", encoding="utf-8")
    second = outcome(site, date(2026, 11, 22), cache=True)
    assert parsed == ["\n고친 본문\n"]  # only the edited page
    assert rendered.count("page.html") == 1  # the other free pages came from the cache
    assert second != first and second == outcome(site, date(2026, 11, 22), cache=False)


def test_output_files_are_written_only_when_changed_and_never_trusted_blindly(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    result = outcome(site, date(2026, 11, 22), cache=True)
    writes: list[str] = []
    real = output_module._write_file
    monkeypatch.setattr(output_module, "_write_file", lambda path, data: writes.append(os.path.basename(path)) or real(path, data))
    for _ in range(3):  # the first two fill site/ and the kept .site.prev; the third reuses
        writes.clear()
        files = written(site, result)
    assert writes == [] and (tmp_path / ".site.prev").is_dir()
    # An edit that keeps size and mtime (a tool restoring the time) is still seen: ctime moved.
    page = tmp_path / ".site.prev" / "privacy" / "index.html"
    info = page.stat()
    page.write_bytes(page.read_bytes().replace(b"<html", b"<HTML", 1))
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert written(site, result) == files and writes == ["index.html"]
    shutil.rmtree(site / CACHE_DIR)  # no record of what was written: every file is written anew
    writes.clear()
    assert written(site, result) == files and len(writes) == len(files)


def test_corrupt_or_foreign_cache_is_ignored(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    clean = outcome(site, date(2026, 11, 22), cache=False)
    outcome(site, date(2026, 11, 22), cache=True)
    entries = [p for p in (site / CACHE_DIR).rglob("*") if p.is_file()]
    assert entries
    for n, path in enumerate(entries):  # truncated, flipped, or replaced by a planted pickle
        data = path.read_bytes()
        path.write_bytes([data[:10], data[:-1] + bytes([data[-1] ^ 1]), b"\0" * 32 + b"cos\nsystem\n"][n % 3])
    assert outcome(site, date(2026, 11, 22), cache=True) == clean
    outcome(site, date(2026, 11, 22), cache=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))  # a cache made with another key
    assert outcome(site, date(2026, 11, 22), cache=True) == clean


def test_no_cache_leaves_the_site_folder_alone(tmp_path) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    outcome(site, date(2026, 11, 22), cache=False)
    assert not (site / ".charterpress").exists()


def test_pages_over_every_core_equal_one_process(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    for n in range(6):
        text = CONTACTS if n == 2 else f"본문 {n}\n\n- 항목 {n}\n"
        (site / "pages" / f"p{n}.md").write_text(f"---\ntitle: 쪽 {n}\n---\n\n{text}", encoding="utf-8")
    (site / "pages" / "bad.md").write_text("---\ntitle: 쪽\n---\n\n<script>x</script>\n", encoding="utf-8")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setattr(render_module, "MIN_ITEMS", 2)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    failed_alone = outcome(site, date(2026, 11, 22), cache=False)
    pids = tmp_path / "pids"  # where each page was rendered (a forked worker cannot tell a list)
    real = render_module.Renderer._html
    monkeypatch.setattr(render_module.Renderer, "_html", lambda self, template, origin, **context: (
        pids.open("a").write(f"{os.getpid()}\n"), real(self, template, origin, **context))[1])
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    assert failed_alone[0] == "failed" and outcome(site, date(2026, 11, 22), cache=False) == failed_alone
    (site / "pages" / "bad.md").unlink()
    together = outcome(site, date(2026, 11, 22), cache=False)
    assert set(pids.read_text().split()) - {str(os.getpid())}  # free pages rendered by forked workers
    monkeypatch.setenv("CHARTERPRESS_JOBS", "1")
    assert outcome(site, date(2026, 11, 22), cache=False) == together


def test_workers_fork_from_the_main_thread_only(monkeypatch) -> None:
    """A build forks beside the search indexer's threads; serve's rebuild thread never forks."""
    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)
    monkeypatch.setenv("CHARTERPRESS_JOBS", "2")
    busy = threading.Event()
    waiting = threading.Thread(target=busy.wait, daemon=True)  # like the indexer's feeding threads
    waiting.start()
    try:
        assert set(parallel.map_in_order(lambda i: os.getpid(), 4)) - {os.getpid()}
        seen: list[int] = []
        rebuild = threading.Thread(target=lambda: seen.extend(parallel.map_in_order(lambda i: os.getpid(), 4)))
        rebuild.start()
        rebuild.join()
        assert seen == [os.getpid()] * 4
    finally:
        busy.set()


# ------------------------------------------------------------------ a build in which nothing changed

def touch_same_size(site: Path, index: int) -> None:
    """A source rewritten with other bytes of the same size and its old mtime (only ctime moves)."""
    sources = sorted(p for p in site.rglob("*") if p.is_file() and ".charterpress" not in p.parts
                     and p.suffix in (".md", ".yaml", ".csv"))
    path = sources[index % len(sources)]
    info = path.stat()
    text = path.read_text(encoding="utf-8")
    spot = next((i for i, c in enumerate(text) if "가" <= c <= "힣"), None)
    if spot is None:
        return
    text = text[:spot] + ("나" if text[spot] == "가" else "가") + text[spot + 1:]
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


build_edits = st.one_of(edits, st.tuples(st.just("nothing")), st.tuples(st.just("touch"), st.integers(0, 40)),
                        st.tuples(st.just("remove_built"), st.integers(0, 40)))


def built(site: Path, today: date, cache: bool):
    out = site.parent / ("site" if cache else "clean-site")
    try:
        result = build(site, out, today=today, cache=cache)
    except BuildFailed as failed:
        return ("failed", [str(p) for p in failed.diagnostics])
    return (tree_bytes(out), [str(w) for w in result.warnings])


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(build_edits, min_size=1, max_size=4))
@example([("nothing",), ("touch", 3), ("nothing",), ("tamper", "site", 5), ("remove_built", 2)])
@example([("nothing",), ("today", date(2026, 12, 5)), ("nothing",), ("append", "privacy", "주민번호 800101-1234567"),
          ("nothing",)])
def test_build_that_reuses_the_last_one_equals_clean_build(tmp_path_factory, steps) -> None:
    site = tmp_path_factory.mktemp("site") / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    state = {"today": date(2026, 11, 22)}
    built(site, state["today"], cache=True)
    for step in steps:
        if step[0] == "touch":
            touch_same_size(site, step[1])
        elif step[0] == "remove_built":
            files = sorted(p for p in (site.parent / "site").rglob("*") if p.is_file())
            if files:
                files[step[1] % len(files)].unlink()
        elif step[0] != "nothing":
            apply(site, step, state)
        assert built(site, state["today"], cache=True) == built(site, state["today"], cache=False), f"after {step}"


def test_nothing_changed_reads_no_source(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    page = site / "pages" / "privacy.md"  # a placeholder: a warning that --strict fails on
    page.write_text(page.read_text(encoding="utf-8") + "\n전화 02-000-0000\n", encoding="utf-8")
    out = tmp_path / "site"
    first = build(site, out, today=date(2026, 11, 22), cache=True)
    assert any(fails_strict(w) for w in first.warnings)
    before = tree_bytes(out)
    rendered: list[Path] = []
    real = build_module.render
    monkeypatch.setattr(build_module, "render", lambda source, *a, **k: rendered.append(source) or real(source, *a, **k))
    again = build(site, out, today=date(2026, 11, 22), cache=True)
    assert rendered == [] and isinstance(again, Replayed)
    assert (again.warnings, again.page_count) == (first.warnings, first.page_count) and tree_bytes(out) == before
    with pytest.raises(BuildFailed):  # --strict judges the repeated warnings as a build would
        build(site, out, strict=True, today=date(2026, 11, 22), cache=True)
    assert rendered == []
    build(site, out, today=date(2026, 11, 23), cache=True)  # another day: deadlines are judged anew
    assert rendered == [site]
    (site / "pages" / "new.md").write_text("---\ntitle: 새 쪽\n---\n\n본문\n", encoding="utf-8")
    build(site, out, today=date(2026, 11, 23), cache=True)
    assert rendered == [site, site] and (out / "new" / "index.html").is_file()
    # A planted record (another user's key) is a miss, never a replay.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-user"))
    build(site, out, today=date(2026, 11, 23), cache=True)
    assert rendered == [site, site, site]


def test_one_build_reads_each_source_once_and_unpickles_only_what_it_shows(tmp_path, monkeypatch) -> None:
    from charterpress import load as load_module
    from charterpress import sources

    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    (site / "pages" / "phones.md").write_text(f"---\ntitle: 연락처\n---\n{CONTACTS}", encoding="utf-8")
    outcome(site, date(2026, 11, 22), cache=True)
    reads: list[str] = []
    real = sources._read_bytes
    monkeypatch.setattr(sources, "_read_bytes", lambda source_dir, path: reads.append(str(path)) or real(source_dir, path))
    edited = site / "pages" / "privacy.md"  # its body only: the other pages' HTML stays as it was
    edited.write_text(edited.read_text(encoding="utf-8") + "\n고친 본문\n", encoding="utf-8")
    result = render(site, date(2026, 11, 22), cache=True)
    assert reads and len(reads) == len(set(reads))  # the loader and both scans share one read
    assert [(f.path, f.data) for f in result.files] == \
        [(f.path, f.data) for f in render(site, date(2026, 11, 22), cache=False).files]
    # The unchanged free page's body stays pickled: its HTML came from the cache, its table beside it.
    stored = next(p.body for p in result.site.pages if p.source == "pages/phones.md")
    assert isinstance(stored, load_module.StoredBody) and "_blocks" not in vars(stored)
    assert [t.kind for t in stored.tables()] == ["contacts"] and result.site.contact_tables
    assert stored == load_module.Body(stored.blocks)  # and unpickled when asked, the same body


def test_a_commit_that_changes_no_file_still_dates_pages_anew(tmp_path) -> None:
    # 최종수정일 may come from git: a commit re-dated (amend) changes no file of the site, yet the
    # pages it dates change, so the build is not kept.
    import subprocess

    def git(*command: str, when: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.kr", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.kr", "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
        subprocess.run(["git", "-C", str(site), *command], check=True, env=env, capture_output=True)

    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    (site / "pages" / "hours.md").write_text("---\ntitle: 여는 시간\n---\n\n평일 9시부터 엽니다.\n", encoding="utf-8")
    git("init", "-q", when="2026-11-03T09:00:00+09:00")
    git("add", ".", when="2026-11-03T09:00:00+09:00")
    git("commit", "-qm", "content", when="2026-11-03T09:00:00+09:00")
    out = tmp_path / "site"
    build(site, out, today=date(2026, 11, 22), cache=True)
    assert isinstance(build(site, out, today=date(2026, 11, 22), cache=True), Replayed)
    git("commit", "--amend", "-qm", "content", when="2026-11-10T09:00:00+09:00")
    again = build(site, out, today=date(2026, 11, 22), cache=True)
    assert not isinstance(again, Replayed) and "2026-11-10" in (out / "hours" / "index.html").read_text(encoding="utf-8")
    assert built(site, date(2026, 11, 22), cache=True) == built(site, date(2026, 11, 22), cache=False)
