"""Intralesional injection rounds: visits, the sites each treats, per-visit totals and warnings."""

from __future__ import annotations

from collections.abc import Iterable

from app.calendar.series import Slot, series
from app.clinical.chemistry import Basis, convert, sodium
from app.clinical.errors import InputError
from app.clinical.facts import SYRINGE_GRADUATIONS, Fact
from app.clinical.patient import Patient, Reference
from app.clinical.plausibility import InjectionLimits, check_weight
from app.clinical.text import distinct_sites
from app.clinical.working import Working
from app.injection.cautions import lidocaine_without_weight, plan_cautions
from app.injection.drawing import Draws, plan_draws
from app.injection.models import (
    Given,
    InjectionPlanResult,
    InjectionSpec,
    ProtocolLimits,
    Site,
    SiteDose,
    Totals,
    Visit,
)
from app.injection.safety import Ceilings, gap_warnings, interval_warnings, visit_warnings
from app.pharmacy.products import DILUENT_SODIUM
from app.policy import Policy
from app.quantities import display
from app.quantities.arithmetic import times
from app.quantities.fast import canonical, magnitude_in, product, quantity_of
from app.quantities.registry import MG, MG_PER_ML, ML, MMOL, MMOL_PER_L, MMOL_PER_ML, PintUnit, Qty

__all__ = [
    "Given", "InjectionPlanResult", "InjectionSpec", "ProtocolLimits", "Site", "SiteDose",
    "Totals", "Visit", "plan_injections",
]


def _sum(quantities: Iterable[Qty], unit: PintUnit) -> Qty:
    """The sum of quantities, added as magnitudes in `unit` (pint's own + is slow for 40 sites)."""
    return quantity_of(sum(magnitude_in(q, unit) for q in quantities), unit)


def _check_given(spec: InjectionSpec, rounds: int) -> dict[int, Given]:
    """Index the reported rounds, refusing rounds or sites the plan does not have."""
    reported: dict[int, Given] = {}
    for entry in spec.given:
        if entry.round in reported:
            raise InputError("given", f"lists round {entry.round} twice")
        if entry.round > rounds:
            raise InputError("given", f"mentions round {entry.round}; the plan has {rounds}")
        for name in entry.volumes:
            site = next((s for s in spec.sites if s.name == name), None)
            if site is None or not site.treated_at(entry.round):
                raise InputError(
                    "given", f"gives a volume for '{name}' at round {entry.round}, "
                    "but that site is not injected at that round"
                )
        reported[entry.round] = entry
    return reported


def _doses(spec: InjectionSpec) -> dict[str, tuple[Qty, Qty]]:
    """Each site's planned volume (mL) and STS (mg, pentahydrate), computed once per site."""
    return {
        site.name: (v := canonical(site.volume, ML), product(v, spec.mixture.concentration, MG))
        for site in spec.sites
    }


def _visit(
    slot: Slot, previous: Slot | None, spec: InjectionSpec, planned: dict[str, tuple[Qty, Qty]],
    given: Given | None, ceilings: Ceilings, diluent_sodium_per_ml: Qty | None,
    shortest: Fact, limits: InjectionLimits, draws: Draws,
) -> Visit:
    """The sites, amounts and warnings of one visit, checked on what is drawn up."""
    rows: list[tuple[str, Qty, Qty, bool]] = []
    for site in spec.sites:
        if not site.treated_at(slot.round):
            continue
        volume, sts = planned[site.name]
        override = given.volumes.get(site.name) if given else None
        if override is not None:
            volume = canonical(override, ML)
            sts = product(volume, spec.mixture.concentration, MG)
        rows.append((site.name, volume, sts, override is not None))
    drawn = draws.visit([row[1] for row in rows])
    doses = [SiteDose(*row, m) for row, m in zip(rows, drawn, strict=True)]
    volume = _sum((d.volume for d in doses), ML)
    sts = _sum((d.sts_pentahydrate for d in doses), MG)
    lidocaine = None
    if spec.mixture.lidocaine is not None:
        lidocaine = product(volume, spec.mixture.lidocaine, MG)
    diluent_sodium = None
    if diluent_sodium_per_ml is not None:
        diluent_sodium = product(volume, diluent_sodium_per_ml, MMOL)
    # Each site is checked on the larger of plan and draw-up; the visit on the larger total,
    # so a site rounded down may make room for one rounded up.
    checked = [_as_drawn(d, spec.mixture.concentration) for d in doses]
    drawn_volume = quantity_of(sum(m.quantity.magnitude for m in drawn), ML)
    checked_volume = drawn_volume if drawn_volume.magnitude > volume.magnitude else volume
    checked_lidocaine = None
    if spec.mixture.lidocaine is not None:
        checked_lidocaine = product(checked_volume, spec.mixture.lidocaine, MG)
    warnings = gap_warnings(slot, previous, spec.interval_days, shortest)
    warnings += visit_warnings(
        slot, checked, checked_volume, product(checked_volume, spec.mixture.concentration, MG),
        checked_lidocaine, ceilings, spec.limits,
    )
    where = f"Round {slot.round} ({slot.date.isoformat()})"
    warnings += limits.visit(where, [(d.name, d.volume) for d in checked], checked_volume)
    return Visit(
        round=slot.round,
        date=slot.date,
        moved_from=slot.moved_from,
        given=slot.given,
        sites=tuple(doses),
        volume=volume,
        sts_pentahydrate=sts,
        sts_anhydrous=convert(sts, Basis.PENTAHYDRATE, Basis.ANHYDROUS),
        sodium=sodium(sts),
        lidocaine=lidocaine,
        warnings=tuple(warnings),
        diluent_sodium=diluent_sodium,
        drawn_volume=drawn_volume,
    )


def _as_drawn(dose: SiteDose, concentration: Qty) -> SiteDose:
    """The dose as the checks see it: the draw-up where it is more than the plan, so rounding
    never carries a dose past a limit unseen."""
    if dose.drawn is None or dose.drawn.quantity.magnitude <= dose.volume.magnitude:
        return dose  # volumes here are canonical mL (see _doses)
    volume = canonical(dose.drawn.quantity, ML)
    # Built directly: dataclasses.replace costs more than the rest of this check (~15 per plan).
    return SiteDose(dose.name, volume, product(volume, concentration, MG), dose.changed,
                    dose.drawn)


def _diluent_sodium(spec: InjectionSpec, working: Working) -> Qty | None:
    """Sodium per mL of mix from a saline diluent (reported apart), or None without one."""
    fact = DILUENT_SODIUM.get(spec.mixture.diluent)
    share = spec.mixture.diluent_share
    if fact is None or share <= 0:
        return None
    per_ml = times(working.cite(fact).value, share).to(MMOL_PER_ML)
    working.add(
        f"sodium from the {spec.mixture.diluent.value} (reported apart from the STS sodium): "
        f"{display.quantity(fact.value, MMOL_PER_L)} × {share:.4g} of each mL = "
        f"{display.quantity(per_ml, MMOL_PER_ML)}"
    )
    return per_ml


def _totals(visits: list[Visit], with_lidocaine: bool) -> Totals:
    """The course totals: the sums of the visits."""
    sts = _sum((v.sts_pentahydrate for v in visits), MG)
    lidocaine = diluent_sodium = None
    if with_lidocaine:
        lidocaine = _sum((v.lidocaine for v in visits if v.lidocaine is not None), MG)
    if any(v.diluent_sodium is not None for v in visits):
        diluent_sodium = _sum((v.diluent_sodium for v in visits if v.diluent_sodium), MMOL)
    return Totals(
        volume=_sum((v.volume for v in visits), ML),
        sts_pentahydrate=sts,
        sts_anhydrous=convert(sts, Basis.PENTAHYDRATE, Basis.ANHYDROUS),
        sodium=_sum((v.sodium for v in visits), MMOL),
        lidocaine=lidocaine,
        diluent_sodium=diluent_sodium,
    )


def _explain_visit(visit: Visit, working: Working) -> None:
    """One working line per visit."""
    extra = ""
    if visit.diluent_sodium is not None:
        extra += f" (+ {display.quantity(visit.diluent_sodium, MMOL)} from the saline)"
    if visit.lidocaine is not None:
        extra += f", lidocaine {display.quantity(visit.lidocaine, MG)}"
    count = len(visit.sites)
    working.add(
        f"round {visit.round} ({display.date(visit.date)}): {count} site{'s' * (count != 1)}, "
        f"{display.quantity(visit.volume, ML)} → STS {display.quantity(visit.sts_pentahydrate, MG)}"
        f" pentahydrate ({display.quantity(visit.sts_anhydrous, MG)} anhydrous), sodium from STS "
        f"{display.quantity(visit.sodium, MMOL)}{extra}"
    )


def _describe_limits(limits: ProtocolLimits) -> str:
    """A working line naming the template's volume limits and its citation."""
    stated = [
        f"{label} {display.quantity(value, ML)}"
        for label, value in (("per site", limits.max_site_volume),
                             ("per visit", limits.max_visit_volume))
        if value is not None
    ]
    return (
        f"protocol template '{limits.protocol_id}' limits: {', '.join(stated) or 'none'} "
        f"({limits.source})"
    )


def _checked_slots(
    spec: InjectionSpec, policy: Policy, volume_limits: InjectionLimits
) -> tuple[dict[int, Given], list[Slot]]:
    """The rounds reported as given, and the dated slot of every round, once the sites, the
    reported rounds, the weight and every volume have passed their checks."""
    distinct_sites([site.name for site in spec.sites])
    rounds = max(site.last_round for site in spec.sites)
    reported = _check_given(spec, rounds)
    dates = {n: g.date for n, g in reported.items() if g.date is not None}
    slots = series(spec.start_date, spec.interval_days, rounds, spec.closures, dates)
    check_weight(spec.patient_weight, policy)
    Patient(spec.patient_weight, spec.patient_birth_date).check(spec.start_date)
    for index, site in enumerate(spec.sites):
        volume_limits.check_site(f"sites.{index}.volume", site.name, site.volume)
    for entry in spec.given:
        for name, volume in entry.volumes.items():
            volume_limits.check_site("given", name, volume)
    return reported, slots


def _explain_sites(spec: InjectionSpec, planned: dict[str, tuple[Qty, Qty]],
                   working: Working) -> None:
    """One line a site: its volume, the concentration and the STS it gets at which rounds."""
    concentration = display.quantity(spec.mixture.concentration, MG_PER_ML)  # once, not per site
    for site in spec.sites:
        volume, sts = planned[site.name]
        working.add(
            f"{site.name}: {display.quantity(volume, ML)} × {concentration} = "
            f"{display.quantity(sts, MG)} STS at rounds {site.first_round}–{site.last_round}"
        )


def _explain_changes(visit: Visit, planned: dict[str, tuple[Qty, Qty]],
                     working: Working) -> None:
    """A line for each site of the visit given another volume than planned."""
    for dose in visit.sites:
        if dose.changed:
            working.add(
                f"round {visit.round}: {dose.name} given {display.quantity(dose.volume, ML)} "
                f"instead of {display.quantity(planned[dose.name][0], ML)} → "
                f"{display.quantity(dose.sts_pentahydrate, MG)} STS"
            )


def plan_injections(spec: InjectionSpec, policy: Policy) -> InjectionPlanResult:
    """Lay out an intralesional course, add up each visit, and check it against `policy`."""
    volume_limits = InjectionLimits.in_force(policy)
    reported, slots = _checked_slots(spec, policy, volume_limits)
    working = Working()
    working.extend(spec.mixture.working)
    patient = Patient(spec.patient_weight, spec.patient_birth_date)
    with_lidocaine = spec.mixture.lidocaine is not None
    ceilings = Ceilings.for_patient(patient, spec.start_date, working, with_lidocaine, policy)
    if spec.limits is not None:
        working.add(_describe_limits(spec.limits))
    volume_limits.describe(working)
    draws = plan_draws(ceilings, volume_limits, spec.limits, spec.mixture.concentration,
                       spec.mixture.lidocaine)
    working.cite(SYRINGE_GRADUATIONS)
    working.add(
        "draw-ups: each volume rounded to its syringe's marks, or down to the mark below where "
        "rounding up would cross a limit the plan keeps; every check is made on what is drawn up"
    )
    planned = _doses(spec)
    diluent_sodium = _diluent_sodium(spec, working)
    _explain_sites(spec, planned, working)
    shortest = policy.min_interval
    visits: list[Visit] = []
    for previous, slot in zip([None, *slots], slots, strict=False):
        line = slot.explain()
        if line:
            working.add(line)
        visit = _visit(
            slot, previous, spec, planned, reported.get(slot.round), ceilings, diluent_sodium,
            shortest, volume_limits, draws,
        )
        if not visit.sites:
            working.add(f"round {slot.round}: no site is injected, so there is no visit")
            continue
        visits.append(visit)
        _explain_changes(visit, planned, working)
        _explain_visit(visit, working)
    counted = [visit for visit in visits if visit.round not in spec.omitted]
    if len(counted) < len(visits):
        skipped = ", ".join(str(v.round) for v in visits if v.round in spec.omitted)
        working.add(f"omitted round(s) {skipped}: not given, so not counted in the totals")
    warnings = interval_warnings(spec.interval_days, working.cite(shortest))
    if with_lidocaine and patient.weight is None:
        cap = Reference(ceilings.lidocaine, ceilings.lidocaine_source, ceilings.lidocaine_basis)
        warnings.append(lidocaine_without_weight(cap, policy.lidocaine_child_per_kg.text))
    warnings += [w for visit in counted for w in visit.warnings]
    totals = _totals(counted, with_lidocaine)
    working.add(
        f"course: {len(counted)} visits, {display.quantity(totals.volume, ML)}, STS "
        f"{display.quantity(totals.sts_pentahydrate, MG)} pentahydrate, sodium "
        f"{display.quantity(totals.sodium, MMOL)}"
    )
    return InjectionPlanResult(
        concentration=spec.mixture.concentration,
        concentration_anhydrous=spec.mixture.concentration_anhydrous,
        lidocaine_concentration=spec.mixture.lidocaine,
        visits=tuple(visits),
        totals=totals,
        warnings=tuple(warnings),
        working=working,
        # Every round omitted still leaves the planned visits' sodium to say (always present).
        cautions=plan_cautions(
            counted or visits, patient,
            Reference(ceilings.sts, ceilings.sts_source, ceilings.sts_basis), with_lidocaine,
            policy),
    )
