"""What `serve` shows when a build fails: every problem with the source lines around it.

Like Hugo's error overlay, each problem quotes its file with the offending line marked — in the
browser (a Korean page: headings, a marker character and the word "문제" beside the highlight,
never colour alone) and in the terminal. Lines are read only from files inside the site folder
(a path that climbs out, or a link that points out, shows no lines), everything quoted is
HTML-escaped, and personal identifiers are masked as in every message.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from charterpress.diagnostics import Diagnostic
from charterpress.privacy import redact

CONTEXT = 2            # lines shown before and after the marked one
MAX_LINE = 240         # a longer line is cut: a minified file or a 100,000-character row
MAX_SCAN = 200_000     # lines read at most to reach the marked one (a huge CSV stays cheap)
TEXT_SUFFIXES = frozenset({".md", ".markdown", ".yaml", ".yml", ".csv", ".tsv", ".txt", ".html", ".htm",
                           ".xml", ".css", ".js", ".json", ".svg"})
ENCODINGS = ("utf-8-sig", "cp949")  # what the sources may be in (CSV exports come in CP949)


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    marked: bool


def excerpt(source_dir: Path, diagnostic: Diagnostic, context: int = CONTEXT) -> list[Line]:
    """The lines around the diagnostic's line, or [] when there is nothing safe to show: no
    line, a file outside the site folder (or behind a link out of it), not text."""
    loc = diagnostic.loc
    if loc.line <= 0 or not loc.path:
        return []
    root = source_dir.resolve()
    try:
        target = (root / loc.path).resolve()
        if not target.is_relative_to(root) or not target.is_file() or target.suffix.lower() not in TEXT_SUFFIXES:
            return []
        raw = _lines(target, loc.line + context)
    except (OSError, RuntimeError, ValueError):
        return []
    if len(raw) < loc.line:
        return []
    first = max(1, loc.line - context)
    return [Line(number, _text(raw[number - 1]), number == loc.line) for number in range(first, len(raw) + 1)]


def _lines(path: Path, last: int) -> list[bytes]:
    lines = []
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if number > last or number > MAX_SCAN:
                break
            lines.append(line[: MAX_LINE * 4])
    return lines


def _text(raw: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = raw.decode("utf-8", "replace")
    text = text.rstrip("\r\n").replace("\t", "    ")
    text = "".join(c if c.isprintable() or c == " " else "\ufffd" for c in text)
    if len(text) > MAX_LINE:
        text = text[:MAX_LINE] + "…"
    return redact(text)


# ------------------------------------------------------------------ the terminal

def terminal_text(source_dir: Path, problems: list[Diagnostic]) -> str:
    """Each problem as `path:line:col: message`, then its lines, the offending one marked '>'."""
    out = []
    for problem in problems:
        out.append(str(problem))
        lines = excerpt(source_dir, problem)
        width = len(str(lines[-1].number)) if lines else 0
        for line in lines:
            out.append(f"  {'>' if line.marked else ' '} {line.number:>{width}} | {line.text}")
    return "\n".join(out)


# ------------------------------------------------------------------ the browser

SEVERITY_KO = {"error": "오류", "warning": "경고", "note": "참고"}
STYLE = """
body{font-family:system-ui,"Noto Sans KR",sans-serif;margin:0;padding:1.5rem;line-height:1.6;color:#1a1a1a;background:#fff}
main{max-width:60rem;margin:auto}h1{font-size:1.6rem}h2{font-size:1.15rem;margin-top:2rem;word-break:break-all}
pre{background:#f4f4f4;border:1px solid #767676;padding:.75rem;overflow-x:auto;line-height:1.5}
mark{background:#ffe08a;color:#1a1a1a;font-weight:bold;outline:2px solid #1a1a1a}
.msg{font-size:1.05rem}.no{color:#4a4a4a}figure{margin:0}figcaption{font-size:.95rem}
"""


def error_page(source_dir: Path, problems: list[Diagnostic], internal: str, reload_tag: str) -> bytes:
    """The page every HTML request gets while the last build failed (Korean, self-contained)."""
    errors = sum(p.is_error for p in problems)
    if internal:
        body = ("<p class=\"msg\"><code>charterpress: " + html.escape(internal) + "</code></p>"
                "<p>사이트 내용이 아니라 charterpress의 결함입니다. "
                "<code>charterpress --debug build</code>의 출력과 함께 알려 주세요.</p>")
        count = "내부 오류"
    else:
        body = "".join(_problem(source_dir, index, problem) for index, problem in enumerate(problems, 1))
        count = f"오류 {errors}건" + (f", 그 밖의 알림 {len(problems) - errors}건" if len(problems) > errors else "")
    page = (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>빌드 실패 ({count}) – charterpress 미리 보기</title><style>{STYLE}</style></head>"
        "<body><main>"
        f"<h1>빌드 실패: {count}</h1>"
        "<p>아래 문제를 고쳐 저장하면 이 페이지가 저절로 새로 고쳐집니다. "
        "문제가 있는 줄은 ▶ 표시와 강조로 보여 줍니다.</p>"
        f"{body}</main>{reload_tag}</body></html>\n"
    )
    return page.encode("utf-8")


def _problem(source_dir: Path, index: int, problem: Diagnostic) -> str:
    severity = SEVERITY_KO.get(problem.severity.value, problem.severity.value)
    where = html.escape(str(problem.loc))
    parts = [f"<section><h2>{index}. {severity}: <code>{where}</code></h2>",
             f"<p class=\"msg\" lang=\"en\">{html.escape(problem.message)}</p>"]  # messages are English
    lines = excerpt(source_dir, problem)
    if lines:
        width = len(str(lines[-1].number))
        rows = []
        for line in lines:
            text = f"{'▶' if line.marked else ' '} <span class=\"no\">{line.number:>{width}}</span> │ " \
                   f"{html.escape(line.text)}"
            rows.append(f"<mark>{text}</mark>" if line.marked else text)
        caption = html.escape(f"{problem.loc.path} {problem.loc.line}번째 줄 언저리 (▶ 표시가 문제의 줄)")
        parts.append(f"<figure><figcaption>{caption}</figcaption><pre tabindex=\"0\">" + "\n".join(rows) + "</pre></figure>")
    parts.append("</section>")
    return "".join(parts)
