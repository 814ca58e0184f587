"""Find the measurable promises in a charter's words and propose them as commitments.

`charterpress commitments suggest` prints what this module finds as ready-to-paste YAML next to
the exact words it came from; the editor confirms each one, nothing is added to the register by
itself. The patterns follow the seed charters (domain.md §2.2): "벨이 3번 울리기 전",
"1일(근무시간) 이내", "다음 달 5일까지", "월 1회 이상", "5,000원 상당", "174면", "100%".

A number is only a promise when the institution is bound by it: "두 번 이상 방문하신 경우" and
"10분 전에 연락을 주시면" are conditions, so they are left out, as are phone numbers, dates, years,
clock times and ordinals ("제3회").
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path, PurePosixPath

import yaml

from charterpress.commitments import MARKER, NATIVE, Bound, Trigger, amount_text
from charterpress.config import load_config, today_in
from charterpress.diagnostics import BuildFailed, Diagnostic, SourceLoc, error
from charterpress.load import Loader
from charterpress.load_commitments import item_places, load_register, numbers
from charterpress.model import Commitment, Page
from charterpress.sources import decode_utf8
from charterpress.tabular import decode_text, first_undecodable

# Native numerals stand alone ("세 번", "한 달"), never inside a word ("전세", "한국").
_NATIVE = {word: n for n, words in NATIVE.items() for word in words}
_NATIVE_RE = "|".join(sorted(_NATIVE, key=len, reverse=True))
# Each unit as written and the register's unit; a working day counts as a day on a working-day basis.
_UNITS = [("근무시간", "시간"), ("근무일", "일"), ("업무일", "일"), ("영업일", "일"), ("시간", "시간"), ("개월", "개월"),
          ("주일", "주"), ("퍼센트", "%"), ("차례", "번"), ("달", "개월"), ("초", "초"), ("분", "분"), ("일", "일"),
          ("주", "주"), ("년", "년"), ("번", "번"), ("회", "회"), ("명", "명"), ("대", "대"), ("면", "면"),
          ("곳", "곳"), ("종", "종"), ("개", "개"), ("원", "원"), ("%", "%"), ("박", "박")]
_UNIT_RE = "|".join(word for word, _ in _UNITS)
_UNIT_OF = dict(_UNITS)
_WORKING = {"근무일": "근무일", "업무일": "업무일", "영업일": "근무일", "근무시간": "근무시간"}
TIME_UNITS = frozenset({"초", "분", "시간", "일", "주", "개월", "년"})
CAPACITY_UNITS = frozenset({"명", "대", "면", "곳", "종", "개"})
# What may follow a unit inside the same word: an op or a particle ("3일간", "5분을", "2회씩",
# "1시간당"). Anything else makes it part of another word: "4분기", "2주차장", "1회방문처리제", "3번길".
_NEXT_OK = set("이안내전까상미초동간씩당마을를의에은는가로으와과도만후부정")
# A word glued before a number that still leaves it a number: "년1회", "월2회", "최대3일".
_GLUED_OK = re.compile(r"(?:매일|하루|매주|매월|매달|매년|해마다|분기|반기|연간|월간|주간|익월|최대|최소|약|총|[월연년주])$")

_NUMBER = re.compile(
    rf"(?P<num>[1-9]\d{{0,2}}(?:,\d{{3}})+|(?:0|[1-9]\d*)(?:\.\d+)?)(?P<man>\s*만)?\s*(?P<unit>{_UNIT_RE})"
    rf"|(?<![가-힣])(?P<native>{_NATIVE_RE})\s+(?P<nunit>번|회|차례|달|곳|명|개|대)")
# Written after the unit: how the bound reads. "간" only glued ("30일간"), "안" not "안내".
_OPS = [
    (r"\s*(?:이전까지|전까지|이전에|전에|전(?![화달체부문기국용담]))", "전"),
    (r"\s*(?:이내|안으로|안에|내로|내에|내(?![용부외역])|안(?![내전]))", "이내"),
    (r"\s*[을를]\s*(?:넘지|넘기지|초과하지)\s*않", "이내"),
    (r"\s*이상\s*(?:기다리(?:시)?지|지체되지|걸리지)\s*않", "이내"),
    (r"\s*이상", "이상"), (r"\s*미만", "미만"), (r"\s*초과", "초과"), (r"\s*이하", "이하"),
    (r"\s*까지", "까지"), (r"\s*상당", "상당"), (r"\s*동안|간(?![격이])", "동안"),
    (r"\s*[을를]\s*(?:넘|초과하|경과하|넘기)", "초과"),
]
_OP = re.compile("|".join(f"(?P<op{i}>{pattern})" for i, (pattern, _) in enumerate(_OPS)))
_RINGS = re.compile(r"\s*(?:이상\s*)?울리기\s*전")
_BELL_BEFORE = re.compile(r"벨\s*(?:소리)?\s*(?:이|가)?\s*$|(?:전화|벨)[^,.]{0,6}$")
_PAREN = re.compile(r"\s*\(([^()]{1,14})\)")
# What ends a clause: a comma, a promise's 겠, a sentence end, a connective (하고, 하며, 하되).
_CLAUSE_END = re.compile(r"(?<!\d),|,(?!\d{3})|[.;(]|겠|[고며되](?=\s)")
_CONDITION = re.compile(r"경우|때|거나|신\s*분|(?:[시리하되이지가오우나라려]|으)면(?=[\s,]|$)|\s시(?=[\s,])")
# A sentence asking something of the customer, or stating a rule about them, binds no one here.
_REQUEST = re.compile(r"주시기\s*바랍|주십시오|주세요|주셔야|셔야|해야\s|하여야|바랍니다|부탁|요망"
                      r"|(?:하실|받으실|청구하실|요청하실|신청하실)\s*수\s*있습니다|될\s*수\s*있|됩니다|봅니다|따릅니다")
_AVAILABLE = re.compile(r"이용하실\s*수\s*있|운영|받습니다|받겠|가능")
_PROMISE_VERB = re.compile(r"겠|드립니다|드려요|지킵니다")
# A period before a count makes it a frequency: "월 1회", "연 2회 이상", "하루 3회", "매년 … 1회".
_PERIODS = [(r"매일|하루|1일|날마다", "일"), (r"매주|주간|일주일에?|주", "주"),
            (r"매월|매달|한\s*달에?|월간|월", "월"), (r"매\s*분기|분기별?로?|분기마다|분기", "분기"),
            (r"상·하반기|상반기와\s*하반기에?\s*각|반기별?로?|반기마다|반기", "반기"),
            (r"매년|매해|해마다|연간|1년에?|연|년", "연")]
_PERIOD_WORD = re.compile(r"(?:^|(?<=[\s,(·]))(?:" + "|".join(f"(?P<p{i}>{w})" for i, (w, _) in enumerate(_PERIODS))
                          + ")")
_PERIOD_GAP = re.compile(r"(?:에|마다|별로|별)?(?:\s+(?:각\s+)?(?:[가-힣\d]+\s+){0,2}|\s*)$")
_EVERY_BEFORE = re.compile(r"마다\s*(?:[가-힣]+\s+){0,1}$")
_DAY_ANCHOR = re.compile(r"(?:^|(?<=[\s,(]))(매\s*익월|익월|다음\s*달|매월|매달)\s*$")
_FROM = re.compile(r"(접수|조사|결과\s*발표|방문|사실\s*확인|확인|신청|요청|등록|신고|검토)\s*(?:일\s*)?후"
                   r"|([가-힣]+\s+날)\s*(?:로)?부터")  # "받은 날부터"
_LABEL_BEFORE = re.compile(r"(?:제|내선|번호|No\.?)\s*$")
_BASIS_BEFORE = re.compile(r"(근무\s*시간|근무\s*일|업무\s*일|영업\s*일)\s*(?:기준|내)\s*$")
_ALTERNATIVE = re.compile(r"\s*(?:에)?\s*또는\s+([^,.]*?(?:시간|날짜|방법))")
_EXCEPTION = re.compile(r"([^,.]*?(?:경우|때))를\s*제외")
# Compensation: what it is paid in, and words that make an amount a ceiling.
_FORM = re.compile(r"(?:소정의\s*)?(?:[가-힣]*상품권|기념품|보상품|사은품|식사권|교통카드|교통비\s*실비|교통비)")
_MONEY_CONTEXT = re.compile(r"보상|배상|환급|돌려|드리|지급|빼\s*드리|감면")
_CAP_AFTER = re.compile(r"\s*(?:범위\s*(?:내|안|에서)|한도|이내|까지|을\s*넘지|를\s*넘지)")
_CAP_BEFORE = re.compile(r"(?:최대|최고)\s*$")
_PER_BEFORE = re.compile(r"(?P<num>\d+|한|하루)\s*(?P<unit>시간|일|회|박|건|분)\s*(?:당|마다)\s*$|(?P<day>하루)\s*$")
_THRESHOLD_VERB = re.compile(r"걸리|소요|지연|늦어|넘|초과|경과|연장|길어")
_NOTIFY = re.compile(r"통보|통지|알려|안내|연락|보내|빌려|보상|돌려")
# Calendar and clock anchors, and "always" (24시간, 365일, 연중무휴).
_ANCHORS = re.compile(
    r"(?P<week>(?:매주|매월\s*(?:첫째|둘째|셋째|넷째|마지막)\s*주)\s*[월화수목금토일]요일(?:\s*[과와]\s*[월화수목금토일]요일)?)"
    r"\s*(?P<wop>까지|에|마다)"
    r"|(?P<month>(?:(?:매년|매해|익년|다음\s*해|내년|당해\s*(?:연도|년도)?)\s*)?\d{1,2}\s*월\s*(?:\d{1,2}\s*일|말일|말|초|중순)?)\s*(?P<mop>까지|에(?!\s*(?:는|도)))"
    r"|(?P<clock>(?:(?:오전|오후|밤|저녁|새벽|낮)\s*)?(?:\d{1,2}\s*시(?!간)(?:\s*\d{1,2}\s*분)?|\d{1,2}:\d{2}))\s*까지"
    r"|(?P<next>다음\s*날|익일)\s*까지"
    r"|(?P<always>연중무휴|365일)(?:\s*(?P<day24>24\s*시간))?")


@dataclass(frozen=True)
class Proposal:
    """One promise found in words: the commitment it would become and where its words are."""

    start: int
    end: int
    value: Decimal | None
    unit: str | None
    op: str  # the register's op; "정각" for a bare count ("174면")
    kind: str
    basis: str | None = None
    per: str | None = None
    anchor: str = ""
    trigger: bool = False  # the number is a threshold ("8일 이상 걸리면"), not a standard
    money: str = ""  # compensation: amount, cap, per (an increment) or form (no amount)
    per_value: Decimal | None = None  # an increment's unit: "1시간당"
    per_unit: str | None = None
    cap: Decimal | None = None  # an increment's ceiling, merged in by `suggest`
    runs_from: str = ""
    alternative: str = ""
    exceptions: tuple[str, ...] = ()
    sets: str | None = None
    form: str = ""  # compensation only: 문화상품권 …

    @property
    def bound(self) -> Bound:
        return Bound(self.value, self.unit, self.op, self.basis, self.per, self.anchor)  # type: ignore[arg-type]

    @property
    def key(self) -> str:
        """The promise as the register reads it ("3번 전", "근무시간 기준 1일 이내", "8일 이상 걸리면",
        "최대 30,000원"): what is scored."""
        if self.trigger:
            return Trigger(self.value, self.unit, self.op, self.basis).text  # type: ignore[arg-type]
        if self.money == "form":
            return self.form
        if self.money == "cap":
            return f"최대 {amount_text(self.value)}원"  # type: ignore[arg-type]
        if self.money == "per":
            return f"{amount_text(self.per_value)}{self.per_unit}당 {amount_text(self.value)}원씩"  # type: ignore[arg-type]
        if self.money == "amount":
            return f"{amount_text(self.value)}원 상당"  # type: ignore[arg-type]
        return self.bound.text


def _mask(text: str) -> str:
    """`text` with the numbers that are labels blanked out, same length: list markers ("1.3일" is
    item 1 and 3일, "가.5분"), statute and ordinal numbers (제19조, 제3회), phone numbers, dates
    and ranges ("1∼9구간"), so what is left is read as amounts."""
    def blank(m: re.Match[str]) -> str:
        return "#" * len(m[0])
    masked = MARKER.sub(lambda m: " " * len(m[0]), text, count=1)  # the register's: "1.3일" reads 3일
    patterns = [r"제\s*\d+\s*(?:조(?:의\s*\d+)?(?:\s*제\s*\d+\s*항)?(?:\s*제\s*\d+\s*호)?|[가-힣]{1,2})",
                r"\d{2,4}-\d{3,4}-\d{4}|\d{4}-\d{4}|\(\d{2,4}\)\s*\d{3,4}-\d{4}",
                r"\d{4}\s*[.년]\s*\d{1,2}\s*[.월]\s*(?:\d{1,2}\s*[.일]?)?", r"(?<!\d)(?:19|20)\d{2}\s*년",
                r"\d+\s*[∼~～\-]\s*\d+\s*[가-힣%]*", r"\d+\s*대\s+(?=[가-힣]*(?:실천|행동|목표|과제|전략|약속|원칙|분야|핵심|중점|추진|가치|혁신|기본|강령))",
                r"\d+\s*(?:단계|차|층|구간|순위|등급|급|종\s*수급|기|호선|번\s*출구|번째|교대|주년|만\s*톤|톤|석|동|㎡|km|kg|m\b|점)"]
    for pattern in patterns:
        masked = re.sub(pattern, blank, masked)
    return masked


def find_promises(text: str, note: str = "") -> list[Proposal]:
    """Every measurable promise written in `text`, in order; `note` is the heading or note above
    it that may set a working-day basis ("※ 처리기간은 업무일 기준")."""
    masked = _mask(text)
    found = _anchors(text, masked)
    taken = [(p.start, p.end) for p in found]
    for m in _NUMBER.finditer(masked):
        if any(a <= m.start() < b for a, b in taken):
            continue
        proposal = _proposal(text, masked, m, note)
        if proposal is not None:
            found.append(proposal)
    form = _form_only(text, found)
    return sorted(found + form, key=lambda p: p.start)


def _sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind(mark, 0, start) for mark in ".;") + 1
    right = min((i for mark in ".;" if (i := text.find(mark, end)) != -1), default=len(text))
    return text[left:right]


def _clause_after(text: str, end: int) -> str:
    stop = _CLAUSE_END.search(text, end)
    return text[end:stop.start() if stop else len(text)]


def _binding(text: str, start: int, end: int, available: bool = False) -> bool:
    """Whether the words around a number bind the institution: not a condition ("…하신 경우"),
    not a request to the customer ("…해 주시기 바랍니다") or a rule about them."""
    if _CONDITION.search(_clause_after(text, end)):
        return False
    rest = text[end:]
    stop = re.search(r"[.;]|겠", rest)
    tail = rest[:stop.end() if stop else len(rest)]
    request = _REQUEST.search(tail)
    return not request or bool(available and _AVAILABLE.search(tail[:request.end()]))


def _anchors(text: str, masked: str) -> list[Proposal]:
    out = []
    for m in _ANCHORS.finditer(text):
        if "#" in masked[m.start():m.end()] and not m["month"]:
            continue
        if m["week"]:
            anchor, op, kind = " ".join(m["week"].split()), "까지" if m["wop"] == "까지" else "정각", "recurrence"
        elif m["month"]:
            anchor = " ".join(m["month"].split())
            if "#" in masked[m.start("month"):m.end("month")]:
                continue
            if m["mop"] == "에" and (not re.match(r"매년|매해|익년|다음|내년|당해", anchor)
                                    or re.match(r"\s*[과와]\s*\d", text[m.end():])):
                continue
            if m["mop"] == "까지" and re.match(r"\d{1,2}\s*월\s*\d{1,2}\s*일$", anchor) and \
                    re.search(r"\d+\s*월\s*\d+\s*일\s*[∼~\-]", text):
                continue
            op, kind = ("까지" if m["mop"] == "까지" else "정각"), "recurrence"
        elif m["clock"]:
            anchor, op, kind = " ".join(m["clock"].split()), "까지", "availability"
        elif m["next"]:
            anchor, op, kind = " ".join(m["next"].split()), "까지", "deadline"
        else:
            if m["always"] == "365일" and not m["day24"] and not re.match(r"\s*(?:운영|가능|이용|접수|문을)", text[m.end():]):
                continue
            if m["day24"]:
                out.append(Proposal(m.start(), m.end(), Decimal(24), "시간", "정각", "availability",
                                    anchor=m["always"]))
                continue
            anchor, op, kind = m["always"], "정각", "availability"
        if not _binding(text, m.start(), m.end(), available=kind == "availability"):
            continue
        if m["month"] and re.search(r"주시기|주십시오|셔야", text[m.end():m.end() + 30]):
            continue
        out.append(Proposal(m.start(), m.end(), None, None, op, kind, anchor=anchor))
    return out


def _proposal(text: str, masked: str, m: re.Match[str], note: str) -> Proposal | None:
    if m["num"]:
        if m.start() > 0 and (masked[m.start() - 1].isdigit() or masked[m.start() - 1] in ".,-·#~∼:"):
            return None
        value = Decimal(m["num"].replace(",", ""))
        if m["man"]:
            if m["unit"] != "원":
                return None
            value *= 10000
        written_unit = m["unit"]
        glued = re.search(r"[가-힣]+$", masked[:m.start()])
        if glued and not _GLUED_OK.search(glued[0]):
            return None  # "민원1회방문처리제": part of a name
    else:
        value, written_unit = Decimal(_NATIVE[m["native"]]), m["nunit"]
    unit = _UNIT_OF[written_unit]
    after = text[m.end():m.end() + 1]
    if after and ("가" <= after <= "힣") and after not in _NEXT_OK:
        return None
    if after == "주" and written_unit == "일":  # "1일주일" never; but "일주일" is not a number
        return None
    if unit == "년" and value >= 1900 or unit == "박":
        return None
    if _LABEL_BEFORE.search(masked, 0, m.start()):
        return None
    if written_unit == "번" and re.match(r"\s*(?:창구|출구|버스|게이트|홀|방|을\s*누르|을\s*눌러)", text[m.end():]):
        return None
    end = m.end()
    basis = _WORKING.get(written_unit)
    if paren := _PAREN.match(text, end):
        inner = paren[1]
        if re.search(r"근무\s*시간", inner):
            basis = "근무시간"
        elif re.search(r"근무\s*일|업무\s*일|영업\s*일", inner):
            basis = "근무일" if "업무" not in inner else "업무일"
        if not re.search(r"\d", inner):
            end = paren.end()
    before = _clause_before(text, m.start())
    if basis is None and (b := _BASIS_BEFORE.search(before)):
        basis = _WORKING.get(re.sub(r"\s+", "", b[1]), "근무일")
    if basis is None and note and unit == "일":
        w = re.search(r"(근무|업무|영업)\s*일", note)
        if w:
            basis = "업무일" if w[1] == "업무" else "근무일"
    if basis is None and note and unit == "시간" and re.search(r"근무\s*시간", note):
        basis = "근무시간"
    if unit not in TIME_UNITS:
        basis = None
    if basis in ("근무일", "업무일") and unit != "일":
        basis = None
    # The bell: "전화벨이 세 번 울리기 전".
    if unit in ("번", "회") and _BELL_BEFORE.search(text, 0, m.start()) and (rings := _RINGS.match(text, end)):
        return Proposal(m.start(), rings.end(), value, unit, "전", "response_time")
    written = _OP.match(text, end)
    op = _OPS[int(written.lastgroup.removeprefix("op"))][1] if written else None  # type: ignore[union-attr]
    op_end = written.end() if written else end
    if op == "이하" or op == "까지" and unit in ("초", "분", "시간"):
        return None  # "12명 이하", "주차는 1시간까지 무료": a limit on the customer, not a standard
    if re.search(r"(?:시간|분)\s*(?:당|마다)\s*$", masked[:m.start()]):
        return None  # "시간당 1회": a rate the register cannot hold
    prefix = text[max(0, m.start() - 4):m.start()]
    if unit == "원":
        return _money(text, m, value, op, op_end)
    if op and (re.match(r"\s*인\s|\s*부터", text[op_end:]) or unit in TIME_UNITS and re.match(r"\s*의\s", text[op_end:])):
        return None  # "7일 이상인 민원", "1년 이내의 자료", "30일 전부터 신청": a description
    # A threshold: "처리에 8일 이상 소요되는 경우 중간 통보", "5일을 넘는 경우 알려드리겠습니다".
    after_clause = _clause_after(text, op_end)
    if op in ("이상", "초과") and unit in TIME_UNITS and _CONDITION.search(after_clause):
        cond = _CONDITION.search(after_clause)
        if _THRESHOLD_VERB.search(text[end:op_end] + after_clause[:cond.end()] + before[-12:]) and \
                _NOTIFY.search(_sentence(text, op_end, op_end)) and \
                _binding(text, op_end + cond.end(), op_end + cond.end()):
            trigger_op = "초과" if re.match(r"\s*[을를]\s*(?:넘|초과|경과|넘기)", text[end:]) or op == "초과" else "이상"
            return Proposal(m.start(), op_end, value, unit, trigger_op, "notice", basis=basis, trigger=True)
        return None
    if op is None:
        bare = _bare(text, masked, m, value, unit, end, before, prefix)
        return replace(bare, basis=basis) if bare and bare.unit in TIME_UNITS else bare
    if re.search(r"최소\s*$", prefix):
        op = op if op == "전" else "최소"
    elif re.search(r"최대\s*$", prefix) and op in ("동안",):
        op = "최대"
    if not _binding(text, m.start(), op_end):
        return None
    kind = _kind(unit, op, before)
    per = _period(masked, m.start()) if unit in ("번", "회", "시간") else None
    if per and unit == "시간" and not re.search(r"(?:^|\s)[연월주]\s*$", masked[:m.start()]):
        per = None
    anchor = ""
    if unit == "일" and op in ("까지", "이내") and (a := _DAY_ANCHOR.search(masked, 0, m.start())):
        anchor = " ".join(a[1].split())
    if per:
        kind = "frequency"
    if op == "전" and kind == "deadline" and re.search(r"알려|안내|공지|예고|통보|연락", text[op_end:op_end + 30]):
        kind = "notice"
    return Proposal(
        m.start(), op_end, value, unit, op, kind, basis, per=per, anchor=anchor,
        runs_from=_runs_from(before) if unit in TIME_UNITS else "",
        alternative=(alt[1] if (alt := _ALTERNATIVE.match(text, op_end)) else ""),
        exceptions=tuple(e[1].strip() for e in _EXCEPTION.finditer(before)),
        sets=_sets(text, unit, op, anchor),
    )


def _bare(text: str, masked: str, m: re.Match[str], value: Decimal, unit: str, end: int, before: str,
          prefix: str) -> Proposal | None:
    """A number with no op after it: a frequency ("월 1회"), a count the institution provides
    ("174면의 주차공간을 마련하겠습니다"), a rate, "최소 30분", "최대 7일", or 24시간."""
    if re.search(r"최소\s*$", prefix) and unit in TIME_UNITS | {"회", "번"}:
        op = "최소"
    elif re.search(r"최대\s*$", prefix) and unit in TIME_UNITS:
        op = "최대"
    else:
        op = "정각"
    sentence = _sentence(text, m.start(), end)
    if unit in ("번", "회"):
        per = _period(masked, m.start())
        if not per and not _EVERY_BEFORE.search(before) and op == "정각":
            return None
        if not _binding(text, m.start(), end):
            return None
        return Proposal(m.start(), end, value, unit, op, "frequency" if per else "count", per=per)
    if unit == "시간" and value == 24 and op == "정각":
        if not _binding(text, m.start(), end, available=True):
            return None
        return Proposal(m.start(), end, value, unit, op, "availability")
    if op != "정각":
        if not _binding(text, m.start(), end):
            return None
        return Proposal(m.start(), end, value, unit, op, "duration")
    if unit in CAPACITY_UNITS or unit == "%":
        if re.match(r"\s*(?:당|씩)", text[end:]) or not _PROMISE_VERB.search(sentence):
            return None
        if not _binding(text, m.start(), end):
            return None
        return Proposal(m.start(), end, value, unit, op, "rate" if unit == "%" else "capacity")
    return None


def _money(text: str, m: re.Match[str], value: Decimal, op: str | None, op_end: int) -> Proposal | None:
    """An amount of compensation: so much (상당), a ceiling (범위 내, 최대, 한도), or so much per unit."""
    sentence = _sentence(text, m.start(), op_end)
    if not _MONEY_CONTEXT.search(sentence) or not _binding(text, m.start(), op_end):
        return None
    if re.search(r"수수료|요금|원입니다|받습니다|만\s*원\s*이하", sentence) and not re.search(r"보상|배상|돌려", sentence):
        return None
    form = _form(sentence)
    if per := _PER_BEFORE.search(text, 0, m.start()):
        if per["day"]:
            return Proposal(m.start(), op_end, value, "원", "상당", "compensation", money="per",
                            per_value=Decimal(1), per_unit="일", form=form)
        if per["unit"] in ("시간", "일", "회", "박", "분") and per["num"].isdigit():
            return Proposal(m.start(), op_end, value, "원", "상당", "compensation", money="per",
                            per_value=Decimal(per["num"]), per_unit=per["unit"], form=form)
    if _CAP_BEFORE.search(text, 0, m.start()) or _CAP_AFTER.match(text, m.end()) or op == "까지":
        return Proposal(m.start(), op_end, value, "원", "상당", "compensation", money="cap", form=form)
    if re.match(r"\s*씩", text[m.end():]):
        return None  # so much each, per something the words do not say
    return Proposal(m.start(), op_end, value, "원", "상당", "compensation", money="amount", form=form)


def _form_only(text: str, found: list[Proposal]) -> list[Proposal]:
    """A compensation with no amount ("소정의 기념품을 드리겠습니다"), when no amount is near it."""
    out = []
    for m in _FORM.finditer(text):
        if any(p.unit == "원" and abs(p.start - m.start()) < 30 for p in found):
            continue
        sentence = _sentence(text, m.start(), m.end())
        if not re.search(r"드리|보상|지급|제공", sentence[sentence.find(m[0]):]) or not _binding(text, m.start(), m.end()):
            continue
        out.append(Proposal(m.start(), m.end(), None, None, "정각", "compensation", money="form",
                            form=" ".join(m[0].split())))
    return out


def _period(masked: str, start: int) -> str | None:
    """The period written before a count: the nearest period word with at most two words between."""
    if re.search(r"(?<![가-힣])[월연년주]$", masked[:start]) or re.search(r"[^가-힣][월연년]$", " " + masked[:start]):
        return {"월": "월", "연": "연", "년": "연", "주": "주"}[masked[start - 1]]
    for found in reversed(list(_PERIOD_WORD.finditer(masked, 0, start))):
        if _PERIOD_GAP.match(masked[found.end():start]):
            group = next(name for name, value in found.groupdict().items() if value)
            return _PERIODS[int(group[1:])][1]
        if start - found.end() > 24:
            break
    return None


def _form(text: str) -> str:
    """What a compensation is paid in (문화상품권 …), or plain 보상 when the words do not say."""
    found = _FORM.search(text)
    return " ".join(found[0].split()) if found else "보상"


def _clause_before(text: str, start: int) -> str:
    cuts = [m.end() for m in _SEP.finditer(text, 0, start)]
    return text[cuts[-1] if cuts else 0:start]


def _kind(unit: str, op: str, before: str) -> str:
    if unit == "%":
        return "rate"
    if unit in CAPACITY_UNITS:
        return "capacity"
    if unit in ("번", "회"):
        return "count"
    if op == "까지" and re.search(r"(?:익월|다음\s*달|매월|매달)\s*$", before):
        return "recurrence"
    if op in ("동안", "최소", "최대"):
        return "duration"
    return "response_time" if unit in ("초", "분") else "deadline"


def _runs_from(before: str) -> str:
    found = list(_FROM.finditer(before))
    return " ".join((found[-1][1] or found[-1][2]).split()) if found else ""


def _sets(text: str, unit: str, op: str, anchor: str) -> str | None:
    """The deadline a promise sets for the 정보목록 and survey checks, when it reads like one."""
    if unit == "일" and op == "까지" and "정보목록" in text and re.search(r"익월|다음\s*달", anchor):
        return "disclosures.due_day"
    if unit == "개월" and op == "이내":
        if "계획" in text and re.search("만족도|조사|결과", text):
            return "surveys.plan_within_months"
        if "조사" in text and re.search("공개|공표", text):
            return "surveys.results_within_months"
    return None


@dataclass(frozen=True)
class Place:
    """Words that may hold promises: a charter item, or a line of a text file."""

    source: str
    line: int
    text: str
    lead: str = ""  # the condition a promise is written under, for a compensation's condition
    note: str = ""  # the heading or note above that sets a working-day basis, or ""


@dataclass(frozen=True)
class Suggestion:
    place: Place
    proposal: Proposal
    quote: str
    ambiguous: tuple[Place, ...] = ()  # other places whose words contain the quote too


def suggest(places: list[Place]) -> list[Suggestion]:
    """A proposal for every promise in `places`, with the shortest quote of its item's words that
    names that item alone (its clause, else the whole item). An increment and its ceiling in one
    sentence ("1일당 1,000원씩, 최대 5,000원까지") are one compensation."""
    texts = [" ".join(p.text.split()) for p in places]
    out = []
    for place in places:
        for proposal, start, end in _merged(place.text, find_promises(place.text, place.note)):
            quote = _clause(place.text, start, end)
            holders = [other for other, words in zip(places, texts) if quote in words]
            if len(holders) > 1:
                quote = " ".join(place.text.split())
                holders = [other for other, words in zip(places, texts) if quote in words]
            out.append(Suggestion(place, proposal, quote, tuple(h for h in holders if h is not place)))
    return out


def _merged(text: str, found: list[Proposal]) -> Iterator[tuple[Proposal, int, int]]:
    used: set[int] = set()
    for i, p in enumerate(found):
        if i in used:
            continue
        if p.money == "per":
            cap = next((j for j, q in enumerate(found) if j not in used and q.money == "cap" and q.start > p.start
                        and _sentence(text, p.start, p.end) == _sentence(text, q.start, q.end)), None)
            if cap is not None:
                used.add(cap)
                yield replace(p, cap=found[cap].value), p.start, found[cap].end
                continue
        yield p, p.start, p.end


_SEP = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))|[.;]")


def _clause(text: str, start: int, end: int) -> str:
    stop = _SEP.search(text, end)
    return " ".join((_clause_before(text, start) + text[start:stop.start() if stop else len(text)]).split())


@dataclass
class Score:
    """Recall and precision of the suggester against hand-annotated promises."""

    expected: int = 0
    proposed: int = 0
    correct: int = 0
    missed: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    def add(self, where: str, expected: list[str], proposed: list[str]) -> None:
        left = list(expected)
        self.expected += len(expected)
        self.proposed += len(proposed)
        for key in proposed:
            if key in left:
                left.remove(key)
                self.correct += 1
            else:
                self.wrong.append(f"{where}: {key}")
        self.missed += [f"{where}: {key}" for key in left]

    def add_text(self, name: str, text: str, expected: dict[int, list[str]], held_only: bool = False,
                 only: Callable[[int], bool] = lambda line: True) -> None:
        """Score each line of a text file (those `only` lets through) against its annotation:
        line → keys, "~" marking a promise the register cannot hold (left out with `held_only`)."""
        found = {p.line: [x.key for x in find_promises(p.text, p.note)] for p in text_places(name, text)}
        for line in sorted(line for line in set(found) | set(expected) if only(line)):
            keys = [str(key) for key in expected.get(line, [])]
            if held_only:
                keys = [key for key in keys if not key.startswith("~")]
            self.add(f"{name}:{line}", keys, found.get(line, []))

    def __str__(self) -> str:
        return (f"{self.expected} promises, {self.proposed} proposed, {self.correct} right: "
                f"recall {self.recall:.1%}, precision {self.precision:.1%}")


_HEADING = re.compile(r"^\s*(?:#|[□■○●◆◇▶▣◎【]|[IVX]+\.|[Ⅰ-Ⅹ])")
_BASIS_NOTE = re.compile(r"(?:근무|업무|영업)\s*일\s*(?:기준|로\s*계산)|근무\s*시간\s*(?:기준|로\s*계산)")


def text_places(source: str, text: str) -> Iterator[Place]:
    """Each non-empty line of a plain-text charter, without its bullet. A heading or a "※" note
    that sets a basis ("□ 처리기간 (업무일 기준)") applies to the lines under it, up to the next
    heading or blank line."""
    note = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            note = ""
            continue
        said = " ".join(line.split()) if _BASIS_NOTE.search(line) else ""
        if _HEADING.match(line) or said and line.lstrip().startswith("※"):
            note = said
        words = re.sub(r"^\s*(?:[-*•>]\s*|\d+\.\s+)*", "", line).strip()
        yield Place(source, number, words, note=note)


def annotated(text: str) -> tuple[str, dict[int, list[str]]]:
    """An evaluation file as charter text (comments blanked, line numbers kept) and its
    annotation: line → the keys of the promises written there ("text || 3분 이내; 월 1회")."""
    lines, expected = [], {}
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            lines.append("")
            continue
        words, _, keys = line.partition(" || ")
        lines.append(words)
        if keys.strip():
            expected[number] = [k.strip() for k in keys.split(";")]
    return "\n".join(lines), expected


def score_files(paths: list[Path], split: str = "all") -> Score:
    """The suggester's score on annotated evaluation files (see `annotated`): on every line, or on
    the "train" or "test" split only."""
    score = Score()
    for path in paths:
        text, expected = annotated(path.read_text(encoding="utf-8"))
        lines = text.splitlines()
        score.add_text(path.name, text, expected, held_only=True,
                       only=lambda n, lines=lines: split == "all" or in_test_split(lines[n - 1]) == (split == "test"))
    return score


def in_test_split(line: str) -> bool:
    """The 30 % of an evaluation set's lines kept for testing, chosen by the words alone (so the
    split never changes when lines are added around them, and is never chosen by a result)."""
    return zlib.crc32(" ".join(line.split()).encode("utf-8")) % 10 < 3


def site_places(pages: tuple[Page, ...]) -> list[Place]:
    """Every item of the charter and department pages, where the register's quotes are looked up."""
    return [Place(p.page.source, p.item.line, p.item.text, p.lead, p.note) for page in pages for p in item_places(page)]


def read_charter_text(path: Path) -> tuple[str | None, str | None, list[Diagnostic]]:
    """A plain-text charter's words and their encoding, or the problem: a charter saved by a
    Korean office suite is often CP949 (EUC-KR), read as the 정보목록 reader reads it; a file with
    NUL bytes or that is neither is not text at all."""
    shown = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, None, [error(SourceLoc(shown), f"cannot read the file ({exc.strerror or exc})")]
    if b"\x00" in data[:65536]:
        return None, None, [error(SourceLoc(shown), "is a binary file, not text (give a charter saved as plain "
                                                    "text, UTF-8 or CP949)")]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if not data[:exc.start].isascii():  # UTF-8 Hangul before it: a mixed file, not CP949
            return None, None, decode_utf8(data, shown)[1]
    decoded = decode_text(data)
    if decoded is None:
        return None, None, [error(first_undecodable(data, shown), "is neither UTF-8 nor CP949 (EUC-KR) text; "
                                                                  "save it as UTF-8 text and try again")]
    text, encoding = decoded
    return text.removeprefix("\ufeff"), encoding, []


def site_suggestions(source_dir: Path) -> tuple[list[Suggestion], frozenset[str], int]:
    """Proposals for a site folder's charter and department pages: those not in its register yet,
    the ids the register uses, and how many proposals it already holds. Raises BuildFailed when
    the settings cannot be read; other problems of the site are `check`'s to report."""
    config, problems = load_config(source_dir)
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    loader = Loader(source_dir, config, today_in(config.timezone))
    pages = loader.promise_pages()
    # A charter that does not parse would only make the proposals look complete: say so instead.
    broken = [p for p in loader.problems if p.is_error]
    if broken:
        raise BuildFailed([*broken, error(SourceLoc(source_dir.name), "the charter's pages could not be read (see the "
                                                                        "errors listed), so no promises were looked for; "
                                                                        "fix them and run suggest again")])
    if not pages:
        raise BuildFailed([error(SourceLoc(source_dir.name), "no charter.md and no departments/ pages: there are "
                                                             "no promises to look for")])
    held = load_register(source_dir, pages)[0] or ()
    found = suggest(site_places(pages))
    new = [s for s in found if not registered(s, held)]
    return new, frozenset(c.id for c in held), len(found) - len(new)


def registered(suggestion: Suggestion, commitments: tuple[Commitment, ...]) -> bool:
    """Whether the register already holds this promise: same item, same number and unit."""
    place, proposal = suggestion.place, suggestion.proposal
    number = (proposal.value, "원" if proposal.money else proposal.unit)
    for c in commitments:
        if (c.source, c.line) != (place.source, place.line):
            continue
        if proposal.value is not None and number in [(value, unit) for value, unit, _ in numbers(c.record)]:
            return True
        if proposal.value is None and proposal.key in (c.record.bound and c.record.bound.text,
                                                       c.record.compensation and c.record.compensation.form):
            return True
    return False


def as_yaml(suggestions: list[Suggestion], taken: frozenset[str] = frozenset()) -> str:
    """The suggestions as a register file, each under a comment with where its words are and what
    they say; ids are made from the file and line, for the editor to rename."""
    lines = ["# Proposed by `charterpress commitments suggest`. Check each one against its words, give it",
             "# a lasting id, add measure, channel and target where useful, and paste the ones you confirm",
             "# into commitments.yaml. Nothing here is in the register until you do.",
             "commitments:"]
    ids = set(taken)
    for suggestion in suggestions:
        place, proposal = suggestion.place, suggestion.proposal
        lines.append(f"  # {place.source}:{place.line}: {' '.join(place.text.split())}")
        if suggestion.ambiguous:
            where = ", ".join(f"{p.source}:{p.line}" for p in suggestion.ambiguous)
            lines.append(f"  # note: the same words are also in {where}; quote words only this item has")
        lines.append(f"  - id: {_new_id(place, ids)}")
        lines.append(f"    item: {_scalar(suggestion.quote)}")
        lines.append(f"    kind: {proposal.kind}")
        lines += _record_lines(place, proposal)
        for key in ("runs_from", "alternative", "sets"):
            if value := getattr(proposal, key):
                lines.append(f"    {key}: {_scalar(value)}")
        if proposal.exceptions:
            lines += ["    exceptions:", *(f"      - {_scalar(e)}" for e in proposal.exceptions)]
    if not suggestions:
        lines[-1] += " []"
    return "\n".join(lines) + "\n"


_ACTIONS = {"통보": "통보", "통지": "통지", "알려": "안내", "안내": "안내", "연락": "연락", "보내": "발송",
            "빌려": "대여", "보상": "보상", "돌려": "환불"}


def _record_lines(place: Place, proposal: Proposal) -> list[str]:
    """The YAML lines of a proposal's bound, trigger or compensation."""
    if proposal.money:
        lines = ["    compensation:", f"      form: {_scalar(proposal.form or '보상')}"]
        if proposal.money in ("amount", "per"):
            lines.append(f"      amount: {proposal.value}")
        if proposal.money == "per":
            lines.append(f"      per: {{value: {proposal.per_value}, unit: {_scalar(proposal.per_unit)}}}")
        if proposal.money == "cap" or proposal.cap is not None:
            lines.append(f"      cap: {proposal.cap if proposal.cap is not None else proposal.value}")
        if place.lead:
            lines.append(f"      condition: {_scalar(' '.join(place.lead.split()))}")
        return lines
    fields = [f"value: {proposal.value}", f"unit: {_scalar(proposal.unit)}"] if proposal.value is not None else []
    fields.append(f"op: {proposal.op}")
    fields += [f"{name}: {_scalar(value)}" for name, value in
               (("basis", proposal.basis), ("per", proposal.per), ("anchor", proposal.anchor)) if value]
    if proposal.trigger:
        text = place.text
        about = re.search(r"([가-힣]+)(?:에|이|가)\s*$", text[:proposal.start])
        if about:
            fields.append(f"about: {_scalar(about[1])}")
        verb = _NOTIFY.search(text, proposal.end)
        action = _ACTIONS.get(verb[0], "안내") if verb else "안내"
        return [f"    trigger: {{{', '.join(fields)}}}", f"    action: {action}"]
    return [f"    bound: {{{', '.join(fields)}}}"]


def _new_id(place: Place, ids: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", PurePosixPath(place.source).stem.lower()).strip("-") or "item"
    base = candidate = f"{stem}-{place.line}"
    n = 1
    while candidate in ids:
        n += 1
        candidate = f"{base}-{n}"
    ids.add(candidate)
    return candidate


def _scalar(value: str) -> str:
    """A string as a YAML scalar, quoted only when it has to be ("%", "a: b", "[…]")."""
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 20, default_flow_style=True)
    return dumped.removesuffix("\n...\n").strip()
