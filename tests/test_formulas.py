"""The EAHP 25 % ointment as data, scaled to any batch with either STS powder form."""

from __future__ import annotations

import pytest

from app.clinical import facts
from app.clinical.chemistry import Basis
from app.clinical.errors import InputError
from app.pharmacy.formulas import FORMULAS, get_formula, scale
from app.policy import PUBLISHED
from app.quantities.registry import MG_PER_G, G, Quantity

EAHP = "eahp-sts-25-ointment"
P, A = Basis.PENTAHYDRATE, Basis.ANHYDROUS
ABS = 0.0005  # g: well inside a 0.01 g balance


@pytest.mark.parametrize(
    ("batch_g", "basis", "powder", "sts_g", "paraffin_g"),
    [
        # per 100 g: STS 25, glycerin 10, lanolin 32.5, white soft paraffin 32.5 (the formula)
        (100, P, P, 25, 32.5),
        (100, A, A, 25, 32.5),
        # hand: 25 g pentahydrate as anhydrous powder = 25 × 0.637078 = 15.9269 g;
        # paraffin q.s. = 100 − 15.9269 − 10 − 32.5 = 41.5731 g
        (100, P, A, 15.9269, 41.5731),
        # hand: 25 g anhydrous as pentahydrate powder = 25 × 1.569667 = 39.2417 g;
        # paraffin q.s. = 100 − 39.2417 − 42.5 = 18.2583 g
        (100, A, P, 39.2417, 18.2583),
        # hand: 250 g (× 2.5): STS 62.5, glycerin 25, lanolin 81.25, paraffin 81.25
        (250, P, P, 62.5, 81.25),
        # hand: 30 g (× 0.3): 7.5 g anhydrous → 11.7725 g pentahydrate powder;
        # paraffin = 30 − 11.7725 − 3 − 9.75 = 5.4775 g
        (30, A, P, 11.7725, 5.4775),
    ],
)
def test_eahp_ointment_scales(batch_g, basis, powder, sts_g, paraffin_g):
    batch = scale(get_formula(EAHP), Quantity(batch_g, G), basis, powder, PUBLISHED)
    masses = {line.name: line.mass.to(G).magnitude for line in batch.lines}
    factor = batch_g / 100
    assert masses["sodium thiosulfate"] == pytest.approx(sts_g, abs=ABS)
    assert masses["glycerin"] == pytest.approx(10 * factor, abs=ABS)
    assert masses["lanolin"] == pytest.approx(32.5 * factor, abs=ABS)
    assert masses["white soft paraffin"] == pytest.approx(paraffin_g, abs=ABS)
    assert sum(masses.values()) == pytest.approx(batch_g, rel=1e-12)  # nothing lost or gained
    assert batch.strength.to(MG_PER_G).magnitude == pytest.approx(250, rel=1e-12)
    assert batch.powder.to(G).magnitude == pytest.approx(sts_g, abs=ABS)
    assert batch.warnings == []  # 25 % is the published ceiling, not above it


def test_the_working_says_the_source_does_not_state_the_salt_form():
    batch = scale(get_formula(EAHP), Quantity(100, G), A, P, PUBLISHED)
    assert "salt form of the STS not stated in the source; taken as anhydrous as asked" in (
        batch.working.lines[0]
    )
    assert facts.EAHP_OINTMENT_SALT_FORM in batch.working.facts
    assert {facts.MOLAR_MASS_PENTAHYDRATE, facts.MOLAR_MASS_ANHYDROUS} <= set(batch.working.facts)
    assert any(line.startswith("white soft paraffin q.s. to 100 g") for line in batch.working.lines)


def test_both_salt_bases_are_reported():
    # hand: 25 g pentahydrate = 15.9269 g anhydrous
    batch = scale(get_formula(EAHP), Quantity(100, G), P, P, PUBLISHED)
    assert batch.sts_pentahydrate.to(G).magnitude == pytest.approx(25, rel=1e-12)
    assert batch.sts_anhydrous.to(G).magnitude == pytest.approx(15.9269, abs=ABS)


def test_an_unknown_formula_is_refused_listing_the_known_ones():
    with pytest.raises(InputError) as caught:
        get_formula("nope")
    assert caught.value.field == "formula" and EAHP in caught.value.message


def test_formulas_are_data_with_sources():
    for formula in FORMULAS:
        assert formula.source and formula.salt_form.source
        assert sum(1 for i in formula.ingredients if i.qs) == 1
        total = sum((i.amount for i in formula.ingredients), Quantity(0, G))
        assert total.to(G).magnitude == pytest.approx(formula.batch.to(G).magnitude)
