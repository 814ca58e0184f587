"""A seeded mutation fuzzer: break a site's files at random and run the real command line on it.

Every mutant must end in exit 0 (still a valid site) or exit 1 with every message located
(`path:line: …` or at least `path: …`); exit 3 (an internal error), an escaped exception or a
build that runs longer than TIMEOUT seconds is a finding. Each mutant has its own seed, printed
with every finding, so `python tests/fuzz.py --seed N --count 1 --keep` rebuilds exactly it.

    python tests/fuzz.py --count 3000 --site content        # the demo site, 3,000 mutants
    CHARTERPRESS_FUZZ_MUTANTS=2000 pytest tests/test_fuzz.py  # more mutants in the test run
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from charterpress.cli import main  # noqa: E402

TODAY = "2026-11-22"
TIMEOUT = 20  # seconds one build may take before it counts as a hang
SUFFIXES = (".yaml", ".md", ".csv", ".xlsx")
# `path:line[:column|:field]: message`, or `path: message` for a whole file or folder; the path has
# a suffix or a folder in it, or is one of the site's folders (a bare word such as 'warning' is not one).
LOCATED_RE = re.compile(r"(?:[^\s:]*[./][^:\s]*|disclosures|surveys|pages|departments|static|templates)"
                        r"(?::\d+(?::.+?)?)?: \S")  # a column name may hold spaces and colons
SUMMARY_RE = re.compile(r"(build failed: \d+ error\(s\); nothing was written|built \d+ pages into .*"
                        r"|checked \d+ pages: \d+ error\(s\), \d+ warning\(s\))$")
CHECK_EVERY = 4  # every fourth mutant runs `check` (the page rules too) instead of `build`

TOKENS = [": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!python/object:os.system ", "!x ", "|", ">",
          "%YAML 1.1", "@", "`", "? ", "#", "'", '"', ",", "\\", "---", "...", "<<: ", "~", "null",
          '"\\ud800"', '"\\x00"', "!!binary ", "0x", "1e9999", "-.inf", ".nan"]
MARKDOWN = ["{kind=standards}", "{kind=nonsense}", "{channel=phone}", "{#x}", "{#}", "{.a #b c=d}",
            "```table", "```", "## ", "# ", "###### ", "- ", "  - ", "1. ", "<script>x</script>",
            "[a](javascript:x)", "[a](/../../x)", "| a | b |\n|---|---|", "> ", "<!-- ", "{kind=contacts}"]
CSV = ['"', '""', ",", ";", "\t", "\r", "\n", '",,"', "=1+1", "\x00"]


@dataclass(frozen=True)
class Outcome:
    seed: int
    code: int | str  # an exit code, or 'exception' / 'timeout'
    mutations: tuple[str, ...]
    unlocated: tuple[str, ...] = ()
    output: str = ""

    @property
    def finding(self) -> bool:
        return self.code not in (0, 1) or bool(self.unlocated)


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def codes(self) -> Counter:
        return Counter(o.code for o in self.outcomes)

    @property
    def findings(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.finding]

    def summary(self) -> str:
        codes = self.codes
        unlocated = sum(len(o.unlocated) for o in self.outcomes)
        return (f"{len(self.outcomes)} mutants in {self.seconds:.0f} s: exit 0 {codes[0]}, exit 1 {codes[1]}, "
                f"exit 3 {codes[3]}, other {sum(v for k, v in codes.items() if k not in (0, 1, 3))}, "
                f"unlocated messages {unlocated}")


# --- mutations: each takes the file's bytes and a Random, returns new bytes ------------------

def _at(data: bytes, rnd: random.Random) -> int:
    return rnd.randrange(len(data) + 1)


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def flip_byte(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return bytes([rnd.randrange(256)])
    i = rnd.randrange(len(data))
    return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1:]


def truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[:_at(data, rnd)]


def delete_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    del lines[rnd.randrange(len(lines))]
    return b"\n".join(lines)


def duplicate_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i = rnd.randrange(len(lines))
    lines.insert(i, lines[i])
    return b"\n".join(lines)


def shift_indent(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i = rnd.randrange(len(lines))
    lines[i] = (b" " * rnd.choice([1, 2, 4, 8]) + lines[i]) if rnd.random() < 0.5 else lines[i].lstrip(b" ")
    return b"\n".join(lines)


def swap_lines(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    i, j = rnd.randrange(len(lines)), rnd.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines)


def insert_token(data: bytes, rnd: random.Random) -> bytes:
    i = _at(data, rnd)
    return data[:i] + rnd.choice(TOKENS + MARKDOWN + CSV).encode("utf-8") + data[i:]


def insert_line(data: bytes, rnd: random.Random) -> bytes:
    lines = _lines(data)
    lines.insert(rnd.randrange(len(lines) + 1), rnd.choice(MARKDOWN + TOKENS + ["---"]).encode("utf-8"))
    return b"\n".join(lines)


def huge_number(data: bytes, rnd: random.Random) -> bytes:
    digits = list(re.finditer(rb"\d+", data))
    big = rnd.choice([b"1" + b"0" * 5000, b"9" * 5000, b"1" + b"0" * 30, b"9223372036854775808", b"-1", b"0", b"99999"])
    if not digits:
        return data + big
    m = rnd.choice(digits)
    return data[:m.start()] + big + data[m.end():]


def bad_date(data: bytes, rnd: random.Random) -> bytes:
    dates = list(re.finditer(rb"\d{4}-\d{2}(?:-\d{2})?", data))
    if not dates:
        return data
    m = rnd.choice(dates)
    new = rnd.choice([b"0000-01-01", b"9999-12-31", b"10000-01-01", b"2026-02-30", b"0001-01-01",
                      b"2026-13", b"9999-12", b"2026-00-10", b"1900-01-01"])
    return data[:m.start()] + new + data[m.end():]


def non_utf8(data: bytes, rnd: random.Random) -> bytes:
    i = _at(data, rnd)
    return data[:i] + rnd.choice([b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\x80\x80", b"\xb0\xa1"]) + data[i:]


def control(data: bytes, rnd: random.Random) -> bytes:
    i = _at(data, rnd)
    return data[:i] + rnd.choice([b"\x00", b"\x1b", b"\x0c", b"\x7f", b"\xef\xbb\xbf", b"\xe2\x80\xa8"]) + data[i:]


def crlf(data: bytes, rnd: random.Random) -> bytes:
    return data.replace(b"\n", rnd.choice([b"\r\n", b"\r", b"\n\n"]))


def bom(data: bytes, rnd: random.Random) -> bytes:
    return b"\xef\xbb\xbf" + data


def deep_nesting(data: bytes, rnd: random.Random) -> bytes:
    i = _at(data, rnd)
    run = rnd.choice([b"[", b"{", b"- ", b"a: "]) * rnd.choice([60, 1000, 5000])
    return data[:i] + run + data[i:]


def long_line(data: bytes, rnd: random.Random) -> bytes:
    i = _at(data, rnd)
    return data[:i] + b"x" * rnd.choice([300, 20_001, 100_000]) + data[i:]


def empty(data: bytes, rnd: random.Random) -> bytes:
    return rnd.choice([b"", b"\n", b"---\n", b"---\n---\n", b"{}", b"[]", b"~"])


BYTE_MUTATIONS: list[Callable[[bytes, random.Random], bytes]] = [
    flip_byte, truncate, delete_line, duplicate_line, shift_indent, swap_lines, insert_token,
    insert_token, insert_line, huge_number, bad_date, bad_date, non_utf8, control, crlf, bom,
    deep_nesting, long_line, empty,
]


def to_folder(path: Path, rnd: random.Random) -> str:
    path.unlink()
    path.mkdir()
    return "replaced by a folder"


def to_link_loop(path: Path, rnd: random.Random) -> str:
    path.unlink()
    path.symlink_to(path.name)
    return "replaced by a link to itself"


def to_dangling_link(path: Path, rnd: random.Random) -> str:
    path.unlink()
    path.symlink_to("nowhere-" + path.name)
    return "replaced by a dangling link"


def to_fifo(path: Path, rnd: random.Random) -> str:
    path.unlink()
    os.mkfifo(path)
    return "replaced by a FIFO"


def add_setting(path: Path, rnd: random.Random) -> str:
    """A risky site.yaml setting (only applied to site.yaml)."""
    line = rnd.choice([f"timezone: {'A' * 300}", "timezone: ../../etc/passwd", "timezone: Asia/Nowhere",
                       "timezone: /", "timezone: UTC", "disclosures: {due_day: 0}", "disclosures: {due_day: 99}",
                       "disclosures: {start: 0000-01}", "disclosures: {start: 9999-12}",
                       "surveys: {results_within_months: 100000}", "surveys: {plan_within_months: -5}",
                       "disclosures: {page_size: 1}", "logo: ../x.svg", "allow_raw_html: yes"])
    with path.open("ab") as out:
        out.write(b"\n" + line.encode() + b"\n")
    return f"appended {line[:40]!r}"


def add_year_folder(site: Path, rnd: random.Random) -> str:
    folder = site / "disclosures" / rnd.choice(["0000", "9999", "10000", "0001", "2026x", "1899"])
    folder.mkdir(parents=True, exist_ok=True)
    name = rnd.choice(["12.csv", "01.csv", "13.csv", "00.csv", "1.csv", "12.yaml", "12.xlsx"])
    source = next((p for p in (site / "disclosures").rglob("*.csv") if p.is_file() and not p.is_symlink()), None)
    (folder / name).write_bytes(source.read_bytes() if source else b"")
    return f"added {folder.name}/{name}"


def add_odd_file(site: Path, rnd: random.Random) -> str:
    choice = rnd.choice(["pages/x.md/", "departments/y.md/", "surveys/z.yaml/", "disclosures/2026/11.csv/",
                         "pages/loop.md@", "surveys/loop.yaml@", "disclosures/2026/11.xlsx", "commitments.yaml"])
    target = site / choice.rstrip("/@")
    target.parent.mkdir(parents=True, exist_ok=True)
    if choice.endswith("/"):
        target.mkdir(exist_ok=True)
    elif choice.endswith("@"):
        target.symlink_to(target.name)
    elif choice.endswith(".xlsx"):
        target.write_bytes(rnd.choice([b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(40)), b"",
                                       b"not a zip", _zip_without_sheets()]))
    else:
        target.write_text(rnd.choice(["commitments:\n  - id: x\n    item: 없는 말\n    kind: count\n",
                                      "commitments: [", "- 1\n"]), encoding="utf-8")
    return f"added {choice}"


def _zip_without_sheets() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>")
        z.writestr("xl/workbook.xml", "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'/>")
    return buffer.getvalue()


def mutate(site: Path, rnd: random.Random) -> tuple[str, ...]:
    """Apply one to three mutations to the site copy; what was done, in words."""
    files = sorted(p for p in site.rglob("*") if p.is_file() and p.suffix in SUFFIXES)
    done = []
    for _ in range(rnd.choice([1, 1, 1, 2, 3])):
        roll = rnd.random()
        files = [p for p in files if p.is_file() and not p.is_symlink()]
        if roll < 0.05:
            done.append(add_year_folder(site, rnd))
        elif roll < 0.10:
            done.append(add_odd_file(site, rnd))
        elif roll < 0.16 and (site / "site.yaml").is_file():
            done.append(f"site.yaml: {add_setting(site / 'site.yaml', rnd)}")
        elif files and roll < 0.21:
            path = rnd.choice(files)
            replace = rnd.choice([to_folder, to_link_loop, to_dangling_link, to_fifo])
            done.append(f"{path.relative_to(site).as_posix()}: {replace(path, rnd)}")
        elif files:
            path = rnd.choice(files)
            mutation = rnd.choice(BYTE_MUTATIONS)
            path.write_bytes(mutation(path.read_bytes(), rnd))
            done.append(f"{path.relative_to(site).as_posix()}: {mutation.__name__}")
    return tuple(done)


# --- running ------------------------------------------------------------------------------

class Hang(Exception):
    pass


def _alarm(signum, frame):  # noqa: ANN001
    raise Hang()


def run_mutant(base: Path, seed: int, scratch: Path, keep: bool = False) -> Outcome:
    rnd = random.Random(seed)
    site = scratch / f"site-{seed}"
    out = scratch / f"out-{seed}"
    shutil.copytree(base, site, symlinks=True)
    mutations = mutate(site, rnd)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIMEOUT)
    try:
        args = (["check", str(site)] if seed % CHECK_EVERY == CHECK_EVERY - 1
                else ["build", str(site), "-o", str(out)])
        result = CliRunner().invoke(main, [*args, "--today", TODAY])
        code: int | str = result.exit_code
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            code = "exception"
        output = result.output
    except Hang:
        code, output = "timeout", ""
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    unlocated = tuple(unlocated_lines(output, str(site))) if code == 1 else ()
    if not keep:
        shutil.rmtree(site, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(out.with_name(out.name + ".old"), ignore_errors=True)
    return Outcome(seed, code, mutations, unlocated, output)


def unlocated_lines(output: str, site: str) -> list[str]:
    """Lines of a failed build's output that name no file."""
    return [line for line in output.splitlines()
            if line and not SUMMARY_RE.match(line) and not LOCATED_RE.match(line)]


def run(base: Path, count: int, first_seed: int = 0, keep: bool = False,
        report: Callable[[Outcome], None] | None = None) -> Tally:
    tally = Tally()
    started = time.perf_counter()
    scratch = Path(tempfile.mkdtemp(prefix="charterpress-fuzz-"))
    try:
        for seed in range(first_seed, first_seed + count):
            outcome = run_mutant(base, seed, scratch, keep)
            tally.outcomes.append(outcome)
            if outcome.finding and report:
                report(outcome)
    finally:
        if keep:
            print(f"mutants kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    tally.seconds = time.perf_counter() - started
    return tally


def describe(outcome: Outcome) -> str:
    lines = [f"seed {outcome.seed}: exit {outcome.code} after {'; '.join(outcome.mutations)}"]
    lines += [f"  unlocated: {line}" for line in outcome.unlocated]
    if outcome.code not in (0, 1):
        lines += ["  " + line for line in outcome.output.splitlines()[-5:]]
    return "\n".join(lines)


def main_cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, default=ROOT / "tests" / "sites" / "minimal")
    parser.add_argument("--count", type=int, default=int(os.environ.get("CHARTERPRESS_FUZZ_MUTANTS", "300")))
    parser.add_argument("--seed", type=int, default=0, help="the first mutant's seed")
    parser.add_argument("--keep", action="store_true", help="keep the mutated sites to look at")
    args = parser.parse_args()
    tally = run(args.site, args.count, args.seed, args.keep, report=lambda o: print(describe(o), flush=True))
    print(tally.summary())
    sys.exit(1 if tally.findings else 0)


if __name__ == "__main__":
    main_cli()
