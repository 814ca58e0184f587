"""Read `commitments.yaml` and tie each commitment to the charter item it quotes, checking that
the item's own words carry the commitment's number and unit. The register also sets the deadlines
the 정보목록 and survey features judge, unless site.yaml says the same thing itself."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from charterpress.body import Group, Item, ItemList, Prose
from charterpress.commitments import (
    CAP_WORDS,
    PERIOD_WORDS,
    SETS_UNIT,
    WORKING_DAY,
    WORKING_HOURS,
    CommitmentRecord,
    RegisterFile,
    amount_text,
    number_forms,
    period_written,
    quoted,
    strip_marker,
    written_in,
)
from charterpress.config import SiteConfig
from charterpress.decode import MISSING
from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.model import Commitment, Page
from charterpress.sources import read_record

REGISTER_FILE = "commitments.yaml"


@dataclass(frozen=True)
class ItemPlace:
    """A charter item where a promise may be written, with the condition it stands under."""

    page: Page
    item: Item
    words: str  # the item's text, after its condition's when it is a promise under one
    lead: str  # that condition's text, or ""
    channels: tuple[str, ...]  # of the nearest heading that names any ({channel=mail,fax} names two)
    note: str = ""  # a heading or note that sets the time basis of every item under it, or ""


# A heading or note that sets the basis for the items under it: "※ 처리기간은 업무일 기준".
BASIS_NOTE = re.compile(r"(?:근무|업무|영업)\s*일\s*(?:기준|로\s*계산)|근무\s*시간\s*(?:기준|로\s*계산)")


def basis_note(text: str) -> str:
    return " ".join(text.split()) if BASIS_NOTE.search(text) else ""


def item_places(page: Page) -> Iterator[ItemPlace]:
    def walk(blocks, channel, lead, note):
        notes = [basis_note(b.html.striptags()) for b in blocks if isinstance(b, Prose)]
        notes += [basis_note(i.text) for b in blocks if isinstance(b, ItemList) for i in b.items
                  if i.text.lstrip().startswith("※")]
        note = next((n for n in notes if n), note)
        for block in blocks:
            if isinstance(block, Group):
                yield from walk(block.blocks, block.channels or channel, "", basis_note(block.title) or note)
            elif isinstance(block, ItemList):
                for item in block.items:
                    yield from visit(item, channel, lead, note)

    def visit(item: Item, channel, lead, note):
        yield ItemPlace(page, item, f"{lead} {item.text}".strip(), lead, channel, note)
        for child in item.children:
            yield from visit(child, channel, item.text, note)

    yield from walk(page.body.blocks, (), "", "")


def load_register(source_dir: Path, pages: tuple[Page, ...],
                  complete: bool = True) -> tuple[tuple[Commitment, ...] | None, list[Diagnostic]]:
    """The register's commitments tied to their items. When a promise page could not be read at
    all (`complete` false; its problem is reported already), a quote found nowhere is not an
    error of its own: the item may be on that page."""
    path = source_dir / REGISTER_FILE
    if not os.path.lexists(path):  # a folder or a broken link of that name is read, and reported
        return None, []
    register, problems = read_record(source_dir, path, RegisterFile)
    if register is MISSING:
        return None, problems
    places = [place for page in pages for place in item_places(page)]
    found: list[Commitment] = []
    seen: dict[str, SourceLoc] = {}
    for record in register.commitments:
        if record.id in seen:
            problems.append(error(record.locs["id"], f"commitment id '{record.id}' is used twice (first at line "
                                                     f"{seen[record.id].line})"))
            continue
        seen[record.id] = record.locs["id"]
        commitment, more = _tie(record, places)
        if not complete and commitment is None and not any(p for p in places if _quotes(record, p)):
            continue
        problems += more
        if commitment:
            found.append(commitment)
    return tuple(found), problems


def _tie(record: CommitmentRecord, places: list[ItemPlace]) -> tuple[Commitment | None, list[Diagnostic]]:
    matches = [p for p in places if _quotes(record, p)]
    at = record.locs.get("item", record.loc)
    if len(matches) != 1:
        where = ", ".join(f"{m.page.source}:{m.item.line}" for m in matches)
        return None, [error(at, f"commitment '{record.id}': the words '{record.item}' are in "
                                + (f"{len(matches)} charter items ({where}); quote more of the one you mean"
                                   if matches else "no charter item; quote the item's words exactly"))]
    place = matches[0]
    problems = [error(loc, f"commitment '{record.id}' {message}; the item's words ({place.page.source}:"
                           f"{place.item.line}) are: {place.item.text}")
                for loc, message in word_problems(record, place.words, place.note)]
    if record.sets and record.bound and record.bound.unit != SETS_UNIT[record.sets]:
        problems.append(error(record.locs.get("sets", record.loc), f"commitment '{record.id}' sets {record.sets}, "
                                                                   f"which is counted in {SETS_UNIT[record.sets]}, "
                                                                   f"not {record.bound.unit}"))
    if record.sets and (not record.bound or record.bound.value is None):
        problems.append(error(record.locs.get("sets", record.loc), f"commitment '{record.id}' sets {record.sets} "
                                                                   "but has no bound"))
    if problems:
        return None, problems
    channels = record.channel or place.channels
    department = place.page.title if place.page.kind == "department" else None
    return Commitment(record, place.page.path, place.page.source, place.item.id, place.item.text,
                      place.item.line, channels, department), []


def _quotes(record: CommitmentRecord, place: ItemPlace) -> bool:
    return " ".join(record.item.split()) in " ".join(place.item.text.split())


def numbers(record: CommitmentRecord) -> Iterator[tuple[Decimal, str, SourceLoc]]:
    """The numbers a commitment states, with the unit each is in: its bound, its trigger, and a
    compensation's amounts and the unit an increment is paid for."""
    if record.bound and record.bound.value is not None and record.bound.unit:
        yield record.bound.value, record.bound.unit, record.bound.loc
    if record.trigger:
        yield record.trigger.value, record.trigger.unit, record.trigger.loc
    money = record.compensation
    if money:
        at = record.locs.get("compensation", record.loc)
        for amount in (money.amount, money.cap):
            if amount is not None:
                yield amount, "원", at
        if money.per:
            yield money.per.value, money.per.unit, at
        for tier in money.tiers:
            if tier.amount is not None:
                yield tier.amount, "원", tier.loc


_WRITTEN = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*(근무일|업무일|영업일|근무시간|개월|시간|[가-힣%]?)")
_CONDITION_AFTER = re.compile(r"^[^,.;()]{0,16}?(?:경우|때|(?:[시리하되]|으)면(?=[\s,]|$))")


def word_problems(record: CommitmentRecord, words: str, note: str = "") -> list[tuple[SourceLoc, str]]:
    """Each way the record says what its item's words do not, naming the cause."""
    out: list[tuple[SourceLoc, str]] = []
    plain = strip_marker(words)
    for value, unit, loc in numbers(record):
        if not written_in(value, unit, words):
            seen = [f"{n}{u}" for n, u in _WRITTEN.findall(plain) if n]
            marker = words[:len(words) - len(plain)].strip()
            cause = f" (it writes {', '.join(seen)})" if seen else " (it writes no number)"
            if marker and re.match(r"\d", marker):
                cause += f"; '{marker}' in front is taken as a list marker"
            out.append((loc, f"says {amount_text(value)}{unit}, but its item does not say it{cause}"))
    bound = record.bound
    if bound:
        if bound.value is None and not bound.anchor:
            out.append((bound.loc, "has a bound with neither a value nor an anchor (e.g. anchor: 매주 금요일)"))
        if bound.value is not None and not bound.unit:
            out.append((bound.loc, f"has a bound value {amount_text(bound.value)} without a unit"))
        out += [(bound.loc, m) for m in _basis_problems(bound.basis, bound.unit, bound.value, words, note)]
        if bound.per and not period_written(bound.per, words):
            out.append((bound.loc, f"says {bound.text}, but its item does not say the period "
                                   f"({', '.join(PERIOD_WORDS[bound.per])})"))
        if bound.anchor and not quoted(bound.anchor, words):
            out.append((bound.loc, f"says '{bound.anchor}', but its item does not write those words"))
        if bound.value is not None and bound.unit and bound.op in ("이상", "초과", "이내"):
            for number in re.finditer(rf"{re.escape(amount_text(bound.value))}\s*{re.escape(bound.unit)}\s*{bound.op}",
                                      plain):
                if _CONDITION_AFTER.match(plain[number.end():]):
                    out.append((bound.loc, f"states {bound.text} as a standard, but in its item it is a "
                                           f"condition ('{plain[number.start():number.end() + 12].strip()}…'); "
                                           "write it as trigger with the action it calls for"))
                    break
    if record.trigger:
        t = record.trigger
        out += [(t.loc, m) for m in _basis_problems(t.basis, t.unit, t.value, words, note, trigger=True)]
        if t.about and not quoted(t.about, words):
            out.append((t.loc, f"says the trigger is about '{t.about}', but its item does not write that"))
    money = record.compensation
    if money:
        at = record.locs.get("compensation", record.loc)
        if money.cap is not None and not CAP_WORDS.search(words):
            out.append((at, f"says {money.text}, but its item does not say it is a ceiling (범위, 한도, 최대, 이내)"))
        if money.amount is not None and not money.per and (ceiling := _ceiling(money.amount, words)):
            out.append((at, f"says {amount_text(money.amount)}원 상당, but its item writes it as a ceiling "
                            f"('{ceiling}'); write it as cap: {money.amount}"))
        if money.per and not re.search(r"당|마다", words):
            out.append((at, f"says {money.text}, but its item does not say what it is paid per (…당, …마다)"))
    return out


def _ceiling(amount: Decimal, words: str) -> str | None:
    """The words that make `amount` a ceiling in the item ("30,000원 범위", "최대 1만 원"), if any."""
    for number in number_forms(amount):
        n = re.escape(number)
        found = re.search(rf"(?:최대|최고)\s*{n}\s*원|(?<![\d,]){n}\s*원\s*(?:범위|한도|이내|까지)", words)
        if found:
            return found[0]
    return None


def _basis_problems(basis: str | None, unit: str | None, value, words: str, note: str,
                    trigger: bool = False) -> list[str]:
    """A working-day or working-hours basis must be written in the item or in the note above it,
    and an item that counts in working days must not be registered as calendar days."""
    what = "trigger" if trigger else "bound"
    if basis in ("근무일", "업무일") and not (WORKING_DAY.search(words) or WORKING_DAY.search(note)):
        return [f"says {basis} 기준, but neither its item nor a heading or note above it says 근무일 or 업무일"]
    if basis == "근무시간" and not (WORKING_HOURS.search(words) or WORKING_HOURS.search(note)):
        return ["says 근무시간 기준, but neither its item nor a heading or note above it says 근무시간"]
    if basis is None and unit == "일" and value is not None:
        glued = re.search(rf"(?<![\d.,]){re.escape(amount_text(value))}\s*(근무일|업무일|영업일)", words)
        if glued:
            return [f"counts {amount_text(value)}일 as calendar days, but its item says '{glued[0]}' "
                    f"(working days); add basis: {glued[1] if glued[1] != '영업일' else '근무일'} to the {what}"]
        if WORKING_DAY.search(note):
            return [f"counts {amount_text(value)}일 as calendar days, but the note above its item sets working "
                    f"days ('{note}'); add basis: 업무일 to the {what}"]
    return []


def apply_register(config: SiteConfig, commitments: tuple[Commitment, ...]) -> tuple[SiteConfig, list[Diagnostic]]:
    """The site's settings with the deadlines the charter's own promises set; a value site.yaml
    also writes must agree."""
    problems = []
    disclosures, surveys = config.disclosures, config.surveys
    first: dict[str, CommitmentRecord] = {}
    for commitment in commitments:
        record = commitment.record
        if not record.sets or not record.bound:
            continue
        earlier = first.setdefault(record.sets, record)
        if earlier.bound.value != record.bound.value:  # type: ignore[union-attr]
            problems.append(error(record.locs.get("sets", record.loc),
                                  f"commitment '{record.id}' sets {record.sets} to {record.bound.text}, but "
                                  f"'{earlier.id}' (line {earlier.loc.line}) sets it to {earlier.bound.text}; "  # type: ignore[union-attr]
                                  "one promise gives each deadline"))
            continue
        section, key = record.sets.split(".")
        settings = disclosures if section == "disclosures" else surveys
        value = int(record.bound.value)
        written = settings.locs.get(key)
        if written and getattr(settings, key) != value:
            problems.append(error(written, f"{record.sets} {getattr(settings, key)} disagrees with the charter's "
                                           f"promise '{record.id}' ({record.bound.text}, {commitment.source}:"
                                           f"{commitment.line}); change one of them, or leave it out here"))
            continue
        settings = dataclasses.replace(settings, **{key: value})
        # The charter's words may say what site.yaml could not: "다음 달 31일까지" is still out of range,
        # and such a value never reaches date arithmetic.
        out_of_range = settings.problems()
        problems += [error(record.locs.get("sets", record.loc), f"{p.message} (set by the charter's promise "
                                                                  f"'{record.id}')") for p in out_of_range]
        if out_of_range:
            continue
        if section == "disclosures":
            disclosures = settings
        else:
            surveys = settings
    return dataclasses.replace(config, disclosures=disclosures, surveys=surveys), problems
