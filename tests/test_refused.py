"""One error base: every refusal the app says in words is a `Refused` carrying its status, title
and message, and the API's one handler answers each by its status (issue 20)."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.api import errors
from app.clinical.errors import InputError, Refused
from app.courses.errors import Conflict, Forbidden, InvalidInput, NotFound, PreconditionFailed
from app.web.refusals import PageRefused

CASES = [
    (InputError("weight", "must be above 0 kg"), 422,
     [{"loc": ["body", "weight"], "msg": "weight must be above 0 kg", "type": "value_error"}]),
    (InvalidInput.at("date", message="date must be a date"), 422,
     [{"loc": ["body", "date"], "msg": "date must be a date", "type": "value_error"}]),
    (Forbidden("the role 'nurse' may not do this"), 403, "the role 'nurse' may not do this"),
    (NotFound("no such course"), 404, "no such course"),
    (Conflict("this round is already recorded"), 409, "this round is already recorded"),
    (PreconditionFailed("the course is now at version 4"), 412, "the course is now at version 4"),
]


def client_raising(error: Exception, path: str = "/api/v1/refused") -> TestClient:
    app = FastAPI()
    errors.install(app)

    @app.get(path)
    def refused() -> None:
        raise error

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(("error", "status", "detail"), CASES)
def test_each_refusal_is_answered_by_its_status(error, status, detail):
    assert isinstance(error, Refused) and error.status == status
    answer = client_raising(error).get("/api/v1/refused")
    assert answer.status_code == status
    assert answer.json() == {"detail": detail}


@pytest.mark.parametrize(("error", "title"), [
    (InputError("weight", "must be above 0 kg"), "This cannot be used"),
    (NotFound("no such course"), "This request was refused"),
    (PageRefused(403, "Not allowed", "Your role may not do this."), "Not allowed"),
])
def test_every_refusal_carries_a_title_and_a_message(error, title):
    assert error.title == title
    assert error.message and str(error) == error.message


def test_a_domain_input_error_is_still_a_value_error():
    """The planners' callers catch it as one (app/web/pharmacy/record_sheets.py)."""
    assert isinstance(InputError("weight", "must be above 0 kg"), ValueError)


def test_a_422_for_a_browser_is_the_error_page_listing_the_message():
    client = client_raising(InvalidInput.at("date", message="date must be a date"), "/a-page")
    answer = client.get("/a-page", headers={"Accept": "text/html"})
    assert answer.status_code == 422
    assert "This cannot be used" in answer.text and "date must be a date" in answer.text
