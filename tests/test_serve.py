"""`charterpress serve`: the preview in memory, its HTTP answers, the error page, the port and the
folder it starts from. The watcher and its bursts are in test_serve_watch.py."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from conftest import MINIMAL, TODAY

from charterpress import serve as serve_module
from charterpress.build import render
from charterpress.cli import main
from charterpress.diagnostics import Diagnostic, SourceLoc
from charterpress.errorpage import excerpt, terminal_text
from charterpress.render import OutputFile
from charterpress.serve import SCRIPT, Preview, bind, request_path


def _get(url: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def _until(predicate, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def _fake_result(files: dict[str, bytes], base: str = "/"):
    """What the preview reads of a BuildResult."""
    return SimpleNamespace(files=[OutputFile(path, data, "x") for path, data in files.items()], warnings=[],
                           page_count=sum(p.endswith(".html") for p in files),
                           site=SimpleNamespace(config=SimpleNamespace(base_path=base)))


@pytest.fixture
def running():
    """Serve a Preview over HTTP on a free port; yields its base URL."""
    servers = []

    def start(preview: Preview) -> str:
        server = bind("127.0.0.1", 0, preview)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append((server, preview))
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server, preview in servers:
        preview.close()
        server.shutdown()
        server.server_close()


# ------------------------------------------------------------------ answering from memory

def test_requests_are_answered_from_the_previous_output_while_a_rebuild_runs(running) -> None:
    release, rendering = threading.Event(), threading.Event()
    versions = iter([b"<html><body>first</body></html>", b"<html><body>second</body></html>"])

    def slow_render(source, today, search):
        page = next(versions)
        if b"second" in page:
            rendering.set()
            assert release.wait(10)
        return _fake_result({"index.html": page, "a.css": b"p{}"})

    preview = Preview(MINIMAL, render=slow_render)
    assert preview.rebuild()
    base = running(preview)
    rebuild = threading.Thread(target=preview.rebuild)
    rebuild.start()
    try:
        assert rendering.wait(10)
        for _ in range(3):  # answered now, while the render is still blocked
            assert _get(base + "/", timeout=2)[1].startswith("<html><body>first")
            assert _get(base + "/a.css", timeout=2) == (200, "p{}")
    finally:
        release.set()
        rebuild.join(10)
    assert "second" in _get(base + "/")[1]


def test_the_reload_script_is_in_served_pages_only_never_in_the_built_site(running) -> None:
    result = render(MINIMAL, TODAY)
    assert not any(b"__charterpress" in f.data for f in result.files)
    preview = Preview(MINIMAL, render=lambda source, today, search: result)
    assert preview.rebuild()
    base = running(preview)
    status, page = _get(base + "/charter/")
    assert status == 200 and page.count(SCRIPT) == 1 and page.index(SCRIPT) < page.rindex("</body>")
    status, sitemap = _get(base + "/sitemap.xml")
    assert status == 200 and SCRIPT not in sitemap
    assert not any(b"__charterpress" in f.data for f in result.files)  # serving did not change the files
    status, script = _get(base + SCRIPT)
    assert status == 200 and "EventSource" in script


def test_a_finished_rebuild_is_announced_on_the_event_stream(running) -> None:
    preview = Preview(MINIMAL, render=lambda *args: _fake_result({"index.html": b"<body></body>"}))
    preview.rebuild()
    base = running(preview)
    with urllib.request.urlopen(base + "/__charterpress/events", timeout=10) as stream:
        tokens = []
        while len(tokens) < 2:
            line = stream.readline().decode()
            if line.startswith("data: "):
                tokens.append(line[6:].strip())
                if len(tokens) == 1:
                    assert tokens[0] == preview.token
                    threading.Thread(target=preview.rebuild).start()
    assert tokens[0] != tokens[1] == preview.token


@pytest.mark.validators
def test_an_open_page_reloads_itself_after_each_rebuild_in_a_browser(running) -> None:
    """The reload script and its event stream, in headless Chromium (the validators' browser)."""
    import shutil

    playwright = pytest.importorskip("playwright.sync_api")
    if not shutil.which("chromium"):
        pytest.skip("chromium is not installed")
    pages = iter([b"<html lang=ko><title>1</title><body><h1>first</h1></body></html>",
                  b"<html lang=ko><title>2</title><body><h1>second</h1></body></html>"])
    preview = Preview(MINIMAL, render=lambda *args: _fake_result({"index.html": next(pages)}))
    preview.rebuild()
    base = running(preview)
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            tab = browser.new_page()
            tab.goto(base + "/")
            _until(lambda: preview.streams == 1, 20)  # the page's script is listening
            preview.rebuild()
            tab.wait_for_function("() => document.querySelector('h1').textContent === 'second'", timeout=20000)
        finally:
            browser.close()


def test_the_site_is_served_at_its_base_path() -> None:
    preview = Preview(MINIMAL, render=lambda *args: _fake_result(
        {"index.html": b"<body>home</body>", "charter/index.html": b"<body>c</body>"}, base="/library/"))
    preview.rebuild()
    assert preview.respond("/").location == "/library/"
    assert preview.respond("/library").location == "/library/"
    assert preview.respond("/library/").body.startswith(b"<body>home")
    assert preview.respond("/library/charter").location == "/library/charter/"
    assert preview.respond("/charter/").status == 404


@pytest.mark.parametrize(("target", "status"), [("/%00", 400), ("/%ff", 400), ("/" + "a" * 5000, 400),
                                                ("/" + "a" * 300 + "/", 404), ("/../../etc/passwd", 404),
                                                ("/..%2f..%2fetc/passwd", 404)])
def test_malformed_paths_are_refused(target: str, status: int) -> None:
    preview = Preview(MINIMAL, render=lambda *args: _fake_result({"index.html": b"<body></body>"}))
    preview.rebuild()
    path = request_path(target)
    assert (400 if path is None else preview.respond(path).status) == status


def test_malformed_requests_over_http_get_400_or_404_and_no_traceback(running) -> None:
    import http.client

    preview = Preview(MINIMAL, render=lambda *args: _fake_result({"index.html": b"<body></body>"}))
    preview.rebuild()
    port = int(running(preview).rsplit(":", 1)[1])
    for target, status in (("/%00", 400), ("/%ff", 400), ("/..%2f..%2fetc/passwd", 404),
                           ("/%2e%2e/%2e%2e/etc/passwd", 404), ("/" + "a" * 3000, 400), ("/?q=%ff", 200)):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", target)
        response = connection.getresponse()
        assert (response.status, b"Traceback" in response.read()) == (status, False), target
        connection.close()


def test_an_internal_error_is_shown_and_the_next_good_build_recovers(monkeypatch) -> None:
    outcomes = [lambda: _fake_result({"index.html": b"<body>ok</body>"}), lambda: 1 / 0,
                lambda: _fake_result({"index.html": b"<body>back</body>"})]
    preview = Preview(MINIMAL, render=lambda *args: outcomes.pop(0)())
    assert preview.rebuild()
    assert not preview.rebuild()
    response = preview.respond("/")
    assert response.status == 500 and b"internal error (ZeroDivisionError: division by zero)" in response.body
    assert preview.rebuild() and not preview.failed
    assert preview.respond("/").body.startswith(b"<body>back")


def test_the_error_page_is_made_once_per_failed_build(monkeypatch) -> None:
    """Every open tab asks again while the site is broken: the page (which reads the source lines
    of every problem) is made when the build fails, not for each request."""
    import charterpress.serve as serve_module

    made = []
    real = serve_module.error_page
    monkeypatch.setattr(serve_module, "error_page", lambda *args: made.append(1) or real(*args))
    outcomes = [lambda: 1 / 0, lambda: 1 / 0]
    preview = Preview(MINIMAL, render=lambda *args: outcomes.pop(0)())
    assert not preview.rebuild()
    first = [preview.respond(path).body for path in ("/", "/charter/", "/a.html", "/")]
    assert len(made) == 1 and len(set(first)) == 1 and b"ZeroDivisionError" in first[0]
    assert not preview.rebuild()  # the next failure: a new page, with the new reload token
    assert len(made) == 2 and preview.respond("/").body != first[0]


# ------------------------------------------------------------------ the error page

def test_the_error_page_shows_every_problem_with_its_lines_marked_and_escaped(make_site, capsys) -> None:
    site = make_site()
    charter = site / "charter.md"
    text = charter.read_text(encoding="utf-8")
    charter.write_text(text.replace("  - date: 2020-01-02", "  - date: 2020-13-02 # <script>alert(1)</script>")
                       .replace("  - date: 2024-03-04", "  - date: 2024-02-31"), encoding="utf-8")
    preview = Preview(site, TODAY)
    assert not preview.rebuild()
    response = preview.respond("/charter/")
    page = response.body.decode()
    assert response.status == 500 and '<html lang="ko">' in page and "<h1>빌드 실패: 오류 2건" in page
    assert "<script>alert" not in page and "# &lt;script&gt;alert(1)&lt;/script&gt;" in page
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert [re.sub(r"<.*?>", "", h) for h in headings] == ["1. 오류: charter.md:4:11", "2. 오류: charter.md:6:11"]
    marked = re.findall(r"<mark>(.*?)</mark>", page)
    assert len(marked) == 2 and "▶" in marked[0] and "2020-13-02" in marked[0] and "2024-02-31" in marked[1]
    assert page.count(SCRIPT) == 1  # it reloads itself when the next build ends
    terminal = capsys.readouterr().err
    assert "  > 4 |   - date: 2020-13-02 # <script>alert(1)</script>" in terminal
    assert "    3 | revisions:" in terminal


@pytest.mark.validators
def test_the_error_page_passes_vnu_and_axe(make_site, tmp_path) -> None:
    from charterpress.validators import ToolMissing, find_tools, run_axe, run_vnu

    try:
        tools = find_tools(Path(__file__).parents[1] / ".check-tools")
    except ToolMissing as exc:
        if os.environ.get("CI"):
            pytest.fail(f"validators are required in CI: {exc}")
        pytest.skip(str(exc))
    site = make_site()
    charter = site / "charter.md"
    charter.write_text(charter.read_text(encoding="utf-8").replace("2020-01-02", "2020-13-02 " + "x" * 300),
                       encoding="utf-8")  # a long line: the quoted lines scroll at 360 px
    preview = Preview(site, TODAY)
    assert not preview.rebuild()
    folder = tmp_path / "page"
    folder.mkdir()
    (folder / "index.html").write_bytes(preview.respond("/").body.replace(preview.reload_tag().encode(), b""))
    assert run_vnu(tools, folder) == []
    assert run_axe(tools, folder)[1] == []


def test_lines_are_shown_only_from_text_files_inside_the_site(tmp_path) -> None:
    site, outside = tmp_path / "site", tmp_path / "secret.md"
    (site / "pages").mkdir(parents=True)
    outside.write_text("비밀\n", encoding="utf-8")
    (site / "pages" / "a.md").write_text("하나\n둘\n셋\n", encoding="utf-8")
    (site / "pages" / "link.md").symlink_to(outside)
    (site / "data.xlsx").write_bytes(b"PK\x03\x04 not text\n")

    def lines(path: str, line: int = 1) -> list[str]:
        return [f"{x.number}{'>' if x.marked else ' '}{x.text}"
                for x in excerpt(site, Diagnostic(SourceLoc(path, line), "m"))]

    assert lines("pages/a.md", 2) == ["1 하나", "2>둘", "3 셋"]
    assert lines("pages/a.md", 9) == []
    assert lines("../secret.md") == lines(str(outside)) == lines("pages/link.md") == []
    assert lines("data.xlsx") == []
    assert terminal_text(site, [Diagnostic(SourceLoc("../secret.md", 1), "m")]) == "../secret.md:1: m"


def test_personal_identifiers_in_quoted_lines_are_masked(tmp_path) -> None:
    (tmp_path / "a.md").write_text("연락처 800101-1234567 입니다\n", encoding="utf-8")
    shown = excerpt(tmp_path, Diagnostic(SourceLoc("a.md", 1), "m"))[0].text
    assert "1234567" not in shown


# ------------------------------------------------------------------ port, host, folder

def test_a_taken_port_moves_to_the_next_free_one(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = bind("127.0.0.1", port, Preview(MINIMAL))
        try:
            assert server.server_address[0] == "127.0.0.1" and server.server_address[1] > port
        finally:
            server.server_close()
    assert f"port {port} is taken; trying {port + 1}" in capsys.readouterr().err


def test_serve_listens_on_loopback_unless_told_and_starts_from_a_site_folder(monkeypatch, tmp_path) -> None:
    calls = []
    monkeypatch.setattr(serve_module, "serve", lambda *args: calls.append(args))
    monkeypatch.chdir(MINIMAL)
    assert CliRunner().invoke(main, ["serve"]).exit_code == 0
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "9"])
    assert result.exit_code == 0
    assert "warning: listening on 0.0.0.0: other machines can reach this preview" in result.output
    assert calls == [(Path("."), "127.0.0.1", 8000, False), (Path("content"), "0.0.0.0", 9, False)]
    monkeypatch.chdir(tmp_path / "content")
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2 and "no site here: run inside a site folder (one with site.yaml)" in result.output


def test_build_inside_a_site_folder_writes_beside_it_never_into_it(make_site, monkeypatch) -> None:
    site = make_site()
    monkeypatch.chdir(site)
    result = CliRunner().invoke(main, ["build", "--today", "2026-11-22"])
    assert result.exit_code == 0, result.output
    assert f"into {Path('..') / 'site'}" in result.output
    assert (site.parent / "site" / "charter" / "index.html").is_file() and not (site / "site").exists()
    refused = CliRunner().invoke(main, ["build", "-o", "out"])
    assert refused.exit_code == 1 and "is inside the site's source folder" in refused.output


# ------------------------------------------------------------------ the command, end to end

@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_serve_rebuilds_on_a_save_shows_errors_recovers_and_stops_cleanly(make_site, stop) -> None:
    site = make_site()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = str(Path(serve_module.__file__).parents[1])  # this charterpress, whatever the folder
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([code, os.environ.get("PYTHONPATH", "")])}
    server = subprocess.Popen([sys.executable, "-m", "charterpress", "serve", "--port", str(port)], cwd=site,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/charter/"
    try:
        _until(lambda: server.poll() is not None or (_port_open(port) and _get(url)[0] == 200), 60)
        assert server.poll() is None
        charter = site / "charter.md"
        good = charter.read_text(encoding="utf-8")
        charter.write_text(good.replace("  - date: 2020-01-02", "  - date: 2020-13-02"), encoding="utf-8")
        _until(lambda: _get(url)[0] == 500, 60)
        assert "revision date &#x27;2020-13-02&#x27; is not a date" in _get(url)[1]
        charter.write_text(good.replace("행정서비스헌장", "새 헌장"), encoding="utf-8")
        _until(lambda: "<h1>새 헌장</h1>" in _get(url)[1], 60)
    finally:
        server.send_signal(stop)
        log = server.communicate(timeout=15)[0].decode("utf-8", "replace")
    assert server.returncode == 0 and "Traceback" not in log
    assert f"serving . at http://127.0.0.1:{port}/" in log
    assert not list(site.rglob("index.html"))  # nothing written into the site


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_a_rebuild_prints_only_warnings_it_did_not_print_before(tmp_path, capsys) -> None:
    warnings = ["pages/a.md:3:1: warning: 하나", "pages/b.md:4:1: warning: 둘"]

    def render(source, today, search):
        result = _fake_result({"index.html": b"<html></html>"})
        result.warnings = list(warnings)
        return result

    preview = Preview(tmp_path, render=render)
    preview.rebuild()
    err = capsys.readouterr().err
    assert all(w in err for w in warnings)
    warnings.append("pages/c.md:1:1: warning: 셋")
    preview.rebuild()
    err = capsys.readouterr().err
    assert "셋" in err and "하나" not in err and "2 warning(s) as in the last build, not repeated" in err


def test_an_edit_every_page_shows_serves_a_draft_at_once_and_reloads_tabs_once(make_site) -> None:
    site = make_site()
    preview = Preview(site, TODAY)
    assert preview.rebuild()
    before = preview.token
    settings_file = site / "site.yaml"
    settings_file.write_text(settings_file.read_text(encoding="utf-8").replace("name: ", "name: 새 ", 1),
                             encoding="utf-8")
    during = []

    def stop() -> bool:  # asked before each page the draft renders after its first response
        if not during:
            during.append((preview.token, preview.respond("/charter/")))
        return False

    assert preview.rebuild({str(settings_file)}, stop=stop)
    token, response = during[0]
    assert token != before and preview.token == token  # one reload: for the draft, not again after it
    assert response.status == 200 and "새 " in response.body.decode()
    clean = {f.path: f.data for f in render(site, TODAY).files}
    assert preview.output is not None
    assert {path: preview.output.files[path].data for path in preview.output.files} == clean
