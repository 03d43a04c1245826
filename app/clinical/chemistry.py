"""STS salt forms: pentahydrate and anhydrous masses, thiosulfate and sodium amounts."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import NamedTuple

from app.clinical.facts import MOLAR_MASS_ANHYDROUS, MOLAR_MASS_PENTAHYDRATE, SODIUM_PER_THIOSULFATE
from app.clinical.working import Working
from app.quantities import display
from app.quantities.fast import in_unit, quantity_of, scaled
from app.quantities.registry import DIMENSIONLESS, MG, MMOL, PintUnit, Qty


class Basis(StrEnum):
    """The salt form an STS mass or strength is expressed as."""

    PENTAHYDRATE = "pentahydrate"
    ANHYDROUS = "anhydrous"


_MOLAR_MASS = {Basis.PENTAHYDRATE: MOLAR_MASS_PENTAHYDRATE, Basis.ANHYDROUS: MOLAR_MASS_ANHYDROUS}


def molar_mass(basis: Basis) -> Qty:
    """The molar mass of the given salt form."""
    molar: Qty = _MOLAR_MASS[basis].value  # a Fact's value is untyped: it may be words
    return molar


@cache
def _ratio(source: Basis, target: Basis) -> float:
    """Mass of `target` salt per mass of `source` salt for the same moles: a pure number."""
    return float((molar_mass(target) / molar_mass(source)).to(DIMENSIONLESS).magnitude)


@cache
def _pentahydrate_mg_per_mmol() -> float:
    """The pentahydrate molar mass in mg/mmol, so mg ÷ it is mmol with no conversion."""
    return MOLAR_MASS_PENTAHYDRATE.magnitude_in(MG / MMOL)


def convert(amount: Qty, source: Basis, target: Basis) -> Qty:
    """Re-express an STS mass (or strength) from one salt form to the other, same moles."""
    if source is target:
        return amount
    return scaled(amount, _ratio(source, target))


def to_pentahydrate(amount: Qty, basis: Basis) -> Qty:
    """The pentahydrate-basis equivalent of an STS amount given on either basis."""
    return convert(amount, basis, Basis.PENTAHYDRATE)


def thiosulfate(pentahydrate_mass: Qty) -> Qty:
    """Moles of thiosulfate in a mass of pentahydrate."""
    # mg ÷ (mg/mmol) is mmol: the magnitudes divide as pint would divide them.
    per_mmol = _pentahydrate_mg_per_mmol()
    return quantity_of(in_unit(pentahydrate_mass, MG).magnitude / per_mmol, MMOL)


def sodium(pentahydrate_mass: Qty) -> Qty:
    """Moles of sodium carried by the STS itself (two per thiosulfate)."""
    return sodium_of(thiosulfate(pentahydrate_mass))


def sodium_of(thiosulfate_amount: Qty) -> Qty:
    """Moles of sodium that go with an amount of thiosulfate (Na2S2O3: two per thiosulfate)."""
    return scaled(in_unit(thiosulfate_amount, MMOL), SODIUM_PER_THIOSULFATE.value.magnitude)


def explain_conversion(
    amount: Qty, source: Basis, target: Basis, unit: PintUnit, working: Working
) -> Qty:
    """Convert an STS amount between salt forms, citing the molar masses and showing the ratio."""
    converted = convert(amount, source, target)
    if source is target:
        return converted
    numerator = working.cite(_MOLAR_MASS[target]).value.magnitude
    denominator = working.cite(_MOLAR_MASS[source]).value.magnitude
    working.add(
        f"{display.quantity(amount, unit)} {source.value} × {numerator:g} / {denominator:g} "
        f"(molar masses, g/mol) = {display.quantity(converted, unit)} {target.value}"
    )
    return converted


class StsAmounts(NamedTuple):
    """An STS pentahydrate mass re-expressed: anhydrous mass, thiosulfate and its sodium."""

    anhydrous: Qty
    thiosulfate: Qty
    sodium: Qty


def explain_masses(pentahydrate_mass: Qty, working: Working) -> StsAmounts:
    """Add the salt-form and mole arithmetic for an STS pentahydrate mass to the working."""
    penta = working.cite(MOLAR_MASS_PENTAHYDRATE).value
    anhydrous = working.cite(MOLAR_MASS_ANHYDROUS).value
    working.cite(SODIUM_PER_THIOSULFATE)
    mass = display.quantity(pentahydrate_mass, MG)
    amounts = StsAmounts(
        convert(pentahydrate_mass, Basis.PENTAHYDRATE, Basis.ANHYDROUS),
        moles := thiosulfate(pentahydrate_mass),
        sodium_of(moles),
    )
    working.add(
        f"anhydrous = {mass} × {anhydrous.magnitude} / {penta.magnitude} = "
        f"{display.quantity(amounts.anhydrous, MG)}"
    )
    working.add(
        f"thiosulfate = {mass} ÷ {penta.magnitude} g/mol = {display.quantity(moles, MMOL)}; "
        f"sodium = 2 × thiosulfate = {display.quantity(amounts.sodium, MMOL)}"
    )
    return amounts
