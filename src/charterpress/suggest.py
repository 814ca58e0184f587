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
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import yaml

from charterpress.commitments import NATIVE, Bound
from charterpress.config import load_config
from charterpress.diagnostics import BuildFailed
from charterpress.load import Loader
from charterpress.load_commitments import item_places, load_register, numbers
from charterpress.model import Commitment, Page

# Native numerals stand alone ("세 번", "한 달"), never inside a word ("전세", "한국").
_NATIVE = {word: n for n, words in NATIVE.items() for word in words}
_NATIVE_RE = "|".join(sorted(_NATIVE, key=len, reverse=True))
# Each unit, and what must not follow it for it to be that unit: "2주차장", "4분기", "3번길", "회관".
_UNITS = [
    ("시간", "시간", ""), ("개월", "개월", ""), ("달", "개월", ""), ("초", "초", "과등대기"),
    ("분", "분", "기야류석실의"), ("일", "일", "반부정자간요상시"), ("주", "주", "차년간민소요"),
    ("년", "년", "도생대"), ("번", "번", "길지호째"), ("차례", "번", ""), ("회", "회", "관원사계장"),
    ("명", "명", "패찰단칭"), ("대", "대", "상학표기응로회"), ("면", "면", "적허제담"), ("곳", "곳", ""),
    ("종", "종", "합류목로"), ("개", "개", "선정소인최발관"), ("원", "원", "장칙본인래활"), ("%", "%", ""),
    ("퍼센트", "%", ""),
]
_UNIT_RE = "|".join(f"{word}(?![{stop}])" if stop else word for word, _, stop in _UNITS)
_UNIT_OF = {word: unit for word, unit, _ in _UNITS}
TIME_UNITS = frozenset({"초", "분", "시간", "일", "주", "개월", "년"})
# Units a number may carry with no 이내/이상 after it: "174면", "주 1회", "100%를 달성".
BARE_UNITS = frozenset({"번", "회", "명", "대", "면", "곳", "종", "개", "원", "%"})
CAPACITY_UNITS = frozenset({"명", "대", "면", "곳", "종", "개"})

_NUMBER = re.compile(
    rf"(?<![\d.,\-·])(?P<num>[1-9]\d{{0,2}}(?:,\d{{3}})+|(?:0|[1-9]\d*)(?:\.\d+)?)\s*(?P<unit>{_UNIT_RE})"
    rf"|(?<![가-힣])(?P<native>{_NATIVE_RE})\s+(?P<nunit>번|회|차례|달|곳|명|개|대)")
_BASIS_PAREN = re.compile(r"\s*\(\s*근무(?:시간|일)(?:\s*기준)?\s*\)")
_OTHER_PAREN = re.compile(r"\s*\([^()]{1,12}\)")
_OPS = [  # written form → the register's op
    (r"(?:이내|안에|안|내에|내)(?![용부외역])", "이내"), (r"이상", "이상"), (r"미만", "미만"),
    (r"전까지|전에|전(?![화달체부문])", "전"), (r"까지", "까지"), (r"상당", "상당"),
]
_OP = re.compile(r"\s*(?:" + "|".join(f"(?P<op{i}>{pattern})" for i, (pattern, _) in enumerate(_OPS)) + ")")
_RINGS = re.compile(r"\s*(?:이상\s*)?울리기\s*전")
_NOT_WAITING = re.compile(r"\s*기다리(?:시)?지\s*않")
_BELL_BEFORE = re.compile(r"벨\s*(?:소리)?\s*(?:이|가)?\s*$")
# What ends a clause (a comma, a promise's 겠, a connective: 하고, 하며, 하되), and what marks the
# rest of one as a condition rather than a promise.
_CLAUSE_END = re.compile(r"[,.;(]|겠|\d|[고며되여서](?=\s)")
_CONDITION = re.compile(r"경우|때|거나|(?:[시리하되]|으)면(?=[\s,]|$)")
# A period before a count makes it a frequency: "월 1회", "연 2회 이상", "하루 3회", "매년 ... 1회".
_PERIOD = re.compile(r"(?<![가-힣])(?:매일|매주|매월|매년|해마다|하루|분기|[연월주]|1일)\s*(?:\S+\s+){0,5}$")
_FROM = re.compile(r"(접수|조사|결과\s*발표|방문|사실\s*확인|확인|신청|요청|등록|신고|검토)\s*후"
                   r"|([가-힣]+\s+날)\s*부터")  # "받은 날부터"
# Numbers that are labels, not amounts: "제3회", "내선 2번".
_LABEL_BEFORE = re.compile(r"(?:제|내선|번호)\s*$")
_BASIS_BEFORE = re.compile(r"근무(?:시간|일)\s*기준\s*$")
_ALTERNATIVE = re.compile(r"\s*(?:에)?\s*또는\s+([^,.]*?(?:시간|날짜|방법))")
_EXCEPTION = re.compile(r"([^,.]*?(?:경우|때))를\s*제외")
_FORM = re.compile(r"[가-힣]*상품권|기념품|교통카드")


@dataclass(frozen=True)
class Proposal:
    """One number found in a promise: the commitment it would become and where its words are."""

    start: int
    end: int
    value: Decimal
    unit: str
    op: str  # the register's op; "정각" for a bare count ("174면")
    kind: str
    basis: str | None = None
    runs_from: str = ""
    alternative: str = ""
    exceptions: tuple[str, ...] = ()
    sets: str | None = None
    form: str = ""  # compensation only: 문화상품권 …

    @property
    def bound(self) -> Bound:
        return Bound(self.value, self.unit, self.op, self.basis)  # type: ignore[arg-type]

    @property
    def key(self) -> str:
        """The bound as the register writes it ("3번 전", "1일 이내(근무시간 기준)"): what is scored."""
        return self.bound.text


def find_promises(text: str) -> list[Proposal]:
    """Every measurable promise written in `text`, in order."""
    return [p for m in _NUMBER.finditer(text) if (p := _proposal(text, m)) is not None]


def _proposal(text: str, m: re.Match[str]) -> Proposal | None:
    if m["num"]:
        value, unit = Decimal(m["num"].replace(",", "")), _UNIT_OF[m["unit"]]
    else:
        value, unit = Decimal(_NATIVE[m["native"]]), {"차례": "번", "달": "개월"}.get(m["nunit"], m["nunit"])
    if unit == "년" and value >= 1900:  # a year ("2020년까지"), not a duration
        return None
    if _LABEL_BEFORE.search(text, 0, m.start()):
        return None
    end, basis = m.end(), None
    if paren := _BASIS_PAREN.match(text, end):
        end, basis = paren.end(), "근무시간"
    elif paren := _OTHER_PAREN.match(text, end):
        end = paren.end()
    op, end = _op(text, m.start(), end, unit)
    if op is None:
        return None
    before = _clause_before(text, m.start())
    if basis is None and _BASIS_BEFORE.search(before):
        basis = "근무시간"
    if _is_condition(text, end):
        return None
    kind = _kind(unit, op, before)
    return Proposal(
        m.start(), end, value, unit, op, kind, basis if unit in TIME_UNITS else None,
        runs_from=_runs_from(before) if unit in TIME_UNITS else "",
        alternative=(alt[1] if (alt := _ALTERNATIVE.match(text, end)) else ""),
        exceptions=tuple(e[1].strip() for e in _EXCEPTION.finditer(before)),
        sets=_sets(text, unit, op),
        form=_form(text) if unit == "원" else "",
    )


def _form(text: str) -> str:
    """What a compensation is paid in (문화상품권 …), or plain 보상 when the words do not say."""
    found = _FORM.search(text)
    return found[0] if found else "보상"


def _op(text: str, start: int, end: int, unit: str) -> tuple[str | None, int]:
    """The bound's op and where its words end; None when a number bounds nothing."""
    if unit in ("번", "회") and _BELL_BEFORE.search(text, 0, start) and (rings := _RINGS.match(text, end)):
        return "전", rings.end()
    written = _OP.match(text, end)
    if written is None:
        return ("정각", end) if unit in BARE_UNITS else (None, end)
    op = _OPS[int(written.lastgroup.removeprefix("op"))][1]  # type: ignore[union-attr]
    if op == "이상" and (waiting := _NOT_WAITING.match(text, written.end())):
        return "이내", waiting.end()  # "5분 이상 기다리지 않도록" bounds the wait from above
    if op == "상당" and unit != "원":
        return None, end  # "상당 시간이 걸리는": not an amount
    return op, written.end()


def _clause_before(text: str, start: int) -> str:
    cut = max(text.rfind(mark, 0, start) for mark in ",.;")
    return text[cut + 1:start]


def _is_condition(text: str, end: int) -> bool:
    stop = _CLAUSE_END.search(text, end)
    return bool(_CONDITION.search(text, end, stop.start() if stop else len(text)))


def _kind(unit: str, op: str, before: str) -> str:
    if unit == "원":
        return "compensation"
    if unit == "%":
        return "rate"
    if unit in CAPACITY_UNITS:
        return "capacity"
    if unit in ("번", "회"):
        if op == "전":
            return "response_time"  # rings before the phone is answered
        return "frequency" if _PERIOD.search(before) else "count"
    if op == "까지" and re.search(r"(?:익월|다음\s*달)\s*$", before):
        return "recurrence"
    return "response_time" if unit in ("초", "분") else "deadline"


def _runs_from(before: str) -> str:
    found = list(_FROM.finditer(before))
    return " ".join((found[-1][1] or found[-1][2]).split()) if found else ""


def _sets(text: str, unit: str, op: str) -> str | None:
    """The deadline a promise sets for the 정보목록 and survey checks, when it reads like one."""
    if unit == "일" and op == "까지" and "정보목록" in text and re.search(r"익월|다음\s*달", text):
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


@dataclass(frozen=True)
class Suggestion:
    place: Place
    proposal: Proposal
    quote: str
    ambiguous: tuple[Place, ...] = ()  # other places whose words contain the quote too


def suggest(places: list[Place]) -> list[Suggestion]:
    """A proposal for every promise in `places`, with the shortest quote of its item's words that
    names that item alone (its clause, else the whole item)."""
    texts = [" ".join(p.text.split()) for p in places]
    out = []
    for place in places:
        for proposal in find_promises(place.text):
            quote = _clause(place.text, proposal)
            holders = [other for other, words in zip(places, texts) if quote in words]
            if len(holders) > 1:
                quote = " ".join(place.text.split())
                holders = [other for other, words in zip(places, texts) if quote in words]
            out.append(Suggestion(place, proposal, quote, tuple(h for h in holders if h is not place)))
    return out


def _clause(text: str, proposal: Proposal) -> str:
    stop = min((i for mark in ",.;" if (i := text.find(mark, proposal.end)) != -1), default=len(text))
    return " ".join((_clause_before(text, proposal.start) + text[proposal.start:stop]).split())


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

    def add_text(self, name: str, text: str, expected: dict[int, list[str]], held_only: bool = False) -> None:
        """Score each line of a text file against its annotation: line → bounds, "~" marking a
        promise the register has no unit for (left out with `held_only`)."""
        found = {p.line: [x.key for x in find_promises(p.text)] for p in text_places(name, text)}
        for line in sorted(set(found) | set(expected)):
            keys = [str(key) for key in expected.get(line, [])]
            if held_only:
                keys = [key for key in keys if not key.startswith("~")]
            self.add(f"{name}:{line}", keys, found.get(line, []))

    def __str__(self) -> str:
        return (f"{self.expected} promises, {self.proposed} proposed, {self.correct} right: "
                f"recall {self.recall:.1%}, precision {self.precision:.1%}")


def text_places(source: str, text: str) -> Iterator[Place]:
    """Each non-empty line of a plain-text charter, without its bullet."""
    for number, line in enumerate(text.splitlines(), 1):
        words = re.sub(r"^\s*(?:[-*•>]\s*|\d+\.\s+)*", "", line).strip()
        if words:
            yield Place(source, number, words)


def site_places(pages: tuple[Page, ...]) -> list[Place]:
    """Every item of the charter and department pages, where the register's quotes are looked up."""
    return [Place(p.page.source, p.item.line, p.item.text, p.lead) for page in pages for p in item_places(page)]


def site_suggestions(source_dir: Path) -> tuple[list[Suggestion], frozenset[str], int]:
    """Proposals for a site folder's charter and department pages: those not in its register yet,
    the ids the register uses, and how many proposals it already holds. Raises BuildFailed when
    the settings cannot be read; other problems of the site are `check`'s to report."""
    config, problems = load_config(source_dir)
    if any(p.is_error for p in problems):
        raise BuildFailed(problems)
    pages = Loader(source_dir, config, datetime.now(ZoneInfo(config.timezone)).date()).promise_pages()
    held = load_register(source_dir, pages)[0] or ()
    found = suggest(site_places(pages))
    new = [s for s in found if not registered(s, held)]
    return new, frozenset(c.id for c in held), len(found) - len(new)


def registered(suggestion: Suggestion, commitments: tuple[Commitment, ...]) -> bool:
    """Whether the register already holds this promise: same item, same number and unit."""
    place, number = suggestion.place, (suggestion.proposal.value, suggestion.proposal.unit)
    return any((c.source, c.line) == (place.source, place.line) and
               number in [(value, unit) for value, unit, _ in numbers(c.record)] for c in commitments)


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
        if proposal.unit == "원":
            lines += ["    compensation:", f"      form: {_scalar(proposal.form)}",
                      f"      amount: {proposal.value}"]
            if place.lead:
                lines.append(f"      condition: {_scalar(' '.join(place.lead.split()))}")
        else:
            basis = f", basis: {proposal.basis}" if proposal.basis else ""
            lines.append(f"    bound: {{value: {proposal.value}, unit: {_scalar(proposal.unit)}, op: {proposal.op}{basis}}}")
        for key in ("runs_from", "alternative", "sets"):
            if value := getattr(proposal, key):
                lines.append(f"    {key}: {_scalar(value)}")
        if proposal.exceptions:
            lines += ["    exceptions:", *(f"      - {_scalar(e)}" for e in proposal.exceptions)]
    if not suggestions:
        lines[-1] += " []"
    return "\n".join(lines) + "\n"


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
