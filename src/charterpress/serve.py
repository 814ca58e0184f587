"""`charterpress serve`: keep the built site in memory, rebuild on every change, serve it with
live reload.

Three kinds of threads: the watcher (inotify, `watch.py`) collects changes; one rebuild thread
renders the site after each burst of changes and swaps the result in whole; the HTTP server
answers each request on its own thread from the last good result, so pages keep coming while a
rebuild runs. Nothing is written to disk: not into the site folder, not into a temporary one.

Live reload: every HTML response (never the built files) gets one `<script>` that listens on a
server-sent-events stream and reloads the page when a rebuild finishes, good or failed. While the
last build failed, every page shows its problems with their source lines (`errorpage.py`); the
next good edit brings the site back. An internal error of charterpress is shown the same way.
"""

from __future__ import annotations

import errno
import mimetypes
import os
import secrets
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from charterpress import build
from charterpress.diagnostics import BuildFailed, Diagnostic, internal_error_text
from charterpress.errorpage import error_page, terminal_text
from charterpress.live import Draft, LiveSite, PageProblems

MAX_PATH = 2048         # longer request paths are refused before they are looked up
PORT_TRIES = 20         # a taken port: try the next ones, up to this many
PREFIX = "/__charterpress/"  # the preview's own URLs, never a site's (a slug cannot start with '_')
EVENTS = PREFIX + "events"
SCRIPT = PREFIX + "reload.js"
KEEPALIVE = 25.0        # seconds between comments on an idle event stream (finds closed tabs)
RELOAD_JS = b"""(() => {
  const token = document.currentScript.dataset.token;
  const events = new EventSource("/__charterpress/events");
  events.onmessage = (event) => { if (event.data !== token) { events.close(); location.reload(); } };
})();
"""


@dataclass(frozen=True)
class Output:
    """A good build: every file by its path in the site, and the path the site lives under."""

    files: Mapping[str, build.OutputFile]
    base_path: str = "/"
    pages: int = 0


@dataclass(frozen=True)
class Failure:
    problems: list[Diagnostic] = field(default_factory=list)
    internal: str = ""  # an internal error of charterpress, in one line


@dataclass(frozen=True)
class Response:
    status: int
    kind: str = "text/plain"
    body: bytes = b""
    location: str = ""


class Preview:
    """The last good output and the last failure, swapped whole after each rebuild."""

    def __init__(self, source: Path, today: date | None = None,
                 render: Callable[..., build.BuildResult] | None = None):
        self.source = source.resolve()
        self.today = today
        # An edit of free pages' text redoes those pages only (live.py); anything else is a build
        # with the cache (see cache.py), the only thing written.
        self._live = None if render else LiveSite(self.source, today)
        self._render = render
        self.output: Output | None = None     # last good build (still served for files while failing)
        self.failure: Failure | None = None   # set while the last build failed
        self._error_html = b""                # the page every request gets while failing
        self.rebuilds = 0                     # published changes (the token tabs reload on)
        self._drafted = False                 # the output now served is a draft (live.py)
        self._said: set[str] = set()          # the warnings the last good build printed
        self.url = ""                         # where the server listens, said once the site is built
        self._start = secrets.token_hex(4)    # a restarted server reloads open tabs too
        self._changed = threading.Condition()
        self.closed = False
        self.streams = 0                      # open event streams (tabs that will reload)

    @property
    def failed(self) -> bool:
        return self.failure is not None

    @property
    def token(self) -> str:
        return f"{self._start}-{self.rebuilds}"

    # ------------------------------------------------------------------ building

    def rebuild(self, changed: set[str] | None = None, stop: Callable[[], bool] = lambda: False) -> bool:
        """Render the site after `changed` paths (None: any); publish the result (or the failure)
        at once for every request. An edit that may change every page publishes a draft first (see
        live.py), whose pages are rendered as they are asked for; the rest is rendered and checked
        after it, until `stop` says a newer edit came (False then: that edit's rebuild follows)."""
        started, cpu = time.perf_counter(), time.thread_time()  # the CPU of this thread: the rebuild's
        self._drafted = False
        try:
            if self._live:
                result = self._live.rebuild(changed, lambda draft: self._show_draft(draft, started, cpu), stop)
            else:
                result = self._render(self.source, self.today, None)
        except BuildFailed as exc:
            click.echo(terminal_text(self.source, exc.diagnostics), err=True)
            errors = sum(p.is_error for p in exc.diagnostics)
            click.echo(f"build failed: {errors} error(s); the preview shows them until the next good edit",
                       err=True)
            self._publish(self.output, Failure(exc.diagnostics))
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview; it is shown
            if os.environ.get("CHARTERPRESS_DEBUG", "") not in ("", "0"):
                click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            internal = internal_error_text(exc)
            click.echo(f"charterpress: {internal}; please report it, with --debug output", err=True)
            self._publish(self.output, Failure(internal=internal))
            return False
        if result is None:
            return False  # stopped for a newer edit
        said = [str(warning) for warning in result.warnings]
        fresh = [text for text in said if text not in self._said]
        for text in fresh:  # only what is new: a large site's placeholders would bury each edit
            click.echo(text, err=True)
        if len(said) > len(fresh):
            click.echo(f"{len(said) - len(fresh)} warning(s) as in the last build, not repeated", err=True)
        self._said = set(said)
        output = Output({f.path: f for f in result.files}, result.site.config.base_path, result.page_count)
        first = self.output is None
        # After a draft the pages are those the draft gave (the same files): open tabs reloaded for
        # it already, and do not again.
        self._publish(output, None, reload=not self._drafted)
        self._drafted = False
        click.echo(f"rebuilt {output.pages} pages in {time.perf_counter() - started:.2f} s", err=True)
        if first and self.url:
            click.echo(f"the site is at {self.url.rstrip('/')}{output.base_path}", err=True)
        return True

    def _show_draft(self, draft: Draft, started: float, cpu: float) -> None:
        first = self.output is None
        self._publish(Output(draft.files, draft.site.config.base_path, draft.page_count), None)
        self._drafted = True
        click.echo(f"showing the edit after {time.perf_counter() - started:.2f} s ({time.thread_time() - cpu:.2f} s "
                   f"of CPU; each page rendered as it is asked for); rendering and checking the other "
                   f"{draft.page_count} pages…", err=True)
        if first and self.url:
            click.echo(f"the site is at {self.url.rstrip('/')}{draft.site.config.base_path}", err=True)

    def _publish(self, output: Output | None, failure: Failure | None, reload: bool = True) -> None:
        with self._changed:
            self.rebuilds += reload
            # Made once per failure, not per request: it reads the source lines of every problem.
            self._error_html = error_page(self.source, failure.problems, failure.internal,
                                          self.reload_tag(self.token)) if failure else b""
            self.output, self.failure = output, failure
            self._changed.notify_all()

    def wait_change(self, token: str | None, timeout: float) -> str:
        """The current token, once it differs from `token` or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.token != token or self.closed, timeout)
            return self.token

    def count_stream(self, change: int) -> None:
        with self._changed:
            self.streams += change

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    # ------------------------------------------------------------------ answering

    def respond(self, path: str) -> Response:
        """The answer to a GET of `path` (already percent-decoded)."""
        if path == SCRIPT:
            return Response(200, "text/javascript", RELOAD_JS)
        with self._changed:  # one consistent state, whatever a rebuild does meanwhile
            output, failure, token, error_html = self.output, self.failure, self.token, self._error_html
        base = output.base_path if output else "/"
        if not path.startswith(base):
            if path in ("/", base.rstrip("/")):
                return Response(302, location=base)
            return self._not_found(output, token)
        rel = path[len(base):]
        wants_page = rel == "" or rel.endswith(("/", ".html"))
        if failure is not None and wants_page:
            return Response(500, "text/html", error_html)
        if output is None:  # the first build is still running (a failed one was answered above)
            return Response(503, "text/html", self._building_page(token)) if failure is None \
                else self._not_found(None, token)
        key = rel + "index.html" if rel == "" or rel.endswith("/") else rel
        try:
            file = output.files.get(key)
        except PageProblems as exc:  # a draft's page with problems of its own (live.py)
            return Response(500, "text/html", error_page(self.source, exc.problems, "", self.reload_tag(token)))
        if file is None:
            if rel + "/index.html" in output.files:
                return Response(301, location=path + "/")
            return self._not_found(output, token)
        kind = mimetypes.guess_type(key)[0] or "application/octet-stream"
        data = file.data
        if kind == "text/html":
            data = self.inject(data, token)
        return Response(200, kind, data)

    def _not_found(self, output: Output | None, token: str) -> Response:
        try:
            page = output.files.get("404.html") if output else None
        except PageProblems:
            page = None
        if page is None:
            return Response(404, "text/plain", b"not found")
        return Response(404, "text/html", self.inject(page.data, token))

    def reload_tag(self, token: str | None = None) -> str:
        """The script that reloads the page once the build it shows (`token`) is superseded."""
        return f'<script src="{SCRIPT}" data-token="{token or self.token}" defer></script>'

    def inject(self, page: bytes, token: str | None = None) -> bytes:
        """The page with the reload script before its last </body> (at its end when it has none).
        Only served pages get it: the site in memory, like one built to disk, has none."""
        tag = self.reload_tag(token).encode()
        at = page.rfind(b"</body>")
        return page + tag if at < 0 else page[:at] + tag + page[at:]

    def _building_page(self, token: str) -> bytes:
        return ('<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8"><title>빌드 중 – charterpress 미리 보기'
                f'</title></head><body><main><h1>사이트를 만드는 중입니다</h1><p>다 되면 이 페이지가 저절로 새로 '
                f'고쳐집니다.</p></main>{self.reload_tag(token)}</body></html>\n').encode()


def request_path(target: str) -> str | None:
    """The path of a request target as text, or None when it cannot name a file: a NUL, bytes
    that are not UTF-8 once percent-decoded, or more than MAX_PATH characters."""
    if len(target) > MAX_PATH * 3:
        return None
    try:
        path = unquote(urlsplit(target).path or "/", errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if len(path) > MAX_PATH or "\x00" in path or not path.startswith("/"):
        return None
    return path


# ------------------------------------------------------------------ HTTP

class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "charterpress-preview"

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        preview = self.server.preview
        try:
            path = request_path(self.path)
            if path == EVENTS and send_body:
                return self._events(preview)
            response = Response(400, body=b"bad request path") if path is None else preview.respond(path)
        except Exception as exc:  # noqa: BLE001 - the server's edge: one line, never a stack
            click.echo(f"charterpress: {internal_error_text(exc)} serving {self.path[:200]!r}", err=True)
            response = Response(500, body=b"charterpress: internal error; see the server's output")
        kind = response.kind
        if kind.startswith("text/") or kind in ("application/xml", "application/json"):
            kind += "; charset=utf-8"
        self.send_response(response.status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(response.body)))
        self.send_header("Cache-Control", "no-store")
        if response.location:
            self.send_header("Location", response.location)
        self.end_headers()
        if send_body:
            self.wfile.write(response.body)

    def _events(self, preview: Preview) -> None:
        """Server-sent events: the build token now and after every rebuild, until the tab closes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        token = None
        preview.count_stream(1)
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not preview.closed:
                current = preview.wait_change(token, KEEPALIVE)
                self.wfile.write(f"data: {current}\n\n".encode() if current != token else b": idle\n\n")
                self.wfile.flush()
                token = current
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the tab was closed or reloaded
        finally:
            preview.count_stream(-1)

    def log_message(self, format: str, *args: object) -> None:  # http.server's names
        pass  # one line per request would bury the build's messages


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive
    # allow_reuse_address stays on (HTTPServer's): on Linux a port another server listens on
    # still fails with EADDRINUSE, and a restart is not refused over old connections.

    def __init__(self, address: tuple, preview: Preview, family: int):
        self.address_family = family
        self.preview = preview
        super().__init__(address, Handler)


def bind(host: str, port: int, preview: Preview, tries: int = PORT_TRIES) -> PreviewServer:
    """A server on `host`:`port`, or on the next free port when it is taken (said on stderr)."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise click.ClickException(f"cannot listen on '{host}': {exc.strerror}") from None
    for attempt in range(tries):
        candidate = address[:1] + (port + attempt,) + address[2:]
        try:
            server = PreviewServer(candidate, preview, family)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or port == 0 or port + attempt >= 65535:
                raise click.ClickException(f"cannot listen on {host}:{port + attempt}: {exc.strerror}") from None
            click.echo(f"port {port + attempt} is taken; trying {port + attempt + 1}", err=True)
            continue
        return server
    raise click.ClickException(f"ports {port}–{port + tries - 1} are all taken; choose another with --port")


def url_of(server: PreviewServer, host: str, base: str) -> str:
    port = server.server_address[1]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}{base}"


# ------------------------------------------------------------------ the command

def rebuild_loop(preview: Preview, changes) -> None:  # changes: watch.Changes
    """Build once, then once per burst of changes, until the changes are closed."""
    preview.rebuild(stop=changes.pending)
    while (burst := changes.take()) is not None:
        preview.rebuild(burst, stop=changes.pending)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # serve_forever ends and `serve` stops its threads


def serve(source: Path, host: str, port: int, open_browser: bool, today: date | None = None) -> None:
    from charterpress.templates import theme_dir
    from charterpress.watch import Changes, Watcher

    preview = Preview(source, today)
    server = bind(host, port, preview)
    preview.url = url_of(server, host, "/")
    changes = Changes()
    roots = [preview.source]
    theme = theme_dir().resolve()
    if not theme.is_relative_to(preview.source):
        roots.append(theme)
    watcher = Watcher(roots, changes)
    try:
        watcher.start()  # before the first build: an edit made while it runs is not lost
    except OSError as exc:  # e.g. ENOSPC: more folders than fs.inotify.max_user_watches allows
        server.server_close()
        raise click.ClickException(f"cannot watch {source} for changes: {exc.strerror or exc} (on Linux, "
                                   "raise fs.inotify.max_user_watches)") from None
    builder = threading.Thread(target=rebuild_loop, args=(preview, changes), name="rebuild", daemon=True)
    builder.start()
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        click.echo(f"serving {source} at {preview.url} (Ctrl+C stops); building…", err=True)
        if open_browser:
            import webbrowser

            threading.Timer(0.5, webbrowser.open, [preview.url]).start()
        server.serve_forever(poll_interval=2.0)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        preview.close()
        changes.close()
        watcher.stop()
        server.server_close()
    sys.stdout.flush()
