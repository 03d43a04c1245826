"""Diluting an STS stock: by volumes, by parts and to a target, with the working shown."""

from __future__ import annotations

import pytest

from app.clinical import facts
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.pharmacy import mixing
from app.pharmacy.products import Diluent
from app.quantities.registry import MG, MG_PER_ML, ML, MMOL, Quantity

REL = 1e-9  # the arithmetic is exact apart from float rounding

STOCK = Quantity(250, MG_PER_ML)


def ml(value: float) -> Quantity:
    return Quantity(value, ML)


@pytest.mark.parametrize(
    ("stock_ml", "diluent_ml", "diluent", "conc", "sts_mg", "lido_conc", "lido_mg"),
    [
        # sts-facts.md: 2 mL of 250 mg/mL + 2 mL of 1 % lidocaine = 4 mL at 125 mg/mL STS (500 mg)
        # and 5 mg/mL lidocaine (20 mg)
        (2, 2, Diluent.LIDOCAINE_1, 125, 500, 5, 20),
        # hand: 1 mL + 1 mL 2 % lidocaine: 250/2 = 125 mg/mL, 250 mg; lidocaine 20 mg, 10 mg/mL
        (1, 1, Diluent.LIDOCAINE_2, 125, 250, 10, 20),
        # sts-facts.md / seed 000: 5 mL neat = 1,250 mg at 250 mg/mL
        (5, 0, Diluent.SALINE, 250, 1250, None, None),
        # hand: 3 mL + 2 mL water: 750 mg in 5 mL = 150 mg/mL
        (3, 2, Diluent.WATER, 150, 750, None, None),
    ],
)
def test_by_volumes(stock_ml, diluent_ml, diluent, conc, sts_mg, lido_conc, lido_mg):
    result = mixing.by_volumes(STOCK, Basis.PENTAHYDRATE, diluent, ml(stock_ml), ml(diluent_ml))
    assert result.final_volume.to(ML).magnitude == pytest.approx(stock_ml + diluent_ml, rel=REL)
    assert result.mixture.concentration.to(MG_PER_ML).magnitude == pytest.approx(conc, rel=REL)
    assert result.sts_pentahydrate.to(MG).magnitude == pytest.approx(sts_mg, rel=REL)
    if lido_conc is None:
        assert result.mixture.lidocaine is None and result.lidocaine_amount is None
    else:
        assert result.mixture.lidocaine.to(MG_PER_ML).magnitude == pytest.approx(lido_conc, rel=REL)
        assert result.lidocaine_amount.to(MG).magnitude == pytest.approx(lido_mg, rel=REL)
    assert any("volumes taken as additive" in line for line in result.working.lines)


@pytest.mark.parametrize(
    ("stock", "target", "final", "stock_ml", "diluent_ml"),
    [
        # sts-facts.md: 150 mg/mL, 10 mL, from 250 mg/mL stock: 6 mL stock + 4 mL diluent
        (250, 150, 10, 6, 4),
        # hand: 125 mg/mL × 8 mL ÷ 250 mg/mL = 4 mL stock, 4 mL diluent (1:1)
        (250, 125, 8, 4, 4),
        # hand: a target equal to the stock needs no diluent
        (250, 250, 5, 5, 0),
        # hand: PEDMARK-strength 125 mg/mL to 100 mg/mL in 5 mL: 100 × 5 / 125 = 4 mL + 1 mL
        (125, 100, 5, 4, 1),
    ],
)
def test_to_target(stock, target, final, stock_ml, diluent_ml):
    result = mixing.to_target(
        Quantity(stock, MG_PER_ML), Basis.PENTAHYDRATE, Diluent.SALINE,
        Quantity(target, MG_PER_ML), ml(final),
    )
    assert result.stock_volume.to(ML).magnitude == pytest.approx(stock_ml, rel=REL)
    assert result.diluent_volume.to(ML).magnitude == pytest.approx(diluent_ml, abs=1e-12)
    assert result.mixture.concentration.to(MG_PER_ML).magnitude == pytest.approx(target, rel=REL)
    assert result.working.lines[0].startswith("C1·V1 = C2·V2")


def test_a_target_above_the_stock_is_refused_naming_the_field():
    with pytest.raises(InputError) as caught:
        mixing.to_target(
            STOCK, Basis.PENTAHYDRATE, Diluent.SALINE, Quantity(300, MG_PER_ML), ml(10)
        )
    assert caught.value.field == "target"
    assert "stronger than the stock 250 mg/mL" in caught.value.message


@pytest.mark.parametrize(
    ("stock_parts", "diluent_parts", "diluent", "conc", "lido_conc"),
    [
        # common practice: 250 mg/mL 1:1 with 1 % lidocaine → 125 mg/mL STS + 5 mg/mL lidocaine
        (1, 1, Diluent.LIDOCAINE_1, 125, 5),
        # neat stock
        (1, 0, Diluent.SALINE, 250, None),
        # hand: 3 parts stock to 2 parts 2 % lidocaine: 250 × 3/5 = 150; 20 × 2/5 = 8 mg/mL
        (3, 2, Diluent.LIDOCAINE_2, 150, 8),
    ],
)
def test_by_parts(stock_parts, diluent_parts, diluent, conc, lido_conc):
    mix = mixing.by_parts(STOCK, Basis.PENTAHYDRATE, diluent, stock_parts, diluent_parts)
    assert mix.concentration.to(MG_PER_ML).magnitude == pytest.approx(conc, rel=REL)
    if lido_conc is None:
        assert mix.lidocaine is None
    else:
        assert mix.lidocaine.to(MG_PER_ML).magnitude == pytest.approx(lido_conc, rel=REL)


@pytest.mark.parametrize(
    ("stock_parts", "diluent_parts", "field"),
    [(0, 1, "stock_parts"), (0, 0, "stock_parts"), (-1, 2, "stock_parts"), (1, -1, "diluent_parts"),
     (float("nan"), 1, "stock_parts"), (1, float("nan"), "diluent_parts")],
)
def test_impossible_parts_are_refused(stock_parts, diluent_parts, field):
    with pytest.raises(InputError) as caught:
        mixing.by_parts(STOCK, Basis.PENTAHYDRATE, Diluent.SALINE, stock_parts, diluent_parts)
    assert caught.value.field == field


def test_an_anhydrous_stock_is_shown_as_pentahydrate_with_its_molar_masses():
    # Pedmarqsi 80 mg/mL anhydrous, 5 mL neat: 400 mg anhydrous × 248.18/158.11 = 627.867 mg
    # pentahydrate (248.18/158.11 = 1.569667), 627.867 / 5 = 125.573 mg/mL as pentahydrate
    result = mixing.by_volumes(
        Quantity(80, MG_PER_ML), Basis.ANHYDROUS, Diluent.WATER, ml(5), ml(0)
    )
    assert result.sts_pentahydrate.to(MG).magnitude == pytest.approx(627.867, abs=0.001)
    assert result.sts_anhydrous.to(MG).magnitude == pytest.approx(400, rel=REL)
    assert result.mixture.concentration.to(MG_PER_ML).magnitude == pytest.approx(125.573, abs=0.001)
    assert "400 mg anhydrous × 248.18 / 158.11 (molar masses, g/mol) = 627.9 mg pentahydrate" in (
        result.working.lines
    )
    assert facts.MOLAR_MASS_ANHYDROUS in result.working.facts


def test_saline_sodium_is_reported_apart_with_its_source():
    # hand: 154 mmol/L × 4 mL = 0.616 mmol
    result = mixing.by_volumes(STOCK, Basis.PENTAHYDRATE, Diluent.SALINE, ml(6), ml(4))
    assert result.diluent_sodium.to(MMOL).magnitude == pytest.approx(0.616, rel=REL)
    assert facts.SALINE_SODIUM in result.working.facts
    assert "sodium from the saline (reported apart) = 154 mmol/L × 4 mL = 0.616 mmol" in (
        result.working.lines
    )


def test_the_mix_working_cites_every_constant_it_used():
    result = mixing.by_volumes(STOCK, Basis.PENTAHYDRATE, Diluent.LIDOCAINE_1, ml(2), ml(2))
    assert set(result.working.facts) == {
        facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS, facts.SODIUM_PER_THIOSULFATE,
        facts.LIDOCAINE_1_PERCENT,
    }
    assert result.working.lines[-1] == "lidocaine = 10 mg/mL × 2 mL = 20 mg, 5 mg/mL in the mix"
