"""`charterpress serve`: rebuild on every change and serve the result with live reload.

The only module that imports livereload. A broken edit does not stop the server: every page
shows the build's messages until the next good edit, which brings the site back.
"""

from __future__ import annotations

import html
import mimetypes
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote

import click

from charterpress.build import build
from charterpress.diagnostics import BuildFailed, Diagnostic


class Preview:
    """The last build of a site for preview: its folder, or the problems that stopped it."""

    def __init__(self, source: Path):
        self.source = source
        self.out = Path(tempfile.mkdtemp(prefix="charterpress-preview-")) / "site"
        self.problems: list[Diagnostic] = []

    def rebuild(self) -> bool:
        try:
            result = build(self.source, self.out)
        except BuildFailed as exc:
            self.problems = exc.diagnostics
            for problem in self.problems:
                click.echo(str(problem), err=True)
            click.echo(f"build failed: {sum(p.is_error for p in self.problems)} error(s); "
                       "the preview shows them until the next good edit", err=True)
            return False
        self.problems = []
        click.echo(f"rebuilt {result.page_count} pages", err=True)
        return True

    def close(self) -> None:
        shutil.rmtree(self.out.parent, ignore_errors=True)

    def __call__(self, environ: dict, start_response) -> list[bytes]:
        """WSGI: the built file for the path, or the error page while the last build failed."""
        path = unquote(environ.get("PATH_INFO", "/"))
        if self.problems and (path.endswith("/") or path.endswith(".html")):
            return self._respond(start_response, "500 Build failed", "text/html", self._error_page())
        file = self._resolve(path)
        if file is None:
            not_found = self.out / "404.html"
            body = not_found.read_bytes() if not_found.is_file() else b"not found"
            return self._respond(start_response, "404 Not Found", "text/html", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return self._respond(start_response, "200 OK", kind, file.read_bytes())

    def _resolve(self, path: str) -> Path | None:
        root = self.out.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    @staticmethod
    def _respond(start_response, status: str, kind: str, body: bytes) -> list[bytes]:
        if kind.startswith("text/") or kind in ("application/xml", "application/json"):
            kind += "; charset=utf-8"
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]

    def _error_page(self) -> bytes:
        items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in self.problems)
        page = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Build failed – charterpress</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>'
            '<body style="font-family:sans-serif;margin:2rem;line-height:1.6"><main>'
            f"<h1>The build failed</h1><p>Fix these problems and save; this page reloads by itself.</p>"
            f"<ul>{items}</ul></main></body></html>"
        )
        return page.encode("utf-8")


def serve(source: Path, host: str, port: int, open_browser: bool) -> None:
    from livereload import Server

    preview = Preview(source.resolve())
    preview.rebuild()
    server = Server(preview)
    for watched in ("*.yaml", "*.md", "**/*.md", "templates/**/*", "static/**/*", "**/*.csv", "**/*.xlsx"):
        server.watch(str(source / watched), preview.rebuild, delay=0.2)
    click.echo(f"serving {source} at http://{host}:{port}/ (Ctrl+C stops)", err=True)
    try:
        server.serve(host=host, port=port, open_url_delay=0.5 if open_browser else None, restart_delay=0)
    finally:
        preview.close()
