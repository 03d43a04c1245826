"""Valid sample inputs for every endpoint and page, shared by the security and logging tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tests.seed import SEED_INJECTION

# The seed case (tests/seed.py), for a 60 kg patient.
INJECTION: dict[str, Any] = {**SEED_INJECTION, "patient_weight": "60 kg"}
TOPICAL: dict[str, Any] = {
    "start_date": "2025-01-06",
    "steps": [{"strength": "3 % w/w", "days": 28}, {"strength": "10 % w/w", "days": 28}],
    "applications_per_day": 1,
    "sites": [{"name": "left forearm", "area": "50 cm^2"}],
    "amount_per_area": "2 mg/cm^2",
    "review_interval_days": 14,
}
# Every POST JSON endpoint and a valid body for it; a new endpoint needs a line here.
BODIES: dict[str, dict[str, Any]] = {
    "/api/v1/mix": {"stock": "250 mg/mL", "diluent": "lidocaine 1%", "stock_volume": "2 mL",
                    "diluent_volume": "2 mL"},
    "/api/v1/compound": {"strength": "10 % w/w", "quantity": "100 g"},
    "/api/v1/compound/check": {"strength": "10 % w/w", "powder_mass": "10 g",
                               "total_mass": "100 g"},
    "/api/v1/compound/formula": {"formula": "eahp-sts-25-ointment", "quantity": "100 g",
                                 "strength_basis": "pentahydrate"},
    "/api/v1/plans/injection": INJECTION,
    "/api/v1/plans/injection.ics": INJECTION,
    "/api/v1/plans/topical": TOPICAL,
    "/api/v1/plans/topical.ics": TOPICAL,
    "/api/v1/beyond-use": {"preparation": "nonsterile", "form": "nonaqueous",
                           "compounded": "2025-01-06",
                           "components": [{"name": "STS powder", "expiry": "2027-01-01"}]},
}

# Query parameters of the pages (app/web/ARCHITECTURE.md), all valid together: each page reads
# the ones it knows and ignores the rest.
PAGE_QUERY: list[tuple[str, str]] = [
    ("start_date", "2020-05-07"), ("interval_days", "14"), ("product", "custom"),
    ("stock", "250 mg/mL"),
    ("stock_basis", "pentahydrate"), ("diluent", "saline"), ("stock_parts", "1"),
    ("diluent_parts", "0"), ("patient_weight", "60 kg"),
    ("site_name", "right middle MCP"), ("site_volume", "1.25 mL"), ("site_rounds", "4"),
    ("site_first_round", "1"),
    ("site_name", "right elbow"), ("site_volume", "1.25 mL"), ("site_rounds", "3"),
    ("site_first_round", "2"),
    ("step_strength", "3 % w/w"), ("step_days", "28"), ("applications_per_day", "1"),
    ("site_area", "50 cm^2"), ("site_area", "20 cm^2"), ("amount_mode", "per_area"),
    ("amount", "2 mg/cm^2"), ("review_interval_days", "14"), ("strength_basis", "pentahydrate"),
    ("stock_volume", "2 mL"), ("diluent_volume", "2 mL"), ("strength", "10 % w/w"),
    ("quantity", "100 g"), ("powder_mass", "10 g"), ("total_mass", "100 g"), ("kind", "mix"),
    ("record", "topical"), ("powder", "pentahydrate"),
    ("lang", "it"),  # issue 25: the patient printouts' language
]

# Script and markup: inert if it comes back as text, live if a page or calendar passes it on.
MARKUP = '<script>alert("sts")</script><img src=x onerror=alert(1)>'
LIVE = ("<script>alert(", "<img src=x")
# Tries to add lines (and a second event) to an iCalendar file.
ICS_INJECTION = "knee\r\nATTENDEE:mailto:x@example.org\r\nEND:VEVENT\r\nBEGIN:VEVENT"


NOT_PAGES = ("/api/", "/openapi.json", "/docs", "/redoc", "/healthz", "/static")


def all_routes(routes: list[Any]) -> Iterator[Any]:
    """Every route, looking inside included routers (FastAPI keeps them as one entry each)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from all_routes(included.routes)
        else:
            yield route


def string_leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every string in a JSON value (dict keys are not leaves)."""
    if isinstance(value, str):
        yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from string_leaves(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from string_leaves(item, (*path, index))


def list_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path to every non-empty list in a JSON value."""
    if isinstance(value, list) and value:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from list_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from list_paths(item, (*path, index))


def get(value: Any, path: tuple[Any, ...]) -> Any:
    """The item at a path."""
    for step in path:
        value = value[step]
    return value


def replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    """A copy of a JSON value with the item at `path` replaced."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    return [replaced(item, rest, new) if i == head else item for i, item in enumerate(value)]
