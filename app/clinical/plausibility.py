"""Clinical plausibility: warn beyond reported experience, refuse beyond the absurd (facts via the
Policy, so a deployment may override each with its source)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.clinical.errors import InputError
from app.clinical.facts import (
    BODY_SURFACE_MAX,
    BODY_WEIGHT_MIN,
    INJECTION_SITE_VOLUME_MAX,
    INJECTION_SITE_VOLUME_REPORTED,
    INJECTION_VISIT_VOLUME_MAX,
    INJECTION_VISIT_VOLUME_REPORTED,
    TOPICAL_DENSITY_MAX,
    Fact,
)
from app.clinical.patient import Reference
from app.clinical.working import Caution, Working
from app.quantities import display
from app.quantities.fast import in_unit, magnitude_in
from app.quantities.registry import CM2, KG, MG_PER_CM2, MG_PER_ML, ML, G, PintUnit, Qty

if TYPE_CHECKING:  # the policy is passed in by its callers; app.clinical sits below app.policy
    from app.policy import Policy


def _above(amount: Qty, fact: Fact, unit: PintUnit) -> bool:
    """amount > the fact's value, compared as magnitudes in `unit`."""
    return bool(magnitude_in(amount, unit) > magnitude_in(fact.value, unit))


def check_weight(weight: Qty | None, policy: Policy) -> None:
    """Refuse a body weight below the lightest patient anyone plans for."""
    lowest = policy.fact(BODY_WEIGHT_MIN)
    if weight is not None and in_unit(weight, KG).magnitude < lowest.value.magnitude:
        raise InputError(
            "patient_weight",
            f"must be at least {display.quantity(lowest.value, KG)}: "
            f"{display.quantity(weight, KG, 3)} is not a human body weight ({lowest.source})",
        )


@dataclass(frozen=True)
class InjectionLimits:
    """The volume references (warn) and bounds (refuse) in force for a plan."""

    site_reported: Fact
    visit_reported: Fact
    site_max: Fact
    visit_max: Fact

    @classmethod
    def in_force(cls, policy: Policy) -> InjectionLimits:
        """The four facts in force: published, or a deployment's sourced override."""
        return cls(
            policy.fact(INJECTION_SITE_VOLUME_REPORTED),
            policy.fact(INJECTION_VISIT_VOLUME_REPORTED),
            policy.fact(INJECTION_SITE_VOLUME_MAX), policy.fact(INJECTION_VISIT_VOLUME_MAX),
        )

    def describe(self, working: Working) -> None:
        """State the four figures once in the working, citing each."""
        for fact in (self.site_reported, self.visit_reported, self.site_max, self.visit_max):
            working.cite(fact)
        working.add(
            "volumes: warned above "
            f"{display.quantity(self.visit_reported.value, ML)} a visit (the largest reported) or "
            f"{display.quantity(self.site_reported.value, ML)} a site (that visit shared evenly "
            "over its sites; no volume per site is reported); "
            f"refused above {display.quantity(self.site_max.value, ML)} a site or "
            f"{display.quantity(self.visit_max.value, ML)} a visit (implausible)"
        )

    def check_site(self, field: str, name: str, volume: Qty) -> None:
        """Refuse one site's volume beyond the plausibility bound."""
        if _above(volume, self.site_max, ML):
            raise InputError(
                field,
                f"of {display.quantity(volume, ML)} for '{name}' is implausible for one "
                f"intralesional site: at most {display.quantity(self.site_max.value, ML)} "
                f"({self.site_max.source})",
            )

    def visit(self, where: str, doses: Sequence[tuple[str, Qty]], volume: Qty) -> list[Caution]:
        """Refuse a visit beyond the bound; warn about sites and visits beyond what is reported."""
        if _above(volume, self.visit_max, ML):
            raise InputError(
                "sites",
                f"give {display.quantity(volume, ML)} at {where}, implausible for one "
                f"intralesional visit: at most {display.quantity(self.visit_max.value, ML)} "
                f"({self.visit_max.source})",
            )
        most = magnitude_in(self.site_reported.value, ML)
        found = [
            Caution(
                "site_volume_above_reported",
                f"{where}: {name} gets {display.quantity(drawn, ML)}, more than "
                f"{display.quantity(self.site_reported.value, ML)} a site, the largest reported "
                "visit shared evenly over its sites (no volume per site is reported).",
                self.site_reported.source,
            )
            for name, drawn in doses if magnitude_in(drawn, ML) > most
        ]
        if _above(volume, self.visit_reported, ML):
            found.append(Caution(
                "visit_volume_above_reported",
                f"{where}: {display.quantity(volume, ML)} in all, more than the largest volume "
                f"per visit reported, {display.quantity(self.visit_reported.value, ML)}.",
                self.visit_reported.source,
            ))
        return found


def check_topical_area(areas: Sequence[Qty], policy: Policy) -> float:
    """The total treated area (cm²); refused when it is more skin than a body has."""
    total: float = sum(in_unit(area, CM2).magnitude for area in areas)
    largest = policy.fact(BODY_SURFACE_MAX)
    if total > in_unit(largest.value, CM2).magnitude:
        raise InputError(
            "sites",
            f"add up to {display.number(total)} cm², more than a body surface: at most "
            f"{display.quantity(largest.value, CM2)} ({largest.source})",
        )
    return total


def check_topical_density(
    per_application: Qty, area_cm2: float, field: str, reference: Fact, policy: Policy
) -> list[Caution]:
    """Refuse a layer beyond the bound; warn above `reference`, the heaviest convention."""
    density = in_unit(per_application, G).magnitude * 1000 / area_cm2
    heaviest = policy.fact(TOPICAL_DENSITY_MAX)
    shown = f"{display.number(density)} mg/cm²"
    if density > in_unit(heaviest.value, MG_PER_CM2).magnitude:
        raise InputError(
            field,
            f"gives {shown} over {display.number(area_cm2)} cm², implausible: at most "
            f"{display.quantity(heaviest.value, MG_PER_CM2)} ({heaviest.source})",
        )
    if density <= in_unit(reference.value, MG_PER_CM2).magnitude:
        return []
    return [Caution(
        "amount_above_conventions",
        f"{display.quantity(per_application, G)} per application over "
        f"{display.number(area_cm2)} cm² is {shown}, heavier than the heaviest published "
        f"convention, {display.quantity(reference.value, MG_PER_CM2)} (about six times the "
        "fingertip-unit density of ≈ 1.6 mg/cm²).",
        reference.source,
    )]


def check_wv_density(strength: Qty, density: Qty, field: str) -> None:
    """Refuse a w/v strength whose STS would weigh more than the preparation holding it."""
    # mg of STS per mg of preparation: above 1 the STS alone outweighs what holds it.
    per_gram = in_unit(strength, MG_PER_ML).magnitude / in_unit(density, MG_PER_ML).magnitude
    if per_gram > 1:
        raise InputError(
            field,
            f"of {display.quantity(density, MG_PER_ML)} cannot hold "
            f"{display.quantity(strength, MG_PER_ML)}: that is "
            f"{display.number(per_gram * 1000)} mg of STS per g of preparation, more than the "
            "preparation weighs (physically impossible)",
        )


def check_topical_day(
    label: str, sts_per_application: Qty, per_day: int, reference: Reference
) -> list[Caution]:
    """Warn when a day's applications at one strength hold more STS than the systemic reference
    (the label's single IV dose, per kg of a weight given), since how much crosses the skin is
    not known."""
    day = in_unit(sts_per_application, G).magnitude * per_day
    if day <= in_unit(reference.amount, G).magnitude:
        return []
    return [Caution(
        "topical_sts_above_systemic_dose",
        f"At {label}: {per_day} application(s) a day hold {display.number(day)} g of STS "
        f"(pentahydrate), more than the daily reference, the label's single IV dose: "
        f"{reference.basis}; how much is absorbed through the skin is not known.",
        reference.source,
    )]
