"""STS salt forms and moles, checked against the worked examples in sts-facts.md."""

from __future__ import annotations

import pytest

from app.clinical import facts
from app.clinical.chemistry import (
    Basis,
    convert,
    explain_conversion,
    explain_masses,
    sodium,
    thiosulfate,
)
from app.clinical.working import Working
from app.quantities.registry import KG, MG, MMOL, G, Quantity

# The facts file rounds to 4 significant figures; our own hand figures are exact to float.
FACTS_FILE_ABS = 0.05  # half a unit in the last printed place of e.g. 796.3 mg
REL = 1e-9


@pytest.mark.parametrize(
    ("pentahydrate_mg", "anhydrous_mg", "thiosulfate_mmol", "sodium_mmol"),
    [
        # sts-facts.md: 5 mL of 250 mg/mL = 1,250 mg = 796.3 mg anhydrous = 5.037 mmol
        # thiosulfate = 10.07 mmol sodium
        (1250, 796.3, 5.037, 10.07),
        # hand: 500 mg × 158.11/248.18 = 318.54 mg; 500/248.18 = 2.0147 mmol; Na 4.0293 mmol
        (500, 318.54, 2.0147, 4.0293),
        # hand: 12.5 g × 0.637078 = 7963.47 mg; 12500/248.18 = 50.3667 mmol; Na 100.733 mmol
        (12500, 7963.47, 50.3667, 100.733),
    ],
)
def test_worked_salt_form_and_mole_examples(
    pentahydrate_mg, anhydrous_mg, thiosulfate_mmol, sodium_mmol
):
    mass = Quantity(pentahydrate_mg, MG)
    anhydrous = convert(mass, Basis.PENTAHYDRATE, Basis.ANHYDROUS).to(MG).magnitude
    assert anhydrous == pytest.approx(anhydrous_mg, abs=FACTS_FILE_ABS)
    assert thiosulfate(mass).to(MMOL).magnitude == pytest.approx(thiosulfate_mmol, abs=0.0005)
    assert sodium(mass).to(MMOL).magnitude == pytest.approx(sodium_mmol, abs=0.005)


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        # sts-facts.md: anhydrous = pentahydrate × 0.63708; pentahydrate = anhydrous × 1.56967
        (Basis.PENTAHYDRATE, Basis.ANHYDROUS, 0.63708),
        (Basis.ANHYDROUS, Basis.PENTAHYDRATE, 1.56967),
        (Basis.PENTAHYDRATE, Basis.PENTAHYDRATE, 1.0),
        (Basis.ANHYDROUS, Basis.ANHYDROUS, 1.0),
    ],
)
def test_conversion_factors_match_the_facts_file(source, target, factor):
    converted = convert(Quantity(1, G), source, target).to(G).magnitude
    assert converted == pytest.approx(factor, abs=0.000005)  # the file prints 5 decimals


@pytest.mark.parametrize(
    ("basis", "expected_mg"),
    [
        # USP assay: 0.1 mmol iodine ≡ 24.82 mg pentahydrate ≡ 15.81 mg anhydrous
        # (one thiosulfate per iodine atom: 0.1 mmol × 248.18 g/mol = 24.818 mg; × 158.11 = 15.811)
        (Basis.PENTAHYDRATE, 24.82),
        (Basis.ANHYDROUS, 15.81),
    ],
)
def test_usp_assay_cross_check(basis, expected_mg):
    moles = Quantity(0.1, MMOL)
    mass = (moles * facts.MOLAR_MASS_PENTAHYDRATE.value).to(MG)
    assert convert(mass, Basis.PENTAHYDRATE, basis).to(MG).magnitude == pytest.approx(
        expected_mg, abs=0.005
    )


def test_conversion_keeps_the_unit_kind():
    strength = Quantity(80, MG) / Quantity(1, G)
    back = convert(convert(strength, Basis.ANHYDROUS, Basis.PENTAHYDRATE), Basis.PENTAHYDRATE,
                   Basis.ANHYDROUS)
    assert back.dimensionality == strength.dimensionality
    assert back.to(MG / G).magnitude == pytest.approx(80, rel=REL)


def test_explain_masses_shows_the_arithmetic_and_cites_every_constant():
    working = Working()
    explain_masses(Quantity(1250, MG), working)
    assert working.lines == [
        "anhydrous = 1,250 mg × 158.11 / 248.18 = 796.3 mg",
        "thiosulfate = 1,250 mg ÷ 248.18 g/mol = 5.037 mmol; "
        "sodium = 2 × thiosulfate = 10.07 mmol",
    ]
    assert working.facts == [
        facts.MOLAR_MASS_PENTAHYDRATE,
        facts.MOLAR_MASS_ANHYDROUS,
        facts.SODIUM_PER_THIOSULFATE,
    ]
    assert [s["value"] for s in working.sources()] == ["248.18 g/mol", "158.11 g/mol", "2"]


def test_explain_conversion_cites_the_molar_masses_it_used():
    working = Working()
    # hand: 10 g × 158.11 / 248.18 = 6.3708 g
    converted = explain_conversion(Quantity(10, G), Basis.PENTAHYDRATE, Basis.ANHYDROUS, G, working)
    assert converted.to(G).magnitude == pytest.approx(6.370779, rel=1e-6)
    assert working.lines == [
        "10 g pentahydrate × 158.11 / 248.18 (molar masses, g/mol) = 6.371 g anhydrous"
    ]
    assert set(working.facts) == {facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS}


def test_explain_conversion_to_the_same_basis_says_and_cites_nothing():
    working = Working()
    explain_conversion(Quantity(10, G), Basis.ANHYDROUS, Basis.ANHYDROUS, G, working)
    assert working.lines == [] and working.facts == []


@pytest.mark.parametrize(
    ("weight_kg", "ceiling_g"),
    [
        # sts-facts.md: 250 mg/kg × 20 kg = 5.0 g; at 60 kg the 12.5 g cap applies (15 g > 12.5 g)
        (20, 5.0),
        (60, 12.5),
        (50, 12.5),  # 250 × 50 = 12.5 g exactly: the cap and the weight form agree
    ],
)
def test_label_systemic_ceiling_from_the_facts(weight_kg, ceiling_g):
    by_weight = (facts.STS_IV_DOSE_PER_KG.value * Quantity(weight_kg, KG)).to(G)
    ceiling = min(by_weight, facts.STS_IV_DOSE_MAX.value.to(G))
    assert ceiling.to(G).magnitude == pytest.approx(ceiling_g, rel=REL)


def test_every_fact_has_a_source():
    every = [value for value in vars(facts).values() if isinstance(value, facts.Fact)]
    assert len(every) >= 10
    assert all(fact.source.strip() and fact.name.strip() for fact in every)
