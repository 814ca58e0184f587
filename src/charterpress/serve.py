"""`charterpress serve`: rebuild on every change and serve the result with live reload.

The only module that imports livereload. A broken edit does not stop the server: every page
shows the build's messages until the next good edit, which brings the site back. An edit that
makes charterpress itself fail (an internal error) shows that instead; a malformed request gets
400 or 404, never a traceback; SIGTERM and Ctrl+C remove the preview's temporary folder.
"""

from __future__ import annotations

import html
import mimetypes
import os
import shutil
import signal
import tempfile
import traceback
from pathlib import Path

import click

from charterpress.build import build
from charterpress.diagnostics import BuildFailed, Diagnostic, internal_error_text

MAX_PATH = 2048  # longer request paths are refused before they reach the file system


class Preview:
    """The last build of a site for preview: its folder, or the problems that stopped it."""

    def __init__(self, source: Path):
        self.source = source
        self.out = Path(tempfile.mkdtemp(prefix="charterpress-preview-")) / "site"
        self.problems: list[Diagnostic] = []
        self.internal = ""  # an internal error of the last build, in one line

    @property
    def failed(self) -> bool:
        return bool(self.problems or self.internal)

    def rebuild(self) -> bool:
        try:
            result = build(self.source, self.out)
        except BuildFailed as exc:
            self.problems, self.internal = exc.diagnostics, ""
            for problem in self.problems:
                click.echo(str(problem), err=True)
            click.echo(f"build failed: {sum(p.is_error for p in self.problems)} error(s); "
                       "the preview shows them until the next good edit", err=True)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview; it is shown
            self.problems, self.internal = [], internal_error_text(exc)
            if os.environ.get("CHARTERPRESS_DEBUG", "") not in ("", "0"):
                click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
            click.echo(f"charterpress: {self.internal}; please report it, with --debug output", err=True)
            return False
        self.problems, self.internal = [], ""
        click.echo(f"rebuilt {result.page_count} pages", err=True)
        return True

    def close(self) -> None:
        shutil.rmtree(self.out.parent, ignore_errors=True)

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        """WSGI: the built file for the path, or the error page while the last build failed."""
        try:
            return self._serve(environ, start_response)
        except Exception as exc:  # noqa: BLE001 - the server's edge: one line, never a stack
            click.echo(f"charterpress: {internal_error_text(exc)} serving {environ.get('PATH_INFO', '')[:200]!r}",
                       err=True)
            return self._respond(start_response, "500 Internal Server Error", "text/plain",
                                 b"charterpress: internal error; see the server's output")

    def _serve(self, environ: dict, start_response) -> list[bytes]:
        path = request_path(environ)
        if path is None:
            return self._respond(start_response, "400 Bad Request", "text/plain", b"bad request path")
        if self.failed and (path.endswith("/") or path.endswith(".html")):
            return self._respond(start_response, "500 Build failed", "text/html", self._error_page())
        file = self._resolve(path)
        if file is None:
            not_found = self.out / "404.html"
            body = not_found.read_bytes() if not_found.is_file() else b"not found"
            return self._respond(start_response, "404 Not Found", "text/html", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return self._respond(start_response, "200 OK", kind, file.read_bytes())

    def _resolve(self, path: str) -> Path | None:
        try:
            root = self.out.resolve()
            target = (root / path.lstrip("/")).resolve()
            if not target.is_relative_to(root):
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None
        except (OSError, RuntimeError, ValueError):  # too long a name, a link loop, a NUL
            return None

    @staticmethod
    def _respond(start_response, status: str, kind: str, body: bytes) -> list[bytes]:
        if kind.startswith("text/") or kind in ("application/xml", "application/json"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    def _error_page(self) -> bytes:
        items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in self.problems)
        if self.internal:
            items = (f"<li><code>charterpress: {html.escape(self.internal)}</code> — this is a bug in "
                     "charterpress, not in the site; please report it, with the output of "
                     "<code>charterpress --debug build</code></li>")
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed – charterpress</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:sans-serif;margin:2rem;line-height:1.6"><main>'
            f"<h1>The build failed</h1><p>Fix these problems and save; this page reloads by itself.</p>"
            f"<ul>{items}</ul></main></body></html>"
        )
        return page.encode("utf-8")


def request_path(environ: dict) -> str | None:
    """The request's path as text, or None when it cannot name a file: a NUL, bytes that are not
    UTF-8, or more than MAX_PATH characters. PATH_INFO is already percent-decoded, as WSGI bytes
    in Latin-1 (PEP 3333); decoding it again would turn '%2525' into '%'."""
    raw = environ.get("PATH_INFO", "/") or "/"
    if len(raw) > MAX_PATH or "\x00" in raw:
        return None
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # the server loop ends and `serve` removes its temporary folder


def serve(source: Path, host: str, port: int, open_browser: bool) -> None:
    from livereload import Server

    preview = Preview(source.resolve())
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        preview.rebuild()
        server = Server(preview)
        for watched in ("*.yaml", "*.md", "**/*.md", "templates/**/*", "static/**/*", "**/*.csv", "**/*.xlsx"):
            server.watch(str(source / watched), preview.rebuild, delay=0.2)
        click.echo(f"serving {source} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
        # debug=False: tornado's debug mode would restart the process on code changes (leaving the
        # temporary folder behind) and put tracebacks into 500 pages.
        server.serve(host=host, port=port, open_url_delay=0.5 if open_browser else None, restart_delay=0,
                     debug=False)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        preview.close()
