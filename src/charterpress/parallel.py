"""Spread a build's per-page work over every core, where that pays.

Workers are forked, so they start with the loaded site, the parsers and the templates already in
memory (nothing but an index goes to them, and only each result comes back). The results are
taken in order, so the output is the same as a single-process build, byte for byte. A small
job stays in this process: starting workers costs more than parsing a few dozen pages.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

MIN_ITEMS = 200  # below this, one process is faster (forking and collecting cost ~50 ms)
_task: Callable[[int], Any] | None = None


def workers() -> int:
    """How many processes a build may use: the cores it may run on (CHARTERPRESS_JOBS overrides)."""
    wanted = os.environ.get("CHARTERPRESS_JOBS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(task: Callable[[int], Any], count: int) -> list[Any]:
    """[task(0), …, task(count - 1)], computed in forked workers when it pays."""
    return list(iter_in_order(task, count))


def iter_in_order(task: Callable[[int], Any], count: int, min_items: int | None = None) -> Iterator[Any]:
    """task(0), …, task(count - 1), each yielded as soon as it and those before it are done, so
    the caller need not hold every result at once (a 정보목록's pages go to the spool one by one).
    `min_items`: fewer than this stay in this process (default MIN_ITEMS; less for heavy items)."""
    jobs = min(workers(), 8)
    min_items = MIN_ITEMS if min_items is None else min_items
    # serve renders on a thread of its own while others answer requests, and forking there could
    # copy a lock mid-use into a worker: only a build run from the main thread forks (the search
    # indexer's feeding threads never touch what the workers run).
    if jobs < 2 or count < min_items or sys.platform != "linux" or \
            threading.current_thread() is not threading.main_thread():
        yield from (task(i) for i in range(count))
        return
    global _task
    _task = task
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            yield from pool.imap(_run, range(count), chunksize=max(1, count // (jobs * 8)))
    finally:
        _task = None


def _run(index: int) -> Any:
    assert _task is not None
    return _task(index)
