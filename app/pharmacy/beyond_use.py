"""Beyond-use dates from USP <795> and <797>, kept as sourced rules, limited by component expiry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from app.clinical.errors import InputError
from app.clinical.facts import Fact
from app.clinical.working import Working
from app.quantities.registry import DAY, PintUnit, Quantity, ureg

HOUR = ureg.Unit("hour")
USP_795 = "USP <795>"
USP_797 = "USP <797>"
_795_TEXT = "USP <795> Pharmaceutical Compounding – Nonsterile Preparations (2023 revision)"
_797_TEXT = "USP <797> Pharmaceutical Compounding – Sterile Preparations (2023 revision)"


class Form(StrEnum):
    """The kind of non-sterile preparation, as the pharmacist classes it (never guessed)."""

    AQUEOUS_UNPRESERVED = "aqueous-unpreserved"
    AQUEOUS_PRESERVED = "aqueous-preserved"
    NONAQUEOUS_ORAL_LIQUID = "nonaqueous-oral-liquid"
    NONAQUEOUS = "nonaqueous"


class Category(StrEnum):
    """The kind of sterile preparation under USP <797>."""

    IMMEDIATE = "immediate"
    CATEGORY_1 = "1"
    CATEGORY_2 = "2"


class Storage(StrEnum):
    """Where a sterile preparation is kept until it is used."""

    ROOM = "room"
    REFRIGERATOR = "refrigerator"
    FREEZER = "freezer"


@dataclass(frozen=True)
class BudRule:
    """One row of a chapter's table: the kind, its limit (a sourced Fact) and how to store it."""

    chapter: str
    kind: str
    fact: Fact
    storage: str

    @property
    def unit(self) -> str:
        """'days' or 'hours', the unit the chapter counts this limit in."""
        return "hours" if self.fact.value.units == HOUR else "days"

    @property
    def count(self) -> int:
        """The limit as a whole number of its own unit."""
        return int(self.fact.value.magnitude)

    @property
    def delta(self) -> dt.timedelta:
        """The limit as a time span to add to the compounding date or time."""
        return dt.timedelta(**{self.unit: self.count})


def _rule(chapter: str, kind: str, amount: int, unit: PintUnit, storage: str) -> BudRule:
    text = _795_TEXT if chapter == USP_795 else _797_TEXT
    fact = Fact(f"beyond-use limit, {kind}", Quantity(amount, unit), text)
    return BudRule(chapter, kind, fact, storage)


_FRIDGE = "Store in a refrigerator (2–8 °C)."
_ROOM_OR_FRIDGE = "Store at controlled room temperature (20–25 °C) or in a refrigerator (2–8 °C)."
NONSTERILE_RULES: dict[Form, BudRule] = {
    Form.AQUEOUS_UNPRESERVED: _rule(
        USP_795, "water-containing (aw ≥ 0.6), no preservative", 14, DAY, _FRIDGE),
    Form.AQUEOUS_PRESERVED: _rule(
        USP_795, "water-containing (aw ≥ 0.6), preserved", 35, DAY, _ROOM_OR_FRIDGE),
    Form.NONAQUEOUS_ORAL_LIQUID: _rule(
        USP_795, "non-aqueous oral liquid (aw < 0.6)", 90, DAY, _ROOM_OR_FRIDGE),
    Form.NONAQUEOUS: _rule(
        USP_795, "other non-aqueous form (aw < 0.6)", 180, DAY, _ROOM_OR_FRIDGE),
}

_ROOM = "Store at controlled room temperature (20–25 °C)."
_FREEZER = "Store frozen (−25 to −10 °C)."
STERILE_RULES: dict[tuple[Category, Storage], BudRule] = {
    (Category.IMMEDIATE, Storage.ROOM): _rule(
        USP_797, "immediate use, kept at room temperature (administration begins within 4 h of "
        "the start of preparation)",
        4, HOUR, "Immediate use: begin administration within 4 hours of the start of preparation."),
    (Category.IMMEDIATE, Storage.REFRIGERATOR): _rule(
        USP_797, "immediate use, kept in a refrigerator (administration begins within 4 h of "
        "the start of preparation)",
        4, HOUR, "Immediate use: begin administration within 4 hours of the start of preparation, "
        "whatever the storage."),
    (Category.CATEGORY_1, Storage.ROOM): _rule(
        USP_797, "Category 1, controlled room temperature", 12, HOUR, _ROOM),
    (Category.CATEGORY_1, Storage.REFRIGERATOR): _rule(
        USP_797, "Category 1, refrigerator", 24, HOUR, _FRIDGE),
    (Category.CATEGORY_2, Storage.ROOM): _rule(
        USP_797, "Category 2, aseptic, sterile starting components, no sterility test, "
        "controlled room temperature", 4, DAY, _ROOM),
    (Category.CATEGORY_2, Storage.REFRIGERATOR): _rule(
        USP_797, "Category 2, aseptic, sterile starting components, no sterility test, "
        "refrigerator", 10, DAY, _FRIDGE),
    (Category.CATEGORY_2, Storage.FREEZER): _rule(
        USP_797, "Category 2, aseptic, sterile starting components, no sterility test, freezer",
        45, DAY, _FREEZER),
}


@dataclass(frozen=True)
class Component:
    """An ingredient of the preparation and the last day its own label allows it to be used."""

    name: str
    expiry: dt.date


@dataclass(frozen=True)
class BeyondUse:
    """The assigned beyond-use date or time, what limited it, and the working behind it."""

    moment: dt.date | dt.datetime
    rule: BudRule
    limited_by: str | None  # None: the chapter's own limit applied
    working: Working

    @property
    def text(self) -> str:
        """The BUD as ISO text: a date, or a date and time to the minute for sterile ones."""
        if isinstance(self.moment, dt.datetime):
            return self.moment.strftime("%Y-%m-%dT%H:%M")
        return self.moment.isoformat()


def _earliest(
    components: Sequence[Component], start: dt.date, moment: str
) -> tuple[int, Component]:
    """The component that expires first (the first listed on a tie); refuse one already expired."""
    if not components:
        raise InputError("components", "must list at least one component with its expiry date")
    for index, component in enumerate(components):
        if component.expiry < start:
            raise InputError(
                f"components.{index}.expiry",
                f"{component.expiry.isoformat()} is before the {moment} "
                f"{start.isoformat()}: that component has expired and cannot be used",
            )
    return min(enumerate(components), key=lambda pair: (pair[1].expiry, pair[0]))


def _describe(rule: BudRule, working: Working) -> None:
    working.cite(rule.fact)
    working.add(f"Kind chosen by the pharmacist: {rule.kind} → {rule.count} {rule.unit} "
                f"({rule.chapter}).")


def nonsterile(form: Form, compounded: dt.date, components: Sequence[Component]) -> BeyondUse:
    """The BUD of a non-sterile preparation: the day of compounding plus the chapter's days,
    or the earliest component expiry when sooner (a component is usable through its date)."""
    _, first = _earliest(components, compounded, "compounding date")
    rule = NONSTERILE_RULES[form]
    working = Working()
    _describe(rule, working)
    by_chapter = compounded + rule.delta
    working.add(f"Chapter limit: {compounded.isoformat()} + {rule.count} days = "
                f"{by_chapter.isoformat()}.")
    working.add(f"Earliest component expiry: {first.name}, {first.expiry.isoformat()} "
                "(usable through that date).")
    if first.expiry < by_chapter:
        working.add(f"The component expires first: BUD {first.expiry.isoformat()}.")
        return BeyondUse(first.expiry, rule, first.name, working)
    working.add(f"The chapter's date is not later than any expiry: BUD {by_chapter.isoformat()}.")
    return BeyondUse(by_chapter, rule, None, working)


def sterile(
    category: Category, storage: Storage, prepared: dt.datetime, components: Sequence[Component]
) -> BeyondUse:
    """The BUD of a sterile preparation: the start of preparation plus the chapter's hours or
    days, or 00:00 after the earliest component expiry day when that is sooner."""
    rule = STERILE_RULES.get((category, storage))
    if rule is None:
        raise InputError("storage", f"'freezer' is not allowed for category '{category.value}': "
                         "USP <797> allows frozen storage only for Category 2")
    _, first = _earliest(components, prepared.date(), "preparation date")
    working = Working()
    _describe(rule, working)
    by_chapter = prepared + rule.delta
    written = "%Y-%m-%dT%H:%M"
    working.add(f"Chapter limit: {prepared.strftime(written)} + {rule.count} {rule.unit} = "
                f"{by_chapter.strftime(written)}.")
    usable_until = dt.datetime.combine(first.expiry + dt.timedelta(days=1), dt.time())
    working.add(f"Earliest component expiry: {first.name}, {first.expiry.isoformat()}: usable "
                f"until {usable_until.strftime(written)}.")
    if usable_until < by_chapter:
        working.add(f"The component expires first: BUD {usable_until.strftime(written)}.")
        return BeyondUse(usable_until, rule, first.name, working)
    working.add("The chapter's time is not later than any expiry: "
                f"BUD {by_chapter.strftime(written)}.")
    return BeyondUse(by_chapter, rule, None, working)
