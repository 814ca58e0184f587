"""serve's quick path (live.py): after any edit, the site in memory equals a clean build."""

from __future__ import annotations

import os
import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from charterpress.diagnostics import BuildFailed
from charterpress.live import LiveSite
from test_cache import CONTACTS, FIXTURE_CACHE, MINIMAL, NOSY_TEMPLATE, apply, edits, outcome

# Body edits of free pages (the quick path), mixed with every edit the cache's test knows.
body_edits = st.tuples(st.just("append"), st.sampled_from(["a", "hours", "privacy"]),
                       st.sampled_from(["안내 문장", "- 목록", "## 소제목", "담당자 휴대전화 010-2345-6789",
                                        "www.example.go.kr", "<script>x</script>", CONTACTS]))


def snapshot(site: Path) -> dict[str, tuple[bytes, int]]:
    return {p.as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in site.rglob("*") if p.is_file() and ".charterpress" not in p.parts}


def live_outcome(live: LiveSite, changed: set[str]):
    try:
        result = live.rebuild(changed)
    except BuildFailed as failed:
        return ("failed", [str(p) for p in failed.diagnostics])
    return ([(f.path, f.data, f.origin) for f in result.files], [str(w) for w in result.warnings])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(body_edits, body_edits, edits), min_size=1, max_size=6))
@example([("write_page", "a", "제목", "안내"), ("append", "a", "둘째 문장"), ("append", "a", "<script>x</script>"),
          ("append", "privacy", "셋째")])  # a failed build in between: the next edit builds on a good one
@example([("write_page", "a", "제목", "안내"), ("append", "a", CONTACTS), ("append", "a", "안내")])  # the contacts page
@example([("write_page", "a", "제목", "안내"), ("template", NOSY_TEMPLATE), ("append", "a", "- 하나")])
@example([("write_page", "a", "제목", "안내"), ("write_page", "a", "다른 제목", "안내")])  # the menu shows titles
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
        apply(site, step, state)
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
