"""Multi-ingredient topical formulas as data, scaled to a batch with either STS powder form."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.clinical.chemistry import Basis, explain_conversion
from app.clinical.errors import InputError
from app.clinical.facts import EAHP_OINTMENT_SALT_FORM, Fact
from app.clinical.working import Caution, Working
from app.pharmacy.compounding import on_both_bases, rest_of_batch, strength_warnings
from app.policy import Policy
from app.quantities import display
from app.quantities.fast import in_unit
from app.quantities.registry import DIMENSIONLESS, MG_PER_G, G, Qty, Quantity


@dataclass(frozen=True)
class Ingredient:
    """One line of a formula: an amount per formula batch, and whether it is the STS or q.s."""

    name: str
    amount: Qty  # mass per `Formula.batch`
    is_sts: bool = False
    qs: bool = False  # made up to the batch mass: absorbs any change in the powder's mass


@dataclass(frozen=True)
class Formula:
    """A published formula: its ingredients per stated batch mass and where it comes from."""

    id: str
    title: str
    batch: Qty
    ingredients: tuple[Ingredient, ...]
    source: str
    salt_form: Fact  # what the source says (or does not say) about the STS salt form
    note: str = ""

    @property
    def strength(self) -> Qty:
        """The STS strength the formula states, mg/g on whichever basis is asked for."""
        sts = sum((i.amount for i in self.ingredients if i.is_sts), G * 0.0)
        return in_unit(sts / self.batch, MG_PER_G)


FORMULAS: tuple[Formula, ...] = (
    Formula(
        id="eahp-sts-25-ointment",
        title="Sodium thiosulfate 25 % ointment",
        batch=Quantity(100, G),
        ingredients=(
            Ingredient("sodium thiosulfate", Quantity(25, G), is_sts=True),
            Ingredient("glycerin", Quantity(10, G)),
            Ingredient("lanolin", Quantity(32.5, G)),
            Ingredient("white soft paraffin", Quantity(32.5, G), qs=True),
        ),
        source="EAHP good-practice submission (25 % ointment, per 100 g)",
        salt_form=EAHP_OINTMENT_SALT_FORM,
        note=(
            "The source lists fixed amounts; the planner makes up any difference in the powder's "
            "mass with white soft paraffin (q.s.)."
        ),
    ),
)


@dataclass(frozen=True)
class BatchLine:
    """What to weigh of one ingredient."""

    name: str
    mass: Qty
    is_sts: bool
    qs: bool


@dataclass(frozen=True)
class FormulaBatch:
    """A formula scaled to a batch: what to weigh, the STS it holds, and the working."""

    formula: Formula
    quantity: Qty
    lines: tuple[BatchLine, ...]
    powder: Qty
    sts_pentahydrate: Qty
    sts_anhydrous: Qty
    strength: Qty  # mg/g on the asked basis
    working: Working
    warnings: list[Caution] = field(default_factory=list)


def get_formula(formula_id: str) -> Formula:
    """The formula with this id, or an InputError listing the ids there are."""
    for formula in FORMULAS:
        if formula.id == formula_id:
            return formula
    known = ", ".join(f"'{f.id}'" for f in FORMULAS)
    raise InputError("formula", f"must be one of {known}; got '{formula_id}'")


def scale(
    formula: Formula, quantity: Qty, basis: Basis, powder: Basis, policy: Policy
) -> FormulaBatch:
    """Scale a formula to `quantity` of product, its STS read on `basis`, weighed as `powder`."""
    quantity = in_unit(quantity, G)
    working = Working()
    fact = working.cite(formula.salt_form)
    working.add(
        f"{formula.title} ({formula.source}): salt form of the STS {fact.value} in the source; "
        f"taken as {basis.value} as asked; powder weighed: {powder.value}"
    )
    factor = in_unit(quantity / formula.batch, DIMENSIONLESS)
    working.add(
        f"scale = {display.quantity(quantity, G)} ÷ {display.quantity(formula.batch, G)} = "
        f"{display.number(float(factor.magnitude), 6)}"
    )
    masses: dict[str, Qty] = {}
    sts = G * 0.0
    for ingredient in formula.ingredients:
        if ingredient.qs:
            continue
        scaled = in_unit(ingredient.amount * factor, G)
        working.add(
            f"{ingredient.name} = {display.quantity(ingredient.amount, G)} × "
            f"{display.number(float(factor.magnitude), 6)} = {display.quantity(scaled, G)}"
            + (f" ({basis.value})" if ingredient.is_sts else "")
        )
        if ingredient.is_sts:
            sts = sts + scaled
            scaled = in_unit(explain_conversion(scaled, basis, powder, G, working), G)
        masses[ingredient.name] = scaled
    powder_mass = sum((masses[i.name] for i in formula.ingredients if i.is_sts), G * 0.0)
    _make_up(formula, quantity, masses, working)
    penta, anhydrous = on_both_bases(sts, basis, powder, working)
    strength = in_unit(sts / quantity, MG_PER_G)
    return FormulaBatch(
        formula=formula,
        quantity=quantity,
        lines=tuple(
            BatchLine(i.name, masses[i.name], i.is_sts, i.qs) for i in formula.ingredients
        ),
        powder=powder_mass,
        sts_pentahydrate=penta,
        sts_anhydrous=anhydrous,
        strength=strength,
        working=working,
        warnings=strength_warnings(strength, basis, working, policy),
    )


def _make_up(formula: Formula, quantity: Qty, masses: dict[str, Qty], working: Working) -> None:
    """Give the q.s. ingredient what is left of the batch mass, refusing a negative remainder."""
    for ingredient in formula.ingredients:
        if not ingredient.qs:
            continue
        others = sum(masses.values(), G * 0.0)
        rest = rest_of_batch(
            quantity, others, "powder",
            f"leaves no room for the {ingredient.name}: the other ingredients weigh "
            f"{display.quantity(others, G)}, the batch {display.quantity(quantity, G)}",
        )
        working.add(
            f"{ingredient.name} q.s. to {display.quantity(quantity, G)} = "
            f"{display.quantity(quantity, G)} − {display.quantity(others, G)} = "
            f"{display.quantity(rest, G)} (the formula has "
            f"{display.quantity(ingredient.amount * (quantity / formula.batch), G)})"
        )
        masses[ingredient.name] = rest
