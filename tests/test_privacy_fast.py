"""The privacy scan's shortcuts (issue 17) find exactly what a plain scan finds: find_in looks only
around runs of digits, and flat_view folds only the characters present that fold changes."""

from __future__ import annotations

import html
import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from charterpress import privacy
from charterpress.privacy import (
    RRN_RE,
    SHAPES,
    Finding,
    classify_13,
    find_identifiers,
    find_in,
    flat_view,
    normalise,
)


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


# Tag names in every case IGNORECASE reads as the inline tags, and characters it folds onto ASCII.
TAG_CASE_PIECES = st.sampled_from([
    "<b>", "<B>", "</B>", "<Span>", "<sPAN x>", "<\u0130>", "<\u0131>", "<\u017fpan>", "<\u212abd>", "<kbd>",
    "<DIV>", "<div>", "<!DOCTYPE html>", "</", "<", ">", "800101", "-", "1234567", "\u2013", "가",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(TAG_CASE_PIECES, max_size=30))
def test_flat_view_splits_tags_of_any_case_as_ignorecase_does(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert flat_view(text) == plain_flat_view(text)


def test_the_letters_ignorecase_folds_onto_ascii_are_all_known() -> None:
    """flat_view's case-matching split is used only where no tag name holds one of these."""
    folding = {chr(c) for c in range(0x110000) if re.fullmatch("[a-z]", chr(c), re.IGNORECASE)}
    others = "".join(sorted(folding - set(string.ascii_lowercase)))
    assert all(privacy._FOLDING_NAME_RE.fullmatch("<" + c) for c in others)
    assert not privacy._FOLDING_NAME_RE.search("<span><b></a><!DOCTYPE html>")


MARKDOWN_PIECES = st.sampled_from([
    "800101", "-", "1234567", " ", "**", "_", "`", "<b>", "</b>", "&#45;", "&amp;", "\\-", "\\u0030", "\u2013",
    "\uff11", "\u200b", "\U0001d7ce", "\U000e0041", "가나", "M123A4567", "010", "\n", "a",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKDOWN_PIECES, max_size=30), st.booleans())
@example(["800101", "**", "-", "**", "1234567"], True)
@example(["800101", "_", "-", "1234567"], True)
@example(["800101", "\\-", "1234567"], False)
@example(["800101", "&#45;", "1234567"], False)
@example(["800101", "\u2013", "1234567"], False)
@example(["800101", "-", "\\u0030", "234567"], False)
def test_normalise_reads_as_the_whole_pass(pieces: list[str], markup: bool) -> None:
    """normalise returns text it cannot change as it is; the whole pass (one pattern, two classes
    of characters) reads everything else. find_identifiers skips the markup pass when there is none."""
    text = "".join(pieces)
    assert normalise(text, markup) == privacy._normalise_all(text, markup)
    one_class = [privacy.REFERENCE_RE.pattern, f"[{privacy._klass(privacy._changed())}]"]
    one_class += [f"(?i:{privacy.INLINE_TAG_RE.pattern})", f"[{re.escape(privacy.EMPHASIS)}]+"] if markup else []
    assert privacy._special_re(markup).findall(text) == re.findall("|".join(one_class), text)
    plain, stripped = privacy._normalise_all(text, False), privacy._normalise_all(text, True)
    hits = {plain.original(f.start): f for f in plain_find_in(plain.text)}
    for f in plain_find_in(stripped.text):
        hits.setdefault(stripped.original(f.start), f)
    assert [(h.offset, h.finding) for h in find_identifiers(text)] == sorted(hits.items())


def test_identifiers_split_by_markup_or_disguised_are_found() -> None:
    for text in ("800101**-**1234567", "800101_-_1234567", "800101\\-1234567", "800101&#45;1234567",
                 "800101\u20131234567", "800101-\\u0031234567", "<b>800101</b>-1234567"):
        assert [h.finding.kind for h in find_identifiers(text)] == ["rrn"], text
