"""Dependencies the routes declare: the policy and the settings the app was made with."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.policy import Policy
from app.settings import Settings


async def get_policy(request: Request) -> Policy:
    """The facts in force, made once by the app factory (async: no thread hand-off per request)."""
    policy: Policy = request.app.state.policy
    return policy


async def get_settings(request: Request) -> Settings:
    """The settings the app was made with (clinic name and telephone, form defaults)."""
    settings: Settings = request.app.state.settings
    return settings


PolicyDep = Annotated[Policy, Depends(get_policy)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
