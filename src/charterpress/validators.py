"""The external judges: the Nu Html Checker (vnu) and axe-core in headless Chromium.

charterpress does not bundle them; `find_tools` says exactly what to install when one is missing.
Both run over a built folder served from 127.0.0.1, one JVM and one browser for all pages.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

VNU_JAR = "node_modules/vnu-jar/build/dist/vnu.jar"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": AXE_TAGS},
    # Deprecated in axe 4.7 and off by default, but duplicate ids still break label and header links.
    "rules": {"duplicate-id": {"enabled": True}, "duplicate-id-aria": {"enabled": True},
              "duplicate-id-active": {"enabled": True}},
    "resultTypes": ["violations"],
}
INSTALL_HINT = """\
To run the external validators, install them once (Debian, as root):
  apt-get install -y --no-install-recommends chromium fonts-nanum openjdk-17-jre-headless
  npm install --prefix .check-tools vnu-jar@26.9.27
  pip install 'charterpress[test]'       # playwright + axe-playwright-python (no browser download)
or run: bash scripts/install-test-tools.sh"""


class ToolMissing(Exception):
    """A validator is not installed; the message says what is missing and how to install it."""


@dataclass(frozen=True)
class Tools:
    java: str
    vnu_jar: Path
    chromium: str


def find_tools(tools_dir: Path | None = None) -> Tools:
    tools_dir = tools_dir or Path(os.environ.get("CHARTERPRESS_TOOLS", ".check-tools"))
    missing = []
    java = shutil.which("java")
    if not java:
        missing.append("java (openjdk-17-jre-headless)")
    jar = Path(os.environ.get("CHARTERPRESS_VNU_JAR", tools_dir / VNU_JAR))
    if not jar.is_file():
        missing.append(f"vnu.jar (looked for {jar})")
    chromium = os.environ.get("CHARTERPRESS_CHROMIUM") or shutil.which("chromium") or ""
    if not chromium:
        missing.append("chromium")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright and axe-playwright-python (Python packages)")
    if missing:
        raise ToolMissing("missing: " + ", ".join(missing) + "\n" + INSTALL_HINT)
    return Tools(java, jar, chromium)


def run_vnu(tools: Tools, site: Path) -> list[str]:
    """Every vnu error in the HTML files under `site`, as 'file:line: message'."""
    proc = subprocess.run(
        [tools.java, "-jar", str(tools.vnu_jar), "--errors-only", "--skip-non-html", "--format", "json",
         "--stdout", str(site)],
        capture_output=True, text=True, timeout=900,
    )
    try:
        messages = json.loads(proc.stdout or "{}").get("messages", [])
    except json.JSONDecodeError:
        return [f"vnu did not run: {proc.stderr.strip()[:500]}"]
    found = []
    for m in messages:
        where = Path(m.get("url", "").removeprefix("file:")).resolve()
        rel = where.relative_to(site.resolve()).as_posix() if where.is_relative_to(site.resolve()) else where
        found.append(f"{rel}:{m.get('lastLine', 0)}: {m.get('type')}: {m.get('message')}")
    if proc.returncode not in (0, 1) or (proc.returncode == 1 and not found):
        found.append(f"vnu failed (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
    return found


class _Quiet(http.server.SimpleHTTPRequestHandler):
    base_path = "/"

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        """The site answers under its base path only, as it will when deployed (a page linking
        '/assets/…' instead of '/charter/assets/…' must fail here, not pass)."""
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / ".outside-the-base-path")  # never a file: 404
        return super().translate_path("/" + path[len(self.base_path):])


@contextmanager
def served(site: Path, base_path: str = "/") -> Iterator[str]:
    """Serve `site` at `base_path` ('/' or '/charter/') on a free 127.0.0.1 port for the block."""
    handler = functools.partial(type("_Handler", (_Quiet,), {"base_path": base_path}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{base_path}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def run_axe(tools: Tools, site: Path, widths: tuple[int, ...] = (1280, 360),
            base_path: str = "/") -> tuple[int, list[str]]:
    """axe-core over every page at each viewport width, the site served at its base path;
    returns (pages checked, violations)."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    axe, found = Axe(), []
    with served(site, base_path) as base, sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(profile, executable_path=tools.chromium,
                                                        headless=True, args=CHROMIUM_FLAGS)
        try:
            tab = context.new_page()
            for width in widths:
                tab.set_viewport_size({"width": width, "height": 900})
                for rel in pages:
                    tab.goto(base + rel, wait_until="load")
                    for v in axe.run(tab, options=AXE_OPTIONS).response["violations"]:
                        targets = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
                        found.append(f"{rel} @{width}px: {v['id']} [{v['impact']}]: {v['help']} ({targets})")
        finally:
            context.close()
    return len(pages), found
