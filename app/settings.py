"""Deployment settings, read once from the environment (prefix STS_)."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a deployment may change; defaults run the app with no configuration."""

    model_config = SettingsConfigDict(env_prefix="STS_", extra="ignore")

    clinic_name: str = Field("STS Planner demo clinic", max_length=120)
    clinic_phone: str = Field("", max_length=40)
    default_interval_days: int = Field(14, ge=1, le=365)
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read from the environment on first use."""
    return Settings()
