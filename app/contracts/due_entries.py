"""One due-list entry, typed, and its one JSON encoder and decoder: the contract's object for
`GET /api/v1/due`, kept as text in the due index so that a long list is only joined."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from app.quantities import display
from app.quantities.fast import quantity_of, to_json
from app.quantities.parsing import STRENGTH, parse_quantity
from app.quantities.registry import MG, ML, UNIT_LABELS, G, Qty

Kind = Literal["injection", "topical"]
What = Literal["round", "dispense", "review"]
# The key that carries the number of each kind of entry, as the contract names it.
NUMBER_KEY: dict[str, str] = {"round": "round", "dispense": "block", "review": "review"}
# The key an entry of a course whose plan the planner now refuses carries (only then).
REFUSED_NOW = "plan_refused_now"
_UNITS = {label: unit for unit, label in UNIT_LABELS.items()}


@dataclass(frozen=True)
class DueEntry:
    """A round to give, a block to dispense or a review to hold, on its date."""

    course_id: str
    reference: str
    kind: Kind
    what: What
    number: int  # the round, block or review, from 1
    date: dt.date
    sites: tuple[str, ...] = ()  # a round's sites
    visit_volume: Qty | None = None  # a round's whole volume
    sts_pentahydrate: Qty | None = None  # a round's STS
    strength: Qty | None = None  # a block's strength
    amount: Qty | None = None  # a block's amount to dispense
    refused_now: bool = False  # the planner now refuses its course's plan: amend before recording

    def overdue(self, today: dt.date) -> bool:
        """True when the entry's date is before today."""
        return self.date < today


def _body(entry: DueEntry) -> dict[str, Any]:
    body: dict[str, Any] = {
        "course_id": entry.course_id, "patient": {"reference": entry.reference},
        "kind": entry.kind, "what": entry.what, NUMBER_KEY[entry.what]: entry.number,
        "date": entry.date.isoformat(),
    }
    if entry.what == "round":
        assert entry.visit_volume is not None and entry.sts_pentahydrate is not None
        body["sites"] = list(entry.sites)
        body["visit_volume"] = to_json(entry.visit_volume, ML)
        body["sts_pentahydrate"] = to_json(entry.sts_pentahydrate, MG)
    elif entry.what == "dispense":
        assert entry.strength is not None and entry.amount is not None
        body["strength"] = display.strength(entry.strength, concentration=False)
        body["amount"] = to_json(entry.amount, G)
    if entry.refused_now:
        body[REFUSED_NOW] = True
    return body


def encode(entry: DueEntry) -> str:
    """The entry as the contract's JSON text, written once when its course is written."""
    return json.dumps(_body(entry), separators=(",", ":"), allow_nan=False)


def _quantity(value: dict[str, Any]) -> Qty:
    return quantity_of(float(value["value"]), _UNITS[value["unit"]])


def decode(line: str) -> DueEntry:
    """An entry back from the text `encode` wrote (for the pages; the API only joins)."""
    body = json.loads(line)
    what: What = body["what"]
    entry = DueEntry(body["course_id"], body["patient"]["reference"], body["kind"], what,
                     int(body[NUMBER_KEY[what]]), dt.date.fromisoformat(body["date"]),
                     refused_now=body.get(REFUSED_NOW) is True)
    if what == "round":
        return replace(entry, sites=tuple(body["sites"]),
                       visit_volume=_quantity(body["visit_volume"]),
                       sts_pentahydrate=_quantity(body["sts_pentahydrate"]))
    if what == "dispense":
        return replace(entry, strength=parse_quantity(body["strength"], STRENGTH),
                       amount=_quantity(body["amount"]))
    return entry


def marked(line: str, refused_now: bool) -> str:
    """A kept entry's text with the refusal key set or taken away, the rest exactly as kept (a
    change of limits re-judges the plan; it does not move what is due)."""
    body = json.loads(line)
    body.pop(REFUSED_NOW, None)
    if refused_now:
        body[REFUSED_NOW] = True
    return json.dumps(body, separators=(",", ":"), allow_nan=False)


def is_marked(line: str) -> bool:
    """Whether a kept entry's text carries the refusal key, as `encode` and `marked` write it."""
    return f'"{REFUSED_NOW}":true' in line


def join(lines: Sequence[str]) -> bytes:
    """The due list as the contract's JSON array: the kept entries, already in order, joined."""
    return ("[" + ",".join(lines) + "]").encode()
