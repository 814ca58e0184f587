"""serve's quick path (live.py): after any edit, the site in memory equals a clean build."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_cache import (
    CONTACTS,
    FIXTURE_CACHE,
    MINIMAL,
    NOSY_TEMPLATE,
    PLAIN_TEMPLATE,
    apply,
    edits,
    outcome,
)

from charterpress.build import render
from charterpress.diagnostics import BuildFailed
from charterpress.live import Draft, LiveSite, PageProblems

# Body edits of free pages (the quick path), mixed with every edit the cache's test knows, and
# edits of the charter and a department (a draft: every page shows their titles).
body_edits = st.tuples(st.just("append"), st.sampled_from(["a", "hours", "privacy"]),
                       st.sampled_from(["안내 문장", "- 목록", "## 소제목", "담당자 휴대전화 010-2345-6789",
                                        "www.example.go.kr", "<script>x</script>", CONTACTS]))
charter_edits = st.tuples(st.just("charter_file"), st.sampled_from(["charter.md", "departments/ops.md"]),
                          st.sampled_from(["덧붙인 문장", "주민번호 800101-1234567", CONTACTS, "title"]))


def apply_live(site: Path, step: tuple, state: dict) -> None:
    if step[0] != "charter_file":
        return apply(site, step, state)
    path = site / step[1]
    text = path.read_text(encoding="utf-8")
    if step[2] == "title":  # the menu and every page's crumbs show it
        path.write_text(text.replace("title: ", "title: 새 ", 1), encoding="utf-8")
    else:
        path.write_text(text + f"\n{step[2]}\n", encoding="utf-8")


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file() and ".charterpress" not in p.parts}


def live_outcome(live: LiveSite, changed: set[str]):
    """What serve ends with after `changed`; also checks that every file a draft served before the
    rest was rendered and checked is the file the finished site has."""
    served: dict[str, bytes] = {}

    def publish(draft: Draft) -> None:
        for path in draft.files:  # as a browser would ask, before the draft is finished
            try:
                served[path] = draft.files[path].data
            except PageProblems:
                served[path] = b"problems"  # the page is not served: the build must then fail

    try:
        result = live.rebuild(changed, publish)
    except BuildFailed as failed:
        return ("failed", [str(p) for p in failed.diagnostics])
    assert result is not None
    final = {f.path: f.data for f in result.files}
    assert {path: data for path, data in served.items() if path in final} == \
        {path: final[path] for path in served if path in final}, "a draft served another page than the build's"
    assert set(served) <= set(final) or not served
    return ([(f.path, f.data, f.origin) for f in result.files], [str(w) for w in result.warnings])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(body_edits, body_edits, edits, charter_edits), min_size=1, max_size=6))
@example([("write_page", "a", "제목", "안내"), ("append", "a", "둘째 문장"), ("append", "a", "<script>x</script>"),
          ("append", "privacy", "셋째")])  # a failed build in between: the next edit builds on a good one
@example([("write_page", "a", "제목", "안내"), ("append", "a", CONTACTS), ("append", "a", "안내")])  # the contacts page
@example([("write_page", "a", "제목", "안내"), ("template", NOSY_TEMPLATE), ("append", "a", "- 하나")])
@example([("write_page", "a", "제목", "안내"), ("write_page", "a", "다른 제목", "안내")])  # the menu shows titles
@example([("site_name", "새 이름 도서관"), ("charter_file", "charter.md", "title"),
          ("charter_file", "departments/ops.md", "덧붙인 문장"), ("month", 9, 2), ("template", PLAIN_TEMPLATE)])
@example([("charter_file", "departments/ops.md", "주민번호 800101-1234567"), ("site_name", "새 이름 도서관")])
def test_serve_after_any_edit_equals_a_clean_build(tmp_path_factory, steps) -> None:
    site = tmp_path_factory.mktemp("site") / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    for slug in ("a", "hours"):  # pages without a date of their own: the file's date is theirs
        (site / "pages" / f"{slug}.md").write_text(f"---\ntitle: {slug} 쪽\n---\n\n본문\n", encoding="utf-8")
    for path in site.rglob("*"):  # dated long ago, so an edit moves the site's newest date (최종수정일)
        os.utime(path, (1_700_000_000, 1_700_000_000))
    state = {"today": date(2026, 11, 22)}
    live = LiveSite(site, state["today"])
    live_outcome(live, set())
    for step in steps:
        before = snapshot(site)
        apply_live(site, step, state)
        after = snapshot(site)
        changed = {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}
        live.today = state["today"]
        assert live_outcome(live, changed) == outcome(site, state["today"], cache=False), f"after {step}"


def test_a_body_edit_redoes_only_its_page(tmp_path, monkeypatch) -> None:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    live = LiveSite(site, date(2026, 11, 22))
    live_outcome(live, set())
    page = site / "pages" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n고친 문장입니다.\n", encoding="utf-8")
    quick = live_outcome(live, {str(page)})
    assert live.quick_edits == 1
    assert quick == outcome(site, date(2026, 11, 22), cache=False)
    assert any("고친 문장입니다" in data.decode() for path, data, _ in quick[0] if path == "privacy/index.html")


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "src"
    shutil.copytree(MINIMAL, site, ignore=FIXTURE_CACHE)
    for n in range(30):
        (site / "pages" / f"p{n}.md").write_text(f"---\ntitle: 쪽 {n}\n---\n\n본문 {n}\n", encoding="utf-8")
    return site


def test_after_a_site_name_edit_the_asked_page_is_served_before_the_rest_is_rendered(tmp_path) -> None:
    site = _site(tmp_path)
    today = date(2026, 11, 22)
    live = LiveSite(site, today)
    live.rebuild()
    settings_file = site / "site.yaml"
    settings_file.write_text(settings_file.read_text(encoding="utf-8").replace("name: ", "name: 새 ", 1),
                             encoding="utf-8")
    draft = live.draft()
    page = draft.files["p7/index.html"]
    assert "새 " in page.data.decode()
    made = [slot.path for slot in draft.renderer.slots if slot.made is not None]
    assert made == ["p7/index.html"]  # one page rendered, not the site
    clean = render(site, today)
    assert page.data == next(f.data for f in clean.files if f.path == "p7/index.html")
    assert draft.finish(stop=lambda: True) is None  # a newer edit came: the rest is left
    result = draft.finish()
    assert result is not None
    assert [(f.path, f.data) for f in result.files] == [(f.path, f.data) for f in clean.files]


def test_a_draft_page_holding_a_personal_identifier_is_not_served(tmp_path) -> None:
    site = _site(tmp_path)
    live = LiveSite(site, date(2026, 11, 22))
    live.rebuild()
    page = site / "pages" / "p3.md"  # a new title too, so not the quick path
    page.write_text("---\ntitle: 새 쪽\n---\n\n주민번호 800101-1234567\n", encoding="utf-8")
    draft = live.draft()
    with pytest.raises(PageProblems) as caught:
        draft.files["p3/index.html"]
    assert any("personal identifiers must not be published" in str(p) for p in caught.value.problems)
    assert "800101-1234567" not in " ".join(str(p) for p in caught.value.problems)
    assert draft.files["p4/index.html"].data  # the other pages are served
    with pytest.raises(BuildFailed):
        draft.finish()


def test_unchanged_files_are_not_read_again_after_a_site_name_edit(tmp_path, monkeypatch) -> None:
    site = _site(tmp_path)
    live = LiveSite(site, date(2026, 11, 22))
    live.rebuild()
    (site / "pages" / "p5.md").write_text("---\ntitle: 바뀐 쪽\n---\n\n본문\n", encoding="utf-8")
    read: list[str] = []
    import charterpress.live as live_module
    real = live_module.read_markdown
    monkeypatch.setattr(live_module, "read_markdown", lambda root, path: read.append(path.name) or real(root, path))
    live.draft()
    assert read == ["p5.md"]


def test_the_rest_waits_for_the_first_page_asked_but_never_for_a_newer_edit(tmp_path) -> None:
    import threading
    import time

    site = _site(tmp_path)
    live = LiveSite(site, date(2026, 11, 22))
    live.rebuild()
    draft = live.draft()
    started = time.monotonic()
    draft.files.wait_first_page(5.0, 0.0, stop=lambda: True)  # a newer edit: no waiting
    assert time.monotonic() - started < 1.0
    threading.Timer(0.2, lambda: draft.files["p7/index.html"]).start()
    started = time.monotonic()
    draft.files.wait_first_page(5.0, 0.0, stop=lambda: False)
    assert 0.15 < time.monotonic() - started < 4.0  # until the page was asked for, not the 5 s
