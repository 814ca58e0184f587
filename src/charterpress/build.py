"""The build pipeline: settings → sources → model → pages → output, in that order, checks beside."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from charterpress.cache import Cache
from charterpress.config import load_config, today_in
from charterpress.diagnostics import BuildFailed, Diagnostic, fails_strict, sort_diagnostics
from charterpress.gcpause import gc_paused
from charterpress.load import Loader, load_site, load_site_cached
from charterpress.model import Site
from charterpress.output import Manifests, check_output, conflicts, write_site
from charterpress.placeholders import placeholder_warnings
from charterpress.privacy import redacted
from charterpress.privacy_scan import scan_site
from charterpress.progress import INDEXING
from charterpress.render import OutputFile, render_site
from charterpress.replay import Record, Replayed
from charterpress.search import IndexSession, index_site, start_index
from charterpress.sources import shared_reads


@dataclass(frozen=True)
class BuildResult:
    site: Site
    files: list[OutputFile]
    warnings: list[Diagnostic]
    loader: Loader | None = field(default=None, compare=False, repr=False)  # a cached build's (live.py redoes pages with it)

    @property
    def page_count(self) -> int:
        return sum(f.path.endswith(".html") for f in self.files)


def render(source_dir: Path, today: date | None = None, search: IndexSession | None = None,
           on_page: Callable[[str], None] | None = None, cache: bool | Cache = False) -> BuildResult:
    """Everything a build does except writing; raises BuildFailed with every problem found.

    `today` decides which publications are overdue; it defaults to the date in the site's time
    zone, and a fixed one makes the output reproducible. A `search` session is given the
    site's search results as they become known, so the index is built beside the rendering;
    `on_page` is told each output path as it is rendered (the progress counter).
    With `cache`, pages whose sources did not change are taken from the site's build cache
    (`.charterpress/cache`, see cache.py) instead of being parsed and rendered again.
    """
    with gc_paused(), shared_reads():  # see gcpause; each source read once (see sources.shared_reads)
        source_dir = source_dir.resolve()
        store = cache if isinstance(cache, Cache) else Cache(source_dir) if cache else None
        return _render(source_dir, today, search, on_page, store)


def _render(source_dir: Path, today: date | None, search: IndexSession | None,
            on_page: Callable[[str], None] | None, store: Cache | None) -> BuildResult:
    config, problems = load_config(source_dir)  # broken settings still let the rest be read
    today = today or today_in(config.timezone)
    privacy = scan_site(source_dir, config.privacy.allow,  # every source, static file, template, name
                        store.known_clean() if store else frozenset())
    problems += privacy.problems + placeholder_warnings(source_dir)
    keys: dict[str, str] = {}
    loader = None
    if store:
        site, site_problems, keys, loader = load_site_cached(source_dir, config, today, store)
    else:
        site, site_problems = load_site(source_dir, config, today)
    problems += site_problems
    files: list[OutputFile] = []
    if not any(p.is_error for p in problems):
        if search:
            search.add_site(site)
        files, render_problems = render_site(site, source_dir, _tell(search, on_page), store, keys,
                                             privacy.built)  # free pages scanned where rendered
        if search:
            search.close_input()  # the indexer writes its index while the output is checked
        problems += render_problems + conflicts(files)
        problems += privacy.output(files)
    problems += privacy.report()
    problems = [redacted(p) for p in problems]  # a message may quote a value: never a whole number
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    if store:
        store.keep_clean(privacy.clean)
        store.sweep()  # only after a build that succeeded, so a failed one never empties the cache
    return BuildResult(site, files, sort_diagnostics(problems), loader)


def _tell(search: IndexSession | None, on_page: Callable[[str], None] | None) -> Callable[[OutputFile], None] | None:
    if not on_page:
        return search.add_file if search else None

    def told(file: OutputFile) -> None:
        if search:
            search.add_file(file)
        on_page(file.path)

    return told


def build(source_dir: Path, out_dir: Path, strict: bool = False, today: date | None = None,
          on_page: Callable[[str], None] | None = None, cache: bool = False) -> BuildResult | Replayed:
    """Render, then write `out_dir` as a whole; a failed build leaves it untouched.

    With `strict`, warnings about the content fail the build too (notes do not, nor warnings
    about where it is built: a shallow clone, a missing search tool). An output folder that is not
    charterpress's own (see `output.refusal`) is refused before anything is rendered.
    With `cache`, a build in which nothing changed since the last one keeps `out_dir` as it is
    and repeats that build's warnings (a `Replayed`, see replay.py).
    """
    check_output(out_dir, source_dir)
    store = Cache(source_dir.resolve()) if cache else None  # one cache: pages, then the index
    record = Record(store, source_dir, out_dir) if store else None  # the sources' state before any read
    last = record.last(today) if record else None
    if last is not None:
        warnings, index_warnings, pages = last
        if strict and any(fails_strict(w) for w in warnings):
            raise BuildFailed(warnings)
        return Replayed(warnings + index_warnings, pages)
    if record and today is None:  # the day is recorded, so fixed here rather than inside render
        config, _ = load_config(source_dir)
        today = today_in(config.timezone)
    session, missing = start_index()
    try:
        manifests = Manifests(store, out_dir) if store else None  # read before the cache's sweep
        result = render(source_dir, today, session, on_page, cache=store or False)
        if strict and any(fails_strict(w) for w in result.warnings):
            raise BuildFailed(result.warnings)
    except BaseException:
        if session:
            session.cancel()
        raise
    if on_page and session:
        on_page(INDEXING)  # the index may take longer than the rendering: say what is running
    index = session.finish_cached(store) if session else missing
    assert index is not None
    # The index is written with the site, before the swap. Without the search tool the build still
    # succeeds, with a warning (also under --strict: search is an addition, not the site).
    rendered = result
    result = BuildResult(result.site, result.files + index.files, result.warnings + index.problems)
    write_site(result.files, out_dir, source_dir, manifests)
    if record and manifests and today is not None:
        record.save(today, rendered.site.config.timezone, rendered.warnings, index.problems,
                    result.page_count, manifests)
    return result


def with_search_index(result: BuildResult) -> BuildResult:
    """A rendered site's files plus its search index, made in one go after rendering."""
    index = index_site(result.site, result.files)
    return BuildResult(result.site, result.files + index.files, result.warnings + index.problems)
