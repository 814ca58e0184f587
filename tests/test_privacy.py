"""Never publish a personal identifier: every disguise × every place a site publishes from, the
numbers that only look like one, and the allow-list."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from charterpress.build import render
from charterpress.diagnostics import BuildFailed, Diagnostic, Severity, SourceLoc
from charterpress.privacy import (canonical, corporate_check_ok, ean13_check_ok, find_identifiers, normalise,
                                  rrn_check_ok, scan_text)
from conftest import TODAY

RRN = "800101-1234560"  # a 주민등록번호 of the pre-2020 kind: its check digit holds
RANDOM = "210315-3123450"  # issued since 2020-10: random tail, neither check digit holds
FOREIGN = "900101-5234569"
CORPORATE = "110111-0012346"  # 법인등록번호: its check digit holds, a 주민등록번호's does not
EAN = "8801234567893"  # GS1 Korea barcode


def test_the_sample_numbers_are_what_they_claim() -> None:
    assert rrn_check_ok(canonical(RRN)) and not corporate_check_ok(canonical(RRN))
    assert not rrn_check_ok(canonical(RANDOM)) and not corporate_check_ok(canonical(RANDOM))
    assert corporate_check_ok(canonical(CORPORATE)) and not rrn_check_ok(canonical(CORPORATE))
    assert ean13_check_ok(EAN) and not rrn_check_ok(EAN)


def _spread(number: str, between: str) -> str:
    return between.join(number)


# Every disguise: (name, text as written, the kind the scan must call it).
FORMS: list[tuple[str, str, str]] = [
    ("plain", RRN, "rrn"),
    *[(f"dash U+{ord(d):04X}", RRN.replace("-", d), "rrn") for d in "‐‑‒–—−﹣－"],
    ("space", RRN.replace("-", " "), "rrn"),
    ("spaced hyphen", RRN.replace("-", " - "), "rrn"),
    ("dot", RRN.replace("-", "."), "rrn"),
    ("none", RRN.replace("-", ""), "rrn"),
    ("full-width", unicodedata.normalize("NFKC", RRN).translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}).replace("-", "－"), "rrn"),
    ("zero-width space", RRN[:3] + "\u200b" + RRN[3:], "rrn"),
    ("zero-width joiner", RRN[:8] + "\u200d" + RRN[8:], "rrn"),
    ("word joiner", RRN.replace("-", "\u2060-"), "rrn"),
    ("BOM inside", RRN[:2] + "\ufeff" + RRN[2:], "rrn"),
    ("soft hyphen", RRN.replace("-", "\u00ad"), "rrn"),
    ("zero-width between every digit", _spread(RRN, "\u200b"), "rrn"),
    ("Markdown escape", RRN.replace("-", "\\-"), "rrn"),
    ("HTML decimal", "&#56;" + RRN[1:], "rrn"),
    ("HTML hex", "&#x38;&#X30;" + RRN[2:], "rrn"),
    ("HTML named dash", RRN.replace("-", "&ndash;"), "rrn"),
    ("HTML zero-width", RRN.replace("-", "&ZeroWidthSpace;-"), "rrn"),
    ("JSON escape", "".join(f"\\u{ord(c):04x}" for c in RRN[:3]) + RRN[3:], "rrn"),
    ("Markdown bold", f"**{RRN[:6]}**{RRN[6:]}", "rrn"),
    ("inline tag", f"<b>{RRN[:6]}</b>{RRN[6:]}", "rrn"),
    ("NFD context", RRN, "rrn"),
    ("post-2020 random tail", RANDOM, "rrn"),
    ("외국인등록번호", FOREIGN, "foreign"),
    ("외국인 full-width", FOREIGN.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}), "foreign"),
    ("passport 2021", "M123A4567", "passport"),
    ("passport old near 여권", "여권번호 M12345678", "passport"),
    ("passport old near NFD 여권", unicodedata.normalize("NFD", "여권번호") + " M12345678", "passport"),
    ("licence", "11-23-123456-78", "licence"),
    ("licence en dash", "11–23–123456–78", "licence"),
    ("licence region name", "서울 23-123456-78", "licence"),
    ("licence digits near 면허", "운전면허 112312345678", "licence"),
]


@pytest.mark.parametrize(("name", "text", "kind"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_is_found_where_it_starts(name: str, text: str, kind: str) -> None:
    line = f"첫 줄\n민원인 {text} 처리"
    hits = find_identifiers(line)
    assert [h.finding.kind for h in hits] == [kind]
    lead = next(i for i, c in enumerate(text) if c.isdigit() or c in "M&서\\")  # after a context word
    assert hits[0].offset == line.index(text) + lead  # where the original shows it


def test_positions_are_those_of_the_original_text() -> None:
    text = "가\u200b나 &#56;00101-1234560 끝"
    [hit] = scan_text(text, SourceLoc("x.md", 1))
    assert (hit.loc.line, hit.loc.column) == (1, 5)  # the '&' of '&#56;'
    norm = normalise(text)
    assert norm.text == "가나 800101-1234560 끝"
    assert norm.original(norm.text.index("8")) == text.index("&")
    assert norm.original(norm.text.index("끝")) == text.index("끝")


# --- every place a site publishes from ---------------------------------------------------------

@dataclass(frozen=True)
class Place:
    name: str
    path: str  # where the message must point


def _place_everywhere(site: Path, text: str) -> list[Place]:
    """Put `text` into every kind of place of a copy of the minimal site; return where it went."""
    places = []

    def edit(rel: str, old: str, new: str, name: str) -> None:
        path = site / rel
        content = path.read_text(encoding="utf-8")
        assert old in content, (rel, old)
        path.write_text(content.replace(old, new, 1), encoding="utf-8")
        places.append(Place(name, rel))

    def write(rel: str, content: str, name: str) -> None:
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(content, encoding="utf-8")
        places.append(Place(name, rel))

    edit("charter.md", "우리는 밝게 맞이하겠습니다.", f"우리는 밝게 맞이하겠습니다. {text}", "charter.md front matter (pledge)")
    edit("charter.md", "title: 행정서비스헌장", f"title: 행정서비스헌장 {text}", "charter.md front matter title")
    (site / "pages" / "extra.md").write_text(f"---\ntitle: 안내\n---\n\n민원인 {text} 처리\n", encoding="utf-8")
    places.append(Place("free page body", "pages/extra.md"))
    edit("departments/ops.md", "- 10분 이내에 발급하겠습니다.", f"- 10분 이내에 발급하겠습니다.\n\n문의자 {text}", "department page")
    edit("site.yaml", "address: 시험구 시험로 1", f"address: 시험구 시험로 1 {text}", "site.yaml address")
    edit("charter.md", "서비스: 민원 안내", f"서비스: 민원 안내 {text}", "```table cell")
    edit("disclosures/2026/10.csv", "10월 운영 현황", f"10월 운영 현황 {text}", "정보목록 CSV cell")
    _xlsx(site / "disclosures" / "2026" / "08.xlsx", text)
    (site / "disclosures" / "2026" / "08.yaml").write_text("published: 2026-09-02\n", encoding="utf-8")
    places.append(Place("정보목록 XLSX cell", "disclosures/2026/08.xlsx"))
    edit("surveys/2025.yaml", "summary: 두 번째 조사입니다.", f"summary: 두 번째 조사입니다. {text}", "survey YAML text")
    write("commitments.yaml", "commitments:\n  - id: phone-answer\n    item: 전화벨이 3번 울리기 전에\n"
                              "    kind: response_time\n    measure: 벨 횟수 " + text + "\n"
                              "    bound: {value: 3, unit: 번, op: 전}\n", "commitments.yaml text")
    write("static/notice.txt", f"안내\n문의 {text}\n", "static/*.txt")
    write("static/notice.html", f"<!doctype html><p>문의 {text}</p>\n", "static/*.html")
    write("static/badge.svg", f'<svg xmlns="http://www.w3.org/2000/svg"><text>{text}</text></svg>\n', "static/*.svg")
    write("templates/404.html", '{% extends "!theme/404.html" %}\n{% block title %}없는 쪽 ' + text
          + "{% endblock %}\n", "template override")
    name = f"static/files/민원-{text}.pdf".replace(" ", "_")
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(b"%PDF-1.4\n")
    places.append(Place("attachment file name", name))
    return places


def _xlsx(path: Path, text: str) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["문서번호", "제목", "생산일자", "생산부서", "담당자", "보존기간", "공개구분"])
    sheet.append(["운영과-801", f"8월 현황 {text}", "2026-08-03", "운영과", "김시험", "1년", "공개"])
    book.save(path)


def _escapes(diagnostics: list[Diagnostic], places: list[Place], text: str) -> list[str]:
    """The places no located, masked error names."""
    key = canonical(text)
    missed = []
    for place in places:
        hits = [d for d in diagnostics if d.is_error and d.loc.path == place.path
                and ("looks like" in d.message)]
        located = [d for d in hits if d.loc.line or place.name == "attachment file name"]
        if not located:
            missed.append(place.name)
    leaked = [str(d) for d in diagnostics if key and key[-7:] in canonical(d.message)]
    assert not leaked, f"messages repeat the number: {leaked}"
    return missed


PLACEMENT_COUNTS: dict[str, int] = {"placements": 0, "escapes": 0}


@pytest.mark.parametrize(("name", "text", "kind"), FORMS, ids=[f[0] for f in FORMS])
def test_every_form_in_every_place_is_refused(name: str, text: str, kind: str, make_site) -> None:
    site = make_site()
    places = _place_everywhere(site, text)
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    missed = _escapes(failure.value.diagnostics, places, text)
    PLACEMENT_COUNTS["placements"] += len(places)
    PLACEMENT_COUNTS["escapes"] += len(missed)
    print(f"{name}: {len(places)} placements, {len(missed)} escapes {missed}")
    assert not missed


def test_placement_count(request) -> None:
    """Runs after the matrix (pytest keeps file order): report what it covered."""
    if PLACEMENT_COUNTS["placements"]:
        print(f"identifier placements: {PLACEMENT_COUNTS['placements']}, escapes: {PLACEMENT_COUNTS['escapes']}")
        assert PLACEMENT_COUNTS["placements"] == len(FORMS) * 15
        assert PLACEMENT_COUNTS["escapes"] == 0


def test_a_message_is_located_and_masked(make_site) -> None:
    site = make_site({"pages/privacy.md": "---\ntitle: 개인정보처리방침\n---\n\n민원인 ８００１０１\u200b－１２３４５６０ 님\n"})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "pages/privacy.md:5:5: text '800101-*******' looks like a 주민등록번호 (resident registration number); "
        "personal identifiers must not be published"]


def test_the_built_files_are_scanned_last(make_site) -> None:
    """A number no source holds whole (a template puts it together) is caught in the output."""
    site = make_site({"templates/404.html": '{% extends "!theme/404.html" %}\n'
                                            '{% block title %}{{ "800101" }}-{{ "1234560" }}{% endblock %}\n'})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "(theme): the built file 404.html contains '800101-*******', which looks like a 주민등록번호 "
        "(resident registration number); personal identifiers must not be published"]


# --- numbers that only look like one -----------------------------------------------------------

FALSE_POSITIVES = [
    ("법인등록번호", f"법인등록번호 {CORPORATE}"),
    ("EAN-13 barcode", f"도서 바코드 {EAN}"),
    ("phone numbers", "02-123-4567, 061-270-3814, 1588-0000, 070-1234-5678, 080-123-4567"),
    ("문서번호", "운영과-801, 운영과-2026-1234567, 20261001-1234567, 제2026-000123호, 2026-0012345"),
    ("dates and times", "2026-10-01, 2026.10.01 09:30, 2024년 3월 4일, 20261001"),
    ("not a date", "801301-1234567 (13월), 800230-1234567 (2월 30일)"),
    ("born in the 1800s, no check digit", "800101-9234568"),
    ("old passport shape without 여권", "품번 M12345678"),
    ("licence digits without 면허", "112312345678"),
    ("sums and amounts", "1,234,567원, 12,345,678,901원, 123456789012345"),
    ("ISBN", "ISBN 978-89-6051-123-4, 9788960511234"),
    ("사업자등록번호 and accounts", "사업자등록번호 123-45-67890, 계좌 110-123-456789, 1002-123-456789"),
    ("postcodes and times", "03154 서울, 09:00~18:00, 2026.10.01.~2026.10.31."),
]


@pytest.mark.parametrize(("name", "text"), FALSE_POSITIVES, ids=[f[0] for f in FALSE_POSITIVES])
def test_numbers_that_only_look_like_one_build(name: str, text: str, make_site) -> None:
    site = make_site({"pages/extra.md": f"---\ntitle: 안내\n---\n\n{text}\n"})
    result = render(site, TODAY)
    privacy = [d for d in result.warnings if "privacy" in d.message or "looks like" in d.message]
    if name == "법인등록번호":  # published, but reported until an editor confirms it
        assert [str(d) for d in privacy] == [
            "pages/extra.md:5:8: warning: text '110111-*******' is taken for a 법인등록번호 (corporate registration "
            "number) (its 법인 check digit holds, a 주민등록번호's does not) and published; if that is right, list it "
            "under privacy: allow: in site.yaml with a reason"]
    else:
        assert privacy == []


def test_a_mobile_number_warns_outside_contact_fields(make_site) -> None:
    site = make_site({"pages/extra.md": "---\ntitle: 안내\nowner:\n  phone: 010-1234-5678\n---\n\n"
                                        "담당 주무관 휴대폰으로 연락: 010.9876.5432\n\n"
                                        "```table\ncaption: 연락처\ncolumns: [부서, 전화번호]\nrows:\n"
                                        "  - 부서: 운영과\n    전화번호:\n      - 010-2222-3333\n```\n"})
    site_yaml = site / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("person: 김시험", "person: 김시험 010-4444-5555"),
                         encoding="utf-8")
    result = render(site, TODAY)
    mobile = [str(d) for d in result.warnings if "mobile" in d.message]
    message = ("warning: text '010-****-****' looks like a private mobile number outside a contact field; "
               "publish an office number, or put the number in a phone column or an owner's phone")
    assert mobile == [f"pages/extra.md:7:18: {message}", f"site.yaml:11:15: {message}"]


# --- the allow-list ----------------------------------------------------------------------------

ALLOW = ("privacy:\n  allow:\n    - value: \"{value}\"\n      reason: {reason}\n")


def _with_allow(make_site, page: str, value: str, reason: str = "재단의 법인등록번호") -> Path:
    site = make_site({"pages/extra.md": f"---\ntitle: 안내\n---\n\n{page}\n"})
    site_yaml = site / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + ALLOW.format(value=value, reason=reason),
                         encoding="utf-8")
    return site


def test_an_allowed_value_builds_and_is_reported(make_site) -> None:
    site = _with_allow(make_site, f"재단 법인등록번호: {CORPORATE}, 다시 ８００１０１－１２３４５６０", RRN, "이사장 본인이 공개에 동의(2026-10-01 문서 운영과-120)")
    result = render(site, TODAY)
    notes = [str(d) for d in result.warnings if d.severity is Severity.NOTE]
    assert notes == [
        "site.yaml:20:14: note: '800101-*******' (a 주민등록번호 (resident registration number)) is published by "
        "privacy.allow (reason: 이사장 본인이 공개에 동의(2026-10-01 문서 운영과-120)); found in 1 place(s): "
        "pages/extra.md:5:31"]
    assert [d for d in result.warnings if "법인등록번호" in d.message and d.is_warning]  # not allowed: still warned
    assert any("８００１０１".encode() in f.data for f in result.files if f.path.startswith("extra/"))


def test_an_allowed_corporate_number_is_a_note_not_a_warning(make_site) -> None:
    site = _with_allow(make_site, f"재단 법인등록번호: {CORPORATE}", CORPORATE)
    result = render(site, TODAY)
    assert [d for d in result.warnings if d.is_warning and "법인" in d.message] == []
    [entry] = [d for d in result.warnings if d.severity is Severity.NOTE]
    assert "110111-*******" in entry.message and "found in 1 place(s)" in entry.message


def test_notes_do_not_fail_a_strict_build(make_site, tmp_path) -> None:
    from charterpress.build import build

    result = build(_with_allow(make_site, f"재단 {CORPORATE}", CORPORATE), tmp_path / "out", strict=True, today=TODAY)
    assert [d.severity for d in result.warnings if "privacy.allow" in d.message] == [Severity.NOTE]


def test_an_allowed_value_found_nowhere_is_reported_too(make_site) -> None:
    result = render(_with_allow(make_site, "본문", CORPORATE), TODAY)
    [entry] = [d for d in result.warnings if d.severity is Severity.NOTE]
    assert entry.message.endswith("found nowhere; remove the entry if the number is gone")


def test_an_allow_entry_needs_a_reason(make_site) -> None:
    site = make_site()
    site_yaml = site / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8")
                         + f"privacy:\n  allow:\n    - value: {CORPORATE}\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:20:7: missing required key 'reason' in privacy allow-list entry",
        # the broken entry allows nothing, so the number it names is judged like any other
        "site.yaml:20:14: warning: text '110111-*******' is taken for a 법인등록번호 (corporate registration "
        "number) (its 법인 check digit holds, a 주민등록번호's does not) and published; if that is right, "
        "list it under privacy: allow: in site.yaml with a reason"]


def test_an_allow_entry_needs_a_reason_that_says_something(make_site) -> None:
    with pytest.raises(BuildFailed) as failure:
        render(_with_allow(make_site, "본문", CORPORATE, reason='" "'), TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:20:7: privacy allow-list entry needs a reason (say what the number is and why it may be "
        "published)"]


def test_an_allow_entry_must_be_one_flagged_number(make_site) -> None:
    site = _with_allow(make_site, "본문", "02-123-4567")
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:20:14: privacy allow value '***********' is not one number the scan would flag "
        "(expected one identifier as the text writes it, e.g. a 13-digit 법인등록번호)"]


def test_the_demo_site_publishes_no_identifier(demo) -> None:
    assert not [d for d in demo.warnings if "looks like" in d.message or "법인" in d.message]


def test_an_import_refuses_what_a_build_refuses(make_site, tmp_path) -> None:
    from charterpress.deadlines import Month
    from charterpress.importer import import_exports

    site = make_site()
    export = tmp_path / "export.csv"
    export.write_text("문서번호,제목,생산일자,생산부서,담당자,보존기간,공개구분\n"
                      "운영과-130,민원인 ８００１０１－１２３４５６０ 답변,2026-10-06,운영과,김시험,1년,공개\n",
                      encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        import_exports([export], site, Month(2026, 10), force=True)
    assert [str(d) for d in failure.value.diagnostics] == [
        f"{export}:2:제목: text '800101-*******' looks like a 주민등록번호 (resident registration number); "
        "personal identifiers must not be published"]
    assert "８００１０１".encode() not in (site / "disclosures" / "2026" / "10.csv").read_bytes()


def test_check_counts_notes_apart_and_strict_ignores_them(make_site) -> None:
    from charterpress.check import CheckReport, check_site

    report = check_site(_with_allow(make_site, f"재단 {CORPORATE}", CORPORATE), today=TODAY)
    warnings = [d for d in report.diagnostics if d.is_warning]  # the minimal site's overdue survey
    assert report.failed(strict=True) == bool(warnings or report.findings)
    assert report.as_text().splitlines()[-1].endswith(f"0 error(s), {len(warnings)} warning(s), 1 note(s)")
    notes_only = CheckReport(diagnostics=[d for d in report.diagnostics if d.severity is Severity.NOTE])
    assert not notes_only.failed(strict=True)


def test_contact_fields_are_found_by_their_key() -> None:
    from charterpress.privacy_scan import contact_lines

    text = ("owner:\n  phone: 010-1111-2222\nnote: 010-1111-2222\ncontacts:\n  - 부서: 운영과\n"
            "    전화번호:\n      - 010-1111-2222\n\n      - 010-3333-4444\n    비고:\n      - 010-5555-6666\n"
            "연락처:\n- 010-7777-8888\n")
    is_contact = contact_lines(text)
    lines = text.split("\n")
    assert [i + 1 for i, line in enumerate(lines) if "010" in line and is_contact(i)] == [2, 7, 9, 13]
    markdown = contact_lines("---\nphone: 1\n---\n\n연락처: 010-1111-2222\n\n```table\n전화: 1\n```\n", markdown=True)
    assert [markdown(i) for i in (1, 4, 7)] == [True, False, True]


def test_no_message_quotes_a_whole_number(make_site) -> None:
    """Other checks quote what an editor wrote ('… is not a retention period'): masked too."""
    csv = ("문서번호,제목,생산일자,생산부서,담당자,보존기간,공개구분\n"
           "운영과-801,8월 현황,2026-08-03,운영과,김시험,８００１０１\u200b-1234560,공개\n")
    site = make_site({"disclosures/2026/08.csv": csv, "disclosures/2026/08.yaml": "published: 2026-09-02\n"})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "disclosures/2026/08.csv:2:보존기간: text '800101-*******' looks like a 주민등록번호 (resident registration "
        "number); personal identifiers must not be published",
        "disclosures/2026/08.csv:2:보존기간: '800101-*******' is not a retention period (expected one of: 영구, "
        "준영구, 30년, 10년, 5년, 3년, 1년)"]


def test_no_settings_message_quotes_a_whole_number(make_site) -> None:
    site = make_site({"site.yaml": MINIMAL_SITE_YAML.replace("fax: 02-123-4568", "fax: 800101-1234560")})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "site.yaml:6:6: fax '800101-*******' is not a phone number (expected e.g. 061-270-3814 or 1588-0000)",
        "site.yaml:6:6: text '800101-*******' looks like a 주민등록번호 (resident registration number); "
        "personal identifiers must not be published"]


MINIMAL_SITE_YAML = (Path(__file__).parent / "sites" / "minimal" / "site.yaml").read_text(encoding="utf-8")


def test_a_static_file_in_a_dot_folder_is_published_and_read(make_site) -> None:
    site = make_site({"static/.well-known/contact.txt": f"담당 {RRN}\n"})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [d.loc.path for d in failure.value.diagnostics] == ["static/.well-known/contact.txt"]


def test_a_static_text_file_that_cannot_be_read_is_reported(make_site) -> None:
    site = make_site()
    (site / "static" / "legacy.txt").write_bytes("주민 800101-1234560".encode("utf-16"))
    result = render(site, TODAY)
    assert [str(d) for d in result.warnings if d.loc.path == "static/legacy.txt"] == [
        "static/legacy.txt: warning: file is neither UTF-8 nor CP949 text, so it was not read for personal "
        "identifiers"]
