"""STS salt forms: pentahydrate and anhydrous masses, thiosulfate and sodium amounts."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from app import display
from app.facts import MOLAR_MASS_ANHYDROUS, MOLAR_MASS_PENTAHYDRATE, SODIUM_PER_THIOSULFATE
from app.units import MG, MMOL
from app.working import Working


class Basis(StrEnum):
    """The salt form an STS mass or strength is expressed as."""

    PENTAHYDRATE = "pentahydrate"
    ANHYDROUS = "anhydrous"


def molar_mass(basis: Basis) -> Any:
    """The molar mass of the given salt form."""
    fact = MOLAR_MASS_PENTAHYDRATE if basis is Basis.PENTAHYDRATE else MOLAR_MASS_ANHYDROUS
    return fact.value


def convert(amount: Any, source: Basis, target: Basis) -> Any:
    """Re-express an STS mass (or strength) from one salt form to the other, same moles."""
    if source is target:
        return amount
    return amount * (molar_mass(target) / molar_mass(source)).to("dimensionless")


def to_pentahydrate(amount: Any, basis: Basis) -> Any:
    """The pentahydrate-basis equivalent of an STS amount given on either basis."""
    return convert(amount, basis, Basis.PENTAHYDRATE)


def thiosulfate(pentahydrate_mass: Any) -> Any:
    """Moles of thiosulfate in a mass of pentahydrate."""
    return (pentahydrate_mass / MOLAR_MASS_PENTAHYDRATE.value).to(MMOL)


def sodium(pentahydrate_mass: Any) -> Any:
    """Moles of sodium carried by the STS itself (two per thiosulfate)."""
    return (thiosulfate(pentahydrate_mass) * SODIUM_PER_THIOSULFATE.value).to(MMOL)


def explain_masses(pentahydrate_mass: Any, working: Working) -> None:
    """Add the salt-form and mole arithmetic for an STS pentahydrate mass to the working."""
    penta = working.cite(MOLAR_MASS_PENTAHYDRATE).value
    anhydrous = working.cite(MOLAR_MASS_ANHYDROUS).value
    working.cite(SODIUM_PER_THIOSULFATE)
    mass = display.quantity(pentahydrate_mass, MG)
    working.add(
        f"anhydrous = {mass} × {anhydrous.magnitude} / {penta.magnitude} = "
        f"{display.quantity(convert(pentahydrate_mass, Basis.PENTAHYDRATE, Basis.ANHYDROUS), MG)}"
    )
    working.add(
        f"thiosulfate = {mass} ÷ {penta.magnitude} g/mol = "
        f"{display.quantity(thiosulfate(pentahydrate_mass), MMOL)}; "
        f"sodium = 2 × thiosulfate = {display.quantity(sodium(pentahydrate_mass), MMOL)}"
    )
