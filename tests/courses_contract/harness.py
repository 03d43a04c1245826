"""How an outside suite drives the courses API: settings by environment, accounts and tokens by
the `sts-planner` command, every call over HTTP with a bearer token."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pint

from app.settings import get_settings
from tests.seed import SEED_INJECTION, SHORT_TOPICAL

API = "/api/v1"
ROLES = ("admin", "clinician", "pharmacist", "viewer")
PASSWORD = "a long enough passphrase"  # 24 characters: above the 12-character floor
NAME = "Zebedee Quuxworth"  # a patient name that must never leak into URLs, logs or errors
STOCK: Any = pint.UnitRegistry()
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{22,}$")
HAND_SITES = ["right middle MCP", "left middle MCP", "right index DIP"]
ALL_SITES = [*HAND_SITES, "right elbow"]
# The seed plan as an outside client writes it (defaults left out), and with every default.
SEED_PLAN: dict[str, Any] = {
    "start_date": SEED_INJECTION["start_date"],
    "sites": copy.deepcopy(SEED_INJECTION["sites"]),
}
SEED_FULL: dict[str, Any] = copy.deepcopy(SEED_INJECTION)
# Rounds of the seed plan, every 14 days from 2020-05-07 (all weekdays open).
SEED_DATES = ["2020-05-07", "2020-05-21", "2020-06-04", "2020-06-18"]
TOPICAL_PLAN: dict[str, Any] = copy.deepcopy(SHORT_TOPICAL)


def reference() -> str:
    """A fresh, valid patient reference (letters, digits, '-', '/'), unique to one test."""
    return f"T-{secrets.token_hex(5).upper()}/1"


def etag(version: int) -> str:
    """The quoted ETag / If-Match value for a course version."""
    return f'"{version}"'


def ml(value: Any) -> float:
    """A volume in mL from either a quantity object {value, unit} or a string like '1.2 mL'."""
    if isinstance(value, dict):
        assert set(value) == {"value", "unit"}, value
        quantity = STOCK.Quantity(value["value"], value["unit"])
    else:
        assert isinstance(value, str), value
        quantity = STOCK.Quantity(value)
    return float(quantity.to("mL").magnitude)


def mg(value: dict[str, Any]) -> float:
    """A mass in mg from a quantity object {value, unit}."""
    assert set(value) == {"value", "unit"}, value
    return float(STOCK.Quantity(value["value"], value["unit"]).to("mg").magnitude)


def utc_instant(text: str) -> dt.datetime:
    """Parse an `at` value, asserting it is an ISO date-time in UTC (Z or +00:00)."""
    assert isinstance(text, str) and (text.endswith("Z") or text.endswith("+00:00")), text
    parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed.utcoffset() == dt.timedelta(0), text
    return parsed


def contains(expected: Any, actual: Any, path: str = "") -> None:
    """Assert `actual` holds everything in `expected` (dicts may carry added keys)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), (path, actual)
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            contains(value, actual[key], f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (path, actual)
        for index, (want, got) in enumerate(zip(expected, actual, strict=True)):
            contains(want, got, f"{path}[{index}]")
    else:
        assert actual == expected, (path, actual, expected)


@contextlib.contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set STS_* variables (and drop the cached settings) for the block, then restore both."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    get_settings.cache_clear()
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old
        get_settings.cache_clear()


@dataclass
class Ran:
    """What a command did: its exit status and what it wrote."""

    code: int
    out: str
    err: str


def cli(args: list[str], stdin: str = "") -> Ran:
    """Run `sts-planner ARGS` through its Python entry point, in this process."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    fake_stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8")
    saved_stdin = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status: Any = main(args)
            except SystemExit as stop:
                status = stop.code
    finally:
        sys.stdin = saved_stdin
    if isinstance(status, str):
        err.write(status + "\n")
        status = 1
    return Ran(int(status or 0), out.getvalue(), err.getvalue())


def console(args: list[str], env: dict[str, str], stdin: str = "", timeout: float = 60) -> Ran:
    """Run the installed `sts-planner` console script as a separate process."""
    script = Path(sys.executable).parent / "sts-planner"
    done = subprocess.run(
        [str(script), *args], input=stdin, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **env},
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def add_user(role: str, username: str | None = None) -> tuple[str, str]:
    """Make an account with `role` and one API token for it; gives (username, token)."""
    username = username or f"{role}-{secrets.token_hex(3)}"
    made = cli(["user", "add", username, "--role", role], stdin=PASSWORD + "\n")
    assert made.code == 0, made
    issued = cli(["token", "add", username])
    assert issued.code == 0, issued
    lines = issued.out.splitlines()
    assert len(lines) == 1 and lines[0].strip(), issued
    return username, lines[0].strip()


@dataclass
class Clinic:
    """A running app on one database, with an account and token per role."""

    http: httpx.Client
    db_url: str
    users: dict[str, str] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)

    def auth(self, role: str | None, if_match: int | str | None = None) -> dict[str, str]:
        """Headers for a request made as `role` (None: no token; 'bad': a wrong one)."""
        headers: dict[str, str] = {}
        if role == "bad":
            headers["Authorization"] = "Bearer " + secrets.token_urlsafe(32)
        elif role is not None:
            headers["Authorization"] = "Bearer " + self.tokens[role]
        if if_match is not None:
            headers["If-Match"] = etag(if_match) if isinstance(if_match, int) else if_match
        return headers

    def create(
        self, plan: dict[str, Any] | None = None, *, kind: str = "injection",
        ref: str | None = None, role: str = "clinician", name: str | None = NAME,
    ) -> httpx.Response:
        """POST /courses for a new patient; gives the raw response."""
        patient: dict[str, Any] = {"reference": ref if ref is not None else reference()}
        if name is not None:
            patient["name"] = name
        body = {"patient": patient, "kind": kind,
                "plan": copy.deepcopy(plan if plan is not None else SEED_PLAN)}
        return self.http.post(f"{API}/courses", json=body, headers=self.auth(role))

    def course(self, plan: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        """A new course (asserting 201); gives its body."""
        response = self.create(plan, **kwargs)
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def get(self, course_id: str, role: str = "viewer") -> httpx.Response:
        """GET /courses/{id}."""
        return self.http.get(f"{API}/courses/{course_id}", headers=self.auth(role))

    def record(
        self, course: dict[str, Any], body: dict[str, Any], *, role: str = "clinician",
        version: int | str | None = None,
    ) -> httpx.Response:
        """POST a record with If-Match of the course's version (or the one given)."""
        return self.http.post(
            f"{API}/courses/{course['id']}/records", json=body,
            headers=self.auth(role, version if version is not None else course["version"]),
        )

    def recorded(self, course: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        """POST a record as a clinician, asserting 201; gives the updated course."""
        response = self.record(course, body)
        assert response.status_code == 201, response.text
        updated: dict[str, Any] = response.json()
        return updated

    def due(self, start: str, end: str, role: str = "viewer") -> httpx.Response:
        """GET /due for a date range."""
        return self.http.get(
            f"{API}/due", params={"from": start, "to": end}, headers=self.auth(role)
        )

    def audit(self, course_id: str) -> list[dict[str, Any]]:
        """The audit entries of a course, read as admin (asserting 200)."""
        response = self.http.get(
            f"{API}/audit", params={"course": course_id}, headers=self.auth("admin")
        )
        assert response.status_code == 200, response.text
        entries: list[dict[str, Any]] = response.json()
        return entries


def given(round_: int, date: str, **extra: Any) -> dict[str, Any]:
    """A `given` record body with a lot and an unexpired product."""
    return {"round": round_, "status": "given", "date": date, "lot": "L-2020-01",
            "expiry": "2030-12-31", **extra}
