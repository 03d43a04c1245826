"""Validated plan requests as the domain's specifications: the one place a request's fields
become the planners' inputs, for the plan use cases and for a kept course's schedule alike."""

from __future__ import annotations

from app.calendar.series import Closures
from app.clinical.patient import Patient
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.injection.plan import Given, InjectionSpec, ProtocolLimits, Site
from app.pharmacy import mixing
from app.quantities.registry import strength_unit
from app.topical.amounts import preset
from app.topical.plan import Step, TopicalSite, TopicalSpec


def injection_spec(request: InjectionPlanRequest) -> InjectionSpec:
    """The domain's view of a validated injection request."""
    m = request.mix
    limits = None
    if request.protocol_limits is not None:
        p = request.protocol_limits
        limits = ProtocolLimits(p.id, p.source, p.max_site_volume, p.max_visit_volume)
    return InjectionSpec(
        start_date=request.start_date,
        interval_days=request.interval_days,
        mixture=mixing.by_parts(m.stock, m.stock_basis, m.diluent, m.stock_parts, m.diluent_parts),
        sites=tuple(Site(s.name, s.volume, s.rounds, s.first_round) for s in request.sites),
        patient_weight=request.patient_weight,
        patient_birth_date=request.patient_birth_date,
        closures=Closures.of(request.closed_weekdays, request.closed_dates),
        given=tuple(Given(g.round, g.date, dict(g.volumes)) for g in request.given),
        limits=limits,
    )


def topical_spec(request: TopicalPlanRequest) -> TopicalSpec:
    """The domain's view of a validated topical request, a named amount convention filled in."""
    chosen = preset(request.amount_convention) if request.amount_convention else None
    per_area, per_application = request.amount_per_area, request.amount_per_application
    if chosen is not None and chosen.per_area:
        per_area = chosen.value  # fingertip units are counted from each site's area instead
    return TopicalSpec(
        start_date=request.start_date,
        steps=tuple(Step(s.strength.to(strength_unit(s.strength)), s.days) for s in request.steps),
        sites=tuple(TopicalSite(s.name, s.area) for s in request.sites),
        applications_per_day=request.applications_per_day,
        amount_per_area=per_area, amount_per_application=per_application, preset=chosen,
        review_interval_days=request.review_interval_days, strength_basis=request.strength_basis,
        density=request.density, dispense_step=request.dispense_step,
        patient=Patient(request.patient_weight, request.patient_birth_date),
    )
