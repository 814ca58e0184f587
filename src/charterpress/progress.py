"""A one-line progress counter for long builds, on a terminal only.

A 120,000-row site renders for tens of seconds; an editor at a terminal sees the count of pages
grow instead of a silent prompt. In CI, in a pipe or in a log file nothing is printed, so logs
stay the diagnostics and the final line. No dependency: click is already here, but its bar needs
a total, and the page count is known only when rendering ends.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

INTERVAL = 0.1  # seconds between redraws: a fast build draws nothing at all
INDEXING = "(search index)"  # told instead of a page when rendering is done and the index is finishing


class Progress:
    def __init__(self, stream: TextIO, enabled: bool | None = None):
        self.stream = stream
        self.enabled = wanted(stream) if enabled is None else enabled
        self.pages = 0
        self.started = time.monotonic()
        self.drawn = self.started
        self.width = 0

    def page(self, path: str) -> None:
        if path == INDEXING:
            if self.enabled and self.width:  # only once a counter is showing: a fast build stays silent
                self._draw(f"indexing for search: {self.pages:,} pages rendered")
            return
        if not path.endswith(".html"):
            return
        self.pages += 1
        now = time.monotonic()
        if self.enabled and now - self.drawn >= INTERVAL:
            self.drawn = now
            self._draw(f"rendering: {self.pages:,} pages ({now - self.started:.0f} s)")

    def clear(self) -> None:
        """Remove the line before the diagnostics and the final summary are printed."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def _draw(self, text: str) -> None:
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = max(self.width, len(text))


def wanted(stream: TextIO) -> bool:
    """On a terminal, and not in CI (some CI runners fake a terminal) nor with TERM=dumb."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"
