"""find_numbers skips text without three digits in a row (issue 17): it finds what the full scan finds."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from charterpress.phones import CANDIDATE_RE, find_numbers

PIECES = st.sampled_from(["0", "1", "02", "031", "1588", "-", ".", ")", "(", " ", "가", "\uff10", "\u0661", "x"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=25))
@example(["(", "02", ")", " ", "1", "1", "1", "-", "1588"])
@example(["\uff10", "\uff12", "-", "\u0661", "\u0661", "\u0661", "-", "1588"])
def test_find_numbers_finds_what_the_full_scan_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert find_numbers(text) == CANDIDATE_RE.findall(text)
