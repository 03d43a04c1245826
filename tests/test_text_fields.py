"""Free text prints as it was typed: every string field of every request body refuses control,
direction and zero-width characters, names refuse words that mix scripts, and site names are
compared as the same site however they are cased or spaced (app.clinical.text)."""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from pydantic import BaseModel, StringConstraints, TypeAdapter, ValidationError

from app.clinical.errors import InputError
from app.clinical.text import (
    MULTILINE_PATTERN_OR_EMPTY,
    PATTERN,
    MultilineText,
    MultilineTextOrEmpty,
    PlainName,
    PlainText,
    distinct_sites,
    site_key,
)
from app.contracts.courses import AmendIn, CourseIn, ReasonIn, RecordIn, SearchIn
from app.contracts.preparations import CheckIn, PreparationIn
from app.main import create_app
from app.services import accounts
from app.settings import load_settings
from tests.courses.conftest import INJECTION_PLAN, auth
from tests.security_samples import all_routes

# Right-to-left override, zero-width space, next line (a C1 control).
HIDDEN = ("\u202e", "\u200b", "\u0085")
# Bodies the routes read themselves (so that 404 and 412 come before 422), by path: their
# schema is in the route's openapi_extra, and the test checks it is this model's.
READ_BY_THE_ROUTE = {
    "/api/v1/courses": CourseIn,
    "/api/v1/courses/{course_id}/records": RecordIn,
    "/api/v1/courses/{course_id}/records/{record_id}/entered-in-error": ReasonIn,
    "/api/v1/courses/{course_id}/stop": ReasonIn,
    "/api/v1/courses/search": SearchIn,
    "/api/v1/courses/{course_id}/amend": AmendIn,
    "/api/v1/courses/{course_id}/preparations": PreparationIn,
    "/api/v1/courses/{course_id}/preparations/{preparation_id}/check": CheckIn,
}
# String fields that are codes, not free text: each is refused by a rule stricter than plain
# text, whose message does not name the character. (model, path) → why.
CODES = {
    ("PatientIn", "reference"): "hospital number, ^[A-Za-z0-9/-]{1,40}$",
    ("PatientIn", "language"): "a catalogue's code: the message names the languages there are",
    ("CourseIn", "visit_time"): "a time on the 24-hour clock, ^([01]\\d|2[0-3]):[0-5]\\d$",
    ("SearchIn", "cursor"): "the server's own page cursor, ^[A-Za-z0-9_-]+$",
    ("InjectionPlanRequest", "plan_id"): "client's key, ^[A-Za-z0-9._-]{1,64}$",
    ("TopicalPlanRequest", "plan_id"): "client's key, ^[A-Za-z0-9._-]{1,64}$",
    ("NonsterileRequest", "preparation"): "the constant 'nonsterile'",
    ("SterileRequest", "preparation"): "the constant 'sterile'",
}
# Strings not checked here at all. (model, path) → why.
NOT_TEXT = {
    # A course's plan is checked as the body of its plan endpoint (InjectionPlanRequest or
    # TopicalPlanRequest, walked themselves); its keys are those models' field names.
    ("CourseIn", "plan.[key]"): "field names of a plan request",
    ("AmendIn", "plan.[key]"): "field names of a plan request",
}


def _bare(kind: Any) -> Any:
    """A type without its Annotated metadata."""
    while typing.get_origin(kind) is Annotated:
        kind = typing.get_args(kind)[0]
    return kind


def _unwrapped(kind: Any) -> tuple[Any, tuple[Any, ...]]:
    """A type's origin and arguments, under its Annotated metadata."""
    kind = _bare(kind)
    return typing.get_origin(kind), typing.get_args(kind)


def _is_text(kind: Any) -> bool:
    kind = _bare(kind)
    return isinstance(kind, type) and issubclass(kind, str) and not issubclass(kind, Enum)


# A leaf: the body that puts a value at one string, the `loc` pydantic gives it, and its name.
Leaf = tuple[tuple[Any, ...], str]


def string_leaves(kind: Any, path: tuple[Any, ...] = ()) -> Iterator[Leaf]:
    """Every string a value of `kind` holds, as (path, label): a path step is a field name, 0 for
    an item of a list, '[key]' for a key of an object and 'k' for one of its values."""
    origin, args = _unwrapped(kind)
    if origin in (typing.Union, types.UnionType):
        seen: set[tuple[Any, ...]] = set()
        for option in args:
            for leaf in string_leaves(option, path):
                if leaf[0] not in seen:
                    seen.add(leaf[0])
                    yield leaf
    elif origin in (list, tuple, set, frozenset):
        yield from string_leaves(args[0], (*path, 0))
    elif origin is dict:
        if _is_text(args[0]):
            yield (*path, "[key]"), ".".join(map(str, (*path, "[key]")))
        yield from string_leaves(args[1], (*path, "k"))
    elif origin is None and isinstance(kind, type) and issubclass(kind, BaseModel):
        for name, field in kind.model_fields.items():
            yield from string_leaves(field.annotation, (*path, name))
    elif origin is None and _is_text(kind):
        yield path, ".".join(map(str, path))


def body_with(path: tuple[Any, ...], value: str) -> Any:
    """The smallest body that holds `value` at `path` (other fields may be missing: pydantic
    reports every field's error, so the one at `path` is there to be found)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    if step == 0:
        return [body_with(rest, value)]
    if step == "[key]":
        return {value: "1 mL"}
    if step == "k":
        return {"k": body_with(rest, value)}
    return {step: body_with(rest, value)}


def expected_loc(path: tuple[Any, ...], value: str) -> tuple[Any, ...]:
    """Where pydantic reports an error at `path`: a key is reported as (…, key, '[key]')."""
    if path and path[-1] == "[key]":
        return tuple("k" if step == "k" else step for step in path[:-1]) + (value, "[key]")
    return path


@pytest.fixture(scope="module")
def app() -> FastAPI:
    return create_app()


def request_models(app: FastAPI) -> dict[str, type[BaseModel]]:
    """Every model a route of the API takes as its JSON body, by name (a union's members each)."""
    found: dict[str, type[BaseModel]] = {}
    for route in all_routes(app.routes):
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        documented = (route.openapi_extra or {}).get("requestBody")
        if route.body_field is not None:
            kinds = [route.body_field.field_info.annotation]
        elif documented is not None:
            model = READ_BY_THE_ROUTE[route.path]
            schema = documented["content"]["application/json"]["schema"]
            for shape in schema.get("oneOf", [schema]):  # a new course: one shape per kind
                assert shape["title"].split(" (")[0] == model.__name__, route.path
                assert set(shape["properties"]) == set(model.model_fields), route.path
            kinds = [model]
        else:
            continue
        while kinds:
            kind = kinds.pop()
            origin, args = _unwrapped(kind)
            if origin in (typing.Union, types.UnionType):
                kinds.extend(args)
            else:
                model = _bare(kind)
                assert isinstance(model, type) and issubclass(model, BaseModel), kind
                found[model.__name__] = model
    return found


def test_every_request_model_is_found(app):
    assert set(request_models(app)) == {
        "InjectionPlanRequest", "TopicalPlanRequest", "MixRequest", "CompoundRequest",
        "CheckRequest", "FormulaRequest", "NonsterileRequest", "SterileRequest", "CourseIn",
        "RecordIn", "ReasonIn", "PreparationIn", "CheckIn", "SearchIn", "AmendIn",
    }


def _model_in(kind: Any) -> type[BaseModel] | None:
    """The model a field's type holds (inside Optional, a list or an object's values), if any."""
    kind = _bare(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is None:
        return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None
    return next((found for arg in args if (found := _model_in(arg)) is not None), None)


def walked(app: FastAPI) -> Iterator[tuple[type[BaseModel], tuple[Any, ...], str, str]]:
    """(model, path, label, 'Owner:field') for every string of every body, where Owner is the
    innermost model holding the string and field its name ('field.[key]' for an object's key)."""
    for model in request_models(app).values():
        for path, label in string_leaves(model):
            owner: type[BaseModel] = model
            names = [step for step in path if isinstance(step, str) and step not in ("k",)]
            for step in names[:-1]:
                if step in owner.model_fields:
                    owner = _model_in(owner.model_fields[step].annotation) or owner
            field = names[-1] if names[-1] != "[key]" else f"{names[-2]}.[key]"
            yield model, path, label, f"{owner.__name__}:{field}"


def test_every_string_field_of_every_request_refuses_hidden_characters(app):
    seen, failures = set(), []
    for model, path, label, owned in walked(app):
        owner, field = owned.split(":")
        seen.add(owned)
        if (owner, field) in NOT_TEXT:
            continue
        for char in HIDDEN:
            value = f"left{char}elbow"
            try:
                model.model_validate(body_with(path, value))
            except ValidationError as error:
                errors = error.errors(include_url=False)
            else:
                failures.append(f"{model.__name__}.{label}: {char!r} accepted")
                continue
            loc = expected_loc(path, value)
            here = [e for e in errors if tuple(e["loc"]) == loc]
            if not here:
                failures.append(f"{model.__name__}.{label}: no error at {loc}: {errors}")
            elif (owner, field) not in CODES and not any(
                    f"U+{ord(char):04X}" in e["msg"] and field.split(".")[0] in e["msg"]
                    for e in here):
                failures.append(f"{model.__name__}.{label}: {here[0]['msg']!r}")
    assert failures == []
    # The walk reached the fields the hazard is about, and every exception is still a field.
    assert {"PatientIn:name", "SiteIn:name", "TopicalSiteIn:name", "GivenIn:volumes.[key]",
            "RecordIn:volumes.[key]", "RecordIn:lot", "RecordIn:reason", "RecordIn:note",
            "ReasonIn:reason", "ComponentIn:name", "ProtocolLimitsIn:source",
            "FormulaRequest:formula"} <= seen
    assert {f"{owner}:{field}" for owner, field in CODES | NOT_TEXT} <= seen


# The type itself.

Name = TypeAdapter(Annotated[PlainName, StringConstraints(max_length=80)])
Text = TypeAdapter(PlainText)
Note = TypeAdapter(MultilineTextOrEmpty)
Reason = TypeAdapter(MultilineText)


def refusal(adapter: TypeAdapter[Any], value: str) -> str:
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(value)
    (error,) = caught.value.errors()
    return str(error["msg"])


@pytest.mark.parametrize(("typed", "kept"), [
    ("e\u0301lbow", "élbow"),  # NFC: e and a combining acute accent are one letter
    ("Niccolo\u0300", "Niccolò"),
    ("Niccolò", "Niccolò"),
    ("D'Àngelo", "D'Àngelo"),
    ("D’Àngelo", "D’Àngelo"),
    ("  Maria  Grazia Dell'Orto ", "Maria  Grazia Dell'Orto"),
    ("Łódź Müller-Lüdenscheidt", "Łódź Müller-Lüdenscheidt"),
    ("Москва", "Москва"),  # one script, not Latin, is a name like any other
    ("Ἀθῆναι", "Ἀθῆναι"),
    ("山田 はなこ", "山田 はなこ"),
    ("東京タワー", "東京タワー"),  # Han, Katakana and their prolonged sound mark in one word
    ("left 2nd MCP", "left 2nd MCP"),
])
def test_names_kept(typed, kept):
    assert Name.validate_python(typed) == kept


def test_a_word_is_split_by_spaces_only_and_plain_text_may_mix_scripts():
    """α-tocopherol is one word of two scripts: refused as a name (an ingredient is plain text)."""
    assert "U+03B1 Greek Small Letter Alpha" in refusal(Name, "α-tocopherol")
    assert Text.validate_python("α-tocopherol") == "α-tocopherol"
    assert Name.validate_python("β tocopherol") == "β tocopherol"


@pytest.mark.parametrize(("typed", "message"), [
    ("left\u202eelbow", "must be plain text; it holds the control, direction or invisible "
                        "character U+202E"),
    ("elb\u200bow", "character U+200B"),
    ("elb\u200dow", "character U+200D"),
    ("elb\u2060ow", "character U+2060"),
    ("\ufeffelbow", "character U+FEFF"),
    ("elb\u00adow", "character U+00AD"),
    ("elb\u180eow", "character U+180E"),
    ("elb\u0085ow", "character U+0085"),
    ("left\u2028elbow", "character U+2028"),
    ("left\u2066elbow", "character U+2066"),
    ("left\telbow", "character U+0009"),
    ("left\nelbow", "character U+000A"),
    ("\u200b", "character U+200B"),
    # A Cyrillic е, a Greek ο, a Cyrillic о inside a Latin word: each names both letters.
    ("\u0435lbow", "mixes the letters of two scripts in one word (U+0435 Cyrillic Small Letter "
                   "Ie and U+006C Latin Small Letter L)"),
    ("elb\u03bfw", "(U+0065 Latin Small Letter E and U+03BF Greek Small Letter Omicron)"),
    ("right elb\u043ew", "U+043E Cyrillic Small Letter O"),
    ("Nicc\u043el\u00f2", "U+043E Cyrillic Small Letter O"),
])
def test_names_refused(typed, message):
    assert message in refusal(Name, typed)


def test_a_refusal_never_repeats_the_name():
    assert "Zebedee" not in refusal(Name, "Zebed\u0435e")
    assert "Zebedee" not in refusal(Name, "Zebedee\u202e")


@pytest.mark.parametrize(("typed", "kept"), [
    ("first line\nsecond\tcolumn", "first line\nsecond\tcolumn"),
    ("first line\r\nsecond", "first line\nsecond"),
    ("cafe\u0301", "café"),
    ("", ""),
    ("\u0435lbow in a note", "\u0435lbow in a note"),  # notes are not names
])
def test_notes_keep_tabs_and_new_lines(typed, kept):
    assert Note.validate_python(typed) == kept


@pytest.mark.parametrize(("typed", "char"), [
    ("a\rb", "U+000D"), ("a\u2028b", "U+2028"), ("a\u202eb", "U+202E"), ("a\u200bb", "U+200B"),
    ("a\u0085b", "U+0085"), ("a\x1bb", "U+001B"),
])
def test_notes_and_reasons_refuse_every_other_hidden_character(typed, char):
    assert char in refusal(Note, typed)
    assert char in refusal(Reason, typed)


def test_a_reason_needs_a_visible_character():
    assert "at least 1 character" in refusal(Reason, " \n\t ")


@pytest.mark.parametrize(("one", "other"), [
    ("Elbow", "elbow"),
    ("ｅｌｂｏｗ", "elbow"),  # fullwidth
    ("left  elbow ", "Left Elbow"),
    ("Straße", "STRASSE"),
    ("e\u0301lbow", "Élbow"),
    ("ﬁnger", "finger"),  # a ligature
])
def test_site_key_makes_one_site(one, other):
    assert site_key(one) == site_key(other)


@pytest.mark.parametrize(("one", "other"), [("elbow", "knee"), ("left elbow", "leftelbow"),
                                            ("élbow", "elbow")])
def test_site_key_keeps_different_sites_apart(one, other):
    assert site_key(one) != site_key(other)


def test_two_sites_that_are_one_are_refused_naming_both():
    with pytest.raises(InputError) as caught:
        distinct_sites(["knee", "Elbow", "ｅｌｂｏｗ"])
    assert caught.value.field == "sites"
    assert "site 3 'ｅｌｂｏｗ' is the same site as site 2 'Elbow'" in caught.value.message
    distinct_sites(["knee", "elbow", "left elbow"])


@pytest.mark.parametrize(("adapter", "pattern"), [(Text, PATTERN),
                                                (Note, MULTILINE_PATTERN_OR_EMPTY)])
def test_the_schema_pattern_states_the_same_characters(adapter, pattern):
    """The pattern refuses what the validator refuses, character by character (the BMP)."""
    schema = re.compile(pattern)
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue  # lone surrogates: refused by the validator, unnamed by JSON Schema
        typed = f"a{chr(code)}b"
        try:
            adapter.validate_python(typed)
            accepted = True
        except ValidationError:
            accepted = False
        assert bool(schema.match(typed)) == accepted, f"U+{code:04X}"


def test_a_note_with_cr_lf_is_within_its_pattern():
    assert re.match(MULTILINE_PATTERN_OR_EMPTY, "a\r\nb")
    assert not re.match(MULTILINE_PATTERN_OR_EMPTY, "a\rb")


def test_the_plan_api_refuses_two_sites_that_are_one():
    client = TestClient(create_app())
    body = {**INJECTION_PLAN, "sites": [{"name": "Elbow", "volume": "1 mL", "rounds": 2},
                                        {"name": "elbow ", "volume": "1 mL", "rounds": 2}]}
    response = client.post("/api/v1/plans/injection", json=body)
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "sites"]
    assert "site 2 'elbow' is the same site as site 1 'Elbow'" in error["msg"]


@pytest.fixture
def courses(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A client of an app on a fresh SQLite file, and a clinician's token."""
    app = create_app(load_settings(data_dir=tmp_path / "data",
                                   database_url=f"sqlite:///{tmp_path / 'sts.db'}"))
    with TestClient(app) as client:
        database = client.app.state.database  # type: ignore[attr-defined]
        accounts.add_user(database, "clinician", "clinician", "correct horse battery")
        yield client, accounts.add_token(database, "clinician")
    app.state.database.close()


def test_a_course_for_a_name_with_a_direction_override_is_422(courses):
    client, token = courses
    body = {"patient": {"reference": "H1234567", "name": "Ann \u202eelpmaxE"},
            "kind": "injection", "plan": INJECTION_PLAN}
    response = client.post("/api/v1/courses", json=body, headers=auth(token))
    assert response.status_code == 422, response.text
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "patient", "name"]
    assert "U+202E" in error["msg"] and "elpmax" not in response.text


@pytest.mark.parametrize("sent", [" knee ", "kne\u0301e"])
def test_a_course_finds_its_sites_by_the_names_it_reads(courses, sent):
    """The plan is kept as sent; a site sent with spaces round it or in decomposed letters is
    found by the name the models read (trimmed, NFC), and its planned volume is recorded."""
    client, token = courses
    plan = {**INJECTION_PLAN, "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 3},
                                        {"name": sent, "volume": "0.5 mL", "rounds": 3}]}
    created = client.post("/api/v1/courses", headers=auth(token), json={
        "patient": {"reference": "H1234567"}, "kind": "injection", "plan": plan})
    assert created.status_code == 201, created.text
    assert created.json()["plan"]["sites"][1]["name"] == sent  # kept as sent
    given = {"status": "given", "lot": "LOT-1", "expiry": "2027-06-30", "round": 1,
             "date": INJECTION_PLAN["start_date"], "volumes": {"elbow": "0.8 mL"}}
    response = client.post(f"/api/v1/courses/{created.json()['id']}/records", json=given,
                           headers=auth(token, 1))
    assert response.status_code == 201, response.text
    name = unicodedata.normalize("NFC", sent.strip())
    assert response.json()["records"][0]["volumes"] == {"elbow": "0.8 mL", name: "0.5 mL"}
    visit = response.json()["schedule"]["visits"][0]
    assert [site["name"] for site in visit["sites"]] == ["elbow", name]
