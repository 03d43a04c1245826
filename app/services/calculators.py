"""Pharmacy use cases: mix a stock, compound a preparation, check a batch, scale a formula."""

from __future__ import annotations

from app.clinical.errors import InputError
from app.contracts.calculators import CheckRequest, CompoundRequest, FormulaRequest, MixRequest
from app.pharmacy import compounding, formulas, mixing
from app.pharmacy.products import PRODUCTS, Product
from app.policy import Policy
from app.quantities.registry import is_weight_per_weight


def formulas_known() -> tuple[formulas.Formula, ...]:
    """The published formulas the planner can scale."""
    return formulas.FORMULAS


def products_known() -> tuple[Product, ...]:
    """The STS stock products the planner knows, with the basis each label states."""
    return PRODUCTS


def mix(request: MixRequest) -> mixing.MixResult:
    """Dilute a stock by stated volumes, or to a target strength and final volume."""
    if request.target is not None and request.final_volume is not None:
        return mixing.to_target(
            request.stock, request.stock_basis, request.diluent, request.target,
            request.final_volume,
        )
    assert request.stock_volume is not None and request.diluent_volume is not None
    return mixing.by_volumes(
        request.stock, request.stock_basis, request.diluent, request.stock_volume,
        request.diluent_volume,
    )


def compound(request: CompoundRequest, policy: Policy) -> compounding.Preparation:
    """What to weigh for a w/w or w/v preparation, warned against the topical ceiling."""
    return compounding.compound(
        request.strength, request.quantity, request.strength_basis, request.powder, policy
    )


def check_batch(request: CheckRequest) -> compounding.BatchCheck:
    """Compare a batch with its label, using the total that matches the label's basis."""
    wants_mass = is_weight_per_weight(request.strength)
    total = request.total_mass if wants_mass else request.total_volume
    if total is None:
        field, kind = ("total_mass", "mass") if wants_mass else ("total_volume", "volume")
        raise InputError(field, f"is needed: a {'w/w' if wants_mass else 'w/v'} label needs the "
                         f"total {kind} of the batch")
    return compounding.check_batch(
        request.strength, request.powder_mass, total, request.powder, request.strength_basis,
        request.tolerance_percent,
    )


def scale_formula(request: FormulaRequest, policy: Policy) -> formulas.FormulaBatch:
    """Scale a published formula to a batch; the salt form its source leaves open must be given."""
    formula = formulas.get_formula(request.formula)
    if request.strength_basis is None:
        raise InputError(
            "strength_basis",
            "is required: the source does not say whether its STS is the pentahydrate or the "
            "anhydrous salt; give 'pentahydrate' or 'anhydrous'",
        )
    return formulas.scale(formula, request.quantity, request.strength_basis, request.powder,
                          policy)
