"""The request that keeps a preparation with a topical course: what was made, from what, and
how it was checked; every amount a quantity, every date ISO text."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from app.contracts.courses import IsoDate, Lot, Note, Number, StrictModel
from app.contracts.fields import BatchAmount, BatchMass, PlainName

ComponentName = Annotated[PlainName, StringConstraints(max_length=80)]
Maker = Annotated[PlainName, StringConstraints(max_length=80)]


class ComponentIn(StrictModel):
    """One component as used: its maker, lot and expiry, and the amount actually measured."""

    name: ComponentName
    maker: Maker
    lot: Lot
    expiry: IsoDate
    actual: BatchAmount


class PreparationIn(StrictModel):
    """A batch made for one supply block of a topical course."""

    block: Number
    batch: Lot
    compounded: IsoDate
    # The kind of preparation under USP <795> sets the BUD; the pharmacist chooses it.
    form: Literal["aqueous-unpreserved", "aqueous-preserved", "nonaqueous-oral-liquid",
                  "nonaqueous"]
    powder: Literal["pentahydrate", "anhydrous"]
    quantity: BatchAmount
    powder_mass: BatchMass
    total: BatchAmount
    components: Annotated[list[ComponentIn], Field(min_length=1, max_length=10)]
    deviations: Note | None = None


class CheckIn(StrictModel):
    """A second person's check of a preparation, with an optional note."""

    note: Note | None = None
