"""POST /api/v1/beyond-use against hand-worked dates: every row of both tables and each limit."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

URL = "/api/v1/beyond-use"
FAR = [{"name": "Sodium thiosulfate pentahydrate", "expiry": "2030-01-01"}]


def nonsterile(form: str, compounded: str = "2025-01-06", components: Any = None) -> dict[str, Any]:
    return {"preparation": "nonsterile", "form": form, "compounded": compounded,
            "components": FAR if components is None else components}


def sterile(category: str, storage: str, prepared: str = "2025-01-06T09:30",
            components: Any = None) -> dict[str, Any]:
    return {"preparation": "sterile", "category": category, "storage": storage,
            "prepared": prepared, "components": FAR if components is None else components}


def ok(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(URL, json=body)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def refused(client: TestClient, body: Any) -> list[dict[str, Any]]:
    response = client.post(URL, json=body)
    assert response.status_code == 422, response.text
    detail: list[dict[str, Any]] = response.json()["detail"]
    assert detail and all({"loc", "msg", "type"} <= set(item) for item in detail)
    assert all(isinstance(item["loc"], list) and item["msg"] for item in detail)
    return detail


# 2025-01-06 + 14 = 01-20; + 35 = 02-10 (25 days to 01-31, 10 more); + 90 = 04-06
# (25 + 28 + 31 = 84 to 03-31, 6 more); + 180 = 07-05 (04-06 + 90: 24 + 31 + 30 = 85, 5 more).
@pytest.mark.parametrize(("form", "expected", "days", "storage_word"), [
    ("aqueous-unpreserved", "2025-01-20", 14, "refrigerator"),
    ("aqueous-preserved", "2025-02-10", 35, "room temperature"),
    ("nonaqueous-oral-liquid", "2025-04-06", 90, "room temperature"),
    ("nonaqueous", "2025-07-05", 180, "room temperature"),
])
def test_every_nonsterile_row(
    client: TestClient, form: str, expected: str, days: int, storage_word: str
) -> None:
    result = ok(client, nonsterile(form))
    assert result["beyond_use"] == expected
    assert result["days"] == days and "hours" not in result
    assert result["limited_by"] == "chapter"
    assert storage_word in result["storage"]
    assert result["sources"] == ["USP <795>"]
    assert any(expected in line for line in result["working"])


# Prepared 2025-01-06 09:30.
@pytest.mark.parametrize(("category", "storage", "expected", "unit", "limit", "storage_word"), [
    ("immediate", "room", "2025-01-06T13:30", "hours", 4, "4 hours"),
    ("immediate", "refrigerator", "2025-01-06T13:30", "hours", 4, "4 hours"),
    ("1", "room", "2025-01-06T21:30", "hours", 12, "room temperature"),
    ("1", "refrigerator", "2025-01-07T09:30", "hours", 24, "refrigerator"),
    ("2", "room", "2025-01-10T09:30", "days", 4, "room temperature"),
    ("2", "refrigerator", "2025-01-16T09:30", "days", 10, "refrigerator"),
    ("2", "freezer", "2025-02-20T09:30", "days", 45, "frozen"),
])
def test_every_sterile_row(
    client: TestClient, category: str, storage: str, expected: str, unit: str, limit: int,
    storage_word: str,
) -> None:
    result = ok(client, sterile(category, storage))
    assert result["beyond_use"] == expected
    assert result[unit] == limit
    assert ("days" if unit == "hours" else "hours") not in result
    assert result["limited_by"] == "chapter"
    assert storage_word in result["storage"]
    assert result["sources"] == ["USP <797>"]


@pytest.mark.parametrize(("body", "expected", "limited_by", "limit"), [
    # A component expiring before the chapter's date sets the BUD to its expiry date.
    (nonsterile("nonaqueous", components=[
        {"name": "white soft paraffin", "expiry": "2026-01-01"},
        {"name": "STS powder", "expiry": "2025-03-01"},
        {"name": "lanolin", "expiry": "2025-03-01"},  # the same day: the first listed is named
    ]), "2025-03-01", "STS powder", 180),
    # Expiry on the chapter's date itself: the same moment, so the chapter is named.
    (nonsterile("aqueous-unpreserved", components=[{"name": "cream", "expiry": "2025-01-20"}]),
     "2025-01-20", "chapter", 14),
    # One day earlier than the chapter's date: the component limits.
    (nonsterile("aqueous-unpreserved", components=[{"name": "cream", "expiry": "2025-01-19"}]),
     "2025-01-19", "cream", 14),
    # Expiring on the compounding day: usable that day, so the BUD is that day.
    (nonsterile("nonaqueous", components=[{"name": "base", "expiry": "2025-01-06"}]),
     "2025-01-06", "base", 180),
])
def test_nonsterile_component_limits(
    client: TestClient, body: dict[str, Any], expected: str, limited_by: str, limit: int
) -> None:
    result = ok(client, body)
    assert (result["beyond_use"], result["limited_by"], result["days"]) == (
        expected, limited_by, limit)


@pytest.mark.parametrize(("body", "expected", "limited_by", "unit", "limit"), [
    # Category 2 refrigerated runs to 01-16 09:30; saline expiring 01-10 lasts until 01-11 00:00.
    (sterile("2", "refrigerator", components=[
        {"name": "STS 250 mg/mL", "expiry": "2026-06-30"},
        {"name": "sodium chloride 0.9 %", "expiry": "2025-01-10"}]),
     "2025-01-11T00:00", "sodium chloride 0.9 %", "days", 10),
    # Category 1 refrigerated from 00:00 runs to 01-07 00:00, the moment the expiry day ends.
    (sterile("1", "refrigerator", "2025-01-06T00:00",
             [{"name": "saline", "expiry": "2025-01-06"}]),
     "2025-01-07T00:00", "chapter", "hours", 24),
    # Immediate use from 22:00 would run to 02:00, but the component expiring today stops at 00:00.
    (sterile("immediate", "room", "2025-01-06T22:00",
             [{"name": "lidocaine 1 %", "expiry": "2025-01-06"}]),
     "2025-01-07T00:00", "lidocaine 1 %", "hours", 4),
    # Over a year end and a leap day: 2024-02-25 10:15 + 10 days = 2024-03-06 10:15.
    (sterile("2", "refrigerator", "2024-02-25T10:15"), "2024-03-06T10:15", "chapter", "days", 10),
])
def test_sterile_component_limits(
    client: TestClient, body: dict[str, Any], expected: str, limited_by: str, unit: str,
    limit: int,
) -> None:
    result = ok(client, body)
    assert (result["beyond_use"], result["limited_by"], result[unit]) == (
        expected, limited_by, limit)


def test_working_says_which_limit_applied(client: TestClient) -> None:
    result = ok(client, sterile("2", "refrigerator", components=[
        {"name": "saline", "expiry": "2025-01-10"}]))
    text = " ".join(result["working"])
    assert "2025-01-06T09:30 + 10 days = 2025-01-16T09:30" in text
    assert "saline" in text and "2025-01-11T00:00" in text
    assert "USP <797>" in result["citations"][0]["source"]


EXPIRED = [{"name": "STS powder", "expiry": "2025-01-05"}]


@pytest.mark.parametrize(("body", "loc_end", "words"), [
    (nonsterile("nonaqueous", components=EXPIRED), "expiry", "expired"),
    (sterile("2", "room", components=[*FAR, *EXPIRED]), "expiry", "expired"),
    (sterile("1", "freezer"), "storage", "freezer"),
    (sterile("immediate", "freezer"), "storage", "freezer"),
    ({**nonsterile("nonaqueous"), "preparation": "semi-sterile"}, None, "preparation"),
    ({key: value for key, value in nonsterile("nonaqueous").items() if key != "preparation"},
     None, "preparation"),
    (nonsterile("cream"), "form", "form must be one of"),
    (sterile("3", "room"), "category", "category must be one of"),
    (sterile("1", "fridge"), "storage", "storage must be one of"),
    (sterile(1, "room"), "category", "category"),  # type: ignore[arg-type]
    (nonsterile("nonaqueous", components=[]), "components", "at least 1"),
    (sterile("2", "room", components=[]), "components", "at least 1"),
    (nonsterile("nonaqueous", components={"name": "x", "expiry": "2030-01-01"}), "components",
     "list"),
    (nonsterile("nonaqueous", compounded=20250106), "compounded", "such as '2025-01-06'"),  # type: ignore[arg-type]
    (nonsterile("nonaqueous", compounded="06/01/2025"), "compounded", "such as '2025-01-06'"),
    (nonsterile("nonaqueous", compounded="2025-02-30"), "compounded", "not a calendar date"),
    (nonsterile("nonaqueous", compounded="1066-10-14"), "compounded", "between"),
    (sterile("1", "room", prepared="2025-01-06"), "prepared", "2025-01-06T09:30"),
    (sterile("1", "room", prepared="2025-01-06T09:30Z"), "prepared", "2025-01-06T09:30"),
    (sterile("1", "room", prepared="2025-01-06T24:30"), "prepared", "not a local date"),
    (nonsterile("nonaqueous", components=[{"name": "x", "expiry": 20300101}]), "expiry",
     "such as"),
    (nonsterile("nonaqueous", components=[{"name": 7, "expiry": "2030-01-01"}]), "name",
     "string"),
    (nonsterile("nonaqueous", components=[{"name": "", "expiry": "2030-01-01"}]), "name",
     "at least 1"),
    (nonsterile("nonaqueous", components=[{"expiry": "2030-01-01"}]), "name", "required"),
    ({**sterile("2", "room"), "form": "nonaqueous"}, "form", "not permitted"),
    ([FAR], None, "JSON object"),
    ({**nonsterile("nonaqueous"), "preparation": 1}, "preparation", "got 1"),
])
def test_refusals(client: TestClient, body: Any, loc_end: str | None, words: str) -> None:
    detail = refused(client, body)
    assert any(words in item["msg"] for item in detail), detail
    if loc_end is not None:
        assert any(str(item["loc"][-1]) == loc_end for item in detail), detail


def test_expired_component_is_named_by_position(client: TestClient) -> None:
    detail = refused(client, sterile("2", "room", components=[*FAR, *EXPIRED]))
    assert detail[0]["loc"] == ["body", "components", "1", "expiry"]
    assert "2025-01-05" in detail[0]["msg"] and "2025-01-06" in detail[0]["msg"]


def test_schema_lists_the_choices(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["NonsterileRequest"]["properties"]["form"]["enum"] == [
        "aqueous-unpreserved", "aqueous-preserved", "nonaqueous-oral-liquid", "nonaqueous"]
    sterile_fields = schemas["SterileRequest"]["properties"]
    assert sterile_fields["category"]["enum"] == ["immediate", "1", "2"]
    assert sterile_fields["storage"]["enum"] == ["room", "refrigerator", "freezer"]
    assert schemas["NonsterileRequest"]["properties"]["components"]["minItems"] == 1


def test_prepared_may_give_seconds(client: TestClient) -> None:
    result = ok(client, sterile("1", "room", prepared="2025-01-06T09:30:00"))
    assert result["beyond_use"] == "2025-01-06T21:30"
