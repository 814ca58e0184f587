"""The build pipeline: settings → sources → model → pages → output, in that order, checks beside."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from charterpress.config import load_config
from charterpress.diagnostics import BuildFailed, Diagnostic, sort_diagnostics
from charterpress.load import load_site
from charterpress.model import Site
from charterpress.output import check_output, conflicts, write_site
from charterpress.render import OutputFile, render_site


@dataclass(frozen=True)
class BuildResult:
    site: Site
    files: list[OutputFile]
    warnings: list[Diagnostic]

    @property
    def page_count(self) -> int:
        return sum(f.path.endswith(".html") for f in self.files)


def render(source_dir: Path, today: date | None = None) -> BuildResult:
    """Everything a build does except writing; raises BuildFailed with every problem found.

    `today` decides which publications are overdue; it defaults to the date in the site's time
    zone, and a fixed one makes the output reproducible.
    """
    source_dir = source_dir.resolve()
    config, problems = load_config(source_dir)
    if config is None:
        raise BuildFailed(problems)
    today = today or datetime.now(ZoneInfo(config.timezone)).date()
    site, site_problems = load_site(source_dir, config, today)
    problems += site_problems
    files: list[OutputFile] = []
    if not any(p.is_error for p in problems):
        files, render_problems = render_site(site, source_dir)
        problems += render_problems + conflicts(files)
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    return BuildResult(site, files, sort_diagnostics(problems))


def build(source_dir: Path, out_dir: Path, strict: bool = False, today: date | None = None) -> BuildResult:
    """Render, then write `out_dir` as a whole; a failed build leaves it untouched.

    With `strict`, warnings fail the build too. An output folder that is not charterpress's own
    (see `output.refusal`) is refused before anything is rendered.
    """
    check_output(out_dir, source_dir)
    result = render(source_dir, today)
    if strict and result.warnings:
        raise BuildFailed(result.warnings)
    result = with_search_index(result)
    write_site(result.files, out_dir, source_dir)
    return result


def with_search_index(result: BuildResult) -> BuildResult:
    """The site's files plus its search index (written with them, before the swap). Without the
    search tool the build still succeeds, with a warning even under --strict's rules."""
    from charterpress.search import index_site

    index = index_site(result.site, result.files)
    return BuildResult(result.site, result.files + index.files, result.warnings + index.problems)
