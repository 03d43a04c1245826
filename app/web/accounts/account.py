"""Your own account (`/account`: change the password), the reset-link page, and the favicon."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from app.accounts.secrets import token_hash
from app.http.deps import DatabaseDep
from app.services import passwords
from app.services.accounts import AccountError
from app.web.accounts.csrf import FORM_COOKIE, Checked, form_token, tokens_match
from app.web.accounts.session import SignedIn
from app.web.refusals import PageRefused
from app.web.templating import STATIC_DIR, is_fragment_request, page, render

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
Text = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=1024)]
NO_STORE = {"Cache-Control": "no-store"}
EXPIRED = ("The link has expired (a reset link works for one hour), was already used, or a newer "
           "one was issued. Ask an admin for a new link.")


def _account_page(request: Request, user: SignedIn, *, message: str = "", error: str = "",
                  status: int = 200) -> Response:
    context = {"user": user, "message": message, "error": error}
    return page(request, "auth/account.html", context, status, block="account")


@router.get("/account")
def account_page(request: Request, user: SignedIn) -> Response:
    """Your account: its name and role, and the form to change its password."""
    said = "Your password is changed." if request.query_params.get("changed") == "1" else ""
    return _account_page(request, user, message=said)


@router.post("/account/password")
def change_password(
    request: Request, db: DatabaseDep, user: Checked, current: Secret, password: Secret,
    repeat: Secret,
) -> Response:
    """Change your own password; your other sessions end, this one goes on."""
    try:
        changed = passwords.change_password(db, user.actor.username, token_hash(user.cookie),
                                            current, password, repeat)
    except AccountError as error:
        return _account_page(request, user, error=f"The password was not changed: {error}.",
                             status=422)
    if not changed.done:
        return _account_page(request, user, status=422, error=(
            "The password was not changed: the current password is wrong. After 5 wrong "
            "passwords in a row the account is locked for 15 minutes."))
    if is_fragment_request(request):
        return _account_page(request, user, message="Your password is changed.")
    return RedirectResponse("/account?changed=1", status_code=303)


def _reset_page(request: Request, token: str, username: str, *, message: str = "",
                status: int = 200) -> Response:
    form = form_token(request)
    context = {"form_csrf": form, "token": token, "username": username, "message": message}
    response = render(request, "auth/reset_password.html", context, status_code=status)
    response.set_cookie(FORM_COOKIE, form, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    response.headers.update(NO_STORE)
    return response


@router.get(passwords.RESET_PATH)
def reset_form(request: Request, db: DatabaseDep, token: str = "") -> Response:
    """The form a reset link opens: the new password, twice."""
    username = passwords.reset_account(db, token)
    if username is None:
        raise PageRefused(404, "This reset link cannot be used", EXPIRED)
    return _reset_page(request, token, username)


@router.post(passwords.RESET_PATH)
def reset_password(
    request: Request, db: DatabaseDep, token: Text, password: Secret, repeat: Secret,
    csrf: Text = "",
) -> Response:
    """Set the new password from the link; the link then never works again."""
    username = passwords.reset_account(db, token)
    if username is None:
        raise PageRefused(404, "This reset link cannot be used", EXPIRED)
    if not tokens_match(csrf, request.cookies.get(FORM_COOKIE, "")):
        return _reset_page(request, token, username, status=403,
                           message="The form had expired. Please type the new password again.")
    try:
        passwords.use_reset_link(db, token, password, repeat)
    except AccountError as error:
        return _reset_page(request, token, username, status=422,
                           message=f"The password was not set: {error}.")
    response = RedirectResponse("/sign-in?reset=1", status_code=303)
    response.delete_cookie(FORM_COOKIE, path="/")
    return response


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """The site's icon where browsers look for it first (the pages also link to it)."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml",
                        headers={"Cache-Control": "public, max-age=86400"})
