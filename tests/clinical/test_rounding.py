"""Issue 11: rounding to a syringe's marks never carries a dose past a limit, and the advice on
how to draw up a volume is something that can be done."""

from __future__ import annotations

from typing import Any

import pytest

from app.contracts.plans import InjectionPlanRequest
from app.pharmacy.measuring import draw_up
from app.policy import PUBLISHED
from app.quantities.registry import ML, Quantity
from app.services.plans import plan_injection
from tests.clinical.conftest import START


def plan(sites: list[tuple[str, str]], **extra: Any) -> Any:
    """A one-round plan at the given (name, volume) sites, as the domain builds it."""
    return plan_injection(InjectionPlanRequest.model_validate({
        "start_date": START, **extra,
        "sites": [{"name": n, "volume": v, "rounds": 1} for n, v in sites],
    }), PUBLISHED)


def shown(result: Any) -> list[str]:
    return [dose.drawn.shown for dose in result.visits[0].sites]


TEMPLATE = {"id": "t", "source": "a template"}


@pytest.mark.parametrize(
    ("sites", "extra", "drawn", "why"),
    [
        # 4 × 1.25 mL = 5 mL planned, at a template's 5 mL a visit: 4 × 1.3 = 5.2 mL would cross
        # it, so the two sites rounded up most (all alike: the first two) go down to 1.2 mL.
        ([("a", "1.25 mL"), ("b", "1.25 mL"), ("c", "1.25 mL"), ("d", "1.25 mL")],
         {"protocol_limits": {**TEMPLATE, "max_visit_volume": "5 mL"}},
         ["1.2 mL", "1.2 mL", "1.3 mL", "1.3 mL"], "5 mL a visit"),
        # A template's 1.25 mL a site: 1.3 mL would cross it, 1.2 mL does not.
        ([("a", "1.25 mL")], {"protocol_limits": {**TEMPLATE, "max_site_volume": "1.25 mL"}},
         ["1.2 mL"], "the 1.25 mL a site of the protocol template"),
        # 19.9 kg: 250 mg/kg → 4,975 mg = 19.9 mL of 250 mg/mL. 2 × 9.9 mL = 19.8 mL planned;
        # 2 × 10.0 mL (0.2 mL marks) = 5,000 mg would cross it, so one site is 9.8 mL.
        ([("a", "9.9 mL"), ("b", "9.9 mL")], {"patient_weight": "19.9 kg"},
         ["9.8 mL", "10.0 mL"], "the STS reference of 4,975 mg a visit"),
        # 1:1 with 1 % lidocaine (5 mg/mL), 60 kg: 270 mg = 54 mL. 2 × 26.7 mL = 53.4 mL
        # planned; 2 × 27 mL (1 mL marks) = 54 mL keeps it, so nothing is rounded down.
        ([("a", "26.7 mL"), ("b", "26.7 mL")],
         {"patient_weight": "60 kg",
          "mix": {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1}},
         ["27 mL", "27 mL"], None),
    ],
)
def test_rounding_keeps_the_limits_the_plan_keeps(sites, extra, drawn, why):
    result = plan(sites, **extra)
    assert shown(result) == drawn
    # Checked on what is drawn up: no ceiling or template limit is crossed (volumes above the
    # largest reported ones are warned as they were planned).
    crossed = {w.code for w in result.warnings} - {
        "site_volume_above_reported", "visit_volume_above_reported"}
    assert crossed == set()
    hows = [dose.drawn.how for dose in result.visits[0].sites]
    if why:
        assert any("rounded down to the" in how and why in how for how in hows)
    else:
        assert not any("rounded down" in how for how in hows)


def test_a_dose_already_over_a_limit_is_warned_on_what_is_drawn_up():
    # 1.68 mL is drawn up as 1.7 mL (3 mL syringe, 0.1 mL marks): at, not above, the largest
    # reported 1.7 mL a site, so no warning.
    assert plan([("a", "1.68 mL")]).warnings == ()
    # 1.75 mL is above 1.7 mL as planned: nothing to keep, so it is drawn up as 1.8 mL and the
    # warning names the 1.8 mL that will actually be given.
    (warning,) = plan([("a", "1.75 mL")]).warnings
    assert warning.code == "site_volume_above_reported" and "a gets 1.8 mL" in warning.message


@pytest.mark.parametrize(
    ("volume", "advice"),
    [
        # 1.25 mL does not fit a 1 mL syringe: the exact way is two stated draws.
        (1.25, "for exactly 1.25 mL, draw 1.00 mL + 0.25 mL with a 1 mL syringe"),
        (2.35, "for exactly 2.35 mL, draw 1.00 mL + 1.00 mL + 0.35 mL with a 1 mL syringe"),
    ],
)
def test_syringe_advice_is_only_what_can_be_done(volume, advice):
    how = draw_up(Quantity(volume, ML)).how
    assert advice in how
    assert "1 mL syringes (0.01 mL marks) give" not in how


def test_the_round_sheet_prints_the_plans_own_draw_ups(client):
    query = (
        f"start_date={START}&product=sts-25-usp&diluent=saline&stock_parts=1&diluent_parts=0"
        + "".join(f"&site_name={n}&site_volume=1.25+mL&site_rounds=1" for n in "abcd")
    )
    html = " ".join(client.get("/injection/round-sheet?" + query).text.split())
    # 4 × 1.25 mL = 5 mL, the largest reported visit: drawn up as 1.2, 1.2, 1.3, 1.3 mL.
    assert html.count("1.2 mL") >= 2 and "5.2 mL" not in html
    assert "Visit total: 5 mL;" in html
