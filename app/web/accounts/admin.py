"""The admin's accounts page: add accounts, disable or enable them, change roles, revoke tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.accounts.roles import ROLES
from app.http.deps import DatabaseDep
from app.services import account_admin, audit_history, passwords
from app.services.accounts import AccountError
from app.web.accounts.access import Admin, AdminForm
from app.web.accounts.session import PageUser
from app.web.templating import is_fragment_request, page

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Name = Annotated[str, Form(max_length=64)]
Secret = Annotated[str, Form(max_length=1024)]
ACTIONS = ("disable", "enable", "role", "revoke")


def _page(request: Request, db: DatabaseDep, user: PageUser, *, message: str = "",
          error: str = "", status: int = 200, reset: tuple[str, str] | None = None) -> Response:
    context = {"user": user, "accounts": account_admin.list_accounts(db),
               "roles": sorted(ROLES), "message": message, "error": error, "reset": reset,
               "history": audit_history.account_history(db, request.app.state.zone)}
    return page(request, "auth/accounts.html", context, status, block="accounts")


def _done(request: Request, db: DatabaseDep, user: PageUser, said: str) -> Response:
    """htmx gets the accounts again with `said`; a plain form is redirected (no resend)."""
    if is_fragment_request(request):
        return _page(request, db, user, message=said)
    return RedirectResponse("/admin/accounts?done=1", status_code=303)


@router.get("/admin/accounts")
def accounts_page(request: Request, db: DatabaseDep, user: Admin) -> Response:
    """Every account, with the forms that change them, and the history of account changes."""
    done = request.query_params.get("done", "")
    return _page(request, db, user, message="Saved." if done == "1" else "")


@router.post("/admin/accounts")
def add_account(
    request: Request, db: DatabaseDep, user: AdminForm, username: Name, role: Name,
    password: Secret,
) -> Response:
    """Add an account (name, role and a password the new user changes by asking an admin)."""
    try:
        account_admin.add_account(db, username.strip(), role, password, by=user.actor.username)
    except AccountError as error:
        return _page(request, db, user, error=f"The account was not added: {error}.",
                     status=422)
    return _done(request, db, user, f"Saved: account {username.strip()} added as {role}.")


SAID = {"disable": "disabled", "enable": "enabled", "role": "given the role {role}",
        "revoke": "left with no live API token"}


@router.post("/admin/accounts/change")
def change_account(
    request: Request, db: DatabaseDep, user: AdminForm, username: Name, action: Name,
    role: Name = "",
) -> Response:
    """Disable, enable, re-role an account or revoke its API tokens; never one's own access."""
    if action not in ACTIONS:
        return _page(request, db, user, error="Choose what to change.", status=422)
    if username == user.actor.username and action in ("disable", "role"):
        return _page(request, db, user, status=409,
                     error="You cannot disable your own account or change your own role: "
                           "ask another admin, so the clinic always keeps one.")
    by = user.actor.username
    try:
        if action in ("disable", "enable"):
            account_admin.set_disabled(db, username, action == "disable", by=by)
        elif action == "role":
            account_admin.set_role(db, username, role, by=by)
        else:
            account_admin.revoke_tokens(db, username, by=by)
    except AccountError as error:
        return _page(request, db, user, error=f"Nothing was changed: {error}.", status=422)
    return _done(request, db, user,
                 f"Saved: {username} {SAID[action].format(role=role)}.")


@router.post("/admin/accounts/reset-link")
def issue_reset_link(
    request: Request, db: DatabaseDep, user: AdminForm, username: Name
) -> Response:
    """Issue a one-time reset link for an account and show it once, on this answer only (never
    in a redirect's address); the account's sessions and API tokens end now."""
    if username == user.actor.username:
        return _page(request, db, user, status=409,
                     error="A reset link for your own account would sign you out: change your "
                           "own password under Your account instead.")
    try:
        token = passwords.issue_reset_link(db, username, by=user.actor.username)
    except AccountError as error:
        return _page(request, db, user, error=f"No link was issued: {error}.", status=422)
    link = passwords.reset_link(str(request.base_url), token)
    return _page(request, db, user, reset=(username, link), message=(
        f"Saved: a reset link for {username} is below. It works once, for one hour; "
        f"{username} is signed out everywhere and their API tokens are revoked."))
