"""Sign in, sign out, and the first-run page where the first admin is made from a one-time link."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.http.deps import DatabaseDep
from app.services import first_run_links, sessions
from app.services.accounts import SESSION_LIFETIME, AccountError
from app.services.first_run_links import served_at
from app.services.sign_in_throttle import AddressLimit
from app.web.accounts.csrf import FORM_COOKIE, Checked, form_token, tokens_match
from app.web.accounts.redirects import safe_next, sign_in_path
from app.web.accounts.session import SESSION_COOKIE, MaybeUser, SignInNeeded
from app.web.refusals import PageRefused
from app.web.templating import render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=1024)]
NO_STORE = {"Cache-Control": "no-store"}


def _secure(request: Request) -> bool:
    """Cookies carry `Secure` when the browser reached us over HTTPS."""
    return request.url.scheme == "https"


def _with_form_cookie(request: Request, response: Response, token: str) -> Response:
    response.set_cookie(FORM_COOKIE, token, httponly=True, samesite="strict",
                        secure=_secure(request), path="/")
    response.headers.update(NO_STORE)
    return response


def _sign_in_page(request: Request, user: object, *, next_path: str, message: str = "",
                  username: str = "", status: int = 200) -> Response:
    token = form_token(request)
    context = {"form_csrf": token, "next": next_path, "message": message,
               "username": username, "user": user}
    return _with_form_cookie(request, render(request, "auth/sign_in.html", context,
                                             status_code=status), token)


def _address_limit(request: Request) -> AddressLimit:
    settings = request.app.state.settings
    return AddressLimit(settings.sign_in_address_failures,
                        dt.timedelta(minutes=settings.sign_in_address_window_minutes))


def _refusal(request: Request, outcome: sessions.SignInOutcome) -> str:
    """Why a sign-in was refused, in words, with the clinic's local time to try again at."""
    until = "" if outcome.locked_until is None else (
        outcome.locked_until.astimezone(request.app.state.zone).strftime("%H:%M"))
    if outcome.refusal == "throttled":
        minutes = -(-outcome.retry_after // 60)
        return (f"Too many failed sign-ins from this network address: no password is checked "
                f"from it until {until} (about {minutes} minute{'s' if minutes != 1 else ''}). "
                "Wait, then try again; an admin can reset a forgotten password.")
    if outcome.refusal == "locked":
        return (f"Too many wrong passwords: this account is locked until {until}. "
                "Try again then, or ask an admin.")
    return ("The user name or password is wrong, or the account is disabled. "
            "After 5 wrong passwords from one network address the account is locked from it for "
            "15 minutes.")


@router.get("/sign-in")
def sign_in_form(request: Request, user: MaybeUser, next: str | None = None) -> Response:
    """The sign-in form (a signed-in browser goes straight on)."""
    if user is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return _sign_in_page(request, None, next_path=safe_next(next))


@router.post("/sign-in")
def sign_in(
    request: Request, db: DatabaseDep, username: Text, password: Secret,
    csrf: Text = "", next: Text = "/clinic",
) -> Response:
    """Check the password; on success set the session cookie and go on."""
    if not tokens_match(csrf, request.cookies.get(FORM_COOKIE, "")):
        return _sign_in_page(request, None, next_path=safe_next(next), status=403,
                             message="The sign-in form had expired. Please sign in again.")
    address = request.client.host if request.client else None
    outcome = sessions.sign_in(db, username.strip(), password, address,
                                   _address_limit(request))
    if outcome.signed_in is None:
        page = _sign_in_page(request, None, next_path=safe_next(next),
                             message=_refusal(request, outcome), username=username.strip(),
                             status=429 if outcome.refusal == "throttled" else 401)
        if outcome.refusal == "throttled":
            page.headers["Retry-After"] = str(outcome.retry_after)
        return page
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, outcome.signed_in.cookie, httponly=True, samesite="lax",
                        secure=_secure(request), path="/",
                        max_age=int(SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@router.post("/sign-out")
def sign_out(request: Request, db: DatabaseDep, user: Checked) -> Response:
    """End the session in the database, so it stops on every process at once."""
    sessions.sign_out(db, user.cookie)
    response = RedirectResponse("/sign-in?signed_out=1", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/first-run")
def first_run_form(request: Request, db: DatabaseDep, token: str = "") -> Response:
    """The first admin's form, reached from the one-time link printed at start-up."""
    if not first_run_links.first_run_valid(db, token):
        raise PageRefused(404, "This first-run link cannot be used",
                          "The link has expired, was already used, or an account already exists. "
                          "Restart the server for a new link while no account exists.")
    form = form_token(request)
    context = {"form_csrf": form, "token": token, "message": "", "username": ""}
    return _with_form_cookie(request, render(request, "auth/first_run.html", context), form)


@router.post("/first-run")
def first_run(
    request: Request, db: DatabaseDep, token: Text, username: Text, password: Secret,
    repeat: Secret, csrf: Text = "",
) -> Response:
    """Make the first admin; the link then stops working."""
    message = ""
    if not tokens_match(csrf, request.cookies.get(FORM_COOKIE, "")):
        message = "The form had expired. Please fill it in again."
    elif password != repeat:
        message = "The two passwords differ. Type the same password twice."
    else:
        try:
            first_run_links.create_first_admin(db, token, username.strip(), password)
        except AccountError as error:
            message = f"The account was not made: {error}."
    if message:
        form = form_token(request)
        context = {"form_csrf": form, "token": token, "message": message,
                   "username": username.strip()}
        page = render(request, "auth/first_run.html", context, status_code=422)
        return _with_form_cookie(request, page, form)
    return RedirectResponse("/sign-in?first_admin=1", status_code=303)


def _announce_first_run(app: FastAPI) -> None:
    """While no account exists, print a one-time link to make the first admin."""
    settings = app.state.settings
    token = first_run_links.issue_first_run(app.state.database)
    if token is not None:
        # Printed, never logged: the log may be shipped elsewhere, this console is the operator's.
        print(f"No account exists yet. Make the first admin within an hour, once, at "
              f"{served_at(settings.host, settings.port)}/first-run?token={token}",
              file=sys.stderr, flush=True)


async def _to_sign_in(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInNeeded)
    if request.headers.get("HX-Request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": sign_in_path(error.next_path)})
    return RedirectResponse(sign_in_path(error.next_path), status_code=303)


async def _refused(request: Request, error: Exception) -> Response:
    assert isinstance(error, PageRefused)
    context = {"title": error.title, "message": error.message}
    return render(request, "error.html", context, status_code=error.status)


def install(app: FastAPI) -> None:
    """Add the sign-in pages, their redirects and refusals, and the first-run announcement."""
    app.include_router(router)
    app.add_exception_handler(SignInNeeded, _to_sign_in)
    app.add_exception_handler(PageRefused, _refused)
    app.router.add_event_handler("startup", lambda: _announce_first_run(app))
