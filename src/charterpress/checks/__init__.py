"""Checks of built pages: markup, page chrome, accessibility rules and links.

Each rule is a small function over one parsed page (or over the whole site for links and titles)
that yields Findings; `check_pages` runs them all. They run on files in memory, so `check` never
touches `site/`.
"""

from __future__ import annotations

from charterpress.checks.pages import Finding, check_pages, parse_page

__all__ = ["Finding", "check_pages", "parse_page"]
