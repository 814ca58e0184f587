#!/usr/bin/env python3
"""Benchmark: build time of charterpress on the shared synthetic Korean corpus.

Usage: python scripts/bench.py [N ...] [--generator ../shared/bench/gen_corpus.py] [--runs 3]

For each N it generates the corpus (the same pages the reference figures for Hugo, Pelican and
MkDocs in ../shared/docs/performance.md were measured on), turns each page into a charterpress
free page, and prints the median whole-process wall time of `charterpress build`, pages per
second and the peak memory of the build process. Also times a rebuild after one edited page.
With --disclosure-rows R, also times the minimal site with one 정보목록 month of R rows (the same
generator the pagination test uses). Figures only; nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
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
    parser.add_argument("--generator", type=Path, default=ROOT.parent / "shared" / "bench" / "gen_corpus.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--disclosure-rows", type=int, nargs="*", default=[])
    args = parser.parse_args()
    if args.disclosure_rows:
        bench_disclosures(args.disclosure_rows, args.runs)
    sizes = args.sizes or ([] if args.disclosure_rows else [1000])
    if sizes:
        print("pages  median_s  pages/s  peak_rss_MiB  rebuild_after_one_edit_s")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            tmp_path = Path(tmp)
            subprocess.run([sys.executable, str(args.generator), str(n), str(tmp_path / "corpus")],
                           check=True, capture_output=True)
            site = tmp_path / "site-src"
            make_site(tmp_path / "corpus", site)
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


if __name__ == "__main__":
    main()
