"""One policy, made once from the settings: /sources, the form hint, the warnings and the printout
all show the facts in force, and the domain never reads the settings itself."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import policy
from app.clinical import facts
from app.main import create_app
from app.policy import OVERRIDABLE, PUBLISHED, Policy, policy_from_settings
from app.settings import load_settings
from tests.seed import SEED_START

APP = Path(__file__).resolve().parents[1] / "app"
DOMAIN_PACKAGES = ("quantities", "clinical", "injection", "topical", "pharmacy", "calendar")
LOCAL = {"lidocaine_max": "200 mg", "lidocaine_max_source": "Trust policy DERM-12"}
# 1:1 with 1 % lidocaine, 44 mL at one site: 220 mg of lidocaine, above 200 mg, below 300 mg.
LIDOCAINE_PLAN = {
    "start_date": SEED_START,
    "mix": {"diluent": "lidocaine 1%", "stock_parts": 1, "diluent_parts": 1},
    "sites": [{"name": "thigh", "volume": "44 mL", "rounds": 1}],
}
PAGE_QUERY = (
    f"start_date={SEED_START}&product=sts-25-usp&diluent=lidocaine+1%25&stock_parts=1"
    "&diluent_parts=1&site_name=thigh&site_volume=44+mL&site_rounds=1"
)


@pytest.fixture(scope="module")
def local() -> TestClient:
    """An app whose deployment lowers the lidocaine cap to 200 mg, with its source."""
    return TestClient(create_app(load_settings(**LOCAL)))


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("package", DOMAIN_PACKAGES)
def test_no_domain_module_imports_the_settings(package):
    for path in (APP / package).rglob("*.py"):
        assert "app.settings" not in imported_modules(path), path


def test_the_published_policy_changes_nothing():
    assert all(PUBLISHED.fact(fact) is fact for fact in facts.ALL_FACTS)
    assert PUBLISHED.all_facts() == list(facts.ALL_FACTS)
    assert policy_from_settings(load_settings()) == PUBLISHED


def test_every_fact_in_the_module_is_listed_once():
    listed = [value for value in vars(facts).values() if isinstance(value, facts.Fact)]
    assert sorted(f.name for f in listed) == sorted(f.name for f in facts.ALL_FACTS)
    assert set(OVERRIDABLE) <= set(facts.ALL_FACTS)


def test_a_policy_cannot_be_changed_after_it_is_made():
    policy = policy_from_settings(load_settings(**LOCAL))
    with pytest.raises(TypeError):
        policy.overrides[facts.LIDOCAINE_MAX.name] = facts.LIDOCAINE_MAX  # type: ignore[index]
    with pytest.raises(AttributeError):
        policy.overrides = {}  # type: ignore[misc]
    assert isinstance(policy, Policy) and policy.is_overridden(facts.LIDOCAINE_MAX)


def test_sources_page_shows_the_local_value_and_its_authority(local):
    page = local.get("/sources").text
    assert "200 mg" in page and "local override: Trust policy DERM-12" in page
    published = TestClient(create_app(load_settings())).get("/sources").text
    assert "local override" not in published and "300 mg" in published


def test_the_injection_form_hint_shows_the_ceilings_in_force(local):
    page = local.get("/injection").text
    assert "lidocaine 4.5 mg/kg up to 200 mg" in page
    assert "up to 300 mg" not in page


def test_the_json_warning_the_page_and_the_round_sheet_agree(local):
    plan = local.post("/api/v1/plans/injection", json=LIDOCAINE_PLAN).json()
    (warning,) = [w for w in plan["warnings"] if w["code"] == "lidocaine_above_max"]
    assert "200 mg" in warning["message"]
    assert warning["source"].startswith("local override: Trust policy DERM-12")
    page = local.get("/injection?" + PAGE_QUERY).text
    sheet = local.get("/injection/round-sheet?" + PAGE_QUERY).text
    for shown in (page, sheet):
        assert "lidocaine 220 mg is above the maximum single dose" in shown
        assert "200 mg" in shown and "Trust policy DERM-12" in shown


LOCAL_CAP = {"STS_LIDOCAINE_MAX": "250 mg", "STS_LIDOCAINE_MAX_SOURCE": "Trust guideline 7"}


@pytest.mark.parametrize(
    ("environment", "label", "expected"),
    [
        ({}, "us", facts.LIDOCAINE_MAX),
        ({}, "uk-ie", facts.LIDOCAINE_MAX_UK_IE),
        (LOCAL_CAP, "us", "250 mg"),
        (LOCAL_CAP, "uk-ie", "250 mg"),  # a sourced local override wins over the named label
    ],
)
def test_the_policy_alone_decides_which_lidocaine_cap_is_in_force(environment, label, expected):
    settings = load_settings(lidocaine_label=label, **{
        name.removeprefix("STS_").lower(): value for name, value in environment.items()})
    cap = policy_from_settings(settings).lidocaine_max
    if isinstance(expected, str):
        assert cap.text == expected and "Trust guideline 7" in cap.source
    else:
        assert cap is expected


def test_the_settings_carry_values_and_decide_nothing():
    settings = load_settings(lidocaine_label="uk-ie")
    assert not hasattr(settings, "fact") and settings.overrides() == {}
    assert policy.in_force(facts.STS_IV_DOSE_MAX, {}, "uk-ie") is facts.STS_IV_DOSE_MAX
