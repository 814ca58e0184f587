"""The privacy scan's shortcuts (issue 17) find exactly what a plain scan finds: find_in looks only
around runs of digits, and flat_view folds only the characters present that fold changes."""

from __future__ import annotations

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from charterpress import privacy
from charterpress.privacy import RRN_RE, SHAPES, Finding, classify_13, find_in, flat_view


def plain_find_in(norm: str) -> list[Finding]:
    """find_in as it was: every shape over the whole text."""
    found: list[Finding] = []
    for match in RRN_RE.finditer(norm):
        kind = classify_13(match.group("front") + match.group("back"), bool(match.group("sep")))
        if kind:
            found.append(Finding(kind, match.start(), match.group()))
    for shape, pattern, words in SHAPES:
        for match in pattern.finditer(norm):
            if words is None or privacy._near(norm, match.start(), match.end(), words):
                found.append(Finding(shape, match.start(), match.group()))
    unique = {f.start: f for f in sorted(found, key=lambda f: (f.start, f.kind != "licence"), reverse=True)}
    return sorted(unique.values(), key=lambda f: f.start)


def plain_flat_view(html_text: str) -> str:
    tags = privacy.INLINE_TAG_RE.findall(html_text)
    text = privacy.INLINE_TAG_RE.sub("", html_text) + "\n" + "\n".join(tags)
    if "&" in text:
        text = html.unescape(text)
    return text.translate(privacy._fold_table())


# Pieces that make and break identifiers: digits, separators, the letters and words shapes need.
PIECES = st.sampled_from([
    "0", "1", "2", "8", "9", "800101", "1234567", "010", "1234", "5678", "11", "28", "-", " ", ".", ")",
    "M", "S", "A", "M123A4567", "서울", "여권", "면허", "passport", "가", "x" * 30, "\n", "8801234567890",
    "123", " ) ", " . ", "01", "12", "-12",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_find_in_finds_what_a_plain_scan_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert find_in(text) == plain_find_in(text)


def test_find_in_near_the_edges_of_a_window() -> None:
    """Numbers whose context word or neighbouring digits lie just outside a run's margin."""
    for gap in range(0, 60, 3):
        for text in (f"여권{' ' * gap}M12345678", f"M12345678{' ' * gap}여권", f"800101-1234567{'가' * gap}0101",
                     f"면허 11{' ' * gap}-22-123456-78", f"{'1' * gap}010-1234-5678{'2' * gap}",
                     f"{'x' * gap}010 ) 123 . 4567", f"{'x' * gap}서울 12-123456-12", f"8{'x' * gap}010 ) 123 . 4567"):
            assert find_in(text) == plain_find_in(text), text


# Characters fold changes (dashes, full-width digits, format characters, ligatures) among others.
HTML_PIECES = st.sampled_from([
    "<b>", "</b>", "<span class=\"x\">", "<p>", "</p>", "<a href=\"/x\">", "&amp;", "&#45;", "&nbsp;",
    "\u2013", "\u2212", "\uff11", "\u200b", "\u00ad", "\ufb01", "\U0001d7ce", "\u00b7", "가나", "800101", "-",
    "1234567", " ", "\u2011",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(HTML_PIECES, max_size=40))
def test_flat_view_reads_as_a_plain_translate(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert flat_view(text) == plain_flat_view(text)


def test_no_folded_character_is_folded_again() -> None:
    """flat_view replaces the characters present one by one; that equals one translate only while no
    character's folded form holds another character fold changes."""
    changed, table = privacy._changed_chars(), privacy._fold_table()
    assert [c for c in changed if any(o in changed and o != c for o in table[ord(c)])] == []
