"""One-time reset links from the accounts page: shown once, an hour, one use, only a hash kept;
issuing one, using one or disabling an account ends its sessions and API tokens for good."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.accounts.secrets import token_hash
from app.services import accounts
from app.storage import audit
from app.storage.engine import Database
from app.storage.models import PasswordReset
from tests.pages.conftest import PASSWORD, csrf_of

Browser = Callable[[str], TestClient]
NEW = "the password after reset"
LINK = re.compile(r'value="(http://testserver/reset-password\?token=([A-Za-z0-9_-]+))"')


def _issue(admin: TestClient, username: str) -> tuple[str, str]:
    """Issue a reset link from the accounts page; the link and its token."""
    page = admin.get("/admin/accounts")
    answer = admin.post("/admin/accounts/reset-link",
                        data={"csrf": csrf_of(page.text), "username": username})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    found = LINK.search(answer.text)
    assert found is not None, "the answer shows no reset link"
    return found.group(1), found.group(2)


def _sign_in(app: FastAPI, username: str, password: str) -> int:
    with TestClient(app, follow_redirects=False) as client:
        form = client.get("/sign-in")
        return client.post("/sign-in", data={"username": username, "password": password,
                                              "csrf": csrf_of(form.text)}).status_code


def test_a_reset_link_sets_a_new_password_once(
    app: FastAPI, browser: Browser, database: Database, caplog: pytest.LogCaptureFixture,
) -> None:
    viewer, admin = browser("viewer"), browser("admin")
    token_of_viewer = accounts.add_token(database, "viewer")
    link, token = _issue(admin, "viewer")
    # Issuing the link ends the account's sessions and API tokens at once.
    assert viewer.get("/clinic").status_code == 303
    assert accounts.actor_of_token(database, token_of_viewer) is None
    form = TestClient(app, follow_redirects=False)
    page = form.get(f"/reset-password?token={token}")
    assert page.status_code == 200 and "<strong>viewer</strong>" in page.text
    answer = form.post("/reset-password", data={"csrf": csrf_of(page.text), "token": token,
                                                "password": NEW, "repeat": NEW})
    assert answer.status_code == 303 and answer.headers["location"] == "/sign-in?reset=1"
    assert _sign_in(app, "viewer", NEW) == 303 and _sign_in(app, "viewer", PASSWORD) == 401
    # Used once: the link no longer opens, nor sets a password.
    again = form.get(f"/reset-password?token={token}")
    assert again.status_code == 404 and "was already used" in again.text
    refused = form.post("/reset-password", data={"csrf": csrf_of(page.text), "token": token,
                                                 "password": PASSWORD, "repeat": PASSWORD})
    assert refused.status_code == 404 and _sign_in(app, "viewer", NEW) == 303
    with database.reading() as session:
        stored = session.scalars(select(PasswordReset)).one()
        assert stored.token_hash == token_hash(token) and stored.used_at is not None
        said = json.dumps([e.detail for e in audit.entries(session, None, 0, 1000)])
        actions = [e.action for e in audit.entries(session, None, 0, 1000)]
    assert token not in said and link not in said
    assert "account.reset_link_issued" in actions and "account.password_reset" in actions
    history = admin.get("/admin/accounts").text.split("History of account changes", 1)[1]
    assert "viewer (account" in history
    assert "reset link issued; 1 session(s) ended, 1 API token(s) revoked" in history
    assert "password set from a reset link" in history and token not in history
    assert caplog.records and not any(token in r.getMessage() for r in caplog.records)


def test_a_link_expires_after_an_hour(app: FastAPI, browser: Browser, database: Database) -> None:
    _, token = _issue(browser("admin"), "viewer")
    with database.writing() as session:
        session.execute(update(PasswordReset).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    with TestClient(app, follow_redirects=False) as client:
        answer = client.get(f"/reset-password?token={token}")
    assert answer.status_code == 404 and "works for one hour" in answer.text


def test_a_newer_link_replaces_the_older_one(app: FastAPI, browser: Browser) -> None:
    admin = browser("admin")
    _, older = _issue(admin, "viewer")
    _, newer = _issue(admin, "viewer")
    with TestClient(app, follow_redirects=False) as client:
        assert client.get(f"/reset-password?token={older}").status_code == 404
        assert client.get(f"/reset-password?token={newer}").status_code == 200


@pytest.mark.parametrize(
    ("password", "repeat", "words"),
    [(NEW, NEW + "!", "the two new passwords differ"),
     ("short one", "short one", "at least 12 characters")],
)
def test_a_refused_new_password_keeps_the_link(
    app: FastAPI, browser: Browser, password: str, repeat: str, words: str,
) -> None:
    _, token = _issue(browser("admin"), "viewer")
    client = TestClient(app, follow_redirects=False)
    form = client.get(f"/reset-password?token={token}")
    answer = client.post("/reset-password", data={"csrf": csrf_of(form.text), "token": token,
                                                  "password": password, "repeat": repeat})
    assert answer.status_code == 422 and words in answer.text
    assert client.get(f"/reset-password?token={token}").status_code == 200


def test_the_reset_form_needs_its_double_submit_token(app: FastAPI, browser: Browser) -> None:
    _, token = _issue(browser("admin"), "viewer")
    with TestClient(app, follow_redirects=False) as client:
        answer = client.post("/reset-password", data={"csrf": "forged", "token": token,
                                                      "password": NEW, "repeat": NEW})
    assert answer.status_code == 403 and _sign_in(app, "viewer", PASSWORD) == 303


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_an_unknown_link_is_refused(app: FastAPI, users: tuple[str, ...], token: str) -> None:
    with TestClient(app, follow_redirects=False) as client:
        assert client.get(f"/reset-password?token={token}").status_code == 404


def test_only_an_admin_issues_links(browser: Browser) -> None:
    clinician = browser("clinician")
    page = clinician.get("/clinic")
    answer = clinician.post("/admin/accounts/reset-link",
                            data={"csrf": csrf_of(page.text), "username": "viewer"})
    assert answer.status_code == 403


@pytest.mark.parametrize(
    ("username", "status", "words"),
    [("nobody", 422, "No link was issued: no user named"),
     ("admin", 409, "change your own password under Your account")],
)
def test_an_unknown_or_own_account_gets_no_link(
    browser: Browser, database: Database, username: str, status: int, words: str,
) -> None:
    admin = browser("admin")
    page = admin.get("/admin/accounts")
    answer = admin.post("/admin/accounts/reset-link",
                        data={"csrf": csrf_of(page.text), "username": username})
    assert answer.status_code == status and words in answer.text
    with database.reading() as session:
        assert session.scalars(select(PasswordReset)).first() is None


def test_disable_then_enable_does_not_bring_the_old_session_or_token_back(
    app: FastAPI, browser: Browser, database: Database,
) -> None:
    viewer, admin = browser("viewer"), browser("admin")
    token = accounts.add_token(database, "viewer")
    stolen = viewer.cookies["sts_session"]
    for action in ("disable", "enable"):
        page = admin.get("/admin/accounts")
        assert admin.post("/admin/accounts/change", data={
            "csrf": csrf_of(page.text), "username": "viewer", "action": action,
        }).status_code == 303
    with TestClient(app, follow_redirects=False, cookies={"sts_session": stolen}) as other:
        assert other.get("/clinic").status_code == 303
    assert accounts.actor_of_token(database, token) is None
    assert _sign_in(app, "viewer", PASSWORD) == 303  # the password itself still works
