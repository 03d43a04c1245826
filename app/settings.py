"""Deployment settings, read once from the environment (prefix STS_)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from app.clinical import facts
from app.clinical.facts import Fact
from app.i18n import catalogues
from app.quantities import parsing
from app.quantities.parsing import QuantityError, QuantityKind, parse_quantity
from app.quantities.registry import DAY, Qty, Quantity

ENV_PREFIX = "STS_"


@dataclass(frozen=True)
class Override:
    """A published ceiling a deployment may replace, if it says on what authority."""

    field: str
    fact: Fact
    kind: QuantityKind | None  # None: a whole number of days


# Each pair of variables, e.g. STS_LIDOCAINE_MAX="200 mg" + STS_LIDOCAINE_MAX_SOURCE="…".
OVERRIDES = (
    Override("systemic_dose_per_kg", facts.STS_IV_DOSE_PER_KG, parsing.DOSE_PER_BODY_WEIGHT),
    Override("systemic_dose_max", facts.STS_IV_DOSE_MAX, parsing.MASS),
    Override("lidocaine_max_per_kg", facts.LIDOCAINE_MAX_PER_KG, parsing.DOSE_PER_BODY_WEIGHT),
    Override("lidocaine_max", facts.LIDOCAINE_MAX, parsing.MASS),
    Override("topical_max_strength", facts.TOPICAL_MAX_STRENGTH, parsing.STRENGTH),
    Override("min_interval_days", facts.MIN_INTERVAL, None),
    # Clinical plausibility (issue 11): references that warn and bounds that refuse.
    Override("site_volume_reported", facts.INJECTION_SITE_VOLUME_REPORTED, parsing.VOLUME),
    Override("visit_volume_reported", facts.INJECTION_VISIT_VOLUME_REPORTED, parsing.VOLUME),
    Override("site_volume_max", facts.INJECTION_SITE_VOLUME_MAX, parsing.VOLUME),
    Override("visit_volume_max", facts.INJECTION_VISIT_VOLUME_MAX, parsing.VOLUME),
)


class SettingsError(RuntimeError):
    """Settings that cannot be used; the message names each environment variable at fault."""


def env_name(field: str) -> str:
    """The environment variable that sets a field."""
    return f"{ENV_PREFIX}{field.upper()}"


def _overridden(override: Override, given: str | int, note: str) -> Fact:
    """The Fact that replaces a published one, its source naming both the local note and the
    published value, so every warning shows that a local ceiling is in force."""
    variable = env_name(override.field)
    if override.kind is None:
        value: Qty = Quantity(int(given), DAY)
    else:
        try:
            value = parse_quantity(given, override.kind)
        except QuantityError as error:
            raise ValueError(f"{variable} {error}") from error
    default = override.fact.value
    if value.dimensionality != default.dimensionality:
        raise ValueError(f"{variable} must be like '{default:~P}'; got '{given}'")
    source = f"local override: {note.strip()} (published {default:~P}: {override.fact.source})"
    # Kept in the published unit, so code reading .magnitude stays right.
    return Fact(override.fact.name, value.to(default.units), source)


class Settings(BaseSettings):
    """Everything a deployment may change; defaults run the app with no configuration."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="ignore")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Values given in code, then the environment: no dotenv or secrets-folder source, which
        this app never configures and which cost half of every start-up's reading of settings."""
        return init_settings, env_settings

    clinic_name: str = Field("STS Planner demo clinic", min_length=1, max_length=120)
    clinic_phone: str = Field("", max_length=40)
    # Whether a preparation kept with a course must be checked by another account than the one
    # that made it (USP <795>/<797> records name both); a single-handed pharmacy turns it off.
    preparation_second_check: bool = True
    # The key that seals the audit trail (64 hex digits). Unset: a key file in data_dir, made
    # on first start. Either way it is never in the database (app/storage/seal.py).
    audit_key: str | None = Field(None, pattern="^[0-9a-fA-F]{64}$")
    default_interval_days: int = Field(14, ge=1, le=365)
    log_level: str = Field("info", pattern="^(critical|error|warning|info|debug)$")
    host: str = Field("127.0.0.1", min_length=1, max_length=253)
    port: int = Field(8000, ge=1, le=65535)
    workers: int = Field(1, ge=1, le=32)
    # Who may say, in X-Forwarded-For and X-Forwarded-Proto, which client and scheme a request
    # came from: the reverse proxy's addresses or networks, comma-separated. A request from
    # anywhere else keeps its own address and scheme (so a stranger cannot make a cookie lose
    # `Secure`, or pose as a trusted address). "*" trusts every sender: only where the server
    # cannot be reached except through the proxy.
    forwarded_allow_ips: str = Field("127.0.0.1", min_length=1, max_length=2000)
    # Above a 10 MB text field, so an oversized field is a 422 that names it; a bigger body
    # is refused with 413 before it is read.
    max_body_bytes: int = Field(16 * 1024 * 1024, ge=1024, le=256 * 1024 * 1024)

    # Kept treatment courses (issue 8): where courses are stored and the clinic's own day.
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        None, max_length=2000, description="SQLAlchemy URL; default: a SQLite file in data_dir"
    )
    timezone: str = Field("UTC", max_length=64)
    # Issue 26: the FHIR export's Patient.identifier.system (a URI with a scheme).
    patient_id_system: str = Field("urn:sts-planner:patient-reference", max_length=255,
                                   pattern=r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
    # Sign-in throttling per client address (issue 24): after this many failed sign-ins from one
    # address within the window, that address is refused (429) until the window ends. Generous,
    # since a clinic's staff may share one address; the per-account lock (5 in a row) stays.
    sign_in_address_failures: int = Field(50, ge=1, le=100_000)
    sign_in_address_window_minutes: int = Field(15, ge=1, le=24 * 60)
    # Issue 25: the language of a course's patient printouts when the course names none (one
    # of the catalogues under app/translations; never the browser's).
    patient_language: str = Field("en", max_length=16)

    # Issue 11 (robustness): API bodies are kilobytes; the server's own limits; the PDF pool.
    max_api_body_bytes: int = Field(64 * 1024, ge=1024, le=16 * 1024 * 1024)
    limit_concurrency: int = Field(64, ge=1, le=10_000)
    timeout_keep_alive: int = Field(5, ge=1, le=300)
    timeout_graceful_shutdown: int = Field(30, ge=1, le=600)
    pdf_workers: int = Field(2, ge=1, le=16)
    pdf_timeout_seconds: float = Field(30, gt=0, le=600)
    pdf_max_pages: int = Field(60, ge=1, le=1000)
    pdf_memory_mb: int = Field(1024, ge=256, le=16384)
    # Start the PDF workers with the server, so the first printout does not wait seconds for one.
    pdf_prestart: bool = True

    systemic_dose_per_kg: str | None = None
    systemic_dose_per_kg_source: str | None = None
    systemic_dose_max: str | None = None
    systemic_dose_max_source: str | None = None
    lidocaine_max_per_kg: str | None = None
    lidocaine_max_per_kg_source: str | None = None
    lidocaine_max: str | None = None
    lidocaine_max_source: str | None = None
    min_interval_days: int | None = Field(None, ge=1, le=365)
    min_interval_days_source: str | None = None
    topical_max_strength: str | None = None
    topical_max_strength_source: str | None = None

    # Clinical plausibility and lidocaine label (issues 11 and 14).
    site_volume_reported: str | None = None
    site_volume_reported_source: str | None = None
    visit_volume_reported: str | None = None
    visit_volume_reported_source: str | None = None
    site_volume_max: str | None = None
    site_volume_max_source: str | None = None
    visit_volume_max: str | None = None
    visit_volume_max_source: str | None = None
    lidocaine_label: Literal["us", "uk-ie"] = Field(
        "us", description="whose lidocaine cap is in force: US labels 300 mg, UK/Irish SmPCs 200 mg"
    )

    _facts: dict[str, Fact] = PrivateAttr(default_factory=dict)

    @field_validator("timezone")
    @classmethod
    def known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(
                f"must be an IANA time zone such as 'Europe/London'; got {value!r}"
            ) from error
        return value

    @field_validator("patient_language")
    @classmethod
    def known_language(cls, value: str) -> str:
        return catalogues.checked(value)

    @field_validator("forwarded_allow_ips")
    @classmethod
    def addresses_or_networks(cls, value: str) -> str:
        items = [item.strip() for item in value.split(",")]
        if items == ["*"]:
            return "*"
        for item in items:
            try:
                ipaddress.ip_network(item, strict=False)
            except ValueError:
                raise ValueError(
                    "must be IP addresses or networks separated by commas, such as "
                    f"'127.0.0.1, 10.0.0.0/8', or '*'; {item!r} is neither"
                ) from None
        return ",".join(items)

    @field_validator("database_url")
    @classmethod
    def supported_database(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(("sqlite:///", "postgresql+psycopg://")):
            raise ValueError("must start with 'sqlite:///' or 'postgresql+psycopg://'")
        return value

    def database(self) -> str:
        """The database URL in force: STS_DATABASE_URL, else a SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'sts-planner.db').resolve()}"

    def zone(self) -> ZoneInfo:
        """The clinic's time zone, which says what day 'today' is."""
        return ZoneInfo(self.timezone)

    @model_validator(mode="after")
    def overrides_have_sources(self) -> Settings:
        problems: list[str] = []
        for override in OVERRIDES:
            text = getattr(self, override.field)
            note = getattr(self, f"{override.field}_source")
            variable, note_variable = env_name(override.field), env_name(f"{override.field}_source")
            if text is None and note is None:
                continue
            if text is None:
                problems.append(f"{note_variable} is set but {variable} is not")
            elif note is None or not note.strip():
                problems.append(
                    f"{variable} needs {note_variable}: say on what authority the published "
                    f"{override.fact.name} ({override.fact.value:~P}) is replaced"
                )
            else:
                try:
                    self._facts[override.fact.name] = _overridden(override, text, note)
                except ValueError as error:
                    problems.append(str(error))
        if problems:
            raise ValueError("\n  ".join(problems))
        return self

    def overrides(self) -> dict[str, Fact]:
        """The sourced local values set, by the published fact's name (checked on loading).
        Which fact is in force is app/policy.py's decision, not the settings'."""
        return dict(self._facts)


def describe_error(error: ValidationError) -> str:
    """One line per problem, each naming the environment variable to fix."""
    lines = []
    for problem in error.errors():
        location = [str(part) for part in problem.get("loc", ())]
        where = env_name(location[0]) if location else "settings"
        message = str(problem.get("msg", "")).removeprefix("Value error, ")
        lines.append(message if message.startswith(ENV_PREFIX) else f"{where}: {message}")
    return "invalid STS Planner settings:\n  " + "\n  ".join(lines)


def load_settings(**values: Any) -> Settings:
    """Read settings from the environment (and any values given), or raise SettingsError."""
    try:
        return Settings(**values)
    except ValidationError as error:
        raise SettingsError(describe_error(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, read from the environment once per process (`python -m app.serve`)."""
    return load_settings()
