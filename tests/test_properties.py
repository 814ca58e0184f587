"""Property tests where input is untrusted: YAML values, Markdown bodies, personal identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import html5lib
import yaml
from markupsafe import Markup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from charterpress.body import BodyParser
from charterpress.decode import MISSING, Decoder
from charterpress.diagnostics import SourceLoc
from charterpress.markdown import make_parser
from charterpress.phones import VALID_RE
from charterpress.privacy import CENTURY, RRN_RE, canonical, corporate_check_ok, find_identifiers, rrn_check_ok
from charterpress.yamlnodes import compose


@dataclass(frozen=True)
class Holder:
    LABEL = "holder"
    value: str


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1))
def test_any_text_value_round_trips_or_is_reported(text: str) -> None:
    document = yaml.safe_dump({"value": text}, allow_unicode=True)
    node, problems = compose(document, SourceLoc("x.yaml", 1))
    assert node is not None and problems == []
    decoder = Decoder(SourceLoc("x.yaml", 1))
    result = decoder.record(node, Holder)
    if result is MISSING:  # only an empty/null value may be refused, and then with a location
        assert text.strip() in ("", "~", "null", "Null", "NULL") and decoder.diagnostics[0].loc.line == 1
    else:
        assert result.value in (text, text.strip())


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["no", "yes", "on", "off", "03154", "1:30", "0x1F", "1e3", "2024-01-01", "061-270-3814"]))
def test_yaml_11_words_stay_text(word: str) -> None:
    node, _ = compose(f"value: {word}\n", SourceLoc("x.yaml", 1))
    assert Decoder(SourceLoc("x.yaml", 1)).record(node, Holder).value == word


FRAGMENTS = ["<script>alert(1)</script>", "javascript:alert(1)", "[x](", ")", "<", ">", "&", "\n", "- ",
             "  - ", "`", "## 제목", "{kind=redress}\n", "<img src=x onerror=y>", "](data:text/html,x)",
             "JaVaScRiPt:", "&#106;avascript:", "전화벨이 3번", "\"", "'", "**", "![a](b)", "<b>", "\n\n"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_markdown_never_publishes_script_or_unsafe_links(text: str) -> None:
    parser = BodyParser(make_parser(), SourceLoc("p.md", 1), table_prefix="p", resolve_link=lambda t: t)
    body = parser.parse(text)
    if parser.problems:
        return  # refused with located messages: nothing is published
    fragment = html5lib.parseFragment("".join(_markup(body)), namespaceHTMLElements=False)
    for element in fragment.iter():
        assert element.tag not in ("script", "iframe", "object", "embed")
        assert not [name for name in element.attrib if name.lower().startswith("on")]
        for name in ("href", "src"):
            target = element.get(name, "").strip().lower()
            assert not target.startswith(("javascript:", "data:", "vbscript:"))


def _markup(node) -> list[str]:
    """Every piece of HTML in a parsed body (prose, items, headings), in order."""
    if isinstance(node, Markup):
        return [str(node)]
    if isinstance(node, tuple):
        return [h for child in node for h in _markup(child)]
    if hasattr(node, "__dataclass_fields__"):
        return [h for name in node.__dataclass_fields__ for h in _markup(getattr(node, name))]
    return []


@given(st.dates(), st.integers(1, 8), st.integers(0, 999_999), st.sampled_from(["-", "", " - "]))
def test_every_rrn_shape_is_caught(day, sex: int, serial: int, sep: str) -> None:
    number = f"{day:%y%m%d}{sep}{sex}{serial:06d}"
    assert RRN_RE.search(f"민원인 {number} 처리")


DISGUISES = {
    "full-width": lambda n: n.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
    "zero-width": lambda n: "\u200b".join(n),
    "entity": lambda n: "".join(f"&#{ord(c)};" if c.isdigit() else c for c in n),
    "hex entity": lambda n: "".join(f"&#x{ord(c):x};" for c in n),
    "escape": lambda n: n.replace("-", "\\-"),
    "soft hyphen": lambda n: n.replace("-", "\u00ad"),
    "plain": lambda n: n,
}


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.sampled_from("12345678"), st.integers(0, 999_999),
       st.sampled_from(["-", "–", "－", "−", " ", ".", ""]), st.sampled_from(sorted(DISGUISES)))
def test_every_disguised_registration_number_is_refused(day, sex: str, serial: int, sep: str, disguise: str) -> None:
    """Any date, any 7th digit 1–8, any tail (random since 2020-10, so no check digit spares it),
    any separator and disguise: refused, unless its 법인 check digit holds and the 주민 one does
    not (then it is published with a warning, see privacy.classify_13)."""
    number = f"{day:%y%m%d}{sep}{sex}{serial:06d}"
    digits = canonical(number)
    try:  # the 7th digit gives the century: 000229 with a 1 is 1900-02-29, which never was
        date(CENTURY[sex] + day.year % 100, day.month, day.day)
    except ValueError:
        assume(False)
    assume(sep or not digits.startswith("880"))  # may be a barcode (see test_privacy)
    hits = find_identifiers(f"민원인 {DISGUISES[disguise](number)} 처리")
    assert len(hits) == 1
    corporate = corporate_check_ok(digits) and not rrn_check_ok(digits)
    assert hits[0].finding.kind == ("corporate" if corporate else "foreign" if sex in "5678" else "rrn")


@given(st.sampled_from(["02", "031", "061", "010", "070"]), st.integers(100, 9999), st.integers(0, 9999))
def test_phone_numbers_are_not_taken_for_rrn(area: str, middle: int, last: int) -> None:
    number = f"{area}-{middle}-{last:04d}"
    assert not RRN_RE.search(number)
    assert not [h for h in find_identifiers(f"전화 {number}") if h.finding.is_error]
    if len(str(middle)) >= 3:
        assert VALID_RE.fullmatch(number)
