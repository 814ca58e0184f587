"""Never publish a script: XSS payloads in every field an editor writes.

Each payload is placed into every editor-writable field of a copy of the minimal site (site.yaml,
front matter, Markdown bodies, ```table blocks, the 정보목록 CSV, its month file, 사전정보공표,
청구 절차, surveys and the commitments register). Every placement must either be refused with an
error located at its own line, or build into pages whose *parsed* HTML (html5lib, as a browser
builds its tree) has no script element, no on… attribute, no URL attribute with a scheme other
than http, https, mailto and tel once read as a browser reads it, no style attribute and no
element the clean site does not have.

To stay fast, one payload goes into all fields at once; the fields whose lines the errors name
are counted as refused and the rest are built again without them, until a build succeeds. A
failure that names none of the remaining fields, or an escape, is pinned down field by field.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import html5lib
import pytest

import charterpress.render

from charterpress.build import BuildResult, render
from charterpress.diagnostics import BuildFailed
from charterpress.linkpolicy import LINK_SCHEMES, browser_form, scheme_of
from conftest import MINIMAL, TODAY

PAYLOADS = [
    # Addresses: javascript:, data:, vbscript:, file: in the forms browsers still run.
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript&#x3A;alert(1)",
    "&#0000106avascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&Tab;script:alert(1)",
    "%6Aavascript:alert(1)",
    "javascript%3Aalert(1)",
    "/javascript:alert(1)",
    "./javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/",
    "/\\evil.example/",
    "%2e%2e/%2E%2e/etc/passwd",
    # Markup: elements, event handlers, attribute breaking, SVG, forms, styles.
    '"><script>alert(1)</script>',
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><script href="data:,alert(1)"/></svg>',
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src=javascript:alert(1)></iframe>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<button formaction=javascript:alert(1)>x</button>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<object data=javascript:alert(1)></object>",
    "<base href=javascript:alert(1)//>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "]]><script>alert(1)</script>",
    # Markdown: links, images, autolinks, attribute lines.
    "[x](javascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "![x](data:image/svg+xml,x)",
    "<javascript:alert(1)>",
    '{onclick="alert(1)"}',
    '{style="color:red" #x}',
    "{{ ''.__class__.__mro__ }}",
]


@dataclass(frozen=True)
class Field:
    """One place an editor writes: in `path`, `old` is replaced by `new`, where {Y} is the payload
    as a YAML string, {M} the payload as written (Markdown) and {C} the payload as a CSV cell."""

    path: str
    old: str
    new: str

    def text(self, payload: str) -> str:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([payload])
        return (self.new.replace("{Y}", json.dumps(payload, ensure_ascii=False))
                .replace("{M}", payload).replace("{C}", buffer.getvalue()))


FIELDS = [
    # site.yaml
    Field("site.yaml", "name: 시험구립도서관", "name: {Y}"),
    Field("site.yaml", "base_url: https://test.example.kr/", "base_url: {Y}"),
    Field("site.yaml", "address: 시험구 시험로 1", "address: {Y}"),
    Field("site.yaml", 'postcode: "03154"', "postcode: {Y}"),
    Field("site.yaml", "privacy_policy: /privacy/", "privacy_policy: {Y}"),
    Field("site.yaml", "  department: 운영과", "  department: {Y}"),
    Field("site.yaml", "  team: 민원팀", "  team: {Y}"),
    Field("site.yaml", "  person: 김시험", "  person: {Y}"),
    Field("site.yaml", "disclosures:\n", "homepage: {Y}\ndisclosures:\n"),
    Field("site.yaml", "surveys:\n", "copyright: {Y}\nsurveys:\n"),
    Field("site.yaml", "fax: 02-123-4568", "logo: {Y}"),
    Field("site.yaml", "menu:\n  - title: 헌장\n", "menu:\n  - title: {Y}\n"),
    Field("site.yaml", "    link: /charter/\n", "    link: {Y}\n"),
    Field("site.yaml", "feedback:\n  endpoint: https://survey.example.kr/answer",
          "feedback:\n  endpoint: {Y}"),
    Field("site.yaml", "  channels: /contacts/", "  channels: {Y}"),
    # charter.md
    Field("charter.md", "title: 행정서비스헌장", "title: {Y}"),
    Field("charter.md", "note: 전화 응대 기준 추가", "note: {Y}"),
    Field("charter.md", "text: 우리는 친절하게 일하겠습니다.", "text: {Y}"),
    Field("charter.md", "- 우리는 밝게 맞이하겠습니다.", "- {Y}"),
    Field("charter.md", "closing: 이를 지키겠습니다.", "closing: {Y}"),
    Field("charter.md", "{channel=phone}", "{M}"),
    Field("charter.md", "  - 1시간 이내에 다시 전화드리겠습니다.", "  - 1시간 이내에 {M}"),
    Field("charter.md", "caption: 서비스별 접수창구", "caption: {Y}"),
    Field("charter.md", "서비스: 민원 안내", "서비스: {Y}"),
    Field("charter.md", "rows:\n", "note: {Y}\nrows:\n"),
    # pages/privacy.md
    Field("pages/privacy.md", "title: 개인정보처리방침", "title: {Y}"),
    Field("pages/privacy.md", "owner:\n", "summary: {Y}\nowner:\n"),
    Field("pages/privacy.md", "  updated: 2024-03-04", "  person: {Y}\n  updated: 2024-03-04"),
    Field("pages/privacy.md", "개인정보는 ", "{M} "),
    Field("pages/privacy.md", "(/charter/ops/)", "({M})"),
    Field("pages/privacy.md", "[문의 창구]", "[{M}]"),
    Field("pages/privacy.md", "(/static/surveys/2025-scores.csv)", "({M})"),
    Field("pages/privacy.md", "## 처리 목적", "## {M}"),
    Field("pages/privacy.md", "- 민원 처리", "- {M}"),
    Field("pages/privacy.md", "> 인용문", "> {M}"),
    Field("pages/privacy.md", "{#purpose}", "{M}"),
    # departments/ops.md
    Field("departments/ops.md", "title: 운영과", "title: {Y}"),
    Field("departments/ops.md", "## 증명서 발급", "## {M}"),
    # 정보목록: the CSV, the month's file, 사전정보공표, 청구 절차
    Field("disclosures/2026/10.csv", "TITLE1", "{C}"),
    Field("disclosures/2026/10.csv", "PERSON1", "{C}"),
    Field("disclosures/2026/10.csv", "TASK1", "{C}"),
    Field("disclosures/2026/10.csv", "https://records.example.kr/120", "{C}"),
    Field("disclosures/2026/10.csv", "운영과-121", "{C}"),
    Field("disclosures/2026/10.yaml", "published: 2026-11-03", "published: 2026-11-03\nnote: {Y}"),
    Field("disclosures/proactive.yaml", "item: 행정서비스헌장", "item: {Y}"),
    Field("disclosures/proactive.yaml", "category: 기관 운영", "category: {Y}"),
    Field("disclosures/proactive.yaml", "link: /charter/", "link: {Y}"),
    Field("disclosures/procedure.yaml", "text: 청구서를 냅니다.", "text: {Y}"),
    Field("disclosures/procedure.yaml", "  - title: 정보공개포털", "  - title: {Y}"),
    Field("disclosures/procedure.yaml", "link: https://www.open.go.kr/", "link: {Y}"),
    # surveys/2025.yaml
    Field("surveys/2025.yaml", "title: 2025년 이용자 만족도 조사 결과", "title: {Y}"),
    Field("surveys/2025.yaml", "summary: 두 번째 조사입니다.", "summary: {Y}"),
    Field("surveys/2025.yaml", "conducted_by: 시험조사연구소", "conducted_by: {Y}"),
    Field("surveys/2025.yaml", "  - 안내판을 바꾼 뒤 서비스 환경 점수가 올랐습니다.", "  - {Y}"),
    Field("surveys/2025.yaml", "action: 무인 반납기 설치", "action: {Y}"),
    Field("surveys/2025.yaml", "  - unit: 자료실", "  - unit: {Y}"),
    Field("surveys/2025.yaml", "  - title: 결과보고서 (구청 누리집)", "  - title: {Y}"),
    Field("surveys/2025.yaml", "file: https://www.example.kr/report-2025.pdf", "file: {Y}"),
    # commitments.yaml
    Field("commitments.yaml", "measure: 벨 횟수", "measure: {Y}"),
    Field("commitments.yaml", "source: 전화 점검", "source: {Y}"),
    Field("commitments.yaml", "runs_from: 전화벨", "runs_from: {Y}"),
]

BASE_FILES = {
    "site.yaml": (MINIMAL / "site.yaml").read_text(encoding="utf-8").replace(
        "disclosures:\n",
        "menu:\n  - title: 헌장\n    link: /charter/\nfeedback:\n  endpoint: https://survey.example.kr/answer\n"
        "  channels: /contacts/\ndisclosures:\n"),
    "disclosures/2026/10.csv": (
        "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거,원문\n"
        "운영과-120,TITLE1,2026-10-05,운영과,PERSON1,TASK1,1년,공개,,https://records.example.kr/120\n"
        "운영과-121,직원 성과 평가,2026-10-20,운영과,김시험,인사,준영구,비공개,\"5호, 6호\",\n"),
    "pages/privacy.md": (
        "---\ntitle: 개인정보처리방침\nowner:\n  updated: 2024-03-04\n---\n\n"
        "개인정보는 운영과에서 관리합니다.\n\n"
        "[운영과](/charter/ops/)에 문의하십시오.\n\n"
        "[문의 창구](/contacts/) 안내입니다.\n\n"
        "## 처리 목적\n\n"
        "- 민원 처리\n\n"
        "> 인용문\n\n"
        "![점수표](/static/surveys/2025-scores.csv)\n\n"
        "{#purpose}\n"
        "## 보유 기간\n"),
    "commitments.yaml": (
        "commitments:\n"
        "  - id: phone-answer\n"
        "    item: 전화벨이 3번 울리기 전에 받겠습니다\n"
        "    kind: response_time\n"
        "    measure: 벨 횟수\n"
        "    runs_from: 전화벨\n"
        "    bound: {value: 3, unit: 번, op: 전}\n"
        "    target: 95\n"
        "    results:\n"
        "      - {period: '2025', met: 96.4, sample: 120, source: 전화 점검}\n"),
}

UNNAMED = Field("?", "", "")  # a failed build whose errors name none of the placements


def _lines(f: Field, payload: str, line: int) -> set[tuple[str, int]]:
    """Where an error about this placement may point: its line and the lines the payload spans;
    Markdown reports a '{…}' line at the heading below it, so one line more there."""
    extra = payload.count("\n") if "{Y}" not in f.new else 0
    extra += 1 if "{M}" in f.new else 0
    return {(f.path, n) for n in range(line, line + extra + 1)}


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "background", "cite",
                  "ping", "srcset", "codebase", "manifest", "icon", "longdesc", "usemap"}


@dataclass
class Outcome:
    refused: list[tuple[str, Field]] = field(default_factory=list)
    built: list[tuple[str, Field]] = field(default_factory=list)
    escapes: list[str] = field(default_factory=list)


class Workbench:
    """One working copy of the site; a build writes the placements' files and restores them."""

    def __init__(self, folder: Path):
        shutil.copytree(MINIMAL, folder)
        for rel, text in BASE_FILES.items():
            (folder / rel).write_text(text, encoding="utf-8")
        self.folder = folder
        self.base = {f.path: (folder / f.path).read_text(encoding="utf-8") for f in FIELDS}
        for f in FIELDS:
            assert self.base[f.path].count(f.old) >= 1, f"{f.path}: '{f.old}' not in the base site"
        clean = render(folder, TODAY)
        self.clean = Baseline(clean)
        assert self.clean.escapes(clean) == []  # the theme itself: no scripts, handlers or styles

    def apply(self, payload: str, fields: list[Field]) -> dict[Field, int]:
        """Writes every field's file with the payload in place; the line each placement starts on."""
        lines: dict[Field, int] = {}
        for path in {f.path for f in fields}:
            text = self.base[path]
            ordered = sorted((f for f in fields if f.path == path), key=lambda f: text.index(f.old))
            done, rest = "", text
            for f in ordered:
                before, _, rest = rest.partition(f.old)
                done += before
                marker = min(i for i in (f.new.find(c) for c in ("{Y}", "{M}", "{C}")) if i >= 0)
                lines[f] = done.count("\n") + f.new[:marker].count("\n") + 1
                done += f.text(payload)
            (self.folder / path).write_text(done + rest, encoding="utf-8")
        return lines

    def restore(self) -> None:
        for path, text in self.base.items():
            (self.folder / path).write_text(text, encoding="utf-8")

    def build(self, payload: str, fields: list[Field]) -> tuple[BuildResult | None, set[Field]]:
        """The build with these placements, or the placements its errors name."""
        lines = self.apply(payload, fields)
        try:
            return render(self.folder, TODAY), set()
        except BuildFailed as failure:
            named = {(d.loc.path, d.loc.line) for d in failure.diagnostics if d.is_error}
            return None, {f for f in fields if named & _lines(f, payload, lines[f])} or {UNNAMED}
        finally:
            self.restore()

    def run(self, payload: str, outcome: Outcome) -> None:
        """Builds with the payload everywhere, then again without the placements refused, until one
        build succeeds; an unattributed failure or an escape is pinned down placement by placement."""
        pending = list(FIELDS)
        while pending:
            result, refused = self.build(payload, pending)
            if result is None and refused == {UNNAMED}:
                self._one_by_one(payload, pending, outcome)
                return
            if result is None:
                outcome.refused += [(payload, f) for f in refused]
                pending = [f for f in pending if f not in refused]
                continue
            if self.clean.escapes(result):
                self._one_by_one(payload, pending, outcome)
                return
            outcome.built += [(payload, f) for f in pending]
            return

    def _one_by_one(self, payload: str, fields: list[Field], outcome: Outcome) -> None:
        for f in fields:
            result, refused = self.build(payload, [f])
            if result is None:
                if refused == {f}:
                    outcome.refused.append((payload, f))
                else:
                    outcome.escapes.append(f"{f.path} '{f.old}' ← {payload!r}: refused, but not at its line")
                continue
            outcome.built.append((payload, f))
            outcome.escapes += [f"{f.path} '{f.old}' ← {payload!r}: {e}" for e in self.clean.escapes(result)]


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


class Baseline:
    """What the clean site's output has; anything beyond it in a build is content's doing."""

    def __init__(self, result: BuildResult):
        self.tags: set[str] = set()
        self.styles: set[str] = set()
        self.xml_tags: dict[str, set[str]] = {}
        for path, tree in _trees(result):
            if isinstance(tree, ET.Element) and path.endswith(".xml"):
                self.xml_tags[path] = {e.tag for e in tree.iter()}
                continue
            for element in tree.iter():
                self.tags.add(_local(element.tag) if isinstance(element.tag, str) else "")
                self.styles.update(v for k, v in element.attrib.items() if _local(k) == "style")

    def escapes(self, result: BuildResult) -> list[str]:
        found = []
        for path, tree in _trees(result):
            if path.endswith(".xml"):
                if tree is None:
                    found.append(f"{path}: not well-formed XML")
                elif extra := {e.tag for e in tree.iter()} - self.xml_tags.get(path, set()):
                    found.append(f"{path}: new XML elements {sorted(extra)}")
                continue
            found += [f"{path}: {problem}" for problem in self._page_escapes(tree)]
        return found

    def _page_escapes(self, tree: ET.Element) -> list[str]:
        found = []
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            tag = _local(element.tag)
            if tag == "script":
                if not _theme_script(element):
                    found.append("a script element")
            elif tag not in self.tags:
                found.append(f"a <{tag}> element the clean site does not have")
            for key, value in element.attrib.items():
                name = _local(key)
                if name.startswith("on"):
                    found.append(f"<{tag} {name}=…>")
                elif name == "style" and value not in self.styles:
                    found.append(f"<{tag} style='{value}'>")
                elif name in URL_ATTRIBUTES and _bad_url(name, value):
                    found.append(f"<{tag} {name}='{value}'>")
        return found


THEME_SCRIPT = re.compile(r"(?:\.\./|\./|/)*(?:[a-z0-9/-]*/)?assets/search\.[0-9a-f]{10}\.js")


def _theme_script(element: ET.Element) -> bool:
    """The theme's own search script: empty, a fingerprinted file of the theme, nothing else."""
    names = {_local(k) for k in element.attrib}
    return (not (element.text or "").strip() and names <= {"src", "defer", "type"}
            and bool(THEME_SCRIPT.fullmatch(element.attrib.get("src", ""))))


def _bad_url(name: str, value: str) -> bool:
    targets = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    return any((scheme_of(browser_form(t)) or "https") not in LINK_SCHEMES for t in targets)


def _trees(result: BuildResult) -> list[tuple[str, ET.Element | None]]:
    trees: list[tuple[str, ET.Element | None]] = []
    for f in result.files:
        if f.path.endswith((".html", ".svg")):
            trees.append((f.path, html5lib.parse(f.data, namespaceHTMLElements=False)))
        elif f.path.endswith(".xml"):
            try:
                trees.append((f.path, ET.fromstring(f.data)))
            except ET.ParseError:
                trees.append((f.path, None))
    return trees


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    # One Jinja environment for every build of the working copy (it has no templates/ of its own),
    # so the theme is compiled once instead of a thousand times; rendering is otherwise unchanged.
    environments: dict[Path, object] = {}
    make = charterpress.render.make_environment
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(charterpress.render, "make_environment",
                      lambda source: environments.setdefault(source, make(source)))
        bench = Workbench(tmp_path_factory.mktemp("xss") / "site")
        result = Outcome()
        for payload in PAYLOADS:
            bench.run(payload, result)
    return result


def test_the_payload_set_is_broad() -> None:
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 40
    assert len(set(FIELDS)) == len(FIELDS) >= 50


def test_no_placement_escapes(outcome: Outcome) -> None:
    assert outcome.escapes == []


def test_every_placement_is_refused_or_built(outcome: Outcome) -> None:
    placed = sorted((p, f.path, f.old) for p, f in outcome.refused + outcome.built)
    assert placed == sorted((p, f.path, f.old) for p in PAYLOADS for f in FIELDS)
    print(f"\n{len(PAYLOADS)} payloads × {len(FIELDS)} fields = {len(placed)} placements: "
          f"{len(outcome.refused)} refused, {len(outcome.built)} built safe, {len(outcome.escapes)} escapes")


def test_script_addresses_are_refused_in_every_link_field(outcome: Outcome) -> None:
    words = ("link:", "https://", "file:", "privacy_policy", "endpoint", "channels")
    link_fields = [f for f in FIELDS if any(w in f.old for w in words)]
    refused = {(p, f) for p, f in outcome.refused}
    payloads = ("javascript:alert(1)", "&#106;avascript:alert(1)", "java\tscript:alert(1)", "/javascript:alert(1)")
    for payload in payloads:
        for f in link_fields:
            assert (payload, f) in refused, (payload, f)
    # In Markdown a tab ends a link destination, so "[x](java<TAB>script:…)" is text, not a link.
    markdown_link = next(f for f in FIELDS if f.old == "(/charter/ops/)")
    assert {(p, markdown_link) for p in payloads if "\t" not in p} <= refused


def test_the_checker_catches_a_real_escape() -> None:
    """The judge itself: a page with each kind of escape is caught, a clean one is not."""
    clean = html5lib.parse('<p><a href="/x">x</a><a href="mailto:a@b">m</a></p>', namespaceHTMLElements=False)
    baseline = Baseline.__new__(Baseline)
    baseline.tags, baseline.styles, baseline.xml_tags = {"html", "head", "body", "p", "a"}, set(), {}
    assert baseline._page_escapes(clean) == []
    for bad in ['<a href="java&#x09;script:alert(1)">x</a>', "<p onclick=x>", "<script>x</script>",
                '<svg><a xlink:href="javascript:x">', '<p style="color:red">', "<iframe>",
                '<a href=" JAVASCRIPT:x">x</a>']:
        assert baseline._page_escapes(html5lib.parse(bad, namespaceHTMLElements=False)), bad

