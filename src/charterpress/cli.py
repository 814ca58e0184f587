"""The command line: parse options, call the library, print diagnostics, choose the exit code."""

from __future__ import annotations

import os
import sys
import time
import traceback
from datetime import datetime
from pathlib import Path

import click

from charterpress import __version__
from charterpress.diagnostics import BuildFailed, Diagnostic, internal_error_text



def run_build(*args, **kwargs):  # type: ignore[no-untyped-def]
    """charterpress.build.build, imported when a build runs, so `--help` does not load the pipeline."""
    from charterpress.build import build

    return build(*args, **kwargs)


def _in_years(ctx: click.Context, param: click.Parameter, value: datetime | None) -> datetime | None:
    """A date option within the years a site may name (so deadline arithmetic cannot overflow)."""
    from charterpress.deadlines import YEARS_TEXT, in_years

    if value is not None and not in_years(value.date()):
        raise click.BadParameter(f"'{value.date().isoformat()}' is out of range (expected {YEARS_TEXT})")
    return value


TODAY = click.option(
    "--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
    callback=_in_years, envvar="CHARTERPRESS_TODAY",
    help="The date deadlines are judged on (default: $CHARTERPRESS_TODAY, else today in the site's time zone).")


def _source(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """SOURCE when given; else the current folder when it is a site (holds site.yaml), as Hugo
    runs inside its site; else content/ (the layout `charterpress new` makes)."""
    if value is not None:
        return value
    found = _here_or_content()
    if not found.is_dir():
        raise click.BadParameter("no site here: run inside a site folder (one with site.yaml) or name it, "
                                 "e.g. 'content'", ctx=ctx, param=param)
    return found


def _here_or_content() -> Path:
    return Path(".") if Path("site.yaml").is_file() else Path("content")


def _draft_site(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """--site of `import charter`: as SOURCE, but the folder may not exist yet (the draft makes it)."""
    return value if value is not None else _here_or_content()


SOURCE = click.argument("source", required=False, default=None, callback=_source,
                        type=click.Path(file_okay=False, path_type=Path))


def default_output(source: Path) -> Path:
    """site/ in the current folder, or beside SOURCE when that would put it inside SOURCE
    (`cd content && charterpress build` writes ../site, never content/site)."""
    out = Path("site")
    if out.resolve().is_relative_to(source.resolve()):
        return Path(os.path.relpath(source.resolve().parent / "site"))
    return out


def _print(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(str(diagnostic), err=True)


def _fail(exc: BuildFailed, what: str) -> None:
    _print(exc.diagnostics)
    errors = sum(d.is_error for d in exc.diagnostics)
    why = f"{errors} error(s)" if errors else f"{sum(d.is_warning for d in exc.diagnostics)} warning(s) with --strict"
    click.echo(f"{what} failed: {why}; nothing was written", err=True)
    sys.exit(1)


INTERNAL_ERROR = 3


class Main(click.Group):
    """The command group, and the one place an unexpected exception becomes exit code 3.

    Content problems exit 1 and usage problems 2 (click's); anything else is a bug in
    charterpress: a one-line "internal error" message, and the traceback only with --debug.
    """

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence, by design
            report_internal_error(exc, debug=bool(ctx.params.get("debug")) or debug_from_env())
            sys.exit(INTERNAL_ERROR)


def debug_from_env() -> bool:
    return os.environ.get("CHARTERPRESS_DEBUG", "") not in ("", "0")


def report_internal_error(exc: BaseException, debug: bool) -> None:
    if debug:
        click.echo("".join(traceback.format_exception(exc)), err=True, nl=False)
    click.echo(f"charterpress: {internal_error_text(exc)}; please report it, with --debug output", err=True)


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="charterpress")
@click.option("--debug", is_flag=True, envvar="CHARTERPRESS_DEBUG",
              help="On an internal error, print the traceback (also: CHARTERPRESS_DEBUG=1).")
def main(debug: bool) -> None:
    """Build accessible service-charter sites (행정서비스헌장) from Markdown, YAML and CSV."""


@main.command()
@SOURCE
@click.option("-o", "--output", "out", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the site into.  [default: site, or ../site when run inside SOURCE]")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--no-cache", is_flag=True,
              help="Parse and render every page anew; neither read nor write SOURCE/.charterpress/cache.")
@TODAY
def build(source: Path, out: Path | None, strict: bool, no_cache: bool, today: datetime | None) -> None:
    """Build the site in SOURCE (default: the current folder when it holds site.yaml, else
    content/) into OUTPUT.

    The new site replaces OUTPUT only when the whole build succeeded.
    """
    if not source.is_dir():
        raise click.BadParameter(f"'{source}' is not a folder", param_hint="SOURCE")
    out = out if out is not None else default_output(source)
    from charterpress.progress import Progress

    started = time.perf_counter()
    progress = Progress(sys.stderr)  # a page counter on a terminal; nothing in CI or a pipe
    try:
        result = run_build(source, out, strict=strict, today=today.date() if today else None,
                           on_page=progress.page, cache=not no_cache)
    except BuildFailed as exc:
        progress.clear()
        _fail(exc, "build")
    progress.clear()
    _print(result.warnings)
    elapsed = time.perf_counter() - started
    from charterpress.replay import Replayed

    kept = " (nothing changed since the last build: kept as it was)" if isinstance(result, Replayed) else ""
    click.echo(f"built {result.page_count} pages into {out} in {elapsed:.2f} s{kept}", err=True)


@main.command()
@SOURCE
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="github: GitHub Actions annotations on each file and line.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--deadlines", "deadline_mode", type=click.Choice(["fail", "report"]), default="fail",
              show_default=True,
              help="report: print deadline findings (late or missing lists, surveys, plans) but let only "
                   "content errors decide the exit code.")
@click.option("--summary", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="FILE",
              help="Append a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY).")
@click.option("--validators", is_flag=True,
              help="Also run the Nu Html Checker and axe-core in headless Chromium (when installed).")
@TODAY
def check(source: Path, fmt: str, strict: bool, deadline_mode: str, summary: Path | None, validators: bool,
          today: datetime | None) -> None:
    """Build SOURCE in memory and check every page and deadline; never touches the output folder.

    SOURCE defaults to the current folder when it holds site.yaml, else content/.

    Deadlines: a monthly 정보목록 that is due and missing is an error; one published late, or due
    within three days, is a warning. Exit 0 when clean, 1 when errors were found (or warnings,
    with --strict). With --deadlines report, deadline findings are printed but do not count:
    the site is right even when the institution is late.
    """
    from charterpress.check import check_site
    from charterpress.validators import ToolMissing

    if not source.is_dir():
        raise click.BadParameter(f"'{source}' is not a folder", param_hint="SOURCE")
    try:
        report = check_site(source, validators=validators, today=today.date() if today else None)
    except ToolMissing as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if fmt == "json":
        click.echo(report.as_json())
    elif fmt == "github":
        click.echo(report.as_github(source, deadline_mode))
    else:
        click.echo(report.as_text(deadline_mode))
    if summary is not None:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(report.as_summary(source, deadline_mode))
    sys.exit(1 if report.failed(strict, deadline_mode) else 0)


@main.command()
@SOURCE
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
def serve(source: Path, host: str, port: int, open_browser: bool) -> None:
    """Preview SOURCE with live reload; rebuilds on every change and shows errors in the page.

    SOURCE defaults to the current folder when it holds site.yaml, else content/. The site is
    kept in memory (nothing is written); a taken port moves the preview to the next free one.
    """
    from charterpress.serve import serve as run_serve

    if not source.is_dir():
        raise click.BadParameter(f"'{source}' is not a folder", param_hint="SOURCE")
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: other machines can reach this preview", err=True)
    run_serve(source, host, port, open_browser)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default="새누리시립도서관", show_default=True, help="Institution name.")
def new(directory: Path, name: str) -> None:
    """Create a site repository in DIRECTORY: the starter site in content/, a README for its
    editors, .gitignore, requirements.txt, CI for GitHub Actions and GitLab CI, and deploy/."""
    from charterpress.scaffold import create_site

    if directory.exists() and any(directory.iterdir()):
        raise click.BadParameter(f"'{directory}' exists and is not empty", param_hint="DIRECTORY")
    warning = create_site(directory, name)
    click.echo(f"created a site repository in {directory}; build it with: cd {directory} && charterpress build"
               " (content/ into site/)", err=True)
    click.echo("replace its placeholder phone numbers and addresses first: charterpress check lists each one, "
               "and the CI files (build --strict) will not deploy while one is left", err=True)
    if warning:
        click.echo(f"warning: {warning}", err=True)


@main.group()
def disclosures() -> None:
    """Monthly 정보목록: start a month's list from a records-system export."""


@disclosures.command("import")
@click.argument("exports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--month", default=None, metavar="YYYY-MM",
              help="The month the list covers (default: each row goes to the month it was produced in).")
@click.option("--site", "source", default=None, callback=_source,
              type=click.Path(file_okay=False, path_type=Path),
              help="The site folder (default: the current folder when it holds site.yaml, else content/).")
@click.option("--published", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              callback=_in_years,
              help="Record the date the list is published (written to the month's .yaml).")
@click.option("--append", is_flag=True,
              help="Add the rows to the month's existing list (rows it already holds are left out).")
@click.option("--force", is_flag=True, help="Replace the month's list if it exists.")
@click.option("--sheet", default=None, metavar="NAME|N", help="The XLSX sheet the list is on (default: the first).")
@click.option("--set", "sets", multiple=True, metavar="COLUMN=VALUE",
              help="A value for the whole file where the export has no such column or a blank cell, "
                   "e.g. --set 보존기간=5년 (repeatable).")
def import_export(exports: tuple[Path, ...], month: str | None, source: Path, published: datetime | None,
                  append: bool, force: bool, sheet: str | None, sets: tuple[str, ...]) -> None:
    """Check EXPORTS (CSV in UTF-8 or CP949, or XLSX; a week's parts may be given together) and
    write their rows as months' lists.

    Every problem is reported as file:row:column: message, and nothing is written until there
    are none. Accepted column names and values are listed in the README ("정보목록").
    """
    from charterpress.deadlines import Month
    from charterpress.disclosures import column_for
    from charterpress.importer import TargetExists, import_exports

    parsed = Month.parse(month) if month else None
    if month and parsed is None:
        raise click.BadParameter(f"'{month}' is not a month (expected YYYY-MM)", param_hint="--month")
    if not source.is_dir():
        raise click.BadParameter(f"'{source}' is not a folder", param_hint="--site")
    defaults: dict[str, str] = {}
    for given in sets:
        name, sep, value = given.partition("=")
        column = column_for(name) if sep else None
        if column is None or not value.strip():
            raise click.BadParameter(f"'{given}' is not COLUMN=VALUE with a known column (e.g. 보존기간=5년)",
                                     param_hint="--set")
        defaults[column.key] = value.strip()
    try:
        result = import_exports(list(exports), source, parsed, published.date() if published else None,
                                force=force, append=append, sheet=sheet, defaults=defaults)
    except TargetExists as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except BuildFailed as exc:
        _fail(exc, "import")
    _print(result.warnings)
    encodings = ", ".join(sorted(set(result.encodings)))
    names = ", ".join(map(str, exports))
    if not result.months:
        click.echo(f"nothing imported (0 documents in {names})", err=True)
    elif len(result.months) == 1:
        only = result.months[0]
        skipped = f"; {only.skipped} rows already in the list left out" if only.skipped else ""
        click.echo(f"imported {result.summary()} from {names} ({encodings}) into {only.path}{skipped}", err=True)
    else:
        click.echo(f"imported from {names} ({encodings}) into {len(result.months)} months:", err=True)
        for written in result.months:
            click.echo(f"  {written.summary()}", err=True)


@main.group("import")
def import_group() -> None:
    """Bring existing content in: the charter page an institution already publishes."""


@import_group.command("charter")
@click.argument("source_file", metavar="SOURCE", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site", default=None, callback=_draft_site,
              type=click.Path(file_okay=False, path_type=Path),
              help="The site folder to write the draft into (default: the current folder when it holds "
                   "site.yaml, else content/).")
@click.option("--name", default="기관명", show_default=True,
              help="The institution's name, for a new site.yaml (an existing one is kept).")
@click.option("--force", is_flag=True, help="Replace charter.md, departments/department-N.md and commitments.yaml.")
def import_charter_command(source_file: Path, site: Path, name: str, force: bool) -> None:
    """Turn a saved charter page (HTML in UTF-8 or EUC-KR/CP949) or its copied text into a draft site.

    Writes charter.md, departments/*.md where the source has per-department standards and a first
    commitments.yaml, then builds the draft in memory and reports every line whose words do not
    reach the built pages, with its line number, and what to check by hand.
    """
    from charterpress.charter_import import TargetExists, import_charter, report_text

    try:
        result = import_charter(source_file, site, force=force, name=name)
    except TargetExists as exc:
        click.echo(f"error: these files exist (use --force to replace them): {exc}", err=True)
        sys.exit(2)
    except BuildFailed as exc:  # the source is not text (binary, or neither UTF-8 nor CP949)
        _fail(exc, "import")
    click.echo(report_text(result, source_file), nl=False)
    click.echo(f"wrote {len(result.written)} files into {site}", err=True)
    if not result.builds:
        sys.exit(1)


@main.group()
def commitments() -> None:
    """The commitments register (commitments.yaml): every measurable promise as data."""


@commitments.command("suggest")
@click.argument("path", default="content", type=click.Path(exists=True, path_type=Path))
def suggest_commitments(path: Path) -> None:
    """Propose commitments for the numbers in the charter's promises, as YAML to paste.

    PATH is a site folder (its charter.md and departments/; promises already in its register are
    left out) or any text file of a charter, read line by line. Each proposal is printed under the
    exact words it came from, as file:line; nothing is written to the register.
    """
    from charterpress.suggest import as_yaml, suggest, text_places

    if path.is_dir():
        from charterpress.suggest import site_suggestions

        try:
            found, taken, left_out = site_suggestions(path)
        except BuildFailed as exc:
            _fail(exc, "suggest")
    else:
        from charterpress.suggest import read_charter_text

        text, encoding, problems = read_charter_text(path)
        if text is None:
            _fail(BuildFailed(problems), "suggest")
        if encoding == "cp949":
            click.echo(f"{path.name}: read as CP949 (EUC-KR) text", err=True)
        found, taken, left_out = suggest(list(text_places(path.name, text))), frozenset(), 0
    click.echo(as_yaml(found, taken), nl=False)
    already = f" ({left_out} already in the register left out)" if left_out else ""
    click.echo(f"{len(found)} proposed commitments from {path}{already}", err=True)
