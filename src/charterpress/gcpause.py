"""Pause Python's cyclic garbage collector around allocation-heavy stages.

Rendering or checking a big 정보목록 makes millions of short-lived objects; each allocation burst
starts a collection, and every full collection walks the whole live heap (the site model: a
240,000-row year is millions of objects), over and over. Reference counting still frees every
page, tree and string at once; the few cycles made meanwhile are collected when the pause ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
