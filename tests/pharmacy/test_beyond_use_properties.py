"""Properties of beyond-use dates: never after a component's expiry, never before compounding."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.clinical.errors import InputError
from app.pharmacy.beyond_use import (
    NONSTERILE_RULES,
    STERILE_RULES,
    Category,
    Component,
    Form,
    Storage,
    nonsterile,
    sterile,
)

DAYS = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
MINUTES = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 12, 31))
NAMES = st.text(min_size=1, max_size=20)


def components(start: dt.date) -> st.SearchStrategy[list[Component]]:
    """One to five components, none expired before `start`."""
    offsets = st.integers(min_value=0, max_value=400)
    return st.lists(st.builds(lambda name, days: Component(name, start + dt.timedelta(days)),
                              NAMES, offsets), min_size=1, max_size=5)


@given(data=st.data(), form=st.sampled_from(Form), compounded=DAYS)
def test_nonsterile_bud_within_every_limit(data: st.DataObject, form: Form,
                                           compounded: dt.date) -> None:
    parts = data.draw(components(compounded))
    found = nonsterile(form, compounded, parts)
    assert isinstance(found.moment, dt.date)
    assert compounded <= found.moment <= compounded + NONSTERILE_RULES[form].delta
    assert all(found.moment <= part.expiry for part in parts)
    if found.limited_by is None:
        assert found.moment == compounded + NONSTERILE_RULES[form].delta
    else:
        assert found.moment == min(part.expiry for part in parts)
        assert found.moment < compounded + NONSTERILE_RULES[form].delta


@given(data=st.data(), rule=st.sampled_from(sorted(STERILE_RULES)), prepared=MINUTES)
def test_sterile_bud_within_every_limit(
    data: st.DataObject, rule: tuple[Category, Storage], prepared: dt.datetime
) -> None:
    parts = data.draw(components(prepared.date()))
    found = sterile(*rule, prepared, parts)
    assert isinstance(found.moment, dt.datetime)
    assert prepared < found.moment <= prepared + STERILE_RULES[rule].delta
    for part in parts:  # usable through its expiry day: until 00:00 of the day after
        assert found.moment <= dt.datetime.combine(part.expiry + dt.timedelta(1), dt.time())


@given(data=st.data(), form=st.sampled_from(Form), compounded=DAYS,
       late=st.integers(min_value=1, max_value=3000))
def test_an_expired_component_is_always_refused(
    data: st.DataObject, form: Form, compounded: dt.date, late: int
) -> None:
    parts = data.draw(components(compounded))
    index = data.draw(st.integers(min_value=0, max_value=len(parts)))
    parts.insert(index, Component("expired", compounded - dt.timedelta(late)))
    with pytest.raises(InputError) as refusal:
        nonsterile(form, compounded, parts)
    assert refusal.value.field == f"components.{index}.expiry"


@pytest.mark.parametrize("category", [Category.IMMEDIATE, Category.CATEGORY_1])
def test_no_frozen_storage_below_category_2(category: Category) -> None:
    with pytest.raises(InputError) as refusal:
        sterile(category, Storage.FREEZER, dt.datetime(2025, 1, 6, 9, 30),
                [Component("saline", dt.date(2030, 1, 1))])
    assert refusal.value.field == "storage"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(compounded=DAYS, expiries=st.lists(st.integers(0, 300), min_size=1, max_size=4),
       form=st.sampled_from(Form))
def test_api_bud_never_after_any_expiry(
    client: TestClient, compounded: dt.date, expiries: list[int], form: Form
) -> None:
    parts = [{"name": f"part {index}", "expiry": (compounded + dt.timedelta(days)).isoformat()}
             for index, days in enumerate(expiries)]
    response = client.post("/api/v1/beyond-use", json={
        "preparation": "nonsterile", "form": form.value, "compounded": compounded.isoformat(),
        "components": parts})
    assert response.status_code == 200, response.text
    bud = dt.date.fromisoformat(response.json()["beyond_use"])
    assert compounded <= bud <= compounded + dt.timedelta(min(expiries))
