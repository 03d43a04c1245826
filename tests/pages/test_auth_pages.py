"""Sign in and out, session expiry, the first-run link, and CSRF refusals on every page form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from app.services import account_admin, first_run_links
from app.services.accounts import AccountError
from app.settings import Settings
from app.storage.engine import Database
from app.storage.models import FirstRunLink, WebSession
from tests.pages.conftest import PASSWORD, csrf_of, save_course, version_of

Browser = Callable[[str], TestClient]


def _sign_in(client: TestClient, username: str, password: str) -> object:
    form = client.get("/sign-in")
    return client.post("/sign-in", data={"username": username, "password": password,
                                         "csrf": csrf_of(form.text), "next": "/clinic"})


def test_sign_in_sets_a_strict_session_cookie_and_lands_on_the_due_list(
    app: FastAPI, users: tuple[str, ...]
) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = _sign_in(client, "viewer", PASSWORD)
        assert answer.status_code == 303 and answer.headers["location"] == "/clinic"
        cookie = answer.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
        assert client.get("/clinic").status_code == 200


def test_a_cookie_over_https_is_secure(app: FastAPI, users: tuple[str, ...]) -> None:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as client:
        answer = _sign_in(client, "viewer", PASSWORD)
        assert "secure" in answer.headers["set-cookie"].lower()


def test_a_wrong_password_says_so_then_the_account_locks(
    app: FastAPI, users: tuple[str, ...]
) -> None:
    with TestClient(app, follow_redirects=False) as client:
        for _ in range(5):
            answer = _sign_in(client, "viewer", "not the password at all")
            assert answer.status_code == 401
        assert "locked until" in answer.text
        locked = _sign_in(client, "viewer", PASSWORD)
        assert locked.status_code == 401 and "locked until" in locked.text
        first = _sign_in(client, "clinician", "wrong password here")
        assert "user name or password is wrong" in first.text


def test_the_sign_in_form_needs_its_double_submit_token(
    app: FastAPI, users: tuple[str, ...]
) -> None:
    with TestClient(app, follow_redirects=False) as client:
        answer = client.post("/sign-in", data={"username": "viewer", "password": PASSWORD,
                                               "csrf": "forged", "next": "/clinic"})
        assert answer.status_code == 403 and "sts_session" not in client.cookies


def test_sign_out_ends_the_session_for_every_copy_of_the_cookie(
    app: FastAPI, browser: Browser
) -> None:
    client = browser("viewer")
    stolen = client.cookies["sts_session"]
    page = client.get("/clinic")
    assert client.post("/sign-out", data={"csrf": csrf_of(page.text)}).status_code == 303
    with TestClient(app, follow_redirects=False, cookies={"sts_session": stolen}) as other:
        assert other.get("/clinic").status_code == 303


def test_an_expired_session_is_sent_to_sign_in(browser: Browser, database: Database) -> None:
    client = browser("viewer")
    with database.writing() as session:
        session.execute(update(WebSession).values(
            expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    answer = client.get("/clinic")
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/clinic"


def test_a_disabled_account_loses_its_session_at_once(browser: Browser) -> None:
    viewer, admin = browser("viewer"), browser("admin")
    page = admin.get("/admin/accounts")
    answer = admin.post("/admin/accounts/change", data={
        "csrf": csrf_of(page.text), "username": "viewer", "action": "disable"})
    assert answer.status_code == 303
    assert viewer.get("/clinic").status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_every_state_changing_form_refuses_a_bad_csrf_token(
    browser: Browser, token: str | None
) -> None:
    admin = browser("admin")
    course = save_course(admin, dt.date.today())
    version = version_of(admin.get(f"/courses/{course}").text)
    forms = [
        ("/sign-out", {}),
        ("/courses/new/injection", {"plan_query": "start_date=2026-01-01", "reference": "H1"}),
        (f"/courses/{course}/records", {"version": version, "seen": "0", "round": "1",
                                        "status": "omitted", "date": "2026-01-01",
                                        "reason": "x"}),
        (f"/courses/{course}/stop", {"version": version, "reason": "x"}),
        (f"/courses/{course}/dispensed", {"version": version, "seen": "0", "block": "1",
                                          "date": "2026-01-01", "amount": "5 g"}),
        (f"/courses/{course}/reviewed", {"version": version, "seen": "0", "review": "1",
                                         "date": "2026-01-01"}),
        ("/admin/accounts", {"username": "new.one", "role": "viewer", "password": "x" * 12}),
        ("/admin/accounts/change", {"username": "viewer", "action": "disable"}),
    ]
    for path, data in forms:
        sent = data if token is None else {**data, "csrf": token}
        answer = admin.post(path, data=sent)
        assert answer.status_code == 403, path
        assert "Nothing was saved" in answer.text
    assert version_of(admin.get(f"/courses/{course}").text) == version
    assert "new.one" not in admin.get("/admin/accounts").text


def test_htmx_may_send_the_token_in_a_header(browser: Browser) -> None:
    client = browser("viewer")
    token = csrf_of(client.get("/clinic").text)
    answer = client.post("/sign-out", headers={"X-CSRF-Token": token})
    assert answer.status_code == 303


def _kept_hashes(db: Database) -> list[tuple[str, bool]]:
    with db.reading() as session:
        return [(link.token_hash, link.used_at is not None)
                for link in session.scalars(select(FirstRunLink).order_by(FirstRunLink.id))]


def test_the_first_run_link_makes_one_admin_once(app: FastAPI, settings: Settings) -> None:
    with TestClient(app, follow_redirects=False) as client:
        db = app.state.database
        token = first_run_links.issue_first_run(db)
        assert token is not None
        assert token not in repr(_kept_hashes(db))  # only its hash is kept
        page = client.get(f"/first-run?token={token}")
        assert page.status_code == 200
        form = {"csrf": csrf_of(page.text), "token": token, "username": "boss",
                "password": PASSWORD, "repeat": PASSWORD}
        assert client.post("/first-run", data=form).status_code == 303
        assert _sign_in(client, "boss", PASSWORD).status_code == 303
    with TestClient(app, follow_redirects=False) as other:
        fresh = csrf_of(other.get("/sign-in").text)
        again = other.post("/first-run", data={**form, "csrf": fresh, "username": "boss2"})
        assert again.status_code == 422 and "expired or was already used" in again.text
        assert other.get(f"/first-run?token={token}").status_code == 404
        assert first_run_links.issue_first_run(db) is None
    kept = _kept_hashes(db)
    assert kept and all(used for _, used in kept)  # every link used, none deleted


@pytest.mark.parametrize(("token", "status"), [("", 404), ("made-up", 404)])
def test_the_first_run_page_needs_a_live_link(app: FastAPI, token: str, status: int) -> None:
    with TestClient(app, follow_redirects=False) as client:
        assert client.get(f"/first-run?token={token}").status_code == status


def test_an_expired_first_run_link_is_refused(app: FastAPI, database: Database) -> None:
    with TestClient(app, follow_redirects=False) as client:
        token = first_run_links.issue_first_run(database)
        assert token is not None
        past = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        with database.writing() as session:
            session.execute(update(FirstRunLink).values(expires_at=past))
        assert client.get(f"/first-run?token={token}").status_code == 404


def test_start_up_prints_a_first_run_link_only_while_no_account_exists(
    app: FastAPI, database: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(app):
        pass
    assert "/first-run?token=" in capsys.readouterr().err
    account_admin.add_account(database, "someone", "viewer", PASSWORD, by="admin")
    with TestClient(app):
        pass
    assert "/first-run" not in capsys.readouterr().err


def test_a_refused_first_admin_leaves_the_link_usable(database: Database) -> None:
    token = first_run_links.issue_first_run(database)
    assert token is not None
    with pytest.raises(AccountError, match="password"):
        first_run_links.create_first_admin(database, token, "boss", "short")
    assert first_run_links.first_run_valid(database, token)
    first_run_links.create_first_admin(database, token, "boss", PASSWORD)
    assert not first_run_links.first_run_valid(database, token)
