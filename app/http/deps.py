"""Route dependencies the pages and the API both declare: the database, policy and settings the
app was made with, and today's date where the clinic is."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Request

from app.policy import Policy
from app.services.database import Database
from app.settings import Settings


def get_database(request: Request) -> Database:
    """The app's database, opened by the app's lifespan (app/storage/lifetime.py)."""
    database: Database = request.app.state.database
    return database


async def get_policy(request: Request) -> Policy:
    """The facts in force, made once by the app factory (async: no thread hand-off per request)."""
    policy: Policy = request.app.state.policy
    return policy


async def get_settings(request: Request) -> Settings:
    """The settings the app was made with (clinic name and telephone, form defaults)."""
    settings: Settings = request.app.state.settings
    return settings


def local_today(request: Request) -> dt.date:
    """Today's date in the clinic's time zone (a course's days are the clinic's days)."""
    return dt.datetime.now(request.app.state.zone).date()


DatabaseDep = Annotated[Database, Depends(get_database)]
PolicyDep = Annotated[Policy, Depends(get_policy)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
