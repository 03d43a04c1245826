"""Safety ceilings for an injection visit and the warnings raised when a plan goes past them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.calendar.series import Slot
from app.clinical.facts import Fact
from app.clinical.patient import CHILD_UNTIL_MONTHS, Patient, Reference, months_old, reference
from app.clinical.working import Caution, Working
from app.policy import label_of
from app.quantities import display
from app.quantities.fast import in_unit
from app.quantities.registry import DAY, MG, ML, PintUnit, Qty

if TYPE_CHECKING:
    import datetime as dt

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
    lidocaine_label: str = "US label"  # whose figures: the US label, UK/Irish SmPCs, or local
    # BNFC's figure for a child aged 1 month to 11 years (issue 23), used on the visits the
    # patient is in that band; None without a weight and a birth date.
    lidocaine_child: Reference | None = None
    patient: Patient = Patient()

    @classmethod
    def for_patient(
        cls, patient: Patient, first_day: dt.date, working: Working, with_lidocaine: bool,
        policy: Policy,
    ) -> Ceilings:
        """The ceilings in force for a patient (or the caps alone without a weight)."""
        weight = patient.weight
        sts_per_kg, sts_cap = policy.sts_dose_per_kg, policy.sts_dose_max
        lido_per_kg, lido_cap = policy.lidocaine_max_per_kg, policy.lidocaine_max
        sts = reference(sts_per_kg, sts_cap, weight)
        lido = reference(lido_per_kg, lido_cap, weight)
        for fact in (sts_cap, sts_per_kg) if weight else (sts_cap,):
            working.cite(fact)
        working.add(
            "reference per visit, STS (the label's cyanide-antidote single IV dose, a "
            f"conservative reference, not a toxicity limit): {sts.basis}"
        )
        if weight is None:
            working.add("no patient weight given: compared with the adult reference; for a "
                        "child, give the weight")
        age = patient.age_on(first_day)
        if age is not None:
            working.add(f"patient aged {age} at the first visit")
        label = _label(label_of(lido_per_kg), label_of(lido_cap))
        child = None
        if with_lidocaine:
            for fact in (lido_cap, lido_per_kg) if weight else (lido_cap,):
                working.cite(fact)
            working.add(f"ceiling per visit, lidocaine ({label}): {lido.basis}")
            child = _child_lidocaine(patient, first_day, policy, working)
        return cls(sts.amount, sts.source, sts.basis, lido.amount, lido.source, lido.basis,
                   label, child, patient)

    def lidocaine_on(self, day: dt.date) -> tuple[Qty, str, str, str]:
        """The lidocaine ceiling on a visit day: amount, source, basis and whose figure."""
        child = self.lidocaine_child
        if child is not None and self.patient.is_lidocaine_child(day):
            return child.amount, child.source, child.basis, _CHILD
        return self.lidocaine, self.lidocaine_source, self.lidocaine_basis, self.lidocaine_label

    @property
    def lidocaine_least(self) -> Qty:
        """The lower of the adult and child lidocaine ceilings, for draw-up rounding."""
        child = self.lidocaine_child
        if child is None or _above(child.amount, self.lidocaine, MG):
            return self.lidocaine
        return child.amount


_CHILD = "BNF for Children, aged 1 month to 11 years"


def _label(per_kg: str, cap: str) -> str:
    """Whose lidocaine figures: one name when both come from one source, else each named."""
    return cap if per_kg == cap else f"{per_kg} per kg; {cap} cap"


def _child_lidocaine(
    patient: Patient, first_day: dt.date, policy: Policy, working: Working
) -> Reference | None:
    """BNFC's 3 mg/kg (never above the adult cap) when weight and birth date say the patient is
    a child aged 1 month to 11 years at the start (or reaches 1 month later); else None, with a
    working line when the birth date is what is missing."""
    child_per_kg = policy.lidocaine_child_per_kg
    if patient.weight is None or patient.birth_date is None:
        if patient.weight is not None:
            working.add(
                "no birth date given: the adult lidocaine figure is used; for a child aged "
                f"1 month to 11 years BNFC gives {child_per_kg.text}"
            )
        return None
    if months_old(patient.birth_date, first_day) >= CHILD_UNTIL_MONTHS:
        return None
    found = reference(child_per_kg, policy.lidocaine_max, patient.weight)
    working.cite(child_per_kg)
    working.add(
        "ceiling per visit, lidocaine, on visits while the patient is aged 1 month to 11 years "
        f"(BNF for Children): {found.basis}"
    )
    return found


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
            f"{where}: STS {display.quantity(sts, MG)} (pentahydrate) is above the conservative "
            f"per-visit reference, the label's cyanide-antidote single IV dose: "
            f"{ceilings.sts_basis}. Not a toxicity limit: calciphylaxis regimens give 25 g IV.",
            ceilings.sts_source,
        ))
    most, source, basis, label = ceilings.lidocaine_on(slot.date)
    if lidocaine is not None and _above(lidocaine, most, MG):
        found.append(Caution(
            "lidocaine_above_max",
            f"{where}: lidocaine {display.quantity(lidocaine, MG)} is above the maximum single "
            f"dose ({label}), {basis}.",
            source,
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
    """Warn when the interval asked for is shorter than `fact`, the shortest interval among
    the cited sources."""
    shortest = in_unit(fact.value, DAY).magnitude
    if interval_days >= shortest:
        return []
    return [Caution(
        "short_interval",
        f"The interval of {display.days(interval_days)} is shorter than the shortest interval "
        f"among the cited sources, {display.days(shortest)}.",
        fact.source,
    )]


def gap_warnings(
    slot: Slot, previous: Slot | None, interval_days: int, fact: Fact
) -> list[Caution]:
    """Warn when a visit comes sooner after the previous round than `fact`'s shortest interval
    among the cited sources and than asked."""
    if previous is None:
        return []
    gap = (slot.date - previous.date).days
    shortest = in_unit(fact.value, DAY).magnitude
    if gap >= shortest or gap >= interval_days:
        return []  # a short interval asked for is warned once, at plan level
    return [Caution(
        "short_interval",
        f"Round {slot.round} ({slot.date.isoformat()}) comes {display.days(gap)} after round "
        f"{previous.round}, shorter than the shortest interval among the cited sources, "
        f"{display.days(shortest)}.",
        fact.source,
    )]
