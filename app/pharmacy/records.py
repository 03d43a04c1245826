"""Master formulation records: what a preparation is, how it is made and checked, its BUD rule."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from app.clinical.chemistry import Basis
from app.clinical.facts import BATCH_TOLERANCE
from app.pharmacy.beyond_use import NONSTERILE_RULES, STERILE_RULES, BudRule
from app.pharmacy.products import Diluent
from app.quantities.display import quantity
from app.quantities.fast import in_unit
from app.quantities.registry import (
    DIMENSIONLESS,
    MG_PER_G,
    MG_PER_ML,
    ML,
    PCT_WV,
    PCT_WW,
    G,
    Qty,
    Quantity,
    strength_unit,
)


class Kind(StrEnum):
    """Whether the preparation falls under USP <795> (non-sterile) or <797> (sterile)."""

    NONSTERILE = "nonsterile"
    STERILE = "sterile"


# The pharmacist picks one of these; a record never picks for them.
BUD_CHOICES: dict[Kind, dict[str, BudRule]] = {
    Kind.NONSTERILE: {form.value: rule for form, rule in NONSTERILE_RULES.items()},
    Kind.STERILE: {f"{category.value}-{storage.value}": rule
                   for (category, storage), rule in STERILE_RULES.items()},
}

OUTLINE_SOURCE = ("the planner's outline, not the formula's source (which gives no method): "
                  "the pharmacy's own procedure governs")
EXTERNAL = "For external use only"
INTRALESIONAL = "For intralesional injection"


@dataclass(frozen=True)
class RecordIngredient:
    """One ingredient of the reference batch; `amount` is None for 'q.s.' (made up to the batch)."""

    name: str
    amount: Qty | None
    note: str = ""


@dataclass(frozen=True)
class MasterFormulation:
    """A master formulation record: every field a pharmacist needs to make the preparation."""

    id: str
    name: str
    strength: Qty  # mg/g (w/w) or mg/mL (w/v, and solutions)
    basis: Basis | None  # None: the source does not say, so the pharmacist must choose
    basis_note: str
    dosage_form: str
    route: str
    batch: Qty  # the reference batch the ingredient amounts are given for
    ingredients: tuple[RecordIngredient, ...]
    method: tuple[str, ...]
    container: str
    kind: Kind
    quality_checks: tuple[str, ...]
    warning: str
    source: str
    method_source: str = OUTLINE_SOURCE

    @property
    def convention(self) -> str:
        """'w/w' for a strength per mass, 'w/v' for one per volume."""
        return "w/w" if strength_unit(self.strength) == MG_PER_G else "w/v"

    @property
    def bud_choices(self) -> dict[str, BudRule]:
        """The beyond-use rules the pharmacist may choose between for this kind."""
        return BUD_CHOICES[self.kind]

    @property
    def other_checks(self) -> tuple[str, ...]:
        """The checks besides the batch check and yield (a worksheet has rows for those two)."""
        return tuple(c for c in self.quality_checks if c not in (BATCH_CHECK, YIELD))

    def bud_rule(self, key: str | None) -> BudRule | None:
        """The rule chosen by its key, or None when none (or one of another kind) was chosen."""
        return self.bud_choices.get(key or "")


BATCH_CHECK = ("Batch check against the label: the strength from the powder and the total "
               f"actually weighed, within the tolerance (±{BATCH_TOLERANCE.text} unless the "
               "pharmacy sets another).")
YIELD = "Yield: the mass or volume made against the batch planned."
_NONSTERILE_CHECKS = (
    BATCH_CHECK,
    YIELD,
    "Appearance: uniform, with no grit, lumps or separation.",
    "Label and container checked against this record by a second person.",
)
_STERILE_CHECKS = (
    "Volumes of stock and diluent checked by a second person before they are combined.",
    "Visual inspection: clear, free of particles, container intact.",
    "Label checked against this record; BUD and storage written on it.",
)


def topical(
    id: str, name: str, strength: Qty, basis: Basis | None, basis_note: str,
    dosage_form: str, ingredients: tuple[RecordIngredient, ...], source: str,
) -> MasterFormulation:
    """A record for a non-sterile topical preparation, weighed (w/w) or made up to volume (w/v)."""
    by_mass = strength_unit(strength) == MG_PER_G
    make_up = ("Make up to the batch mass with the q.s. ingredient and mix until uniform."
               if by_mass else "Make up to the final volume with the vehicle and mix.")
    method = (
        "Check the order, this record and each component (name, manufacturer, lot, expiry) "
        "against the compounding record.",
        "Weigh the sodium thiosulfate powder in the salt form recorded, and each other "
        "ingredient; record every amount actually weighed.",
        "Incorporate the powder into the base a little at a time (geometric dilution), or "
        "dissolve it first where the formula says so, until uniform.",
        make_up,
        "Fill the container, label it, and record the yield and the batch check.",
    )
    return MasterFormulation(
        id=id, name=name, strength=strength, basis=basis, basis_note=basis_note,
        dosage_form=dosage_form, route="topical (on the skin, under occlusion where prescribed)",
        batch=Quantity(100, G if by_mass else ML), ingredients=ingredients, method=method,
        container="Tight, light-resistant jar or tube: the source names none, so the pharmacist "
        "chooses and records it.",
        kind=Kind.NONSTERILE, quality_checks=_NONSTERILE_CHECKS, warning=EXTERNAL, source=source,
    )


def powder_and_base(strength: Qty, basis: Basis | None) -> tuple[RecordIngredient, ...]:
    """STS powder and a base q.s., per 100 g (w/w) or 100 mL (w/v), for a strength alone."""
    unit = strength_unit(strength)
    batch = Quantity(100, G if unit == MG_PER_G else ML)
    sts = in_unit(in_unit(strength, unit) * batch, G)
    form = f"{basis.value} basis" if basis else "salt form to be chosen"
    return (
        RecordIngredient("Sodium thiosulfate", sts, form),
        RecordIngredient("Base (vehicle)", None,
                         "q.s.: the source does not name it; the pharmacist chooses and "
                         "records it"),
    )


def dilution(
    id: str, name: str, stock: Qty, basis: Basis, diluent: Diluent, stock_parts: float,
    diluent_parts: float, concentration: Qty, source: str,
) -> MasterFormulation:
    """A record for a sterile dilution of the injection for intralesional use (USP <797>)."""
    batch: Qty = Quantity(10, ML)
    share = Quantity(stock_parts / (stock_parts + diluent_parts), DIMENSIONLESS)
    stock_volume = in_unit(batch * share, ML)
    ingredients = (
        RecordIngredient(f"Sodium thiosulfate injection {quantity(stock, MG_PER_ML)} "
                         f"({basis.value})", stock_volume,
                         f"{stock_parts:g} part(s)"),
        RecordIngredient(f"Diluent: {diluent.value}", in_unit(batch - stock_volume, ML),
                         f"{diluent_parts:g} part(s)"),
    )
    method = (
        "Prepare under USP <797>: in the primary engineering control for Category 1 or 2, or "
        "under the immediate-use conditions, as chosen below.",
        "Check each component (name, manufacturer, lot, expiry); disinfect the vial stoppers.",
        "Draw up the stock and the diluent with sterile syringes; a second person checks the "
        "volumes.",
        "Combine, mix gently, inspect, and label with the BUD and storage.",
    )
    return MasterFormulation(
        id=id, name=name, strength=in_unit(concentration, MG_PER_ML), basis=Basis.PENTAHYDRATE,
        basis_note="the injection is labelled as the pentahydrate",
        dosage_form="solution for intralesional injection", route="intralesional",
        batch=batch, ingredients=ingredients, method=method,
        container="Sterile single-use syringe(s) or a sterile empty vial, labelled.",
        kind=Kind.STERILE, quality_checks=_STERILE_CHECKS, warning=INTRALESIONAL, source=source,
    )


def strength_text(record: MasterFormulation) -> str:
    """The strength with its convention and salt basis, e.g. '250 mg/g (25 % w/w), pentahydrate'."""
    unit = strength_unit(record.strength)
    percent = PCT_WW if unit == MG_PER_G else PCT_WV
    basis = record.basis.value if record.basis else "salt form not stated: choose"
    return f"{quantity(record.strength, unit)} ({quantity(record.strength, percent)}), {basis}"
