"""Which signed-in accounts a page lets through: one dependency per `Action` of the roles table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends

from app.accounts.roles import Action
from app.web.accounts.csrf import Checked
from app.web.accounts.session import PageUser, SignedIn
from app.web.refusals import PageRefused


def allowed(action: Action, *, form: bool = False) -> Callable[..., PageUser]:
    """A dependency letting through only accounts whose role may do `action` (else 403)."""

    def check(user: PageUser) -> PageUser:
        if not user.may(action):
            raise PageRefused(403, "Not for your role",
                              f"The role '{user.actor.role}' may not do this. Ask an admin "
                              "if you need it.")
        return user

    if form:
        def for_form(user: Checked) -> PageUser:
            return check(user)
        return for_form

    def for_page(user: SignedIn) -> PageUser:
        return check(user)
    return for_page


Reader = Annotated[PageUser, Depends(allowed(Action.READ))]
Writer = Annotated[PageUser, Depends(allowed(Action.WRITE_COURSES, form=True))]
WriterPage = Annotated[PageUser, Depends(allowed(Action.WRITE_COURSES))]
Striker = Annotated[PageUser, Depends(allowed(Action.STRIKE, form=True))]
Admin = Annotated[PageUser, Depends(allowed(Action.ADMIN_ACCOUNTS))]
AdminForm = Annotated[PageUser, Depends(allowed(Action.ADMIN_ACCOUNTS, form=True))]
Dispenser = Annotated[PageUser, Depends(allowed(Action.DISPENSE, form=True))]
RoundRecorder = Annotated[PageUser, Depends(allowed(Action.RECORD_ROUND, form=True))]
Reviewer = Annotated[PageUser, Depends(allowed(Action.REVIEW, form=True))]
Compounder = Annotated[PageUser, Depends(allowed(Action.COMPOUND))]
CompounderForm = Annotated[PageUser, Depends(allowed(Action.COMPOUND, form=True))]
ReaderForm = Annotated[PageUser, Depends(allowed(Action.READ, form=True))]  # a posted search
