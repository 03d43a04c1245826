"""Injection plans: the seed case, per-visit arithmetic, rescheduling and safety warnings."""

from __future__ import annotations

import datetime as dt

import pytest

from app.calendar.series import Closures
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.injection.plan import Given, InjectionSpec, ProtocolLimits, Site, plan_injections
from app.pharmacy import mixing
from app.pharmacy.products import Diluent
from app.policy import PUBLISHED, Policy, policy_from_settings
from app.quantities.registry import KG, MG, MG_PER_ML, ML, MMOL, Quantity
from app.settings import load_settings

D = dt.date.fromisoformat
STOCK = Quantity(250, MG_PER_ML)


def mix(diluent=Diluent.SALINE, stock_parts=1, diluent_parts=0):
    return mixing.by_parts(STOCK, Basis.PENTAHYDRATE, diluent, stock_parts, diluent_parts)


def spec(sites, **overrides):
    values = dict(start_date=D("2020-05-07"), interval_days=14, mixture=mix(), sites=tuple(sites))
    values.update(overrides)
    return InjectionSpec(**values)


def mL(value):  # noqa: N802 - reads like the unit
    return Quantity(value, ML)


def codes(result):
    return [w.code for w in result.warnings]


SEED_SITES = (
    Site("right middle MCP", mL(1.25), 4),
    Site("left middle MCP", mL(1.25), 4),
    Site("right index DIP", mL(1.25), 4),
    Site("right elbow", mL(1.25), 3, first_round=2),
)


def test_seed_case_hands_four_rounds_elbow_three_from_round_two():
    result = plan_injections(spec(SEED_SITES), PUBLISHED)
    assert [v.date.isoformat() for v in result.visits] == [
        "2020-05-07", "2020-05-21", "2020-06-04", "2020-06-18",
    ]
    assert [len(v.sites) for v in result.visits] == [3, 4, 4, 4]
    assert "right elbow" not in [d.name for d in result.visits[0].sites]
    # Round 1: 3 × 1.25 mL × 250 mg/mL = 937.5 mg; rounds 2–4: 5 mL = 1,250 mg.
    assert [v.sts_pentahydrate.m_as(MG) for v in result.visits] == [937.5, 1250, 1250, 1250]
    # Worked example: 1,250 mg pentahydrate = 796.3 mg anhydrous = 10.07 mmol sodium.
    assert result.visits[1].sts_anhydrous.m_as(MG) == pytest.approx(796.3, abs=0.05)
    assert result.visits[1].sodium.m_as(MMOL) == pytest.approx(10.07, abs=0.005)
    assert result.totals.sts_pentahydrate.m_as(MG) == pytest.approx(4687.5)  # 937.5 + 3 × 1,250
    assert result.totals.volume.m_as(ML) == pytest.approx(18.75)
    assert result.totals.lidocaine is None and result.warnings == ()


def test_one_to_one_with_lidocaine_worked_example():
    # 2 mL stock + 2 mL 1 % lidocaine = 4 mL at 125 mg/mL STS (500 mg) and 5 mg/mL (20 mg).
    result = plan_injections(
        spec([Site("nodule", mL(4), 1)], mixture=mix(Diluent.LIDOCAINE_1, 1, 1)), PUBLISHED
    )
    visit = result.visits[0]
    assert result.concentration.m_as(MG_PER_ML) == pytest.approx(125)
    assert visit.sts_pentahydrate.m_as(MG) == pytest.approx(500)
    assert visit.lidocaine.m_as(MG) == pytest.approx(20)
    assert result.totals.lidocaine.m_as(MG) == pytest.approx(20)


@pytest.mark.parametrize(
    ("volume", "weight", "warned"),
    [
        (20, 20, False),  # 20 mL × 250 mg/mL = 5 g = 250 mg/kg × 20 kg: at the ceiling, not above
        (21, 20, True),  # 5.25 g > 5 g
        (50, 60, False),  # 12.5 g; 250 mg/kg × 60 kg = 15 g is capped at 12.5 g
        (51, 60, True),  # 12.75 g > 12.5 g cap
        (50, None, False),  # no weight: 12.5 g
        (51, None, True),
    ],
)
def test_sts_above_the_label_single_iv_dose(volume, weight, warned):
    patient = Quantity(weight, KG) if weight else None
    result = plan_injections(spec([Site("a", mL(volume), 2)], patient_weight=patient), PUBLISHED)
    assert codes(result).count("sts_above_systemic_dose") == (2 if warned else 0)
    assert all(("sts_above_systemic_dose" in [w.code for w in v.warnings]) == warned
               for v in result.visits)


@pytest.mark.parametrize(
    ("volume", "weight", "warned"),
    [
        (18, 20, False),  # 1:1 with 1 % → 5 mg/mL; 18 mL = 90 mg = 4.5 mg/kg × 20 kg
        (20, 20, True),  # 100 mg > 90 mg
        (60, None, False),  # 300 mg without a weight
        (62, None, True),  # 310 mg
        (60, 80, False),  # 4.5 × 80 = 360 mg capped at 300 mg; 60 mL = 300 mg
        (61, 80, True),
    ],
)
def test_lidocaine_above_its_maximum(volume, weight, warned):
    patient = Quantity(weight, KG) if weight else None
    result = plan_injections(spec(
        [Site("a", mL(volume), 1)], patient_weight=patient,
        mixture=mix(Diluent.LIDOCAINE_1, 1, 1),
    ), PUBLISHED)
    assert ("lidocaine_above_max" in codes(result)) == warned
    if warned:
        warning = next(w for w in result.warnings if w.code == "lidocaine_above_max")
        assert "lidocaine" in warning.source and warning.message.startswith("Round 1")


@pytest.mark.parametrize(("interval", "warned"), [(6, True), (7, False), (14, False)])
def test_short_interval(interval, warned):
    result = plan_injections(spec([Site("a", mL(0.5), 3)], interval_days=interval), PUBLISHED)
    assert ("short_interval" in codes(result)) == warned


def test_a_given_date_that_makes_a_short_gap_is_warned():
    # Round 2 given 3 days after round 1 although 14 were asked.
    result = plan_injections(spec(
        [Site("a", mL(0.5), 3)], given=(Given(2, D("2020-05-10")),)
    ), PUBLISHED)
    assert codes(result) == ["short_interval"]
    assert "Round 2 (2020-05-10) comes 3 days after round 1" in result.warnings[0].message
    assert [w.code for w in result.visits[1].warnings] == ["short_interval"]  # in the visit too


def test_mid_course_delay_and_changed_volume():
    # Round 2 given a week late (28 May) with 0.8 mL at the elbow: round 3 = 28 May + 14.
    result = plan_injections(spec(
        SEED_SITES,
        given=(Given(2, D("2020-05-28"), {"right elbow": mL(0.8)}),),
    ), PUBLISHED)
    assert [v.date.isoformat() for v in result.visits] == [
        "2020-05-07", "2020-05-28", "2020-06-11", "2020-06-25",
    ]
    second = result.visits[1]
    assert second.moved_from == D("2020-05-21") and second.given
    elbow = next(d for d in second.sites if d.name == "right elbow")
    assert elbow.changed and elbow.sts_pentahydrate.m_as(MG) == pytest.approx(200)  # 0.8 × 250
    assert second.volume.m_as(ML) == pytest.approx(4.55)  # 3 × 1.25 + 0.8
    assert result.visits[2].volume.m_as(ML) == pytest.approx(5)  # back to plan
    assert "round 2: right elbow given 0.8 mL instead of 1.25 mL → 200 mg STS" in (
        result.working.lines
    )


def test_closures_apply_to_visits():
    # Thu 21 May 2020 closed → Fri 22 May; round 3 = 22 May + 14 = Fri 5 Jun.
    result = plan_injections(spec(
        SEED_SITES, closures=Closures.of([6, 7], [D("2020-05-21")])
    ), PUBLISHED)
    assert [v.date.isoformat() for v in result.visits][1:3] == ["2020-05-22", "2020-06-05"]
    assert result.visits[1].moved_from == D("2020-05-21")


def test_protocol_limits_warn_per_site_and_per_visit():
    limits = ProtocolLimits("t", "a template", max_site_volume=mL(1), max_visit_volume=mL(5))
    result = plan_injections(spec(
        [Site("a", mL(1.5), 1), Site("b", mL(4), 1)], limits=limits
    ), PUBLISHED)
    # a: 1.5 > 1 and b: 4 > 1 per site; 5.5 > 5 per visit. Apart from the template, b's 4 mL
    # is above the largest reported 1.7 mL a site, and 5.5 mL above the largest reported visit.
    assert codes(result) == [
        "site_volume_above_protocol", "site_volume_above_protocol", "visit_volume_above_protocol",
        "site_volume_above_reported", "visit_volume_above_reported",
    ]
    assert all("a template" in w.source for w in result.warnings[:3])


def test_rounds_without_any_site_make_no_visit():
    result = plan_injections(spec([Site("late", mL(1), 1, first_round=3)]), PUBLISHED)
    # Round 3 is start + 2 × 14 days; rounds 1–2 treat nothing.
    assert [(v.round, v.date.isoformat()) for v in result.visits] == [(3, "2020-06-04")]


@pytest.mark.parametrize(
    "overrides",
    [
        {"sites": (Site("a", mL(1), 2), Site("a", mL(1), 2))},  # duplicate names
        {"given": (Given(3),)},  # round 3 of a 2-round plan
        {"given": (Given(1), Given(1))},  # listed twice
        {"given": (Given(1, volumes={"b": mL(1)}),)},  # no such site
    ],
)
def test_unusable_requests_are_input_errors(overrides):
    values = {"sites": (Site("a", mL(1), 2),), **overrides}
    with pytest.raises(InputError):
        plan_injections(spec(values.pop("sites"), **values), PUBLISHED)


@pytest.fixture
def local_ceilings() -> Policy:
    """A deployment that lowers the lidocaine ceiling and raises the shortest interval."""
    return policy_from_settings(load_settings(
        lidocaine_max="200 mg", lidocaine_max_source="local anaesthesia policy 2025",
        min_interval_days=10, min_interval_days_source="unit protocol",
    ))


def test_local_ceilings_from_settings_are_used_and_cited(local_ceilings):
    # 1:1 with 1 % lidocaine: 44 mL × 5 mg/mL = 220 mg > the local 200 mg (under 300 mg).
    result = plan_injections(spec(
        [Site("a", mL(44), 2)], interval_days=8, mixture=mix(Diluent.LIDOCAINE_1, 1, 1)
    ), local_ceilings)
    reported = ["site_volume_above_reported", "visit_volume_above_reported"]  # 44 mL a visit
    # No weight with lidocaine in the mix: said once, citing the cap in force (issue 23).
    assert codes(result) == ["short_interval", "lidocaine_without_weight",
                             *(["lidocaine_above_max", *reported] * 2)]
    assert "unit protocol" in result.warnings[0].source
    assert "local anaesthesia policy 2025" in result.warnings[1].source


@pytest.mark.parametrize(
    ("diluent", "share", "expected"),
    [
        (Diluent.SALINE, 0.5, 0.308),  # 4 mL, half saline: 2 mL × 154 mmol/L = 0.308 mmol
        (Diluent.SALINE, 0.0, None),  # neat stock: no diluent at all
        (Diluent.WATER, 0.5, None),  # water carries no sodium
        (Diluent.LIDOCAINE_1, 0.5, None),
    ],
)
def test_sodium_from_a_saline_diluent_is_reported_apart(diluent, share, expected):
    parts = (1, 1) if share else (1, 0)
    result = plan_injections(spec(
        [Site("a", mL(4), 2)], mixture=mix(diluent, *parts)
    ), PUBLISHED)
    visit = result.visits[0]
    # The STS sodium is unchanged by the diluent: 4 mL × 125 or 250 mg/mL of STS.
    assert visit.sodium.m_as(MMOL) == pytest.approx(
        (500 if share else 1000) / 248.18 * 2, rel=1e-9
    )
    if expected is None:
        assert visit.diluent_sodium is None and result.totals.diluent_sodium is None
    else:
        assert visit.diluent_sodium.m_as(MMOL) == pytest.approx(expected)
        assert result.totals.diluent_sodium.m_as(MMOL) == pytest.approx(2 * expected)
