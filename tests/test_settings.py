"""Settings come from STS_ variables; bad ones stop start-up naming the variable; overrides of
published ceilings need a source note and then replace the published fact, source and all."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.clinical import facts
from app.main import create_app
from app.policy import policy_from_settings
from app.quantities.registry import DAY, MG, MG_PER_G, MG_PER_KG, Quantity
from app.settings import OVERRIDES, SettingsError, env_name, get_settings, load_settings


@pytest.fixture(autouse=True)
def fresh_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test reads the environment anew, and leaves no cached settings behind."""
    for name in [
        "STS_CLINIC_NAME", "STS_CLINIC_PHONE", "STS_DEFAULT_INTERVAL_DAYS", "STS_LOG_LEVEL",
        "STS_WORKERS", "STS_MAX_BODY_BYTES",
    ] + [env_name(o.field) for o in OVERRIDES] + [env_name(f"{o.field}_source") for o in OVERRIDES]:
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_defaults_need_no_configuration():
    settings = get_settings()
    assert settings.clinic_name == "STS Planner demo clinic"
    assert settings.default_interval_days == 14
    assert settings.log_level == "info"
    assert settings.workers == 1
    assert settings.max_body_bytes == 16 * 1024 * 1024
    policy = policy_from_settings(settings)
    for override in OVERRIDES:
        assert policy.fact(override.fact) is override.fact
        assert not policy.is_overridden(override.fact)


@pytest.mark.parametrize(
    ("variable", "value", "attribute", "expected"),
    [
        ("STS_CLINIC_NAME", "Ward 7 <Dermatology>", "clinic_name", "Ward 7 <Dermatology>"),
        ("STS_CLINIC_PHONE", "+44 20 7946 0000", "clinic_phone", "+44 20 7946 0000"),
        ("STS_DEFAULT_INTERVAL_DAYS", "28", "default_interval_days", 28),
        ("STS_LOG_LEVEL", "warning", "log_level", "warning"),
        ("STS_WORKERS", "4", "workers", 4),
        ("STS_MAX_BODY_BYTES", "65536", "max_body_bytes", 65536),
        ("STS_FORWARDED_ALLOW_IPS", " 10.0.0.5 , 172.16.0.0/12 ", "forwarded_allow_ips",
         "10.0.0.5,172.16.0.0/12"),
        ("STS_FORWARDED_ALLOW_IPS", "*", "forwarded_allow_ips", "*"),
    ],
)
def test_each_setting_is_read_from_its_variable(monkeypatch, variable, value, attribute, expected):
    monkeypatch.setenv(variable, value)
    assert getattr(get_settings(), attribute) == expected


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("STS_DEFAULT_INTERVAL_DAYS", "0", "greater than or equal to 1"),
        ("STS_DEFAULT_INTERVAL_DAYS", "fortnightly", "valid integer"),
        ("STS_LOG_LEVEL", "loud", "should match pattern"),
        ("STS_WORKERS", "0", "greater than or equal to 1"),
        ("STS_MAX_BODY_BYTES", "10", "greater than or equal to 1024"),
        ("STS_CLINIC_NAME", "x" * 121, "at most 120 characters"),
        ("STS_CLINIC_NAME", "", "at least 1 character"),
        ("STS_FORWARDED_ALLOW_IPS", "proxy.local", "'proxy.local' is neither"),
        ("STS_FORWARDED_ALLOW_IPS", "10.0.0.1, *", "'*' is neither"),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(monkeypatch, variable, value, says):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        create_app()
    assert f"{variable}: " in str(caught.value)
    assert says in str(caught.value)


@pytest.mark.parametrize(
    ("variable", "value", "fact", "expected"),
    [
        # 200 mg stays 200 mg; 0.2 g is shown in the published unit, mg: 0.2 g = 200 mg.
        ("STS_LIDOCAINE_MAX", "200 mg", facts.LIDOCAINE_MAX, Quantity(200, MG)),
        ("STS_LIDOCAINE_MAX", "0.2 g", facts.LIDOCAINE_MAX, Quantity(200, MG)),
        ("STS_LIDOCAINE_MAX_PER_KG", "3 mg/kg", facts.LIDOCAINE_MAX_PER_KG, Quantity(3, MG_PER_KG)),
        # 10 g in the published unit g is 10 g.
        ("STS_SYSTEMIC_DOSE_MAX", "10 g", facts.STS_IV_DOSE_MAX, Quantity(10, "g")),
        ("STS_SYSTEMIC_DOSE_PER_KG", "150 mg/kg", facts.STS_IV_DOSE_PER_KG,
         Quantity(150, MG_PER_KG)),
        ("STS_MIN_INTERVAL_DAYS", "10", facts.MIN_INTERVAL, Quantity(10, DAY)),
        # 30 % w/w = 300 mg/g.
        ("STS_TOPICAL_MAX_STRENGTH", "30 % w/w", facts.TOPICAL_MAX_STRENGTH,
         Quantity(300, MG_PER_G)),
    ],
)
def test_an_override_with_a_source_is_in_force(monkeypatch, variable, value, fact, expected):
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv(f"{variable}_SOURCE", "Trust policy DERM-12 (2026)")
    policy = policy_from_settings(load_settings())
    used = policy.fact(fact)
    assert policy.is_overridden(fact) and used.name == fact.name
    assert used.value.units == fact.value.units
    assert used.value.magnitude == pytest.approx(expected.to(fact.value.units).magnitude)
    assert used.source.startswith("local override: Trust policy DERM-12 (2026)")
    assert fact.source in used.source  # the published source is still shown beside it


@pytest.mark.parametrize(
    ("environment", "says"),
    [
        ({"STS_LIDOCAINE_MAX": "200 mg"}, "STS_LIDOCAINE_MAX needs STS_LIDOCAINE_MAX_SOURCE"),
        ({"STS_LIDOCAINE_MAX": "200 mg", "STS_LIDOCAINE_MAX_SOURCE": "  "},
         "STS_LIDOCAINE_MAX needs STS_LIDOCAINE_MAX_SOURCE"),
        ({"STS_MIN_INTERVAL_DAYS_SOURCE": "memo"},
         "STS_MIN_INTERVAL_DAYS_SOURCE is set but STS_MIN_INTERVAL_DAYS"),
        ({"STS_MIN_INTERVAL_DAYS": "0", "STS_MIN_INTERVAL_DAYS_SOURCE": "memo"},
         "STS_MIN_INTERVAL_DAYS: Input should be greater than or equal to 1"),
        ({"STS_LIDOCAINE_MAX": "200 mL", "STS_LIDOCAINE_MAX_SOURCE": "memo"},
         "STS_LIDOCAINE_MAX must be a mass such as '0.5 g'; got a volume"),
        ({"STS_SYSTEMIC_DOSE_PER_KG": "250 mg", "STS_SYSTEMIC_DOSE_PER_KG_SOURCE": "memo"},
         "STS_SYSTEMIC_DOSE_PER_KG must be a dose per body weight"),
        # A w/v strength cannot stand in for the published w/w (mg/g) ceiling.
        ({"STS_TOPICAL_MAX_STRENGTH": "30 % w/v", "STS_TOPICAL_MAX_STRENGTH_SOURCE": "memo"},
         "STS_TOPICAL_MAX_STRENGTH must be like '250 mg/g'"),
        ({"STS_TOPICAL_MAX_STRENGTH": "30 %", "STS_TOPICAL_MAX_STRENGTH_SOURCE": "memo"},
         "does not say whether it is w/w or w/v"),
    ],
)
def test_a_bad_override_stops_start_up(monkeypatch, environment, says):
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        create_app()
    assert says in str(caught.value)


def test_every_problem_is_listed_at_once():
    with pytest.raises(SettingsError) as caught:
        load_settings(lidocaine_max="200 mg", min_interval_days_source="memo")
    message = str(caught.value)
    assert "STS_LIDOCAINE_MAX needs" in message
    assert "STS_MIN_INTERVAL_DAYS_SOURCE is set" in message


def test_uvicorn_refuses_to_start_with_bad_settings(tmp_path):
    environment = {"STS_LIDOCAINE_MAX": "200 mg", "PATH": "/usr/bin:/bin"}
    finished = subprocess.run(
        [sys.executable, "-m", "uvicorn", "app.main:create_app", "--factory", "--port", "0"],
        env=environment, capture_output=True, text=True, timeout=60,
        cwd=Path(__file__).parents[1],
    )
    assert finished.returncode != 0
    assert "STS_LIDOCAINE_MAX needs STS_LIDOCAINE_MAX_SOURCE" in finished.stderr


def test_the_container_command_refuses_bad_settings_before_starting_workers():
    environment = {"STS_WORKERS": "4", "STS_MAX_BODY_BYTES": "lots", "PATH": "/usr/bin:/bin"}
    finished = subprocess.run(
        [sys.executable, "-m", "app.serve"], env=environment, capture_output=True, text=True,
        timeout=60, cwd=Path(__file__).parents[1],
    )
    assert finished.returncode == 2
    assert finished.stderr.startswith("invalid STS Planner settings:")
    assert "STS_MAX_BODY_BYTES: Input should be a valid integer" in finished.stderr
    assert "Traceback" not in finished.stderr


@pytest.mark.parametrize(
    ("ceiling", "strength", "message"),
    [
        # 20 % w/w = 200 mg/g: above a local 15 %, below the published 25 %.
        ("15 % w/w", "20 % w/w",
         "200 mg/g (pentahydrate) is above the highest locally set topical strength, 15 % read"
         " on the pentahydrate basis."),
        # 0.15 g/g = 150 mg/g = 15 %: the same ceiling written as a mass per mass.
        ("0.15 g/g", "20 % w/w",
         "200 mg/g (pentahydrate) is above the highest locally set topical strength, 15 % read"
         " on the pentahydrate basis."),
        # 20 % w/v = 200 mg/mL, compared as "20 %" on its own basis with the 15 % ceiling.
        ("150 mg/g", "20 % w/v",
         "200 mg/mL (pentahydrate) is above the highest locally set topical strength, 15 % read"
         " on the pentahydrate basis."),
    ],
)
def test_a_topical_ceiling_override_changes_the_compound_warning_and_cites_its_source(
    monkeypatch, ceiling, strength, message
):
    body = {"strength": strength, "quantity": "100 g" if "w/w" in strength else "100 mL"}
    with TestClient(create_app()) as http:
        published = http.post("/api/v1/compound", json=body).json()
    monkeypatch.setenv("STS_TOPICAL_MAX_STRENGTH", ceiling)
    monkeypatch.setenv("STS_TOPICAL_MAX_STRENGTH_SOURCE", "Trust policy DERM-12")
    with TestClient(create_app()) as http:
        local = http.post("/api/v1/compound", json=body).json()

    assert published["warnings"] == []
    assert [(w["code"], w["message"]) for w in local["warnings"]] == [
        ("strength_above_published", message)
    ]
    source = local["warnings"][0]["source"]
    assert source.startswith("local override: Trust policy DERM-12 (published 250 mg/g: ")
    assert facts.TOPICAL_MAX_STRENGTH.source in source
    assert any(s["source"] == source for s in local["sources"])  # cited in the working too
    assert local["powder"] == published["powder"]  # a warning never changes the result


@pytest.mark.parametrize(
    ("variable", "value", "code"),
    [
        # Neat 250 mg/mL, 1 mL at one site = 250 mg STS: above a local 0.2 g cap, below 12.5 g.
        ("STS_SYSTEMIC_DOSE_MAX", "0.2 g", "sts_above_systemic_dose"),
        # 14-day interval: shorter than a local 21-day minimum, not than the published 7.
        ("STS_MIN_INTERVAL_DAYS", "21", "short_interval"),
    ],
)
def test_an_override_changes_the_plans_warnings_and_cites_its_source(monkeypatch, variable, value,
                                                                      code):
    body = {"start_date": "2020-05-07", "interval_days": 14,
            "sites": [{"name": "elbow", "volume": "1 mL", "rounds": 2}]}
    with TestClient(create_app()) as http:
        published = http.post("/api/v1/plans/injection", json=body).json()
    monkeypatch.setenv(variable, value)
    monkeypatch.setenv(f"{variable}_SOURCE", "Trust policy DERM-12")
    with TestClient(create_app()) as http:
        local = http.post("/api/v1/plans/injection", json=body).json()

    def codes(plan: dict) -> list[str]:
        found = [w for w in plan["warnings"] if w["code"] == code]
        found += [w for v in plan["visits"] for w in v["warnings"] if w["code"] == code]
        return [w["source"] for w in found]

    assert codes(published) == []
    assert codes(local)
    assert all(source.startswith("local override: Trust policy DERM-12") for source in codes(local))


@pytest.mark.parametrize(("phone", "warned"),
                         [("", True), ("   ", True), ("+39 055 123 4567", False)])
def test_start_up_says_when_the_clinic_telephone_is_unset(monkeypatch, caplog, phone, warned):
    monkeypatch.setenv("STS_CLINIC_PHONE", phone)
    with caplog.at_level("WARNING", logger="sts.settings"), TestClient(create_app()):
        pass
    said = [r.getMessage() for r in caplog.records if r.name == "sts.settings"]
    assert bool(said) is warned
    if warned:
        assert "STS_CLINIC_PHONE is empty" in said[0] and "ask their clinic" in said[0]
