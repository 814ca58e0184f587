"""Site search: the index's documents (pages, charter items, 정보목록 rows and where they land),
Korean word tails, the search page and header box, a missing search tool, and a deterministic
index written with the site. The query suite in a browser is test_search_queries.py."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from charterpress import search
from charterpress.build import build, render, with_search_index
from conftest import DEMO, TODAY, files_of, tree_bytes, write_big_month

ID_RE = re.compile(r'\bid="([^"]+)"')


def test_tails_find_parts_of_compounds_and_words_with_particles() -> None:
    assert search.tails("행복시청") == ["복시청", "시청"]
    found = search.tails("정보공개청구를 하는 방법")
    assert {"청구", "공개청구"} <= set(found) and "하는" not in found
    # Tails of the stem alone: the search page cuts 를 from a query word of three syllables or more.
    assert not [t for t in found if t.endswith("를")]
    assert search.tails("평생학습과 학습") == ["생학습"]  # 학습 is a word of the text already
    assert search.tails("시청 민원 12345") == []  # short words and numbers need no tails
    assert search.tails(unicodedata.normalize("NFD", "행복시청")) == ["복시청", "시청"]


def landings(docs: list[search.SearchDoc]) -> list[str]:
    """Where each result lands: a document's address, or each row of a group of 정보목록 rows."""
    found = []
    for doc in docs:
        found += [doc.rows.base + place for place in doc.rows.places] if doc.rows else [doc.url]
    return found


def test_every_result_lands_on_an_anchor_that_exists(demo) -> None:
    files = files_of(demo)
    urls = landings(search.documents(demo.site, demo.files))
    assert len(set(urls)) == len(urls)
    for url in urls:
        path, _, anchor = url.partition("#")
        output = path.lstrip("/") + "index.html"
        assert output in files, url
        if anchor:
            assert anchor in ID_RE.findall(files[output][0].decode("utf-8")), url


def test_every_row_and_charter_item_is_a_result_and_list_pages_are_not(demo) -> None:
    urls = landings(search.documents(demo.site, demo.files))
    rows = sum(len(lst.items) for lst in demo.site.disclosures.lists)
    assert sum("#doc-" in u for u in urls) == rows
    assert "/disclosures/2026/10/#doc-총무과-3289-20261001-2fa4f2" in urls
    charter = files_of(demo)["charter/index.html"][0].decode("utf-8")
    items = re.findall(r'<li id="([^"]+)"', charter)
    assert items and all(f"/charter/#{i}" in urls for i in items)
    assert "/charter/" in urls and "/directions/" in urls
    assert not [u for u in urls if re.match(r"/disclosures/\d{4}/\d{2}/(?:$|page/|closed/)", u)]
    assert not {"/", "/search/", "/404.html"} & set(urls)


def test_a_row_lands_on_the_page_of_the_list_that_shows_it(make_site) -> None:
    site = make_site()
    write_big_month(site, 1200)  # page_size 500 in the minimal site: rows 501–1000 on page 2
    result = render(site, TODAY)
    docs = set(landings(search.documents(result.site, result.files)))
    lst = next(lst for lst in result.site.disclosures.lists if str(lst.month) == "2026-08")
    size = result.site.disclosures.settings.page_size
    item = lst.items[size + 7]
    assert f"/disclosures/2026/08/page/2/#{item.anchor}" in docs
    page2 = files_of(result)["disclosures/2026/08/page/2/index.html"][0].decode("utf-8")
    assert f'<tr id="{item.anchor}">' in page2


def test_rows_are_grouped_per_month_department_and_disclosure_with_the_words_of_each_row(demo) -> None:
    """One record per month × 생산부서 × 공개구분 (no HTML to parse), its rows one after another
    with ROW_GAP between them; the RowGroup's word counts split the content at Pagefind's word
    positions (spaces) back into the rows, each with its own fields and tails after the marker."""
    groups = [d for d in search.documents(demo.site, demo.files) if d.rows]
    assert sum(len(g.rows.words) for g in groups) == sum(len(lst.items) for lst in demo.site.disclosures.lists)
    assert len({(g.rows.month, g.rows.dept, g.rows.disclosure) for g in groups}) == len(groups) < 100
    group = next(g for g in groups if "총무과-3289" in g.record["content"])
    assert group.html == "" and group.record["filters"] == {"kind": ["정보목록"]}
    assert (group.rows.month, group.rows.dept, group.rows.disclosure) == ("2026-10", "총무과", "공개")
    words = group.record["content"].split(" ")
    assert sum(group.rows.words) == len(words) + 1 and len(group.rows.days) == len(group.rows.words)
    rows, start = [], 0
    for span in group.rows.words:
        rows.append(words[start:start + span - 1])
        assert start + span - 1 >= len(words) or words[start + span - 1] == search.ROW_GAP
        start += span
    places = group.rows.places
    assert len(places) == len(rows) and group.rows.base == "/disclosures/2026/10/"
    at = places.index("#doc-총무과-3289-20261001-2fa4f2")
    assert group.rows.days[at] == 1
    own, _, hidden = " ".join(rows[at]).partition(search.MARKER)
    fields = [field.strip() for field in own.split(search.FIELD_GAP)]
    assert fields == ["청원경찰 근무 명령", "총무과-3289", "총무과", "2026-10-01", "공개", "인사관리"]
    assert "경찰" in hidden.split()
    assert json.loads(group.message()) == {"type": "AddRecord", "index_id": 0, "url": group.url, **group.record}


def test_the_rows_map_names_each_group_by_the_id_pagefind_gives_it(indexer, demo) -> None:
    result = with_search_index(demo)
    files = {f.path: f.data for f in result.files}
    rows_map = json.loads(files[search.ROWS_MAP])
    groups = {(d.rows.month, d.rows.dept, d.rows.disclosure): d.rows
              for d in search.documents(demo.site, demo.files) if d.rows}
    assert len(rows_map) == len(groups)
    for page_id, (month, dept, disclosure, words, days) in rows_map.items():
        assert f"pagefind/fragment/{page_id}.pf_fragment" in files
        group = groups[(month, dept, disclosure)]
        assert ([ord(c) - 48 for c in words], [ord(c) - 48 for c in days]) == (list(group.words), list(group.days))
        assert json.loads(files[f"{search.ROWS_DIR}{page_id}.json"]) == {"base": group.base, "rows": list(group.places)}


def test_page_documents_are_records_of_their_main_text_with_cells_apart(demo) -> None:
    """A page is given as a record (no HTML for Pagefind to parse): the text of its main, adjacent
    table cells apart, its h1 as title, without the owner block or the table of contents."""
    docs = {d.url: d for d in search.documents(demo.site, demo.files)}
    survey = docs["/surveys/2025/"]
    assert survey.html == "" and survey.record["meta"] == {"title": "2025년 도서관 이용자 만족도 조사 결과"}
    own = survey.record["content"].partition(search.MARKER)[0]
    assert "구분 공개일 공개 기한 공개 상태" in own and "<" not in own
    assert survey.record["filters"] == {"kind": ["고객만족도 조사"]}
    charter = docs["/charter/"].record["content"]
    assert "이 페이지의 차례" not in charter  # the table of contents (.toc)
    assert "담당부서" not in docs["/directions/"].record["content"]  # the owner block (.content-info)
    # Charter items are results of their own, so the charter page leaves them out; a free page keeps its lists.
    assert "층별 안내도" not in charter and "/charter/#도서관을-직접-찾아오시는-경우-1-1" in docs


def test_cut_removes_nested_elements_of_a_class_and_nothing_else() -> None:
    markup = ('<p>앞</p><ul class="items x"><li>하나<ul class="items"><li>둘</li></ul></li></ul>'
              '<p>가운데</p><nav class="toc"><ol><li>차례</li></ol></nav><p class="toc-title">뒤</p>')
    assert search._cut(markup, frozenset({"items", "toc"})) == '<p>앞</p> <p>가운데</p> <p class="toc-title">뒤</p>'
    assert search._text("<td>구분</td><td>공개일</td><p>A&amp;B</p><span>정보</span>공개") == "구분 공개일 A&B 정보공개"


def test_the_search_page_and_the_build_cut_the_same_particles(demo) -> None:
    """One list (search_particles in the interface strings): the search page gives it to its
    script, and the build takes tails of the same stems."""
    page = files_of(demo)["search/index.html"][0].decode("utf-8")
    given = re.search(r'data-particles="([^"]+)"', page).group(1).split()
    assert tuple(given) == search.particles() and {"에서부터", "를", "과"} <= set(given)
    assert given == sorted(given, key=len, reverse=True)  # longest first, or 을 would cut 으로부터's end
    script = next(f for f in demo.files if f.path.startswith("assets/search.")).data.decode("utf-8")
    assert '"에서부터"' not in script and "dataset.particles" in script
    assert search.stem("평생학습과") == "평생학습" and search.stem("청구를") == "청구"


def test_no_tails_are_taken_inside_a_predicate_ending() -> None:
    assert search.tails("알려드리겠습니다") == []
    assert search.tails("정보공개청구하시면") == ["보공개청구", "공개청구", "개청구", "청구"]
    assert search.tails("이용하실 수 있습니다") == []


def test_every_page_has_the_search_box_but_the_search_page(demo) -> None:
    pages = {p: d.decode("utf-8") for p, (d, _) in files_of(demo).items() if p.endswith(".html")}
    assert "search/index.html" in pages
    for path, html in pages.items():
        assert ('data-search-box' in html) == (path != "search/index.html"), path
        assert not re.search(r"\son[a-z]+=", html), path  # CSP: no inline event handlers
    assert 'action="../search/"' in pages["charter/index.html"]
    search_page = pages["search/index.html"]
    assert "data-search-fallback" in search_page and 'href="../disclosures/"' in search_page


def test_month_rows_have_their_anchor(demo) -> None:
    page = files_of(demo)["disclosures/2026/10/index.html"][0].decode("utf-8")
    assert '<tr id="doc-총무과-3289-20261001-2fa4f2">' in page


def test_a_missing_search_tool_is_a_warning_and_the_build_succeeds(make_site, tmp_path, monkeypatch) -> None:
    package = tmp_path / "pagefind"  # the npm package without its platform package's binary
    package.mkdir()
    (package / "package.json").write_text('{"version": "1.6.0"}', encoding="utf-8")
    monkeypatch.setenv("CHARTERPRESS_PAGEFIND", str(package))
    result = build(make_site(), tmp_path / "out", today=TODAY)
    messages = [w.message for w in result.warnings]
    assert any("site search is not built: pagefind 1.6.0" in m and "has no binary for this platform" in m
               for m in messages)
    assert (tmp_path / "out" / "search" / "index.html").is_file()
    assert not (tmp_path / "out" / "pagefind").exists()


def test_a_too_old_pagefind_is_refused(tmp_path, monkeypatch) -> None:
    old = tmp_path / "pagefind"
    old.mkdir()
    (old / "package.json").write_text('{"version": "1.5.2"}', encoding="utf-8")
    monkeypatch.setenv("CHARTERPRESS_PAGEFIND", str(old))
    indexer, why = search.find_indexer()
    assert indexer is None and "1.5.2" in why and ">= 1.6" in why


@pytest.fixture(scope="module")
def indexer():
    found, why = search.find_indexer()
    if found is None:
        pytest.skip(why)
    return found


def test_the_index_is_written_with_the_site_and_is_deterministic(indexer, demo, tmp_path_factory) -> None:
    """Two builds (which feed the indexer while rendering) give the same bytes, and the same index
    as feeding it after rendering."""
    outs = []
    for n in range(2):
        out = tmp_path_factory.mktemp(f"det{n}") / "site"
        result = build(DEMO, out, today=TODAY)
        assert not result.warnings or all("search" not in w.message for w in result.warnings)
        outs.append(out)
    first, second = tree_bytes(outs[0]), tree_bytes(outs[1])
    assert first == second
    assert "pagefind/pagefind.js" in first and "pagefind/pagefind-entry.json" in first
    assert not [p for p in first if p.startswith("pagefind/") and "ui" in p.rsplit("/", 1)[-1]]
    one_go = {f.path: f.data for f in with_search_index(demo).files if f.path.startswith("pagefind/")}
    assert one_go == {p: data for p, data in first.items() if p.startswith("pagefind/")}


def test_an_unchanged_site_takes_its_index_from_the_cache_and_a_change_indexes_anew(
        indexer, make_site, tmp_path, monkeypatch) -> None:
    """Pagefind has no incremental mode: a cached build whose documents did not change takes the
    index the last one made (and stops the indexer); any change to a document makes a new one,
    the same bytes as a build without the cache."""
    site = make_site()
    finished = []
    real_finish = search.IndexSession.finish
    monkeypatch.setattr(search.IndexSession, "finish", lambda self, *a: finished.append(1) or real_finish(self, *a))

    def index_of(out: str, cache: bool = True) -> dict[str, bytes]:
        build(site, tmp_path / out, today=TODAY, cache=cache)
        return {p: d for p, d in tree_bytes(tmp_path / out).items() if p.startswith("pagefind/")}

    first = index_of("one")
    assert len(finished) == 1 and "pagefind/pagefind-entry.json" in first
    assert index_of("two") == first and len(finished) == 1  # Pagefind did not run to the end
    page = site / "pages" / "privacy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n새로 찾을 낱말 모래시계입니다.\n", encoding="utf-8")
    third = index_of("three")
    assert len(finished) == 2 and third != first
    assert index_of("four", cache=False) == third


def test_the_index_is_among_the_files_before_the_swap(indexer, demo) -> None:
    result = with_search_index(demo)
    paths = {f.path for f in result.files}
    assert {"pagefind/pagefind.js", "pagefind/pagefind-worker.js"} <= paths
    assert any(p.startswith("pagefind/fragment/") for p in paths)


def test_the_theme_script_is_served_under_a_hashed_name_and_knows_the_marker(demo) -> None:
    scripts = [f for f in demo.files if f.path.startswith("assets/search.")]
    assert len(scripts) == 1 and re.fullmatch(r"assets/search\.[0-9a-f]{10}\.js", scripts[0].path)
    assert search.MARKER == "\u2042" and b'const MARKER = "\\u2042"' in scripts[0].data
    assert search.ROW_GAP == "\u2051" and b'const ROW_GAP = "\\u2051"' in scripts[0].data
    assert search.FIELD_GAP == "\u00a6" and b'const FIELD_GAP = "\\u00a6"' in scripts[0].data


def _children(pid: int, running: str = "") -> list[int]:
    """Processes whose parent is `pid` and whose command line has `running` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if int(fields[1]) == pid and running in command:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_build_killed_while_indexing_leaves_no_indexer_running(indexer, signum, tmp_path) -> None:
    """SIGTERM (no Python cleanup at all) or Ctrl-C during the build: Pagefind's binary ends
    within seconds instead of indexing on for minutes."""
    build_proc = subprocess.Popen([sys.executable, "-m", "charterpress", "build", str(DEMO), "-o", str(tmp_path / "out")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_for(lambda: _children(build_proc.pid, "--service"), 30), "the build started no indexer"
        binary = _children(build_proc.pid, "--service")[0]
        build_proc.send_signal(signum)
        build_proc.wait(timeout=30)
        assert _wait_for(lambda: not _alive(binary), 5), "the indexer outlived the build"
    finally:
        build_proc.kill()
        build_proc.wait()
    assert not (tmp_path / "out").exists()


def test_cancel_ends_the_pagefind_binary(indexer) -> None:
    session, _ = search.start_index()
    session.add(search.model_documents(render(DEMO, TODAY).site))
    assert _alive(session.proc.pid)
    session.cancel()
    assert not _alive(session.proc.pid)


def test_input_ending_before_the_index_is_asked_for_builds_no_index(indexer) -> None:
    """What the indexer sees when the build's process dies: its input just ends, and it exits at
    once, without an index."""
    session, _ = search.start_index()
    session.add(search.model_documents(render(DEMO, TODAY).site))
    session._lines.put(None)  # the pipe closes, as when the build's process is killed
    session.proc.wait(timeout=30)
    for thread in session._threads:
        thread.join()
    assert session.files is None and session.count > 100


def test_an_indexer_error_is_a_warning_naming_the_document(indexer) -> None:
    """An error Pagefind answers to one document is reported with that document's address."""
    session, _ = search.start_index()
    session.add([search.SearchDoc("/good/", "<html><body><main><p>좋은 문서</p></main></body></html>"),
                 search.SearchDoc("/bad/", record={"content": "내용", "language": "ko", "filters": "not a map"})])
    result = session.finish()
    assert result.files == [] and len(result.problems) == 1
    assert "site search is not built: pagefind: /bad/" in result.problems[0].message
