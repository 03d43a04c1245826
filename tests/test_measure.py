"""Rounding to syringe graduations and balance resolution, each with a sentence saying how."""

from __future__ import annotations

import pytest

from app.clinical import facts
from app.pharmacy.measuring import draw_up, syringe_for, weigh
from app.quantities.registry import MG, ML, G, Quantity


@pytest.mark.parametrize(
    ("volume_ml", "syringe_ml", "rounded_ml", "how"),
    [
        (0.4472, 1, 0.45, "0.45 mL: 0.4472 mL rounded to the 0.01 mL marks of a 1 mL syringe."),
        (0.125, 1, 0.13, "0.13 mL: 0.125 mL rounded"),  # halves round up, not to even
        (1.0, 1, 1.0, "1.00 mL: 1 mL rounded to the 0.01 mL marks of a 1 mL syringe."),
        (1.005, 3, 1.0, "1.0 mL: 1.005 mL rounded to the 0.1 mL marks of a 3 mL syringe."),
        (2.96, 3, 3.0, "of a 3 mL syringe."),
        (4.1, 5, 4.2, "4.2 mL: 4.1 mL rounded to the 0.2 mL marks of a 5 mL syringe."),
        (6.0, 10, 6.0, "6.0 mL: 6 mL rounded to the 0.2 mL marks of a 10 mL syringe."),
        (9.95, 10, 10.0, "of a 10 mL syringe."),
        (17.5, 20, 18.0, "18 mL: 17.5 mL rounded to the 1 mL marks of a 20 mL syringe."),
        (25.3, 20, 25.0, "more than a 20 mL syringe holds; use more than one"),
        (0.004, 1, 0.0, "0.004 mL is too small to measure"),
    ],
)
def test_draw_up(volume_ml, syringe_ml, rounded_ml, how):
    measured = draw_up(Quantity(volume_ml, ML))
    assert syringe_for(Quantity(volume_ml, ML)).capacity.to(ML).magnitude == syringe_ml
    assert measured.quantity.to(ML).magnitude == pytest.approx(rounded_ml, abs=1e-12)
    assert how in measured.how
    assert measured.fact is facts.SYRINGE_GRADUATIONS


@pytest.mark.parametrize(
    ("mass", "resolution", "rounded_g", "how"),
    [
        (Quantity(6.370779, G), None, 6.37, "6.37 g: 6.37078 g rounded to the 0.01 g resolution"),
        (Quantity(93.629221, G), None, 93.63, "93.63 g: 93.6292 g rounded"),
        (Quantity(1.005, G), None, 1.01, "1.01 g"),  # decimal half-up, not float 1.00
        (Quantity(6370.779, MG), Quantity(0.1, G), 6.4, "to the 0.1 g resolution"),
        (Quantity(6.370779, G), Quantity(1, MG), 6.371, "6.371 g:"),
        (Quantity(0.004, G), None, 0.0, "0.004 g is too small to weigh on a balance that reads"),
    ],
)
def test_weigh(mass, resolution, rounded_g, how):
    measured = weigh(mass) if resolution is None else weigh(mass, resolution)
    assert measured.quantity.to(G).magnitude == pytest.approx(rounded_g, abs=1e-12)
    assert how in measured.how
    assert measured.fact is facts.BALANCE_RESOLUTION


@pytest.mark.parametrize(
    "call",
    [
        lambda: draw_up(Quantity(-1, ML)),
        lambda: draw_up(Quantity(float("nan"), ML)),
        lambda: weigh(Quantity(-1, G)),
        lambda: weigh(Quantity(1, G), Quantity(0, G)),
    ],
)
def test_impossible_amounts_are_a_programming_error(call):
    with pytest.raises(ValueError, match="must be"):
        call()


@pytest.mark.parametrize(
    ("volume_ml", "syringe_ml", "how"),
    [
        # 2.4 mL is 24 marks of a 3 mL syringe: no rounding, no difference stated.
        (2.4, 3, "2.4 mL: 2.4 mL rounded to the 0.1 mL marks of a 3 mL syringe."),
        # 1.25 mL cannot be marked on any syringe that holds it: 1.3 mL is 0.05 mL (4 %) more,
        # and 1 mL syringes (0.01 mL marks) can give it exactly.
        (1.25, 3, "That is 0.05 mL (4 %) more than planned; 1 mL syringes (0.01 mL marks) give"),
        # 4.1 mL on 0.2 mL marks: 4.2 mL, 0.1 mL (2.4 %) more; five 1 mL fills is not suggested.
        (4.1, 5, "That is 0.1 mL (2.4 %) more than planned."),
    ],
)
def test_draw_up_states_how_far_rounding_moves_the_dose(volume_ml, syringe_ml, how):
    measured = draw_up(Quantity(volume_ml, ML))
    assert syringe_for(Quantity(volume_ml, ML)).capacity.to(ML).magnitude == syringe_ml
    assert how in measured.how
    if volume_ml == 2.4:
        assert "than planned" not in measured.how
