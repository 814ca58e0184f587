"""Personal identifiers that must never be published, found however the text disguises them.

Text is first *normalised* (see `normalise`): NFKC (full-width digits and hyphens), format
characters (Unicode category Cf: zero-width spaces and joiners, word joiner, BOM, soft hyphen)
removed, every dash variant read as '-', HTML character references (named, decimal, hex) and
Markdown backslash escapes and JSON/JavaScript `\\uXXXX` escapes resolved, and (for markup) inline tags and emphasis marks dropped so
`<b>800101</b>-1234567` reads as one number. Every normalised character remembers where it came
from, so a finding is reported at the line and column of the original text.

The shapes (sources, also in the README's section on personal identifiers):
  - 주민등록번호 tails random since 2020-10-05 (주민등록법 시행규칙): 기획재정부 "이렇게 달라집니다" 2020,
    http://whatsnew.mosf.go.kr/ (주민등록번호에서 지역번호 표시 폐지); http://www.hnews.co.kr/news/articleView.html?idxno=55028
  - check digits: public validators, e.g. GitHub yoojjtt/cafe24 js/lib_numcheck.js (주민, 외국인),
    HKCHO/mirine.tools src/lib/company/isCorporateRegistrationNo.js (법인); GS1 General Specifications (EAN-13)
  - 여권번호 M12345678 → M123A4567 from 2021-12-21:
    https://www.busanjin.go.kr/index.busanjin?menuCd=DOM_000000104005007000
  - 운전면허번호 RR-YY-NNNNNN-CC, regions 11–28: Microsoft Presidio KrDriverLicenseRecognizer


- 주민등록번호 YYMMDD-SBBBBBC: a real date, S 1–4 (9/0 for people born in the 1800s). The check
  digit C = (11 − Σ dᵢ·(2,3,4,5,6,7,8,9,2,3,4,5) mod 11) mod 10 holds only for numbers issued before
  2020-10-05; since then the six digits after S are random (행정안전부, 주민등록법 시행규칙 개정
  2020-10-05), so a failed check digit never clears a number with S 1–8.
- 외국인등록번호: the same shape with S 5–8.
- 법인등록번호 (corporate, 13 digits written 6-7, check digit (10 − Σ dᵢ·(1,2,1,2,…) mod 10) mod 10)
  can fit the 주민등록번호 shape (110111-…: '11-01-11' is a date). The check digits separate them:
  a number whose 법인 check digit holds and whose 주민 check digit fails is *probably* corporate;
  it is published but reported as a warning every build until an editor confirms it in the
  allow-list (a post-2020 주민등록번호 passes the 법인 check by chance one time in ten).
- EAN-13 barcodes of GS1 Korea (880…, 13 digits unseparated, check digit with weights 1,3,1,3…)
  whose 주민 check digit fails are not identifiers.
- 여권번호: the 2021 form, type letter + 3 digits + letter + 4 digits (M123A4567), anywhere; the
  older letter + 8 digits (M12345678) only near the word 여권/passport, since 문서번호 and item codes
  take that shape too.
- 운전면허번호 RR-YY-NNNNNN-CC (RR a region code 11–28 or a region name such as 서울): the hyphenated
  form anywhere, other separators or none only near the word 면허/licence.
- Private mobile numbers 010/011/016/017/018/019-XXXX-XXXX: a warning, not an error, outside the
  fields meant for contact numbers (the caller decides which those are).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from charterpress.diagnostics import Diagnostic, Severity, SourceLoc

Kind = Literal["rrn", "foreign", "passport", "licence", "mobile", "corporate"]

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
# Inline elements a number may be split across without a visible break (<b>800101</b>-1234567).
INLINE_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|"
    r"strong|sub|sup|time|tspan|u|var|wbr)\b[^<>]*>", re.IGNORECASE)
_INLINE_TAG_SPLIT_RE = re.compile(f"({INLINE_TAG_RE.pattern})", re.IGNORECASE)
# The same, matching case: twice as fast, and the same split where no tag name holds a letter that
# IGNORECASE reads as a lower-case ASCII one (upper case, and U+0130, U+0131, U+212A, U+017F):
# a built page of the theme's has none.
_INLINE_TAG_SPLIT_CASED_RE = re.compile(f"({INLINE_TAG_RE.pattern})")
_FOLDING_NAME_RE = re.compile("</?[a-z]*[A-Z\u0130\u0131\u212a\u017f]")
EMPHASIS = "*_~`"
# A character reference or a Markdown backslash escape.
REFERENCE_RE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?"
                          r"|\\u[0-9a-fA-F]{4}|\\[!-/:-@\[-`{-~]")  # JSON/JS \uXXXX, Markdown \-

SEP = r"(?:[ ]?[-.][ ]?|[ ]?)"  # hyphen (any dash, after normalising), dot, space or nothing
# Each shape starts with a character (or characters) and only then looks behind: `[0-9](?<![0-9]{2})`
# at p means what `(?<![0-9])[0-9]` does, but a pattern that opens with a character set lets the
# regex engine skip ahead to that character, rather than try a match at every position of a
# page (the built-file scan: 3× faster; tests/test_privacy_speed.py compares them with the
# lookbehind-first forms on random text).
# The 13-digit shape shared by 주민등록번호, 외국인등록번호, 법인등록번호 and EAN-13.
RRN_RE = re.compile(rf"(?P<front>[0-9](?<![0-9]{{2}})[0-9]{{5}})(?P<sep>{SEP})(?P<back>[0-9]{{7}})(?![0-9])")
PASSPORT_NEW_RE = re.compile(r"[MSRODGT](?<![0-9A-Za-z][MSRODGT])[0-9]{3}[A-Z][0-9]{4}(?![0-9A-Za-z])")
PASSPORT_OLD_RE = re.compile(r"[MSRODGT](?<![0-9A-Za-z][MSRODGT])[0-9]{8}(?![0-9A-Za-z])")
REGIONS = ("서울", "부산", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주",
           "대구", "인천", "광주", "대전", "울산", "세종")
_REGION_CODE = r"(?:1(?<![0-9]1)(?<![0-9]-1)[1-9]|2(?<![0-9]2)(?<![0-9]-2)[0-8])"  # 11–28, no digit or 'digit-' before
# Two patterns, not one alternation (which would open with no character to skip to); their
# matches cannot overlap (one starts at a digit, the other at a region's Hangul).
LICENCE_RE = re.compile(rf"{_REGION_CODE}-[0-9]{{2}}-[0-9]{{6}}-[0-9]{{2}}(?!-?[0-9])")
LICENCE_REGION_RE = re.compile(rf"(?:{'|'.join(REGIONS)})[ -]?[0-9]{{2}}-[0-9]{{6}}-[0-9]{{2}}(?!-?[0-9])")
LICENCE_LOOSE_RE = re.compile(
    r"(?:1(?<![0-9]1)[1-9]|2(?<![0-9]2)[0-8])(?P<lsep>[ .-]?)[0-9]{2}(?P=lsep)[0-9]{6}(?P=lsep)[0-9]{2}(?![0-9])")
MOBILE_RE = re.compile(
    r"0(?<![0-9]0)1[016789](?:[ ]?[-.)][ ]?|[ ]?)[0-9]{3,4}(?:[ ]?[-.][ ]?|[ ]?)[0-9]{4}(?![0-9])")
PASSPORT_WORDS = re.compile(r"여권|passport|旅券", re.IGNORECASE)
LICENCE_WORDS = re.compile(r"면허|licen[cs]e", re.IGNORECASE)
MIN_DIGITS = 7  # the fewest digits an identifier has (a passport number of the 2021 form)
CONTEXT = 30  # characters either side of a number in which a context word counts
# The shapes besides the 13-digit one: kind, pattern, and the words one must stand near (or None).
SHAPES: tuple[tuple[Kind, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("passport", PASSPORT_NEW_RE, None), ("passport", PASSPORT_OLD_RE, PASSPORT_WORDS),
    ("licence", LICENCE_RE, None), ("licence", LICENCE_REGION_RE, None), ("licence", LICENCE_LOOSE_RE, LICENCE_WORDS),
    ("mobile", MOBILE_RE, None))

NAMES: dict[Kind, str] = {
    "rrn": "a 주민등록번호 (resident registration number)",
    "foreign": "a 외국인등록번호 (foreign resident registration number)",
    "passport": "a 여권번호 (passport number)",
    "licence": "a 운전면허번호 (driver's licence number)",
    "mobile": "a private mobile number",
    "corporate": "a 법인등록번호 (corporate registration number)",
}
WARNINGS: frozenset[Kind] = frozenset({"mobile", "corporate"})


# --- normalising -------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8192)
def fold(char: str) -> str:
    """One character as the scan reads it: NFKC, format characters gone, every dash a '-'."""
    if unicodedata.category(char) == "Cf":
        return ""
    text = unicodedata.normalize("NFKC", char)
    return "".join("-" if c in DASHES else c for c in text if unicodedata.category(c) != "Cf")


@functools.cache
def _changed() -> tuple[int, ...]:
    """The characters `fold` changes: in the BMP (Hangul syllables and CJK ideographs never change)
    and the astral blocks with digits or Latin letters under NFKC (mathematical alphanumerics,
    enclosed and segmented digits), and the tag characters (format)."""
    planes = (range(0x80, 0xAC00), range(0xD7A4, 0xD800), range(0xF900, 0x10000), range(0x1D400, 0x1D800),
              range(0x1F100, 0x1F200), range(0x1FBF0, 0x1FC00), range(0x2F800, 0x2FA20))
    changed = [c for plane in planes for c in plane if not 0x4E00 <= c < 0xA000 and fold(chr(c)) != chr(c)]
    return tuple(changed + list(range(0xE0000, 0xE0080)))


@functools.cache
def _fold_table() -> dict[int, str]:
    return {c: fold(chr(c)) for c in _changed()}


@functools.cache
def _special_re(markup: bool) -> re.Pattern[str]:
    """Everything normalising may change: references, escapes, and the (few) characters `fold`
    changes, so the ASCII and Hangul between them are copied in one piece. The characters are
    two classes: one class holding characters beyond the BMP is tested range by range, at twice
    the cost of the whole scan, so those are tried only for a character beyond the BMP."""
    changed = _changed()
    parts = [REFERENCE_RE.pattern, f"[{_klass(c for c in changed if c < 0x10000)}]",
             f"(?=[\U00010000-\U0010ffff])[{_klass(c for c in changed if c >= 0x10000)}]"]
    if markup:
        parts += [f"(?i:{INLINE_TAG_RE.pattern})", f"[{re.escape(EMPHASIS)}]+"]
    return re.compile("|".join(parts))


def _klass(codes: Iterable[int]) -> str:
    """A regex character class's inside for ascending code points, in ranges."""
    ranges: list[tuple[int, int]] = []
    for c in codes:
        if ranges and ranges[-1][1] == c - 1:
            ranges[-1] = (ranges[-1][0], c)
        else:
            ranges.append((c, c))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


@dataclass(frozen=True)
class Normalised:
    """Normalised text and, for every stretch of it, where in the original text it starts."""

    text: str
    norm_starts: tuple[int, ...]  # where each stretch starts in `text`
    orig_starts: tuple[int, ...]  # … and in the original
    copied: tuple[bool, ...]  # True: copied one to one; False: replaced (maps to its start)
    orig_length: int

    def original(self, offset: int) -> int:
        """The offset in the original text of normalised character `offset`."""
        i = bisect.bisect_right(self.norm_starts, offset) - 1
        if i < 0:
            return 0
        start = self.orig_starts[i]
        return start + (offset - self.norm_starts[i]) if self.copied[i] else start

    def original_end(self, offset: int) -> int:
        """The offset in the original text just after normalised character `offset - 1`."""
        i = bisect.bisect_right(self.norm_starts, offset - 1) - 1
        if self.copied[i]:
            return self.orig_starts[i] + (offset - self.norm_starts[i])
        return self.orig_starts[i + 1] if i + 1 < len(self.orig_starts) else self.orig_length


def normalise(text: str, markup: bool = False) -> Normalised:
    """`text` as the scan reads it (see the module's docstring); `markup` also drops inline tags
    and Markdown emphasis marks."""
    if text and not _changes(text, markup):  # most text: the one pattern of it all is slow to run
        return Normalised(text, (0,), (0,), (True,), len(text))
    return _normalise_all(text, markup)


def _changes(text: str, markup: bool) -> bool:
    """Whether normalising may change `text`: a reference or escape, a character fold changes,
    and with `markup` a tag or an emphasis mark."""
    if "&" in text or "\\" in text or (markup and ("<" in text or any(c in text for c in EMPHASIS))):
        return True
    return not _changed_chars().isdisjoint("".join(_UNUSUAL_RE.findall(text)))


def _normalise_all(text: str, markup: bool) -> Normalised:
    parts: list[str] = []
    norm_starts: list[int] = []
    orig_starts: list[int] = []
    copied: list[bool] = []
    length = 0

    def add(piece: str, orig: int, one_to_one: bool) -> None:
        nonlocal length
        if piece:
            parts.append(piece)
            norm_starts.append(length)
            orig_starts.append(orig)
            copied.append(one_to_one)
            length += len(piece)

    last = 0
    for match in _special_re(markup).finditer(text):
        add(text[last:match.start()], last, True)
        found = match.group()
        if found[0] == "&":
            resolved = html.unescape(found)
            add("".join(fold(c) for c in resolved), match.start(), resolved == found)
        elif found.startswith("\\u"):
            add(fold(chr(int(found[2:], 16))), match.start(), False)
        elif found[0] == "\\":
            add(found[1], match.start() + 1, True)
        elif found[0] == "<" or found[0] in EMPHASIS:
            pass  # markup: dropped
        else:
            add("".join(fold(c) for c in found), match.start(), False)
        last = match.end()
    add(text[last:], last, True)
    return Normalised("".join(parts), tuple(norm_starts), tuple(orig_starts), tuple(copied), len(text))


def flat_view(html_text: str) -> str:
    """Built HTML as the last-line scan reads it, quickly and without offsets: inline tags dropped
    (their attributes kept, on lines of their own after the text), character references resolved,
    characters folded."""
    split = _INLINE_TAG_SPLIT_RE if _FOLDING_NAME_RE.search(html_text) else _INLINE_TAG_SPLIT_CASED_RE
    parts = split.split(html_text)  # text, tag, text, tag, …, text: one pass
    text = "".join(parts[::2]) + "\n" + "\n".join(parts[1::2])
    if "&" in text:
        text = html.unescape(text)
    return _UNUSUAL_RE.sub(_fold_run, text)


# Every character `fold` changes is outside ASCII, the Hangul syllables and the CJK ideographs
# (see `_changed`), so only runs of other characters are looked up: the same text as
# `text.translate(_fold_table())`, 5× faster on Korean pages.
_UNUSUAL_RE = re.compile("[^\x00-\x7f\uac00-\ud7a3\u4e00-\u9fff]+")


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_fold_table())


@functools.cache
def _changed_chars() -> frozenset[str]:
    return frozenset(map(chr, _changed()))


# --- the shapes --------------------------------------------------------------------------------

def rrn_check_ok(digits: str) -> bool:
    """The 주민등록번호 check digit (numbers issued before 2020-10)."""
    total = sum(int(d) * w for d, w in zip(digits[:12], (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)))
    return (11 - total % 11) % 10 == int(digits[12])


def corporate_check_ok(digits: str) -> bool:
    """The 법인등록번호 check digit: weights 1,2,1,2,… over twelve digits, (10 − sum mod 10) mod 10."""
    total = sum(int(d) * (1 + i % 2) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def ean13_check_ok(digits: str) -> bool:
    """The EAN-13 check digit: weights 1,3,1,3,… over twelve digits."""
    total = sum(int(d) * (1 + 2 * (i % 2)) for i, d in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


CENTURY = {"1": 1900, "2": 1900, "5": 1900, "6": 1900, "3": 2000, "4": 2000, "7": 2000, "8": 2000,
           "9": 1800, "0": 1800}


def classify_13(digits: str, separated: bool) -> Kind | None:
    """What a 13-digit number of the 6-7 shape is, or None when it is no identifier."""
    sex = digits[6]
    try:
        date(CENTURY[sex] + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None
    personal = rrn_check_ok(digits)
    if not separated and digits.startswith("880") and ean13_check_ok(digits) and not personal:
        return None  # a GS1 Korea barcode
    if sex in "90":  # born in the 1800s: only numbers issued before 2020, so the check digit decides
        return "rrn" if personal else ("corporate" if corporate_check_ok(digits) else None)
    if not personal and corporate_check_ok(digits):
        return "corporate"
    return "foreign" if sex in "5678" else "rrn"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int  # in the normalised text
    value: str  # as normalised

    @property
    def key(self) -> str:
        return canonical(self.value)

    @property
    def is_error(self) -> bool:
        return self.kind not in WARNINGS

    @property
    def masked(self) -> str:
        return mask(self.value, self.kind)


def canonical(text: str) -> str:
    """Digits and letters only, upper case: how allow-list values are compared with findings."""
    return "".join(c for c in normalise(text).text.upper() if c.isascii() and c.isalnum())


def _near(text: str, start: int, end: int, words: re.Pattern[str]) -> bool:
    window = unicodedata.normalize("NFC", text[max(0, start - CONTEXT):end + CONTEXT])
    return bool(words.search(window))


# Every shape's match holds four ASCII digits in a row, spans at most 17 characters and looks at
# most 2 past either end; so each lies within _MARGIN of a run of four digits or more.
_RUN_RE = re.compile(r"[0-9][0-9][0-9][0-9]+")  # as [0-9]{4,}, but scanned twice as fast
_MARGIN = 24
# Most shapes hold six digits in a row (the 13-digit one's front, the old passport's eight, the
# licence's six), so lie within _MARGIN of such a run; only the 2021 passport and the mobile number
# need no more than four. Dates, 문서번호 and phone numbers fill a 정보목록's pages and downloads with
# runs of four, rarely six: those shapes are looked for around the long runs only.
_LONG_RUN_RE = re.compile(r"[0-9][0-9][0-9][0-9][0-9][0-9]+")
_LONG_RUN_SHAPES = frozenset({PASSPORT_OLD_RE, LICENCE_RE, LICENCE_REGION_RE, LICENCE_LOOSE_RE})


def _windows(norm: str, runs: re.Pattern[str] = _RUN_RE) -> list[tuple[int, int]]:
    """The stretches of `norm` around its runs of digits, merged where they overlap: the shapes
    are looked for there only (a built page is mostly markup and words, without digits)."""
    windows: list[tuple[int, int]] = []
    for run in runs.finditer(norm):
        start, end = max(0, run.start() - _MARGIN), run.end() + _MARGIN
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def find_in(norm: str) -> list[Finding]:
    """Every identifier in normalised text (one pass per shape: an alternation of them all is
    twice as slow, as it defeats the regex engine's scanning for a first character), within the
    windows around runs of digits, where every match lies (see _MARGIN, _LONG_RUN_SHAPES)."""
    found: list[Finding] = []
    windows = _windows(norm)
    long_windows = _windows(norm, _LONG_RUN_RE) if windows else windows
    for start, end in long_windows:
        for match in RRN_RE.finditer(norm, start, end):
            kind = classify_13(match.group("front") + match.group("back"), bool(match.group("sep")))
            if kind:
                found.append(Finding(kind, match.start(), match.group()))
    for shape, pattern, words in SHAPES:
        for start, end in long_windows if pattern in _LONG_RUN_SHAPES else windows:
            for match in pattern.finditer(norm, start, end):
                if words is None or _near(norm, match.start(), match.end(), words):
                    found.append(Finding(shape, match.start(), match.group()))
    unique = {f.start: f for f in sorted(found, key=lambda f: (f.start, f.kind != "licence"), reverse=True)}
    return sorted(unique.values(), key=lambda f: f.start)


@dataclass(frozen=True)
class Located:
    """A finding at its offset in the original text."""

    finding: Finding
    offset: int


def find_identifiers(text: str, markup: bool = True) -> list[Located]:
    """Every identifier in original `text`, each with its offset in `text`. With `markup`, the
    text is also read with inline tags and emphasis marks dropped."""
    if "&" not in text and sum(map(str.isdigit, text)) < MIN_DIGITS:
        return []  # every identifier has seven digits or more (str.isdigit counts full-width ones)
    plain = normalise(text)
    hits = {plain.original(f.start): f for f in find_in(plain.text)}
    if markup and ("<" in text or any(c in text for c in EMPHASIS)):  # else read the same as `plain`
        stripped = normalise(text, markup=True)
        for f in find_in(stripped.text):
            hits.setdefault(stripped.original(f.start), f)
    return [Located(f, offset) for offset, f in sorted(hits.items())]


# --- messages ----------------------------------------------------------------------------------

def mask(found: str, kind: Kind = "rrn") -> str:
    """Show what was found without repeating it: the date part of a 13-digit number, a passport's
    type letter, a licence's region, a mobile number's carrier prefix."""
    digits = canonical(found)
    if kind in ("rrn", "foreign", "corporate"):
        return digits[:6] + "-*******"
    if kind == "passport":
        return digits[0] + "*" * (len(digits) - 1)
    if kind == "licence":
        region = next((r for r in REGIONS if found.startswith(r)), digits[:2])
        return region + "-**-******-**"
    return digits[:3] + "-****-****"


def personal_id_message(found: str, kind: Kind = "rrn") -> str:
    if kind == "mobile":
        return (f"text '{mask(found, kind)}' looks like {NAMES[kind]} outside a contact field; publish an "
                "office number, or put the number in a phone column or an owner's phone")
    if kind == "corporate":
        return (f"text '{mask(found, kind)}' is taken for {NAMES[kind]} (its 법인 check digit holds, a "
                "주민등록번호's does not) and published; if that is right, list it under privacy: allow: "
                "in site.yaml with a reason")
    return f"text '{mask(found, kind)}' looks like {NAMES[kind]}; personal identifiers must not be published"


def redact(text: str) -> str:
    """`text` with every personal identifier replaced by its mask: for messages that quote what an
    editor wrote ('800101-1234567' is not a retention period)."""
    if "&" not in text and sum(map(str.isdigit, text)) < MIN_DIGITS:
        return text
    norm = normalise(text)
    for found in reversed([f for f in find_in(norm.text) if f.is_error]):
        start, end = norm.original(found.start), norm.original_end(found.start + len(found.value))
        text = text[:start] + found.masked + text[end:]
    return text


def redacted(diagnostic: Diagnostic) -> Diagnostic:
    message = redact(diagnostic.message)
    return diagnostic if message == diagnostic.message else Diagnostic(diagnostic.loc, message, diagnostic.severity)


def severity_of(kind: Kind) -> Severity:
    return Severity.WARNING if kind in WARNINGS else Severity.ERROR


def line_col(text: str, offset: int, first_line: int = 1) -> SourceLoc:
    """A 1-based line and column (in characters) of `offset`, as a SourceLoc without a path."""
    line = text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return SourceLoc("", first_line + line, column)


def scan_text(text: str, loc: SourceLoc) -> list[Diagnostic]:
    """Every identifier in `text`, located by line and column (loc.line = its first line), with no
    allow-list and no contact fields: for callers outside a site build."""
    first = max(loc.line, 1)
    found = []
    for hit in find_identifiers(text):
        at = line_col(text, hit.offset, first)
        message = personal_id_message(hit.finding.value, hit.finding.kind)
        found.append(Diagnostic(loc.at_line(at.line, at.column), message, severity_of(hit.finding.kind)))
    return found
