"""Who is calling: the bearer token's account, and one dependency per action (401, then 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.accounts.roles import Action, may
from app.http.deps import DatabaseDep
from app.services.accounts import Actor, actor_of_token

MAX_TOKEN_LENGTH = 200


def _unauthenticated(message: str) -> HTTPException:
    return HTTPException(401, message, headers={"WWW-Authenticate": "Bearer"})


# auto_error=False: a missing or non-Bearer header is answered 401 here, with the challenge.
_bearer = HTTPBearer(auto_error=False, description="an API token from `sts-planner token add`")


def current_actor(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    database: DatabaseDep,
) -> Actor:
    """The account of the `Authorization: Bearer` token, or 401."""
    if credentials is None:
        raise _unauthenticated("this needs an API token: Authorization: Bearer <token>")
    token = credentials.credentials.strip()
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise _unauthenticated("the Authorization header must be 'Bearer <token>'")
    actor = actor_of_token(database, token)
    if actor is None:
        raise _unauthenticated("the token is unknown or revoked")
    return actor


def require(action: Action) -> Callable[[Actor], Actor]:
    """A dependency that lets through only accounts whose role may do `action` (else 403)."""

    def allowed(actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
        if not may(actor.role, action):
            raise HTTPException(403, f"the role '{actor.role}' may not do this")
        return actor

    return allowed


ReadCourses = Annotated[Actor, Depends(require(Action.READ))]
WriteCourses = Annotated[Actor, Depends(require(Action.WRITE_COURSES))]
Strikes = Annotated[Actor, Depends(require(Action.STRIKE))]
# Which records a role may send (rounds, dispensing, reviews), the course service checks.
Records = Annotated[Actor, Depends(require(Action.RECORD))]
ManageAccounts = Annotated[Actor, Depends(require(Action.ADMIN_ACCOUNTS))]
ReadAudit = Annotated[Actor, Depends(require(Action.READ_AUDIT))]
