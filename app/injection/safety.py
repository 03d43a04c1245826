"""Safety ceilings for an injection visit and the warnings raised when a plan goes past them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.calendar.series import Slot
from app.clinical.facts import Fact
from app.clinical.working import Caution, Working
from app.quantities import display
from app.quantities.fast import in_unit, product, quantity_of
from app.quantities.registry import DAY, KG, MG, MG_PER_KG, ML, PintUnit, Qty

if TYPE_CHECKING:
    from app.injection.models import ProtocolLimits, SiteDose
    from app.policy import Policy


@dataclass(frozen=True)
class Ceilings:
    """The most STS and lidocaine one visit should give, and how each was found."""

    sts: Qty
    sts_source: str
    sts_basis: str  # e.g. "250 mg/kg × 20 kg = 5 g"
    lidocaine: Qty
    lidocaine_source: str
    lidocaine_basis: str

    @classmethod
    def for_weight(
        cls, weight: Qty | None, working: Working, with_lidocaine: bool, policy: Policy
    ) -> Ceilings:
        """The ceilings in force for a patient weight (or the caps alone without one)."""
        sts_per_kg, sts_cap = policy.sts_dose_per_kg, policy.sts_dose_max
        lido_per_kg, lido_cap = policy.lidocaine_max_per_kg, policy.lidocaine_max
        sts, sts_source, sts_basis = _ceiling(sts_per_kg, sts_cap, weight)
        lido, lido_source, lido_basis = _ceiling(lido_per_kg, lido_cap, weight)
        for fact in (sts_cap, sts_per_kg) if weight else (sts_cap,):
            working.cite(fact)
        working.add(f"ceiling per visit, STS (label single IV dose, for reference): {sts_basis}")
        if with_lidocaine:
            for fact in (lido_cap, lido_per_kg) if weight else (lido_cap,):
                working.cite(fact)
            working.add(f"ceiling per visit, lidocaine: {lido_basis}")
        return cls(sts, sts_source, sts_basis, lido, lido_source, lido_basis)


def _ceiling(per_kg: Fact, cap: Fact, weight: Qty | None) -> tuple[Qty, str, str]:
    """The ceiling, its sources and how it was found: per kg of weight, never above the cap."""
    most = quantity_of(cap.magnitude_in(MG), MG)
    if weight is None:
        return most, cap.source, f"{display.quantity(most, MG)} (no patient_weight given)"
    by_weight = product(per_kg.value, weight, MG)
    sources = cap.source if per_kg.source == cap.source else f"{per_kg.source}; {cap.source}"
    basis = _capped(per_kg.value, weight, by_weight, most)
    return most if _above(by_weight, most, MG) else by_weight, sources, basis


def _capped(per_kg: Qty, weight: Qty, amount: Qty, cap: Qty) -> str:
    """'250 mg/kg × 20 kg = 5,000 mg' plus the cap when the cap is lower."""
    text = (
        f"{display.quantity(per_kg, MG_PER_KG)} × {display.quantity(weight, KG)} = "
        f"{display.quantity(amount, MG)}"
    )
    if _above(amount, cap, MG):
        return text + f", capped at {display.quantity(cap, MG)}"
    return text + f" (cap {display.quantity(cap, MG)})"


def _above(amount: Qty, limit: Qty, unit: PintUnit) -> bool:
    """amount > limit, compared in `unit`: pint's own comparison costs more than a visit's sums."""
    return bool(in_unit(amount, unit).magnitude > in_unit(limit, unit).magnitude)


def visit_warnings(
    slot: Slot,
    doses: Sequence[SiteDose],
    volume: Qty,
    sts: Qty,
    lidocaine: Qty | None,
    ceilings: Ceilings,
    limits: ProtocolLimits | None,
) -> list[Caution]:
    """Every warning one visit raises."""
    where = f"Round {slot.round} ({slot.date.isoformat()})"
    found: list[Caution] = []
    if _above(sts, ceilings.sts, MG):
        found.append(Caution(
            "sts_above_systemic_dose",
            f"{where}: STS {display.quantity(sts, MG)} (pentahydrate) is above the label's single "
            f"IV dose, {ceilings.sts_basis}.",
            ceilings.sts_source,
        ))
    if lidocaine is not None and _above(lidocaine, ceilings.lidocaine, MG):
        found.append(Caution(
            "lidocaine_above_max",
            f"{where}: lidocaine {display.quantity(lidocaine, MG)} is above the maximum single "
            f"dose, {ceilings.lidocaine_basis}.",
            ceilings.lidocaine_source,
        ))
    if limits is not None:
        found += _protocol_warnings(where, doses, volume, limits)
    return found


def _protocol_warnings(
    where: str, doses: Sequence[SiteDose], volume: Qty, limits: ProtocolLimits
) -> list[Caution]:
    """Volumes beyond what the protocol template the plan came from says."""
    source = f"protocol template '{limits.protocol_id}': {limits.source}"
    found: list[Caution] = []
    if limits.max_site_volume is not None:
        for dose in doses:
            if _above(dose.volume, limits.max_site_volume, ML):
                found.append(Caution(
                    "site_volume_above_protocol",
                    f"{where}: {dose.name} gets {display.quantity(dose.volume, ML)}, more than "
                    f"the {display.quantity(limits.max_site_volume, ML)} per site the protocol "
                    "template states.",
                    source,
                ))
    if limits.max_visit_volume is not None and _above(volume, limits.max_visit_volume, ML):
        found.append(Caution(
            "visit_volume_above_protocol",
            f"{where}: {display.quantity(volume, ML)} in all, more than the "
            f"{display.quantity(limits.max_visit_volume, ML)} per visit the protocol template "
            "states.",
            source,
        ))
    return found


def interval_warnings(interval_days: int, fact: Fact) -> list[Caution]:
    """Warn when the interval asked for is shorter than `fact`, the shortest published one."""
    shortest = in_unit(fact.value, DAY).magnitude
    if interval_days >= shortest:
        return []
    return [Caution(
        "short_interval",
        f"The interval of {interval_days} days is shorter than the shortest published "
        f"interval, {shortest:g} days.",
        fact.source,
    )]


def gap_warnings(
    slot: Slot, previous: Slot | None, interval_days: int, fact: Fact
) -> list[Caution]:
    """Warn when a visit comes sooner after the previous round than `fact`'s shortest published
    interval and than asked."""
    if previous is None:
        return []
    gap = (slot.date - previous.date).days
    shortest = in_unit(fact.value, DAY).magnitude
    if gap >= shortest or gap >= interval_days:
        return []  # a short interval asked for is warned once, at plan level
    return [Caution(
        "short_interval",
        f"Round {slot.round} ({slot.date.isoformat()}) comes {gap} days after round "
        f"{previous.round}, shorter than the shortest published interval, {shortest:g} days.",
        fact.source,
    )]
