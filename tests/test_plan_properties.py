"""Properties of plans over many generated inputs (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.calendar.series import Closures
from app.clinical.chemistry import Basis
from app.injection.plan import Given, InjectionSpec, Site, plan_injections
from app.pharmacy import mixing
from app.pharmacy.products import Diluent
from app.policy import PUBLISHED
from app.quantities.registry import CM2, MG, MG_PER_CM2, MG_PER_G, MG_PER_ML, ML, MMOL, G, Quantity
from app.topical.plan import Step, TopicalSite, TopicalSpec, plan_topical

MIX = mixing.by_parts(Quantity(250, MG_PER_ML), Basis.PENTAHYDRATE, Diluent.LIDOCAINE_1, 1, 1)
starts = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))
sites = st.lists(
    st.builds(
        Site,
        name=st.just(""),
        volume=st.floats(0.05, 20).map(lambda v: Quantity(v, ML)),
        rounds=st.integers(1, 8),
        first_round=st.integers(1, 4),
    ),
    min_size=1, max_size=5,
).map(lambda found: tuple(
    Site(f"site {i}", s.volume, s.rounds, s.first_round) for i, s in enumerate(found)
))
weekdays = st.sets(st.integers(1, 7), max_size=6)


@st.composite
def injection_specs(draw, with_delays=False):
    start = draw(starts)
    interval = draw(st.integers(1, 60))
    closed = draw(st.lists(st.integers(0, 400), max_size=40))
    closures = Closures.of(draw(weekdays), (start + dt.timedelta(days=d) for d in closed))
    plan_sites = draw(sites)
    delays: tuple[Given, ...] = ()
    if with_delays:
        # Round 1 given late by some days; later rounds must follow from it.
        delays = (Given(1, start + dt.timedelta(days=draw(st.integers(0, 30)))),)
    return InjectionSpec(start, interval, MIX, plan_sites, None, closures, delays)


@settings(max_examples=150, deadline=None)
@given(injection_specs())
def test_visits_are_in_order_on_open_days_and_never_closer_than_asked(spec):
    result = plan_injections(spec, PUBLISHED)
    days = [visit.date for visit in result.visits]
    assert days == sorted(set(days))
    assert all(spec.closures.is_open(day) for day in days)
    visits = result.visits
    for earlier, later in zip(visits, visits[1:], strict=False):
        # Empty rounds in between still take their interval.
        rounds_apart = later.round - earlier.round
        assert (later.date - earlier.date).days >= spec.interval_days * rounds_apart
    for visit in result.visits:
        assert visit.moved_from is None or visit.moved_from < visit.date


@settings(max_examples=100, deadline=None)
@given(injection_specs(with_delays=True))
def test_a_delayed_round_pushes_the_rest_without_shortening_any_gap(spec):
    result = plan_injections(spec, PUBLISHED)
    days = [visit.date for visit in result.visits]
    assert days == sorted(set(days))
    later = [v for v in result.visits if v.round > 1]
    assert all(spec.closures.is_open(v.date) for v in later)
    for earlier, after in zip(result.visits, result.visits[1:], strict=False):
        apart = after.round - earlier.round
        assert (after.date - earlier.date).days >= spec.interval_days * apart


@settings(max_examples=100, deadline=None)
@given(injection_specs())
def test_totals_equal_the_sum_of_the_visits(spec):
    result = plan_injections(spec, PUBLISHED)
    visits = result.visits
    assert result.totals.volume.m_as(ML) == pytest.approx(sum(v.volume.m_as(ML) for v in visits))
    assert result.totals.sts_pentahydrate.m_as(MG) == pytest.approx(
        sum(v.sts_pentahydrate.m_as(MG) for v in visits)
    )
    assert result.totals.sts_anhydrous.m_as(MG) == pytest.approx(
        sum(v.sts_anhydrous.m_as(MG) for v in visits)
    )
    assert result.totals.sodium.m_as(MMOL) == pytest.approx(
        sum(v.sodium.m_as(MMOL) for v in visits)
    )
    assert result.totals.lidocaine.m_as(MG) == pytest.approx(
        sum(v.lidocaine.m_as(MG) for v in visits)
    )
    for visit in visits:
        assert visit.volume.m_as(ML) == pytest.approx(sum(d.volume.m_as(ML) for d in visit.sites))


strengths = st.sampled_from([30, 100, 250]).map(lambda v: Quantity(v, MG_PER_G))


@st.composite
def topical_specs(draw):
    steps = draw(st.lists(st.tuples(strengths, st.integers(1, 120)), min_size=1, max_size=5))
    return TopicalSpec(
        start_date=draw(starts),
        steps=tuple(Step(s, d) for s, d in steps),
        sites=(TopicalSite("a", Quantity(draw(st.floats(1, 2000)), CM2)),),
        applications_per_day=draw(st.integers(1, 4)),
        amount_per_area=Quantity(draw(st.floats(0.5, 20)), MG_PER_CM2),
        review_interval_days=draw(st.integers(1, 60)),
    )


def strengths_by_day(spec):
    """Day → strength, by writing each step out day by day (not by walking the steps)."""
    every_day = [step.strength for step in spec.steps for _ in range(step.days)]
    return {spec.start_date + dt.timedelta(days=n): s for n, s in enumerate(every_day)}


@settings(max_examples=150, deadline=None)
@given(topical_specs())
def test_blocks_tile_the_course_and_never_span_a_strength_change_or_a_review(spec):
    result = plan_topical(spec, PUBLISHED)
    blocks = result.blocks
    assert blocks[0].start == spec.start_date and blocks[-1].end == result.end_date
    for earlier, later in zip(blocks, blocks[1:], strict=False):
        assert later.start == earlier.end + dt.timedelta(days=1)
    reviews = set(result.reviews)
    expected = strengths_by_day(spec)
    for block in blocks:
        inside = [block.start + dt.timedelta(days=i) for i in range(block.days)]
        assert all(expected[day] == block.strength for day in inside)
        assert all(day not in reviews for day in inside[1:])
        assert block.dispense.amount >= block.preparation
    assert result.reviews[-1] >= result.end_date
    assert all(r < result.end_date for r in result.reviews[:-1])
    assert result.totals.preparation.m_as(G) == pytest.approx(
        sum(b.preparation.m_as(G) for b in blocks)
    )
    assert result.totals.applications == sum(b.applications for b in blocks)
    assert len(result.calendar) == result.totals.days == sum(s.days for s in spec.steps)
