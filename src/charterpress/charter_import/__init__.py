"""`charterpress import charter`: turn the charter page an institution already publishes (a saved
web page, or text copied from one) into a draft site folder, and say what needs an editor.

The draft is built in memory right away: the result tells how many of the source's sentences
reach the built pages verbatim, and which do not, each with its line.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from charterpress.charter_import.draft import Draft, Report, make_draft
from charterpress.charter_import.html import read_html
from charterpress.charter_import.measure import html_sentences, missing, page_text, text_sentences
from charterpress.charter_import.text import read_text
from charterpress.diagnostics import BuildFailed, Diagnostic
from charterpress.suggest import read_charter_text

STARTER = Path(__file__).parents[1] / "starter"
HTML_RE = re.compile(r"<(?:!doctype\s+html|html|body|div|ul|ol|table|h[1-6]|p)\b", re.I)


class TargetExists(Exception):
    """Files the import would replace; replacing them needs --force."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        super().__init__(", ".join(str(p) for p in paths))


@dataclass
class ImportResult:
    written: list[Path]
    report: Report
    encoding: str
    kind: str  # "html" | "text"
    sentences: int = 0
    reached: int = 0
    not_reached: list[tuple[int, str]] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)  # the draft's build errors, if any
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def builds(self) -> bool:
        return not self.problems

    @property
    def share(self) -> float:
        return self.reached / self.sentences if self.sentences else 1.0


def read_source(source: Path) -> tuple[str, str, str]:
    """(text, encoding, kind) of SOURCE, read as every Korean text is read here (UTF-8, else CP949,
    whatever a page declares: pages saved as UTF-8 often still say euc-kr); raises BuildFailed
    for a file that is not text."""
    text, encoding, problems = read_charter_text(source)
    if text is None or encoding is None:
        raise BuildFailed(problems)
    is_html = source.suffix.lower() in (".html", ".htm") or bool(HTML_RE.search(text[:2000]))
    return text, encoding, "html" if is_html else "text"


def draft_of(text: str, kind: str) -> Draft:
    return make_draft(read_html(text) if kind == "html" else read_text(text))


def import_charter(source: Path, site: Path, force: bool = False, name: str = "기관명",
                   today: date | None = None) -> ImportResult:
    text, encoding, kind = read_source(source)
    draft = draft_of(text, kind)
    files = {site / "charter.md": draft.charter}
    files |= {site / "departments" / file: page for file, page in draft.departments.items()}
    register = site / "commitments.yaml"
    existing = [p for p in [*files, register] if p.exists() or p.is_symlink()]
    if existing and not force:
        raise TargetExists(existing)
    site.mkdir(parents=True, exist_ok=True)
    written = _starter_files(site, name)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    register.write_text(_register(site, draft.report), encoding="utf-8")
    written.append(register)
    result = ImportResult(written, draft.report, encoding, kind)
    _verify(result, site, text, today)
    for _ in range(3):  # proposals that contradict each other are left for the editor to write
        if not result.problems or not all(d.loc.path == "commitments.yaml" for d in result.problems):
            break
        bad = {m.group(1) for d in result.problems for m in COMMITMENT_RE.finditer(d.message)}
        for d in result.problems:
            draft.report.notes.append((0, f"commitments.yaml: proposal left out: {d.message}"))
        kept = _without(register.read_text(encoding="utf-8"), bad) if bad else EMPTY_REGISTER
        register.write_text(kept, encoding="utf-8")
        _verify(result, site, text, today)
    return result


COMMITMENT_RE = re.compile(r"commitment '([^']+)'")


def _without(register: str, ids: set[str]) -> str:
    """The register text without the proposals of `ids` (each: its comment lines, then '  - id: …')."""
    blocks: list[list[str]] = [[]]
    for line in register.split("\n"):
        starts = line.startswith(("  # ", "  - id: "))
        if starts and not (line.startswith("  - id: ") and blocks[-1] and blocks[-1][-1].startswith("  # ")):
            blocks.append([])
        blocks[-1].append(line)
    kept = [b for b in blocks if not any(l.startswith("  - id: ") and l[8:].strip() in ids for l in b)]
    text = "\n".join(line for b in kept for line in b)
    return text if "  - id: " in text else text.replace("commitments:", "commitments: []")


def _starter_files(site: Path, name: str) -> list[Path]:
    """site.yaml and the privacy page from the starter site, only where the folder has none."""
    written = []
    settings = site / "site.yaml"
    if not settings.exists():
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        settings.write_text((STARTER / "site.yaml").read_text(encoding="utf-8").replace("{{name}}", quoted),
                            encoding="utf-8")
        written.append(settings)
    privacy = site / "pages" / "privacy.md"
    if not privacy.exists() and not (site / "pages").exists():
        privacy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER / "pages" / "privacy.md", privacy)
        written.append(privacy)
    return written


EMPTY_REGISTER = "# The commitments register: see the README's commitments.yaml section.\ncommitments: []\n"


def _register(site: Path, report: Report) -> str:
    """A first register: the suggester's proposals for the imported promises, to confirm one by one.
    A proposal whose words several items share cannot be tied to one item, so it is left out."""
    from charterpress.suggest import as_yaml, site_suggestions

    try:
        suggestions, taken, _ = site_suggestions(site)
    except BuildFailed:
        return EMPTY_REGISTER
    shared = [s for s in suggestions if s.ambiguous]
    for s in shared:
        report.notes.append((0, f"commitments.yaml: no proposal for {s.place.source}:{s.place.line} "
                                f"('{s.quote}'): the same words are in several items"))
    text = as_yaml([s for s in suggestions if not s.ambiguous], taken)
    head = ("# Proposed by `charterpress import charter` (the suggester's reading of the imported promises).\n"
            "# Check each one against its words, give it a lasting id and remove the ones that are not promises.\n")
    return head + "\n".join(line for line in text.split("\n") if not line.startswith("# "))


def _verify(result: ImportResult, site: Path, source_text: str, today: date | None) -> None:
    """Build the draft in memory; count the source's sentences found in its pages."""
    from charterpress.build import render

    sentences = html_sentences(source_text) if result.kind == "html" else text_sentences(source_text)
    try:
        built = render(site, today)
    except BuildFailed as failed:
        result.problems = [d for d in failed.diagnostics if d.is_error]
        pages: list[str] = []
    else:
        result.warnings = list(built.warnings)
        pages = [f.data.decode("utf-8") for f in built.files if f.path.endswith(".html")]
    text = page_text(pages)
    data_lines = {line for line, _ in result.report.data}
    sentences = [(line, s) for line, s in sentences if line not in data_lines]
    result.sentences = len(sentences)
    result.not_reached = missing(sentences, text)
    result.reached = result.sentences - len(result.not_reached)


def report_text(result: ImportResult, source: Path) -> str:
    """The import report: what was recovered, what was removed, and every line not placed."""
    r = result.report
    lines = [f"imported {source} ({result.kind}, {result.encoding}): {r.sections} headings, {r.items} items, "
             f"{r.tables} tables",
             f"sentences reaching the built site: {result.reached} of {result.sentences} ({result.share:.1%})",
             f"the draft builds: {'yes' if result.builds else 'no'}"]
    for d in result.problems:
        lines.append(f"  error: {d}")
    if result.not_reached:
        lines.append("lines not placed (their words are not on the built pages):")
        lines += [f"  line {line}: {text}" for line, text in result.not_reached]
    if r.notes:
        lines.append("to check by hand:")
        lines += [f"  line {line}: {text}" if line else f"  {text}" for line, text in r.notes]
    if r.data:
        lines.append("placed as data (revision history, declaration, content-owner block):")
        lines += [f"  line {line}: {text}" for line, text in r.data]
    if r.chrome:
        lines.append("removed as page chrome:")
        lines += [f"  line {line}: {text[:80]}" for line, text in r.chrome]
    return "\n".join(lines) + "\n"
