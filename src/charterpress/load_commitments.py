"""Read `commitments.yaml` and tie each commitment to the charter item it quotes, checking that
the item's own words carry the commitment's number and unit. The register also sets the deadlines
the 정보목록 and survey features judge, unless site.yaml says the same thing itself."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from charterpress.body import Group, Item, ItemList
from charterpress.commitments import SETS_UNIT, CommitmentRecord, RegisterFile, written_in
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
    channel: str | None


def item_places(page: Page) -> Iterator[ItemPlace]:
    def walk(blocks, channel, lead):
        for block in blocks:
            if isinstance(block, Group):
                yield from walk(block.blocks, block.channel or channel, "")
            elif isinstance(block, ItemList):
                for item in block.items:
                    yield from visit(item, channel, lead)

    def visit(item: Item, channel, lead):
        yield ItemPlace(page, item, f"{lead} {item.text}".strip(), lead, channel)
        for child in item.children:
            yield from visit(child, channel, item.text)

    yield from walk(page.body.blocks, None, "")


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
    problems = []
    item_at = f"{place.page.source}:{place.item.line}"
    for value, unit, loc in numbers(record):
        if not written_in(value, unit, place.words):
            problems.append(error(loc, f"commitment '{record.id}' says {value}{unit}, but its item ({item_at}) "
                                       f"does not say it; the item's words are: {place.item.text}"))
    if record.sets and record.bound and record.bound.unit != SETS_UNIT[record.sets]:
        problems.append(error(record.locs.get("sets", record.loc), f"commitment '{record.id}' sets {record.sets}, "
                                                                   f"which is counted in {SETS_UNIT[record.sets]}, "
                                                                   f"not {record.bound.unit}"))
    if record.sets and not record.bound:
        problems.append(error(record.locs.get("sets", record.loc), f"commitment '{record.id}' sets {record.sets} "
                                                                   "but has no bound"))
    if problems:
        return None, problems
    channels = record.channel or ((place.channel,) if place.channel else ())
    department = place.page.title if place.page.kind == "department" else None
    return Commitment(record, place.page.path, place.page.source, place.item.id, place.item.text,
                      place.item.line, channels, department), []


def _quotes(record: CommitmentRecord, place: ItemPlace) -> bool:
    return " ".join(record.item.split()) in " ".join(place.item.text.split())


def numbers(record: CommitmentRecord) -> Iterator[tuple[Decimal, str, SourceLoc]]:
    """The numbers a commitment states, with the unit each is in: its bound and a compensation's 원."""
    if record.bound:
        yield record.bound.value, record.bound.unit, record.bound.loc
    if record.compensation and record.compensation.amount is not None:
        yield record.compensation.amount, "원", record.locs.get("compensation", record.loc)


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
