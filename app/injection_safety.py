"""Safety ceilings for an injection visit and the warnings raised when a plan goes past them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app import display
from app.calendar import Slot
from app.facts import (
    LIDOCAINE_MAX,
    LIDOCAINE_MAX_PER_KG,
    MIN_INTERVAL,
    STS_IV_DOSE_MAX,
    STS_IV_DOSE_PER_KG,
)
from app.units import DAY, KG, MG, MG_PER_KG, ML
from app.working import Warning, Working

if TYPE_CHECKING:
    from app.injection_models import ProtocolLimits, SiteDose


@dataclass(frozen=True)
class Ceilings:
    """The most STS and lidocaine one visit should give, and how each was found."""

    sts: Any
    sts_source: str
    sts_basis: str  # e.g. "250 mg/kg × 20 kg = 5 g"
    lidocaine: Any
    lidocaine_source: str
    lidocaine_basis: str

    @classmethod
    def for_weight(cls, weight: Any | None, working: Working) -> Ceilings:
        """The label ceilings for a patient weight (or the adult caps without one)."""
        sts_cap = working.cite(STS_IV_DOSE_MAX).value.to(MG)
        lido_cap = working.cite(LIDOCAINE_MAX).value.to(MG)
        sts_source = STS_IV_DOSE_MAX.source
        lido_source = LIDOCAINE_MAX.source
        if weight is None:
            sts, lidocaine = sts_cap, lido_cap
            sts_basis = f"{display.quantity(sts_cap, MG)} (no patient_weight given)"
            lido_basis = f"{display.quantity(lido_cap, MG)} (no patient_weight given)"
        else:
            per_kg_sts = (working.cite(STS_IV_DOSE_PER_KG).value * weight).to(MG)
            per_kg_lido = (working.cite(LIDOCAINE_MAX_PER_KG).value * weight).to(MG)
            sts, lidocaine = min(per_kg_sts, sts_cap), min(per_kg_lido, lido_cap)
            sts_source = f"{STS_IV_DOSE_PER_KG.source}; {STS_IV_DOSE_MAX.source}"
            lido_source = f"{LIDOCAINE_MAX_PER_KG.source}"
            sts_basis = _capped(STS_IV_DOSE_PER_KG.value, weight, per_kg_sts, sts_cap)
            lido_basis = _capped(LIDOCAINE_MAX_PER_KG.value, weight, per_kg_lido, lido_cap)
        working.add(f"ceiling per visit, STS (label single IV dose): {sts_basis}")
        working.add(f"ceiling per visit, lidocaine: {lido_basis}")
        return cls(sts, sts_source, sts_basis, lidocaine, lido_source, lido_basis)


def _capped(per_kg: Any, weight: Any, amount: Any, cap: Any) -> str:
    """'250 mg/kg × 20 kg = 5,000 mg' plus the cap when the cap is lower."""
    text = (
        f"{display.quantity(per_kg, MG_PER_KG)} × {display.quantity(weight, KG)} = "
        f"{display.quantity(amount, MG)}"
    )
    if cap < amount:
        text += f", capped at {display.quantity(cap, MG)}"
    return text


def visit_warnings(
    slot: Slot,
    doses: Sequence[SiteDose],
    volume: Any,
    sts: Any,
    lidocaine: Any | None,
    ceilings: Ceilings,
    limits: ProtocolLimits | None,
) -> list[Warning]:
    """Every warning one visit raises."""
    where = f"Round {slot.round} ({slot.date.isoformat()})"
    found: list[Warning] = []
    if sts > ceilings.sts:
        found.append(Warning(
            "sts_above_systemic_dose",
            f"{where}: STS {display.quantity(sts, MG)} (pentahydrate) is above the label's single "
            f"IV dose, {ceilings.sts_basis}.",
            ceilings.sts_source,
        ))
    if lidocaine is not None and lidocaine > ceilings.lidocaine:
        found.append(Warning(
            "lidocaine_above_max",
            f"{where}: lidocaine {display.quantity(lidocaine, MG)} is above the maximum single "
            f"dose, {ceilings.lidocaine_basis}.",
            ceilings.lidocaine_source,
        ))
    if limits is not None:
        found += _protocol_warnings(where, doses, volume, limits)
    return found


def _protocol_warnings(
    where: str, doses: Sequence[SiteDose], volume: Any, limits: ProtocolLimits
) -> list[Warning]:
    """Volumes beyond what the protocol template the plan came from says."""
    source = f"protocol template '{limits.protocol_id}': {limits.source}"
    found: list[Warning] = []
    if limits.max_site_volume is not None:
        for dose in doses:
            if dose.volume > limits.max_site_volume:
                found.append(Warning(
                    "site_volume_above_protocol",
                    f"{where}: {dose.name} gets {display.quantity(dose.volume, ML)}, more than "
                    f"the {display.quantity(limits.max_site_volume, ML)} per site the protocol "
                    "template states.",
                    source,
                ))
    if limits.max_visit_volume is not None and volume > limits.max_visit_volume:
        found.append(Warning(
            "visit_volume_above_protocol",
            f"{where}: {display.quantity(volume, ML)} in all, more than the "
            f"{display.quantity(limits.max_visit_volume, ML)} per visit the protocol template "
            "states.",
            source,
        ))
    return found


def interval_warnings(
    interval_days: int, gap_days: Sequence[int], working: Working
) -> list[Warning]:
    """Warn when the interval asked for, or an actual gap between visits, is under a week."""
    shortest = working.cite(MIN_INTERVAL).value.to(DAY).magnitude
    found: list[Warning] = []
    if interval_days < shortest:
        found.append(Warning(
            "short_interval",
            f"The interval of {interval_days} days is shorter than the shortest published "
            f"interval, {shortest:g} days.",
            MIN_INTERVAL.source,
        ))
    for number, gap in enumerate(gap_days, start=2):
        if gap < shortest and gap < interval_days:
            found.append(Warning(
                "short_interval",
                f"Round {number} comes {gap} days after round {number - 1}, shorter than the "
                f"shortest published interval, {shortest:g} days.",
                MIN_INTERVAL.source,
            ))
    return found
