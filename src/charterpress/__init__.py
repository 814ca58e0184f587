"""charterpress: service charters, disclosure lists and survey results as an accessible static site."""

from __future__ import annotations

__version__ = "0.1.0"
