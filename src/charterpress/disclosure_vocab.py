"""The words records systems and portals use for a 정보목록's columns and values, and their canonical forms.

Three export vocabularies are accepted besides charterpress's own Korean headers (README, "정보목록"):
a metropolitan city's open-government export (English field names such as `doc_prdctn_dt`), the
national disclosure portal's upper-case field names (`INFO_SJ`, `OTHBC_SE_CD`…), and a data
portal's production-document API (`결재완료일`, `기안부서`, `공개여부` Y/N). Each value form
below is read to one canonical value; anything else stays an error, so nothing is guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Header aliases by column key, beyond those charterpress always accepted (disclosures.COLUMNS).
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "doc_no": ("src_dept_doc_no", "DOC_NO"),
    "title": ("title", "INFO_SJ"),
    # 결재완료일/결재일자: a 공문서 is produced when it is approved (결재), so its 결재일 is its 생산일자.
    "produced": ("doc_prdctn_dt", "PRDCTN_DT", "결재완료일", "결재일자", "결재일"),
    "department": ("rspnber_dept_nm", "CHRG_DEPT_NM", "기안부서"),
    "person": ("writer", "CHARGER_NM"),
    "task": ("tkcrd_nm", "UNIT_JOB_NM"),
    "retention": ("othbc_pd", "PRSRV_PD_CD"),
    "disclosure": ("othbc_se", "OTHBC_SE_CD"),
    "restricted_until": ("dtaRedgLmttEndYmd",),
    "link": ("url",),
}
# Headers whose cells hold the national portal's codes rather than words.
CODE_HEADERS = frozenset({"othbc_se_cd", "prsrv_pd_cd"})
# Headers of facts an export carries that a list does not publish (no warning for them).
KNOWN_UNUSED = frozenset(map(str.lower, (
    "package_id", "cpyrht", "등록구분", "PRDCTN_INSTT_REGIST_NO", "PROC_INSTT_NM", "NFLST_CHRG_DEPT_NM",
    "INSTT_SE_CD", "INSTT_CD", "RQEST_TY_THEMA_NM", "FILE_NM", "P_DATE", "tma_kwd",
)))

# OTHBC_SE_CD, the national portal's 공개구분 code. No official code table was found; independent
# public clients of open.go.kr's list API agree on 1/2/3 (changgi/open-go-kr-archive
# collector/browser_collect.mjs, and another open.go.kr infoList.ajax client's `OTHBC_SE = {"1": "공개",
# "2": "부분공개", "3": "비공개"}`). One client alone maps 5 to 열람제한, and the portal's own search
# filters on a code 4 with no stated meaning: neither verified, so any other code is an error naming it.
# PRSRV_PD_CD has no public code table at all, and third-party systems disagree (one maps 25=30년,
# 30=준영구, 40=영구; others 040=준영구/050=영구, or 90/99): a bare code like "30" is never read as 30년.
DISCLOSURE_CODES = {"1": "공개", "2": "부분공개", "3": "비공개"}
DISCLOSURE_WORDS = {
    "공개": "공개", "전부공개": "공개", "전체공개": "공개", "대시민공개": "공개",  # a city's label for 공개
    "부분공개": "부분공개", "일부공개": "부분공개", "공개(일부)": "부분공개", "부분공개(일부)": "부분공개",
    "비공개": "비공개", "열람제한": "열람제한",
    "y": "공개", "n": "비공개",  # 공개여부 Y/N (the data portal's API)
}
STATUS_WITH_GROUND_RE = re.compile(r"(?P<status>부분공개|일부공개|비공개)\((?P<ground>.+)\)")

# 정보공개법 제9조제1항: subject words that name exactly one 호. Words that could mean two 호
# (e.g. 비밀: 1호 or 7호; 보안) are not listed and stay errors.
GROUND_SUBJECTS: dict[str, int] = {
    "법령상비밀": 1, "법령비밀": 1, "다른법률": 1,
    "국가안전보장": 2, "국방": 2, "통일": 2, "외교": 2,
    "생명신체재산보호": 3, "생명·신체·재산보호": 3, "공공안전": 3,
    "재판": 4, "범죄수사": 4, "수사": 4, "형집행": 4, "보안처분": 4,
    "의사결정과정": 5, "내부검토과정": 5, "내부검토": 5, "의사결정": 5, "감사": 5, "감독": 5, "검사": 5,
    "시험": 5, "규제": 5, "입찰계약": 5, "기술개발": 5, "인사관리": 5, "공정한업무수행": 5,
    "개인정보": 6, "사생활": 6, "개인사생활": 6, "사생활침해": 6, "개인의사생활": 6,
    "경영상비밀": 7, "영업상비밀": 7, "경영·영업상비밀": 7, "경영영업상비밀": 7, "법인등경영영업상비밀": 7,
    "부동산투기": 8, "매점매석": 8, "특정인이익": 8,
}

RETENTIONS = ("영구", "준영구", "30년", "10년", "5년", "3년", "1년")  # 공공기록물법 시행령 제26조
RETENTION_RE = re.compile(r"0*(?P<years>\d{1,2})년(?:보존)?")

# Space-like characters a cell may carry: space, NBSP, the en/em/ideographic spaces, zero-width space.
# Not tab, line ends or other control characters: those stay, so the control-character check sees them.
SPACE = "[ \u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]"
SPACES_RE = re.compile(SPACE + "+")
ODD_SPACES_RE = re.compile(r"[\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]|  ")  # what cell_text changes
# Values repeat across a month's rows (31 dates, 7 periods, a few statuses): the parsers below are
# pure functions of the cell's text, cached so a 200,000-row month parses each distinct value once.
CACHED = functools.lru_cache(maxsize=4096)


def cell_text(text: str) -> str:
    """A free-text cell (title, names) as published: NFC Hangul, NBSP and odd spaces as one space."""
    if ODD_SPACES_RE.search(text) is None and unicodedata.is_normalized("NFC", text):
        return text.strip()
    return SPACES_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def token(text: str) -> str:
    """A coded value (status, ground, retention, date) compared without width or spacing:
    full-width '５호' is '5호', NFD Hangul is NFC, every space and NBSP goes."""
    return SPACES_RE.sub("", unicodedata.normalize("NFKC", text))


def header_key(text: str) -> str:
    return token(text).lower()


@CACHED
def disclosure_status(text: str, coded: bool) -> tuple[str | None, str]:
    """A 공개구분 cell as (canonical status or None, ground written in the same cell or '')."""
    value = token(text)
    if coded:
        return DISCLOSURE_CODES.get(value), ""
    if (found := DISCLOSURE_WORDS.get(value.lower())) is not None:
        return found, ""
    match = STATUS_WITH_GROUND_RE.fullmatch(value)
    if match:
        return DISCLOSURE_WORDS[match.group("status")], match.group("ground")
    return None, ""


@CACHED
def retention_period(text: str) -> str | None:
    """'영구보존' → 영구, '05년' → 5년, '30 년' → 30년; None when not a legal period ('2년')."""
    value = token(text)
    if value in ("영구", "영구보존"):
        return "영구"
    if value in ("준영구", "준영구보존"):
        return "준영구"
    match = RETENTION_RE.fullmatch(value)
    if match:
        period = f"{int(match.group('years'))}년"
        return period if period in RETENTIONS else None
    return None


def ground_subject(text: str) -> int | None:
    """The 호 a subject word of 제9조 names, when it names exactly one."""
    return GROUND_SUBJECTS.get(token(text))
