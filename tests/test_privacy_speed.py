"""The built-file scan's fast forms read exactly what the plain ones do (see privacy.py).

The shapes open with a character and look behind after it, so the regex engine can skip ahead;
`flat_view` folds only the characters outside ASCII and Hangul. Here each is compared with its
plain form (the patterns as they were written before, kept below as the reference) on random
text built from what identifiers are made of: digits, separators, the type letters, region
names, context words, dashes, full-width digits, markup.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from charterpress import privacy
from charterpress.privacy import REGIONS, SEP, _fold_table, find_in, flat_view

PLAIN_RRN = re.compile(rf"(?<![0-9])(?P<front>[0-9]{{6}})(?P<sep>{SEP})(?P<back>[0-9]{{7}})(?![0-9])")
PLAIN_SHAPES = (
    ("passport", re.compile(r"(?<![0-9A-Za-z])[MSRODGT][0-9]{3}[A-Z][0-9]{4}(?![0-9A-Za-z])"), None),
    ("passport", re.compile(r"(?<![0-9A-Za-z])[MSRODGT][0-9]{8}(?![0-9A-Za-z])"), privacy.PASSPORT_WORDS),
    ("licence", re.compile(r"(?<![0-9])(?<![0-9]-)(?:1[1-9]|2[0-8])-[0-9]{2}-[0-9]{6}-[0-9]{2}(?!-?[0-9])"
                           rf"|(?:{'|'.join(REGIONS)})[ -]?[0-9]{{2}}-[0-9]{{6}}-[0-9]{{2}}(?!-?[0-9])"), None),
    ("licence", re.compile(r"(?<![0-9])(?:1[1-9]|2[0-8])(?P<lsep>[ .-]?)[0-9]{2}(?P=lsep)[0-9]{6}(?P=lsep)"
                           r"[0-9]{2}(?![0-9])"), privacy.LICENCE_WORDS),
    ("mobile", re.compile(r"(?<![0-9])01[016789](?:[ ]?[-.)][ ]?|[ ]?)[0-9]{3,4}(?:[ ]?[-.][ ]?|[ ]?)[0-9]{4}"
                          r"(?![0-9])"), None),
)

PIECES = st.sampled_from([
    "0", "1", "2", "8", "9", "01", "010", "11", "28", "800101", "1234567", "8001011234568", "12345678",
    "-", ".", " ", ")", "\n", "M", "S", "A", "Z", "x", "서울", "경기", "세종", "여권", "면허", "licence",
    "passport", "민원", "–", "\u2212", "０", "１", "<b>", "</b>", "&#45;", "&amp;", "·", "가",
])
TEXT = st.lists(PIECES, max_size=40).map("".join)


def plain_find_in(norm: str) -> list[privacy.Finding]:
    """find_in with the plain patterns (one alternation for both licence forms)."""
    found = []
    for match in PLAIN_RRN.finditer(norm):
        kind = privacy.classify_13(match.group("front") + match.group("back"), bool(match.group("sep")))
        if kind:
            found.append(privacy.Finding(kind, match.start(), match.group()))
    for shape, pattern, words in PLAIN_SHAPES:
        for match in pattern.finditer(norm):
            if words is None or privacy._near(norm, match.start(), match.end(), words):
                found.append(privacy.Finding(shape, match.start(), match.group()))
    unique = {f.start: f for f in sorted(found, key=lambda f: (f.start, f.kind != "licence"), reverse=True)}
    return sorted(unique.values(), key=lambda f: f.start)


@settings(max_examples=1500, deadline=None)
@given(TEXT)
def test_fast_shapes_find_what_the_plain_ones_do(text: str) -> None:
    assert find_in(text) == plain_find_in(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_fast_shapes_on_any_text(text: str) -> None:
    assert find_in(text) == plain_find_in(text)


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.text(max_size=60)))
def test_flat_view_folds_as_translate_does(text: str) -> None:
    tags = privacy.INLINE_TAG_RE.findall(text)
    plain = privacy.INLINE_TAG_RE.sub("", text) + "\n" + "\n".join(tags)
    import html

    if "&" in plain:
        plain = html.unescape(plain)
    assert flat_view(text) == plain.translate(_fold_table())


def test_each_shape_still_found_at_the_start_and_after_a_digit() -> None:
    """The moved lookbehinds: a number at the very start is found; one glued to a digit is not."""
    for text, kind in (("800101-1234568", "rrn"), ("M123A4567", "passport"), ("11-23-123456-12", "licence"),
                       ("서울 23-123456-12", "licence"), ("010-1234-5678", "mobile")):
        assert [f.kind for f in find_in(text)] == [kind], text
        assert [f.kind for f in find_in("민원 " + text)] == [kind], text
    for glued in ("9800101-1234568", "1M123A4567", "111-23-123456-12", "1-11-23-123456-12", "0010-1234-5678"):
        assert find_in(glued) == [] or find_in(glued) == plain_find_in(glued), glued
        assert find_in(glued) == plain_find_in(glued)
