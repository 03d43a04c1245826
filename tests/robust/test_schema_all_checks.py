"""Schemathesis with every check, positive_data_acceptance and negative_data_rejection included,
over every operation of the app's OpenAPI schema: what the schema says is valid is accepted, and
what it says is invalid is refused. Bounded and derandomized, so it runs the same each time.

The schema names each quantity's rule as a string format (`sts-volume`: a volume with its unit,
0.01 mL to 1000 mL, …); the strategies below write such text, as a client would."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
import schemathesis
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.schema_fuzz import parametrize_operations, run_cases

EXAMPLES_PER_OPERATION = 25
# A name's words each in one script (a site or protocol name that mixes Latin with a Cyrillic
# look-alike): a rule on the letters of a word against each other, which a pattern cannot state.
ONE_SCRIPT = r"mixes the letters of two scripts in one word"
# A birth date against the plan's first day (the schema states "not after today" itself).
BIRTH_DATE_RULES = (
    r"patient_birth_date is after the plan's first day",
    r"patient_birth_date gives an age above \d+ years on the plan's first day",
)
# Rules JSON Schema cannot state, each by the message the server gives for it: they compare
# one field's value with another's after parsing units, or with the plan the body describes,
# or with a setting of the deployment. A body the schema calls valid may break them; it must
# then be refused for one of these reasons and no other (positive_data_acceptance is replaced
# by that narrower check for these operations; every other check runs as it is).
INJECTION_RULES = (
    *BIRTH_DATE_RULES,
    r"sites must have distinct names",  # unique by one key of each item (after case-folding)
    ONE_SCRIPT,
    r"volume of .* is implausible for one intralesional site",  # mL after the mix
    r"given mentions round \d+; the plan has \d+",  # rounds the plan works out
    r"given lists round \d+ twice",  # unique by one key of each item
    r"given gives a volume for .* but that site is not injected at that round",
    r"given says round \d+ was given on .*, which is not after round \d+",  # dates the plan sets
    r"given says round 1 was given on .*, more than one interval before start_date",
    r"implausible for one intralesional visit",  # a sum over the sites of a visit
)
TOPICAL_RULES = (
    *BIRTH_DATE_RULES,
    ONE_SCRIPT,
    r"steps add up to \d+ days; at most \d+ are planned",  # a sum over the list
    r"sites add up to .* more than a body surface",  # a sum of areas in their units
    r"density is needed: step \d+ is .* w/v",  # w/v is read from the strength's units
    r"density of .* cannot hold .*physically impossible",  # strength against density
    r"amount_per_(area|application) gives .* implausible: at most",  # amount over area
)
UNSTATABLE = {
    "POST /api/v1/mix": (r"target is .* stronger than the stock",),
    "POST /api/v1/compound": (r"quantity must be a (mass|volume) such as .* for a "
                              r"w/[wv] strength",),
    "POST /api/v1/compound/check": (
        r"total_(mass|volume) is needed: a w/[wv] label",  # w/w or w/v read from the units
        r"powder_mass cannot be more than the total mass",  # one mass against another
    ),
    "POST /api/v1/plans/injection": INJECTION_RULES,
    "POST /api/v1/plans/injection.ics": INJECTION_RULES,
    "POST /api/v1/plans/topical": TOPICAL_RULES,
    "POST /api/v1/plans/topical.ics": TOPICAL_RULES,
    "POST /api/v1/beyond-use": (
        r"expiry .* is before the (preparation|compounding) date",  # date against date
        r"is not a local date and time",  # a day the month lacks (30 February)
    ),
}


def amounts(low: str, high: str, *units: str) -> st.SearchStrategy[str]:
    """Text such as '12.5 mL', between low and high in each unit given."""
    number = st.decimals(min_value=Decimal(low), max_value=Decimal(high), places=2,
                         allow_nan=False, allow_infinity=False)
    return st.tuples(number, st.sampled_from(units)).map(lambda pair: f"{pair[0]} {pair[1]}")


FORMATS = {
    "sts-volume": amounts("0.01", "1000", "mL"),
    "sts-volume-or-zero": st.one_of(st.just("0 mL"), amounts("0.01", "1000", "mL")),
    "sts-concentration": amounts("0.01", "1000", "mg/mL"),
    "sts-strength": amounts("0.01", "1000", "mg/g", "mg/mL"),
    "sts-batch-amount": amounts("0.1", "10000", "g", "mL"),
    "sts-mass": amounts("0.01", "10000", "g"),
    "sts-batch-mass": amounts("0.1", "10000", "g"),
    "sts-body-weight": amounts("0.2", "500", "kg"),
    "sts-area": amounts("0.01", "30000", "cm^2"),
    "sts-amount-per-area": amounts("0.01", "1000", "mg/cm^2"),
    "sts-density": amounts("0.1", "5", "g/mL"),
}

def local_minutes() -> st.SearchStrategy[str]:
    """Local date-times, 1900–2200, to the minute or the second."""
    moments = st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2200, 12, 31, 23, 59, 59))
    return st.tuples(moments, st.booleans()).map(
        lambda pair: pair[0].isoformat(timespec="seconds" if pair[1] else "minutes"))


FORMATS["sts-local-date-time"] = local_minutes()
# The schema bounds every date to the years 1900–2200 with a pattern; dates are written from
# that range, rather than drawn from all of 1–9999 and nearly all thrown away.
FORMATS["date"] = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat)
for name, strategy in FORMATS.items():
    schemathesis.openapi.format(name, strategy)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per operation but the course endpoints, which need an account: their contract,
    role matrix and bad-input tests are in tests/courses_contract/, where each call carries a
    token of the role it tests."""
    parametrize_operations(metafunc, exclude=r"^/api/v1/(courses|due|audit)")


def test_every_check_passes_on_every_operation(operation: str) -> None:
    run_cases(operation, holds_every_check, EXAMPLES_PER_OPERATION)


def holds_every_check(case: Any) -> None:
    """Every check, with positive_data_acceptance narrowed for the rules a schema cannot state."""
    rules = UNSTATABLE.get(case.operation.label)
    if rules is None:
        case.call_and_validate()
        return
    response = case.call()
    case.validate_response(response, excluded_checks=[positive_data_acceptance])
    if case.meta is not None and case.meta.generation.mode.is_positive and \
            response.status_code != 200:
        assert response.status_code == 422, response.text[:300]
        for error in response.json()["detail"]:
            assert any(re.search(rule, error["msg"]) for rule in rules), error["msg"][:300]
