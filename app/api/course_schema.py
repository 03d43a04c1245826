"""The OpenAPI schema of a new course's body: the plan's shape stated by its kind (the injection
or the topical plan request, as the plan endpoints read it, without `given`), so that a client or
a fuzzer sees what a plan holds rather than a free object."""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from app.api.openapi_parts import read_body
from app.contracts.courses import CourseIn
from app.contracts.plans import InjectionPlanRequest, TopicalPlanRequest
from app.courses.kinds import CourseKind
from app.i18n import catalogues

PLANS: dict[str, type[BaseModel]] = {
    CourseKind.INJECTION: InjectionPlanRequest, CourseKind.TOPICAL: TopicalPlanRequest,
}
# The plan field's own bound (CourseIn.plan), kept in each kind's shape.
MAX_PLAN_FIELDS = 40


def _at(tree: object, *path: str) -> dict[str, Any]:
    """The JSON-schema object at `path` inside `tree`, each step a JSON object."""
    for key in path:
        if not isinstance(tree, dict):
            raise TypeError(f"no JSON-schema object holds {key!r}")
        tree = tree[key]
    if not isinstance(tree, dict):
        raise TypeError(f"not a JSON-schema object at {path!r}")
    return tree


_SCHEMA = ("requestBody", "content", "application/json", "schema")


def _plan(model: type[BaseModel]) -> dict[str, Any]:
    """A plan request's schema as a course keeps it: its `given` list is records instead."""
    body = _at(read_body(model), *_SCHEMA)
    body["properties"].pop("given", None)
    # Other fields are kept as sent; `given` alone is refused (records say what was given).
    body["not"] = {"required": ["given"]}
    body["examples"] = [e for e in body.get("examples", []) if "given" not in e]
    body["maxProperties"] = MAX_PLAN_FIELDS
    return {**body, "description": f"the exact body of POST /api/v1/plans/{model_kind(model)}, "
            "without `given` (a course keeps records instead)"}


def model_kind(model: type[BaseModel]) -> str:
    """The kind whose plan `model` reads."""
    return next(kind for kind, plan in PLANS.items() if plan is model)


def new_course_body() -> dict[str, Any]:
    """OpenAPI for POST /api/v1/courses: one shape per kind (`oneOf`, chosen by `kind`), each
    with its plan request; the patient's language one of the catalogues there are."""
    extra = read_body(CourseIn)
    schema = _at(extra, *_SCHEMA)
    language = schema["properties"]["patient"]["properties"]["language"]
    language["anyOf"][0]["enum"] = list(catalogues.languages())
    shapes = []
    for kind, model in PLANS.items():
        shape = copy.deepcopy(schema)
        shape["properties"]["kind"] = {"const": kind, "type": "string", "title": "Kind"}
        shape["properties"]["plan"] = _plan(model)
        shape["title"] = f"CourseIn ({kind})"
        shapes.append(shape)
    _at(extra, *_SCHEMA[:-1])["schema"] = {
        "oneOf": shapes, "description": schema.get("description", ""),
    }
    return extra
