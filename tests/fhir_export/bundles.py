"""Helpers for the FHIR tests: export a course, resolve references, and compare a Bundle with
its golden copy field by field once the ids and moments that differ per run are named."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.courses.conftest import auth

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "fhir"
INSTANT = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def export(client: TestClient, token: str, course_id: str) -> dict[str, Any]:
    """GET the course's Bundle, asserting a 200 of FHIR JSON."""
    answer = client.get(f"/api/v1/courses/{course_id}/fhir", headers=auth(token))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/fhir+json"
    bundle: dict[str, Any] = answer.json()
    return bundle


def resources(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """The Bundle's resources, in entry order."""
    return [entry["resource"] for entry in bundle["entry"]]


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The Bundle's resources of one type."""
    return [r for r in resources(bundle) if r["resourceType"] == kind]


def references(value: Any) -> list[str]:
    """Every Reference.reference anywhere in a resource."""
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in references(v)]
    if isinstance(value, list):
        return [r for v in value for r in references(v)]
    return []


def normalised(bundle: dict[str, Any], course: dict[str, Any]) -> Any:
    """The Bundle with the course's and records' ids, the resource ids made from them, and the
    moments of this run (record and audit times) replaced by stable names."""
    text = json.dumps(bundle)
    names = {course["id"]: "<course>"}
    names.update({r["id"]: f"<record {n}>" for n, r in enumerate(course["records"], start=1)})
    names[bundle["id"]] = "<Bundle>"
    for n, resource in enumerate(resources(bundle), start=1):
        names[resource["id"]] = f"<{resource['resourceType']} {n}>"
    for old, new in names.items():
        text = text.replace(old, new)
    return _moments(json.loads(text))


def _moments(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _moments(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_moments(v) for v in value]
    if isinstance(value, str) and INSTANT.match(value):
        return "<instant>"
    return value


def differences(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Each field where `actual` differs from `expected`, by its path."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = [f"{path}.{k}: missing" for k in expected if k not in actual]
        found += [f"{path}.{k}: not expected" for k in actual if k not in expected]
        for key in expected.keys() & actual.keys():
            found += differences(expected[key], actual[key], f"{path}.{key}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, expected {len(expected)}"]
        return [d for n, (e, a) in enumerate(zip(expected, actual, strict=True))
                for d in differences(e, a, f"{path}[{n}]")]
    return [] if expected == actual else [f"{path}: {actual!r}, expected {expected!r}"]


def golden(name: str) -> Any:
    """A golden Bundle, normalised as `normalised` writes it."""
    return json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
