#!/usr/bin/env python3
"""Screenshot built pages in Debian's Chromium at desktop and 360 px widths, in print media and in
forced-colours (Windows high contrast) mode.

Usage: python scripts/screenshots.py SITE_DIR OUT_DIR PAGE [PAGE…]   e.g. index.html charter/
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from charterpress.validators import CHROMIUM_FLAGS, find_tools, served


def main(site: Path, out: Path, pages: list[str]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    chromium = find_tools().chromium
    with served(site) as base, sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=chromium,
                                                    headless=True, args=CHROMIUM_FLAGS)
        page = ctx.new_page()
        for rel in pages:
            name = rel.strip("/").replace("/", "_").replace(".html", "") or "index"
            for width, label in ((1280, "desktop"), (360, "360")):
                page.set_viewport_size({"width": width, "height": 900})
                page.goto(base + rel, wait_until="networkidle")  # scripts (search) have run
                page.screenshot(path=str(out / f"{name}-{label}.png"), full_page=True)
            page.set_viewport_size({"width": 800, "height": 1100})  # about an A4 page
            page.emulate_media(media="print")
            page.screenshot(path=str(out / f"{name}-print.png"), full_page=True)
            page.emulate_media(media="screen", forced_colors="active")
            page.screenshot(path=str(out / f"{name}-contrast.png"), full_page=True)
            page.emulate_media(media="screen", forced_colors="none")
        ctx.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
