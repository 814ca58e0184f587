"""Render the commitments register: 우리의 약속 한눈에 보기, and the register as JSON with its schema."""

from __future__ import annotations

import dataclasses
import itertools
import json
from decimal import Decimal
from pathlib import Path

from charterpress import urls
from charterpress.model import Commitment
from charterpress.render import OutputFile, Renderer, View

SCHEMA = Path(__file__).parent / "schema" / "commitments.schema.json"


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)


def as_json(c: Commitment) -> dict:
    r = c.record
    bound = r.bound and {"value": _number(r.bound.value), "unit": r.bound.unit, "op": r.bound.op,
                         "basis": r.bound.basis, "per": r.bound.per, "anchor": r.bound.anchor or None,
                         "text": r.bound.text}
    trigger = r.trigger and {"value": _number(r.trigger.value), "unit": r.trigger.unit, "op": r.trigger.op,
                             "basis": r.trigger.basis, "about": r.trigger.about or None, "text": r.trigger.text}
    m = r.compensation
    money = m and {"form": m.form, "amount": _number(m.amount), "cap": _number(m.cap),
                   "per": m.per and {"value": _number(m.per.value), "unit": m.per.unit},
                   "tiers": [{"condition": t.condition, "amount": _number(t.amount), "form": t.form or None}
                             for t in m.tiers],
                   "eligible": m.eligible or None, "condition": m.condition or None, "text": m.text}
    return {
        "id": r.id, "kind": r.kind, "words": c.words, "text": r.statement, "link": c.link,
        "source": f"{c.source}:{c.line}",
        "department": c.department, "channels": list(c.channels), "measure": r.measure or None,
        "runs_from": r.runs_from or None, "bound": bound, "trigger": trigger, "action": r.action or None,
        "alternative": r.alternative or None,
        "exceptions": list(r.exceptions), "compensation": money, "target": _number(r.target),
        "results": [{"period": x.period, "met": _number(x.met), "sample": x.sample, "source": x.source or None}
                    for x in r.results],
        "sets": r.sets,
    }


class CommitmentPages:
    def __init__(self, renderer: Renderer, commitments: tuple[Commitment, ...]):
        self.r = renderer
        self.c = commitments

    def render(self) -> None:
        data = {"institution": self.r.site.config.name, "commitments": [as_json(c) for c in self.c]}
        register = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        self.r.files.append(OutputFile(urls.COMMITMENTS_JSON, register, "commitments.yaml"))
        self.r.files.append(OutputFile(urls.COMMITMENTS_SCHEMA, SCHEMA.read_bytes(), "(package)/schema"))
        groups = [(key, tuple(rows)) for key, rows in itertools.groupby(self._ordered(), key=self._group)]
        owner = self.r.site.config.owner
        charter = self.r.site.charter
        updated = charter.page.owner.updated if charter else None
        self.r.page("commitments.html",
                    View(urls.COMMITMENTS, self.r.ui("commitments_title"), "commitments",
                         dataclasses.replace(owner, updated=updated), (), "commitments.yaml"),
                    groups=groups, commitments=self.c,
                    json_path=urls.site_path(urls.COMMITMENTS_JSON),
                    schema_path=urls.site_path(urls.COMMITMENTS_SCHEMA),
                    json_size=len(register))

    @staticmethod
    def _group(c: Commitment) -> tuple[str | None, str | None]:
        return c.department, c.channels[0] if c.channels else None

    def _ordered(self) -> list[Commitment]:
        """공통 first, then departments in menu order; within each, channels in the charter's order."""
        departments = [None] + [d.title for d in self.r.site.departments]
        first_seen = {key: n for n, key in reversed(list(enumerate(map(self._group, self.c))))}
        return sorted(self.c, key=lambda c: (departments.index(c.department) if c.department in departments else 99,
                                             first_seen[self._group(c)]))
