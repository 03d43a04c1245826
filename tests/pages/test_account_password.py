"""Changing your own password at /account: the current one first, the new one twice, 12+
characters, CSRF-checked, audited without the passwords, and every other session ended."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.storage import audit
from app.storage.engine import Database
from tests.pages.conftest import PASSWORD, csrf_of

Browser = Callable[[str], TestClient]
NEW = "a brand new clinic password"


def _change(client: TestClient, current: str, new: str, repeat: str | None = None,
            csrf: str | None = None) -> httpx.Response:
    page = client.get("/account")
    assert page.status_code == 200
    answer = client.post("/account/password", data={
        "csrf": csrf if csrf is not None else csrf_of(page.text), "current": current,
        "password": new, "repeat": new if repeat is None else repeat})
    return answer


def _sign_in(app: FastAPI, username: str, password: str) -> int:
    with TestClient(app, follow_redirects=False) as client:
        form = client.get("/sign-in")
        return client.post("/sign-in", data={"username": username, "password": password,
                                              "csrf": csrf_of(form.text)}).status_code


def test_the_account_page_names_the_account_and_links_from_the_clinic_pages(
    browser: Browser,
) -> None:
    viewer = browser("viewer")
    page = viewer.get("/account")
    assert page.status_code == 200 and "Signed in as <strong>viewer</strong>" in page.text
    assert 'href="/account"' in viewer.get("/clinic").text
    assert page.headers["cache-control"] == "no-store"


def test_a_changed_password_works_the_old_one_does_not_and_other_sessions_end(
    app: FastAPI, browser: Browser, database: Database,
) -> None:
    here, elsewhere = browser("clinician"), browser("clinician")
    answer = _change(here, PASSWORD, NEW)
    assert answer.status_code == 303 and answer.headers["location"] == "/account?changed=1"
    assert "Your password is changed." in here.get("/account?changed=1").text
    assert here.get("/clinic").status_code == 200  # this session goes on
    assert elsewhere.get("/clinic").status_code == 303  # the other one is signed out
    assert _sign_in(app, "clinician", PASSWORD) == 401
    assert _sign_in(app, "clinician", NEW) == 303
    with database.reading() as session:
        entries = [e for e in audit.entries(session, None, 0, 1000)
                   if e.action == "account.password_changed"]
    assert [(e.by, e.detail["sessions_ended"]) for e in entries] == [("clinician", 1)]
    assert PASSWORD not in json.dumps(entries[0].detail) and NEW not in json.dumps(
        entries[0].detail)


@pytest.mark.parametrize(
    ("current", "new", "repeat", "words"),
    [
        ("not my password at all", NEW, NEW, "the current password is wrong"),
        (PASSWORD, NEW, NEW + "x", "the two new passwords differ"),
        (PASSWORD, "too short", "too short", "at least 12 characters"),
        (PASSWORD, PASSWORD, PASSWORD, "the same as the current one"),
    ],
)
def test_a_refused_change_says_why_and_changes_nothing(
    app: FastAPI, browser: Browser, current: str, new: str, repeat: str, words: str,
) -> None:
    viewer = browser("viewer")
    answer = _change(viewer, current, new, repeat)
    assert answer.status_code == 422 and words in answer.text
    assert "The password was not changed" in answer.text
    assert _sign_in(app, "viewer", PASSWORD) == 303


def test_the_change_needs_the_sessions_csrf_token(app: FastAPI, browser: Browser) -> None:
    viewer = browser("viewer")
    answer = _change(viewer, PASSWORD, NEW, csrf="forged")
    assert answer.status_code == 403 and "Nothing was saved" in answer.text
    assert _sign_in(app, "viewer", PASSWORD) == 303


def test_wrong_current_passwords_count_towards_the_accounts_lock(
    app: FastAPI, browser: Browser,
) -> None:
    viewer = browser("viewer")
    for _ in range(5):
        assert _change(viewer, "still not the password", NEW).status_code == 422
    with TestClient(app, follow_redirects=False) as client:
        form = client.get("/sign-in")
        locked = client.post("/sign-in", data={"username": "viewer", "password": PASSWORD,
                                                "csrf": csrf_of(form.text)})
    assert locked.status_code == 401 and "locked until" in locked.text


def test_signed_out_the_account_page_sends_to_sign_in(app: FastAPI) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = client.get("/account")
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in?next=/account"
