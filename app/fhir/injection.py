"""An injection course's MedicationRequest (a dosage for each visit and for each site) and a
MedicationAdministration for each given or omitted round
(https://hl7.org/fhir/R4/medicationrequest.html, medicationadministration.html)."""

from __future__ import annotations

from functools import lru_cache

from app.contracts.json_values import JsonObject
from app.contracts.plans import InjectionPlanRequest, SiteIn
from app.courses.kinds import CourseStatus, RecordStatus
from app.courses.views import CourseRecord, CourseView, moment
from app.fhir import medication, statuses
from app.fhir.elements import (
    COURSE_SYSTEM,
    annotation,
    concept,
    identifier,
    quantity,
    record_notes,
    reference,
    resource_id,
    total,
)
from app.injection.models import InjectionPlanResult
from app.quantities import display
from app.quantities.fast import magnitude_in, product, quantity_of
from app.quantities.parsing import VOLUME, parse_quantity
from app.quantities.registry import MG, ML, Qty

ROUTE = concept("intralesional")


def _timing(course: CourseView, first: int, last: int, interval: int) -> JsonObject:
    """Every `interval` days from round `first` to round `last`, on their dates as now kept."""
    dates = course.schedule.visit_dates
    count = sum(1 for number in dates if first <= number <= last)
    return {"repeat": {
        "boundsPeriod": {"start": dates[first].isoformat(), "end": dates[last].isoformat()},
        "count": count, "frequency": 1, "period": interval, "periodUnit": "d"}}


def _visit_dosage(course: CourseView, plan: InjectionPlanRequest, concentration: Qty
                  ) -> JsonObject:
    """What the patient receives at each visit, all sites together, as planned. Only rounds
    with a site to treat are visits (a plan may leave a round empty)."""
    rounds = sorted(course.schedule.visit_dates)
    volumes: list[Qty] = []
    lines = []
    for number in rounds:
        sites = [s for s in plan.sites if s.first_round <= number < s.first_round + s.rounds]
        volume = total((s.volume for s in sites), ML)
        volumes.append(volume)
        sts = product(volume, concentration, MG)
        lines.append(f"round {number}: {display.quantity(volume, ML)} "
                     f"({display.quantity(sts, MG)} STS pentahydrate) "
                     f"into {len(sites)} site{'s' if len(sites) != 1 else ''}")
    low, high = min(volumes), max(volumes)
    dose = ({"doseQuantity": quantity(low, ML)} if low == high else
            {"doseRange": {"low": quantity(low, ML), "high": quantity(high, ML)}})
    return {
        "sequence": 1,
        "text": f"Intralesional, every {plan.interval_days} days, {len(rounds)} rounds as "
                "planned: " + "; ".join(lines),
        "timing": _timing(course, rounds[0], rounds[-1], plan.interval_days),
        "route": ROUTE, "doseAndRate": [dose], "maxDosePerAdministration": quantity(high, ML),
    }


def _site_dosage(course: CourseView, site: SiteIn, interval: int) -> JsonObject:
    """One site's planned volume at each of its rounds."""
    last = site.first_round + site.rounds - 1
    return {
        "sequence": 1,
        "text": f"{display.quantity(site.volume, ML)} into {site.name} at each of rounds "
                f"{site.first_round} to {last}",
        "site": concept(site.name),
        "timing": _timing(course, site.first_round, last, interval),
        "route": ROUTE, "doseAndRate": [{"doseQuantity": quantity(site.volume, ML)}],
    }


def _deferral(record: CourseRecord) -> dict[str, str]:
    text = f"Round {record.round} deferred to {record.date.isoformat()}: {record.reason}"
    if record.entered_in_error is not None:
        text += f" (entered in error: {record.entered_in_error.reason})"
    return annotation(text, record.by, record.at)


def request(course: CourseView, patient: JsonObject, drug: JsonObject) -> JsonObject:
    """The one MedicationRequest of an injection course."""
    plan = course.schedule.request
    result = course.schedule.result
    assert isinstance(plan, InjectionPlanRequest) and isinstance(result, InjectionPlanResult)
    body: JsonObject = {
        "resourceType": "MedicationRequest", "id": resource_id(course.id, "MedicationRequest", "1"),
        "contained": [drug],
        "status": statuses.REQUEST_STATUS[CourseStatus(course.status)],
        "intent": statuses.REQUEST_INTENT,
        "medicationReference": medication.pointer(),
        "subject": reference(patient),
        "authoredOn": moment(course.created.at),
        "groupIdentifier": identifier(COURSE_SYSTEM, course.id),
        "dosageInstruction": [
            _visit_dosage(course, plan, result.concentration),
            *(_site_dosage(course, site, plan.interval_days) for site in plan.sites),
        ],
    }
    if course.stopped is not None:
        body["statusReason"] = concept(f"Stopped: {course.stopped.reason}")
    notes = [_deferral(r) for r in course.records if r.status == RecordStatus.DEFERRED]
    if notes:
        body["note"] = notes
    return body


@lru_cache(maxsize=1024)
def _millilitres(text: str) -> float:
    """A recorded volume's text in mL (records repeat the same few texts, and parsing each costs
    more than the rest of its mapping)."""
    return float(magnitude_in(parse_quantity(text, VOLUME), ML))


def _volume(text: str) -> Qty:
    """A recorded volume, as it was validated when recorded."""
    return quantity_of(_millilitres(text), ML)


def _given(record: CourseRecord) -> JsonObject:
    """The dosage of a given round: the volume at each site, and their sum."""
    volumes = {name: _volume(text) for name, text in (record.volumes or {}).items()}
    each = "; ".join(f"{name} {display.quantity(v, ML)}" for name, v in volumes.items())
    dosage: JsonObject = {"text": f"Round {record.round}: {each}", "route": ROUTE,
                              "dose": quantity(total(volumes.values(), ML), ML)}
    if len(volumes) == 1:
        dosage["site"] = concept(next(iter(volumes)))
    return dosage


def administration(course: CourseView, record: CourseRecord, patient: JsonObject,
                   order: JsonObject, drug: JsonObject) -> JsonObject:
    """A given or omitted round: completed with its dose, or not-done with its reason."""
    body = medication.of_record(
        "MedicationAdministration", course.id, record, drug,
        statuses.record_status(record, statuses.ADMINISTRATION_STATUS), patient)
    body["effectiveDateTime"] = record.date.isoformat()
    body["request"] = reference(order)
    if record.status == RecordStatus.OMITTED:
        body["statusReason"] = [concept(record.reason or "no reason recorded")]
        body["dosage"] = {"text": f"Round {record.round}: not given", "route": ROUTE}
    else:
        body["dosage"] = _given(record)
    notes = record_notes(record)
    if notes:
        body["note"] = notes
    return body


def resources(course: CourseView, patient: JsonObject) -> list[JsonObject]:
    """The request, then an administration for each given or omitted record, in record order."""
    result = course.schedule.result
    plan = course.schedule.request
    assert isinstance(result, InjectionPlanResult) and isinstance(plan, InjectionPlanRequest)
    mix = plan.mix
    drug = medication.injection(result.concentration,
                                str(mix.diluent) if mix.diluent_parts else None,
                                result.lidocaine_concentration)
    order = request(course, patient, drug)
    return [order, *(administration(course, r, patient, order, drug) for r in course.records
                     if r.status in statuses.ADMINISTRATION_STATUS)]
