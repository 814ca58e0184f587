"""Korean telephone numbers: find them in text, check them, make `tel:` links."""

from __future__ import annotations

import re

from charterpress.decode import scalar_type

# A run of digits joined by hyphens, dots or spaces that looks like a phone number; an area code
# may stand in parentheses or before a ")" ("(063)540-2588", "063)540-2500").
CANDIDATE_RE = re.compile(r"(?<![\d(-])(?:\(\d{2,4}\) ?|\d{2,4}(?:[-.)] ?))\d{3,4}(?:[-.] ?\d{3,4})?(?![\d-])")
VALID_RE = re.compile(
    r"(?:02|0[3-6][1-5]|0[17]0|050\d?|080)-\d{3,4}-\d{4}"  # area code, mobile, 070, 050x, 080
    r"|1[5-9]\d{2}-\d{4}"  # 대표번호 such as 1588-0000
)
# In a phone column every hyphenated run of digits is meant as a number, so check them all.
_THREE_DIGITS_RE = re.compile(r"\d\d\d")  # every CANDIDATE_RE match holds three digits in a row
LOOSE_RE = re.compile(r"(?<![\d-])\d+(?:-\d+)+(?![\d-])")
LOCAL_RE = re.compile(r"\d{3,4}-\d{4}")
_SEPARATOR_RE = re.compile(r"\)\s*|[-.]\s*|\s+")


def canonical(number: str) -> str:
    """The number with hyphens only: '(063)540-2588' and '063)540- 2588' both give '063-540-2588'."""
    return _SEPARATOR_RE.sub("-", number.strip().removeprefix("("))


def phone_problem(number: str) -> str | None:
    """Why `number` is not a complete Korean phone number, or None when it is."""
    if VALID_RE.fullmatch(canonical(number)):
        return None
    if LOCAL_RE.fullmatch(canonical(number)):
        return f"'{number}' has no area code (expected the full number, e.g. 0XX-{number})"
    return f"'{number}' is not a phone number (expected e.g. 061-270-3814 or 1588-0000)"


def find_numbers(text: str, loose: bool = False) -> list[str]:
    """Phone-number-like runs in `text`; `loose` also takes short runs such as '02-12-34'."""
    if not loose and not _THREE_DIGITS_RE.search(text):
        return []  # most text (every text token of every page): this scan is a quarter of CANDIDATE_RE's
    return (LOOSE_RE if loose else CANDIDATE_RE).findall(text)


def tel_href(number: str) -> str:
    return "tel:" + canonical(number)


@scalar_type(phone_problem)
class Phone(str):
    """A complete Korean phone number as written (`061-270-3814`)."""
