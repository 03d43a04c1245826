"""Making and checking topical STS preparations, w/w or w/v, from either powder form."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.clinical.chemistry import Basis, convert, explain_conversion
from app.clinical.errors import InputError
from app.clinical.working import Caution, Working
from app.policy import Policy
from app.quantities import display
from app.quantities.fast import in_unit
from app.quantities.registry import (
    DIMENSIONLESS,
    MG,
    MG_PER_G,
    ML,
    PCT_WW,
    G,
    Qty,
    is_weight_per_weight,
    strength_unit,
)


@dataclass(frozen=True)
class Preparation:
    """What to weigh for a batch and the STS it holds."""

    powder: Qty
    vehicle: Qty | None  # None for w/v: made up to volume
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    strength: Qty  # mg/g or mg/mL on the strength basis
    working: Working
    warnings: list[Caution] = field(default_factory=list)


@dataclass(frozen=True)
class BatchCheck:
    """How a batch that was made compares with its label."""

    actual_strength: Qty
    deviation_percent: float
    within_tolerance: bool
    working: Working


def _check_quantity_matches(strength: Qty, quantity: Qty, field_name: str) -> None:
    """A w/w strength needs a mass of product, a w/v one a volume."""
    wants_mass = is_weight_per_weight(strength)
    if wants_mass and quantity.dimensionality != G.dimensionality:
        raise InputError(
            field_name, "must be a mass such as '100 g' for a w/w strength; got a volume"
        )
    if not wants_mass and quantity.dimensionality != ML.dimensionality:
        raise InputError(
            field_name, "must be a volume such as '100 mL' for a w/v strength; got a mass"
        )


def strength_warnings(
    strength: Qty, basis: Basis, working: Working, policy: Policy, what: str = ""
) -> list[Caution]:
    """Warn when a strength is above the highest published (or locally set) topical strength."""
    ceiling = policy.topical_max_strength
    unit = strength_unit(strength)
    # Compared by magnitude: 250 mg/g and 250 mg/mL are both "25 %" on their own basis.
    if in_unit(strength, unit).magnitude <= in_unit(ceiling.value, MG_PER_G).magnitude:
        return []
    working.cite(ceiling)
    highest = display.number(float(ceiling.value.to(PCT_WW).magnitude))
    # The code stays the same for a local ceiling; the sentence and source say which it is.
    whose = "locally set" if policy.is_overridden(ceiling) else "published"
    return [
        Caution(
            "strength_above_published",
            f"{what}{display.quantity(strength, unit)} ({basis.value}) is above the highest "
            f"{whose} topical strength, {highest} %.",
            ceiling.source,
        )
    ]


def rest_of_batch(batch: Qty, weighed: Qty, field_name: str, refusal: str) -> Qty:
    """What is left of a batch mass once the rest is weighed; an InputError if nothing is."""
    rest = in_unit(batch - weighed, G)
    if rest.magnitude <= 0:
        raise InputError(field_name, refusal)
    return rest


def on_both_bases(sts: Qty, basis: Basis, powder: Basis, working: Working) -> tuple[Qty, Qty]:
    """A batch's STS as pentahydrate and as anhydrous, in g, the other basis shown once."""
    if powder is basis:  # otherwise the powder line already showed the other salt form
        other = Basis.ANHYDROUS if basis is Basis.PENTAHYDRATE else Basis.PENTAHYDRATE
        working.add("the same STS on the other salt basis, for the record:")
        explain_conversion(sts, basis, other, G, working)
    penta = in_unit(convert(sts, basis, Basis.PENTAHYDRATE), G)
    return penta, in_unit(convert(penta, Basis.PENTAHYDRATE, Basis.ANHYDROUS), G)


def compound(
    strength: Qty, quantity: Qty, basis: Basis, powder: Basis, policy: Policy
) -> Preparation:
    """Work out the powder and vehicle to weigh for a batch of the given strength."""
    _check_quantity_matches(strength, quantity, "quantity")
    unit = strength_unit(strength)
    wants_mass = unit == MG_PER_G
    quantity = quantity.to(G if wants_mass else ML)
    working = Working()
    working.add(
        f"strength {display.quantity(strength, unit)} {'w/w' if wants_mass else 'w/v'}, "
        f"on the {basis.value} basis; powder weighed: {powder.value}"
    )
    sts = (in_unit(strength, unit) * quantity).to(G)
    working.add(
        f"STS ({basis.value}) = {display.quantity(strength, unit)} × "
        f"{display.quantity(quantity, G if wants_mass else ML)} = {display.quantity(sts, G)}"
    )
    powder_mass = in_unit(explain_conversion(sts, basis, powder, G, working), G)
    vehicle = None
    if wants_mass:
        vehicle = rest_of_batch(
            quantity, powder_mass, "strength",
            f"cannot be made from {powder.value} powder: the powder alone would weigh "
            f"{display.quantity(powder_mass, G)}, more than the batch",
        )
        working.add(
            f"base = {display.quantity(quantity, G)} − {display.quantity(powder_mass, G)} = "
            f"{display.quantity(vehicle, G)}"
        )
    else:
        working.add(
            f"dissolve {display.quantity(powder_mass, G)} {powder.value} powder and make up to "
            f"volume: {display.quantity(quantity, ML)}"
        )
    penta, anhydrous = on_both_bases(sts, basis, powder, working)
    return Preparation(
        powder=powder_mass,
        vehicle=vehicle,
        sts_pentahydrate=penta,
        sts_anhydrous=anhydrous,
        strength=in_unit(strength, unit),
        working=working,
        warnings=strength_warnings(strength, basis, working, policy),
    )


def check_batch(
    label: Qty,
    powder_mass: Qty,
    total: Qty,
    powder: Basis,
    basis: Basis,
    tolerance_percent: float,
) -> BatchCheck:
    """Compare the strength a batch actually has with its label."""
    total_field = "total_mass" if is_weight_per_weight(label) else "total_volume"
    _check_quantity_matches(label, total, total_field)
    unit = strength_unit(label)
    working = Working()
    working.add(
        f"label {display.quantity(label, unit)} {'w/w' if unit == MG_PER_G else 'w/v'} on the "
        f"{basis.value} basis; {display.quantity(powder_mass, G)} {powder.value} powder weighed"
    )
    sts = explain_conversion(in_unit(powder_mass, MG), powder, basis, G, working)
    if is_weight_per_weight(label) and powder_mass > total:
        raise InputError("powder_mass", "cannot be more than the total mass of the batch")
    actual = in_unit(sts / total, unit)
    working.add(
        f"actual strength = {display.quantity(sts, G)} ÷ "
        f"{display.quantity(total, G if unit == MG_PER_G else ML)} = "
        f"{display.quantity(actual, unit)}"
    )
    deviation = float(((actual - label) / label).to(DIMENSIONLESS).magnitude) * 100
    within = abs(deviation) <= tolerance_percent
    working.add(
        f"deviation = ({display.quantity(actual, unit)} − {display.quantity(label, unit)}) ÷ "
        f"{display.quantity(label, unit)} = {deviation:+.2f} %; tolerance ±{tolerance_percent:g} % "
        f"→ {'within' if within else 'OUTSIDE'} tolerance"
    )
    return BatchCheck(actual, deviation, within, working)
