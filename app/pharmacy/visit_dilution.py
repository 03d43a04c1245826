"""Per-visit dilution of the injection: volumes of stock and diluent, and vials to open."""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.clinical.working import Working
from app.quantities import display
from app.quantities.fast import in_unit
from app.quantities.registry import ML, Qty


@dataclass(frozen=True)
class VisitDilution:
    """What one visit's mix is made from: stock and diluent volumes and the vials opened."""

    round: int
    volume: Qty  # the mix the visit injects, mL
    stock: Qty  # mL
    diluent: Qty  # mL
    vials: int | None  # None where the vial size is not known


def vials_to_open(stock: Qty, vial_volume: Qty) -> int:
    """Whole single-dose vials that hold `stock`: a part-used vial is not kept for later."""
    share: float = in_unit(stock, ML).magnitude / in_unit(vial_volume, ML).magnitude
    # A float just above a whole number (3.0000000001 vials) is rounding noise, not a vial.
    return max(1, math.ceil(round(share, 9)))


def per_visit(
    visits: list[tuple[int, Qty]], stock_parts: float, diluent_parts: float,
    vial_volume: Qty | None, working: Working,
) -> list[VisitDilution]:
    """Each visit's volume split into stock and diluent by parts (volumes taken as additive)."""
    share = stock_parts / (stock_parts + diluent_parts)
    working.add(f"stock share = {stock_parts:g} ÷ ({stock_parts:g} + {diluent_parts:g}) = "
                f"{display.number(share, 6)}; volumes taken as additive")
    if vial_volume is None:
        working.add("vials to open: the product's vial size is not known; count them by hand")
    found = []
    for round_number, volume in visits:
        total = in_unit(volume, ML)
        stock = total * share
        diluent = total - stock
        vials = None if vial_volume is None else vials_to_open(stock, vial_volume)
        if vials is not None and vial_volume is not None:
            working.add(
                f"round {round_number}: stock {display.quantity(stock, ML)} + diluent "
                f"{display.quantity(diluent, ML)} = {display.quantity(total, ML)}; "
                f"{display.quantity(stock, ML)} ÷ {display.quantity(vial_volume, ML)} per vial "
                f"→ {vials} vial(s) opened")
        found.append(VisitDilution(round_number, total, stock, diluent, vials))
    return found
