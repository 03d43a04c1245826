"""Topical plans: reviews, blocks split at strength changes, preparation, dispensing and STS."""

from __future__ import annotations

import datetime as dt

import pytest

from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.policy import PUBLISHED
from app.quantities.registry import CM2, G_PER_ML, MG_PER_CM2, MG_PER_G, MG_PER_ML, ML, G, Quantity
from app.topical.amounts import AmountConvention, preset
from app.topical.plan import Step, TopicalSite, TopicalSpec, plan_topical, round_up

D = dt.date.fromisoformat


def ww(percent):
    return Quantity(percent * 10, MG_PER_G)


def wv(percent):
    return Quantity(percent * 10, MG_PER_ML)


def spec(steps, **overrides):
    values = dict(
        start_date=D("2025-01-06"),
        steps=tuple(Step(s, d) for s, d in steps),
        sites=(TopicalSite("forearm", Quantity(50, CM2)),),
        amount_per_area=Quantity(10, MG_PER_CM2),
    )
    values.update(overrides)
    return TopicalSpec(**values)


def span(block):
    return (block.start.isoformat(), block.end.isoformat())


def test_blocks_split_at_reviews_and_at_the_strength_change():
    # 3 % w/w for 20 days then 10 % w/w for 15: 6 Jan → 9 Feb. 10 mg/cm² × 50 cm² = 0.5 g each.
    result = plan_topical(spec([(ww(3), 20), (ww(10), 15)]), PUBLISHED)
    assert result.end_date == D("2025-02-09")
    assert [d.isoformat() for d in result.reviews] == ["2025-01-20", "2025-02-03", "2025-02-17"]
    assert [span(b) for b in result.blocks] == [
        ("2025-01-06", "2025-01-19"),  # start → day before review 1
        ("2025-01-20", "2025-01-25"),  # review 1 → day before the change to 10 % (26 Jan)
        ("2025-01-26", "2025-02-02"),
        ("2025-02-03", "2025-02-09"),  # review 2 → end_date
    ]
    assert [b.applications for b in result.blocks] == [14, 6, 8, 7]
    assert [b.preparation.m_as(G) for b in result.blocks] == pytest.approx([7, 3, 4, 3.5])
    # STS = strength × preparation: 30 mg/g × 7 g = 0.21 g; 100 mg/g × 4 g = 0.4 g.
    assert [b.sts_pentahydrate.m_as(G) for b in result.blocks] == pytest.approx(
        [0.21, 0.09, 0.4, 0.35]
    )
    assert [b.dispense.amount.m_as(G) for b in result.blocks] == [10, 5, 5, 5]
    assert "rounded up" in result.blocks[0].dispense.note
    assert result.totals.preparation.m_as(G) == pytest.approx(17.5)
    assert result.totals.applications == 35 and result.totals.days == 35


def test_a_review_on_the_last_day_opens_a_one_day_block():
    # 15 days from 6 Jan: end 20 Jan, which is review 1 (the first on or after the end).
    result = plan_topical(spec([(ww(10), 15)]), PUBLISHED)
    assert [d.isoformat() for d in result.reviews] == ["2025-01-20"]
    assert [span(b) for b in result.blocks] == [
        ("2025-01-06", "2025-01-19"), ("2025-01-20", "2025-01-20"),
    ]


def test_steps_of_the_same_strength_are_not_split_apart():
    result = plan_topical(spec([(ww(10), 5), (ww(10), 5)]), PUBLISHED)
    assert [span(b) for b in result.blocks] == [("2025-01-06", "2025-01-15")]


def test_w_v_needs_a_density_and_uses_it():
    # 25 % w/v = 250 mg/mL; 1.1 g per application at 1.1 g/mL = 1 mL → 250 mg STS each.
    plan = spec(
        [(wv(25), 14)], amount_per_area=None, amount_per_application=Quantity(1.1, G),
        density=Quantity(1.1, G_PER_ML),
    )
    block = plan_topical(plan, PUBLISHED).blocks[0]
    assert block.preparation.m_as(G) == pytest.approx(15.4)  # 14 × 1.1 g
    assert block.preparation_volume.m_as(ML) == pytest.approx(14)
    assert block.sts_pentahydrate.m_as(G) == pytest.approx(3.5)  # 14 mL × 250 mg/mL
    with pytest.raises(InputError) as error:
        plan_topical(spec([(wv(25), 14)]), PUBLISHED)
    assert error.value.field == "density"


def test_an_anhydrous_strength_is_reported_on_both_bases():
    # 10 % w/w anhydrous, 7 g: 0.7 g anhydrous = 0.7 × 248.18 / 158.11 = 1.0988 g pentahydrate.
    block = plan_topical(spec([(ww(10), 14)], strength_basis=Basis.ANHYDROUS), PUBLISHED).blocks[0]
    assert block.sts_anhydrous.m_as(G) == pytest.approx(0.7)
    assert block.sts_pentahydrate.m_as(G) == pytest.approx(0.7 * 248.18 / 158.11)


@pytest.mark.parametrize(("percent", "warned"), [(25, False), (30, True)])
def test_a_strength_above_the_published_25_percent_is_warned(percent, warned):
    result = plan_topical(spec([(ww(percent), 7)]), PUBLISHED)
    assert (["strength_above_published"] if warned else []) == [w.code for w in result.warnings]


@pytest.mark.parametrize(
    ("amount", "step", "expected"),
    [
        (35, 5, 35),  # exactly 7 steps: not rounded up to 40
        (35.01, 5, 40),
        (0.1 + 0.2, 0.1, 0.3),  # 0.30000000000000004 g is 3 steps, not 4
        (0.2, 5, 5),
    ],
)
def test_round_up_to_a_dispensable_amount(amount, step, expected):
    assert round_up(Quantity(amount, G), Quantity(step, G)).m_as(G) == pytest.approx(expected)


def test_the_daily_calendar_lists_every_day_with_dressing_changes():
    result = plan_topical(spec([(ww(3), 20), (ww(10), 15)], applications_per_day=2), PUBLISHED)
    assert len(result.calendar) == 35
    assert result.calendar[0].date == D("2025-01-06")
    assert result.calendar[-1].date == D("2025-02-09")
    assert all(day.applications == 2 and day.dressing_changes == 2 for day in result.calendar)
    assert [d.date.isoformat() for d in result.calendar if d.review] == ["2025-01-20", "2025-02-03"]
    assert result.calendar[19].strength == ww(3) and result.calendar[20].strength == ww(10)


@pytest.mark.parametrize(
    ("name", "per_application"),
    [
        # 50 cm² ÷ 312 cm² = 0.1603 FTU × 0.5 g = 0.08013 g (in proportion, unrounded)
        (AmountConvention.FTU_ADULT_MAN, 0.5 * 50 / 312),
        (AmountConvention.FTU_ADULT_WOMAN, 0.4 * 50 / 257),  # 0.1946 FTU × 0.4 g = 0.07782 g
        (AmountConvention.THIN_LAYER, 0.5),  # 10 mg/cm² × 50 cm²
    ],
)
def test_named_conventions_fill_the_amount_and_say_so(name, per_application):
    chosen = preset(name)
    amounts = (
        {"amount_per_area": chosen.value, "amount_per_application": None}
        if chosen.per_area
        else {"amount_per_area": None, "amount_per_application": chosen.value}
    )
    result = plan_topical(spec([(ww(10), 7)], preset=chosen, **amounts), PUBLISHED)
    assert result.amount_per_application.m_as(G) == pytest.approx(per_application)
    assert any(chosen.fact.source in line for line in result.working.lines)
    assert chosen.fact in result.working.facts
