"""Making and checking topical preparations, w/w and w/v, from either powder form."""

from __future__ import annotations

import pytest

from app.clinical import facts
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.pharmacy.compounding import check_batch, compound
from app.policy import PUBLISHED
from app.quantities.registry import MG_PER_G, MG_PER_ML, ML, PCT_WV, PCT_WW, G, Quantity

P, A = Basis.PENTAHYDRATE, Basis.ANHYDROUS
REL = 1e-9


@pytest.mark.parametrize(
    ("strength", "quantity", "basis", "powder", "powder_g", "vehicle_g", "penta_g"),
    [
        # sts-facts.md: 100 g of 10 % w/w (pentahydrate basis) from anhydrous powder:
        # 6.37 g powder + 93.63 g base
        (Quantity(10, PCT_WW), Quantity(100, G), P, A, 6.37, 93.63, 10),
        # hand: 10 % w/w from pentahydrate powder: 10 g + 90 g
        (Quantity(10, PCT_WW), Quantity(100, G), P, P, 10, 90, 10),
        # hand: 3 % w/w anhydrous basis, 50 g, from pentahydrate: 1.5 g × 1.569667 = 2.3545 g;
        # base 47.6455 g; pentahydrate content 2.3545 g
        (Quantity(3, PCT_WW), Quantity(50, G), A, P, 2.3545, 47.6455, 2.3545),
        # hand: 25 % w/v, 100 mL, pentahydrate from pentahydrate: 25 g, made up to volume
        (Quantity(25, PCT_WV), Quantity(100, ML), P, P, 25, None, 25),
        # hand: 100 mg/mL w/v pentahydrate, 30 mL, from anhydrous: 3 g × 0.637078 = 1.9112 g
        (Quantity(100, MG_PER_ML), Quantity(30, ML), P, A, 1.9112, None, 3),
    ],
)
def test_compound(strength, quantity, basis, powder, powder_g, vehicle_g, penta_g):
    prep = compound(strength, quantity, basis, powder, PUBLISHED)
    assert prep.powder.to(G).magnitude == pytest.approx(powder_g, abs=0.005)  # balance: 0.01 g
    if vehicle_g is None:
        assert prep.vehicle is None
        assert any("make up to volume" in line for line in prep.working.lines)
    else:
        assert prep.vehicle.to(G).magnitude == pytest.approx(vehicle_g, abs=0.005)
        assert (prep.powder + prep.vehicle).to(G).magnitude == pytest.approx(
            quantity.to(G).magnitude, rel=REL
        )
    assert prep.sts_pentahydrate.to(G).magnitude == pytest.approx(penta_g, abs=0.0005)
    assert prep.warnings == []


def test_compound_states_its_basis_and_cites_the_molar_masses():
    prep = compound(Quantity(10, PCT_WW), Quantity(100, G), P, A, PUBLISHED)
    assert prep.working.lines[0] == (
        "strength 100 mg/g w/w, on the pentahydrate basis; powder weighed: anhydrous"
    )
    assert "10 g pentahydrate × 158.11 / 248.18 (molar masses, g/mol) = 6.371 g anhydrous" in (
        prep.working.lines
    )
    assert {facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS} <= set(prep.working.facts)


def test_compound_with_the_same_salt_form_still_cites_the_conversion_it_reports():
    prep = compound(Quantity(10, PCT_WW), Quantity(100, G), P, P, PUBLISHED)
    assert {facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS} <= set(prep.working.facts)


@pytest.mark.parametrize(
    ("strength", "code"),
    [(Quantity(30, PCT_WW), "strength_above_published"),
     (Quantity(300, MG_PER_ML), "strength_above_published")],
)
def test_a_strength_above_25_percent_warns_and_is_not_clipped(strength, code):
    quantity = Quantity(100, G) if strength.units == PCT_WW else Quantity(100, ML)
    prep = compound(strength, quantity, P, P, PUBLISHED)
    assert [w.code for w in prep.warnings] == [code]
    assert prep.powder.to(G).magnitude == pytest.approx(30, rel=REL)  # 30 % of 100: not clipped
    assert prep.warnings[0].source == facts.TOPICAL_MAX_STRENGTH.source


@pytest.mark.parametrize(
    ("strength", "quantity", "field", "message"),
    [
        (Quantity(10, PCT_WW), Quantity(100, ML), "quantity", "must be a mass"),
        (Quantity(10, PCT_WV), Quantity(100, G), "quantity", "must be a volume"),
        # 70 % w/w anhydrous from pentahydrate powder: 70 × 1.5697 = 109.9 g > 100 g
        (Quantity(70, PCT_WW), Quantity(100, G), "strength", "more than the batch"),
    ],
)
def test_compound_refuses_what_cannot_be_made(strength, quantity, field, message):
    with pytest.raises(InputError) as caught:
        compound(strength, quantity, A, P, PUBLISHED)
    assert caught.value.field == field and message in caught.value.message


@pytest.mark.parametrize(
    ("label", "powder_g", "total", "powder", "actual", "deviation", "within"),
    [
        # hand: 10 g pentahydrate in 100 g for a 10 % w/w label: exact
        (Quantity(10, PCT_WW), 10, Quantity(100, G), P, 100, 0.0, True),
        # hand: 10.9 g in 100 g: 109 mg/g, +9 %: within 10 %
        (Quantity(10, PCT_WW), 10.9, Quantity(100, G), P, 109, 9.0, True),
        # hand: 6.37 g anhydrous ≙ 6.37 × 1.569667 = 9.99878 g pentahydrate: −0.0122 %
        (Quantity(10, PCT_WW), 6.37, Quantity(100, G), A, 99.9878, -0.0122, True),
        # hand: 10 g anhydrous for a pentahydrate 10 % label: 156.97 mg/g, +56.97 %: outside
        (Quantity(10, PCT_WW), 10, Quantity(100, G), A, 156.967, 56.967, False),
        # hand: 22 g in 100 mL for 25 % w/v: 220 mg/mL, −12 %: outside
        (Quantity(25, PCT_WV), 22, Quantity(100, ML), P, 220, -12.0, False),
    ],
)
def test_check_batch(label, powder_g, total, powder, actual, deviation, within):
    result = check_batch(label, Quantity(powder_g, G), total, powder, P, 10)
    unit = MG_PER_G if label.units == PCT_WW else MG_PER_ML
    assert result.actual_strength.to(unit).magnitude == pytest.approx(actual, abs=0.001)
    assert result.deviation_percent == pytest.approx(deviation, abs=0.001)
    assert result.within_tolerance is within


def test_check_batch_cites_the_molar_masses_when_it_converts():
    result = check_batch(Quantity(10, PCT_WW), Quantity(6.37, G), Quantity(100, G), A, P, 10)
    assert {facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS} <= set(result.working.facts)
    assert result.working.lines[0].startswith("label 100 mg/g w/w on the pentahydrate basis")


def test_check_batch_refuses_more_powder_than_batch():
    with pytest.raises(InputError) as caught:
        check_batch(Quantity(10, PCT_WW), Quantity(120, G), Quantity(100, G), P, P, 10)
    assert caught.value.field == "powder_mass"
