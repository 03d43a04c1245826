"""The house keeps its shape: the domain imports no layer above it, routes reach the domain only
through the services, and the pages never import a router. The whole order is an import-linter
contract in pyproject.toml (`lint-imports`, run by scripts/test.sh); these tests check that the
contract names every part of app/, so a new package cannot escape it."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"
DOMAIN = ("app.quantities", "app.clinical", "app.injection", "app.topical", "app.pharmacy",
          "app.calendar")
ROUTERS = ("app.api.plans", "app.api.calculators", "app.api.formulas", "app.api.docs")


def imports(path: Path) -> set[str]:
    """Every module a source file imports, by its full dotted name."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def under(names: set[str], prefixes: tuple[str, ...]) -> set[str]:
    return {name for name in names if name.startswith(prefixes)}


@pytest.mark.parametrize("package", [name.split(".")[1] for name in DOMAIN])
def test_the_domain_imports_no_layer_above_it(package):
    above = ("app.api", "app.web", "app.services", "app.settings", "app.main")
    for path in (APP / package).rglob("*.py"):
        assert under(imports(path), above) == set(), path


@pytest.mark.parametrize("router", ROUTERS)
def test_routes_reach_the_domain_only_through_the_services(router):
    path = APP.joinpath(*router.split(".")[1:]).with_suffix(".py")
    assert under(imports(path), DOMAIN) == set(), router


def test_the_pages_never_import_a_router():
    for path in (APP / "web").rglob("*.py"):
        assert under(imports(path), ROUTERS) == set(), path


@pytest.mark.parametrize(("adapter", "other"), [("web", "app.api"), ("api", "app.web")])
def test_the_pages_and_the_api_never_import_each_other(adapter, other):
    """Both take their route dependencies from app/http/, so neither sits above the other."""
    for path in (APP / adapter).rglob("*.py"):
        assert under(imports(path), (other,)) == set(), path


def test_the_pages_and_the_api_are_independent_siblings_in_the_contract():
    entry = next(layer for layer in contracts()["layers"]["layers"] if "app.web" in layer)
    assert ":" not in entry
    assert {name.strip() for name in entry.split("|")} >= {"app.cli", "app.web", "app.api"}


def contracts() -> dict[str, dict[str, Any]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {contract["id"]: contract for contract in config["tool"]["importlinter"]["contracts"]}


def parts_of_app() -> set[str]:
    """Every package and module directly under app/, by its dotted name."""
    found = set()
    for path in APP.iterdir():
        if path.is_dir() and (path / "__init__.py").is_file():
            found.add(f"app.{path.name}")
        elif path.suffix == ".py" and path.name != "__init__.py":
            found.add(f"app.{path.stem}")
    return found


def test_the_walk_finds_the_packages():
    assert {"app.services", "app.contracts", "app.storage", "app.quantities"} <= parts_of_app()


def test_the_layers_contract_names_every_package_and_module_under_app():
    named = [name.strip() for layer in contracts()["layers"]["layers"]
             for name in re.split(r"[|:]", layer)]
    assert len(named) == len(set(named)), "a part is named in two layers"
    assert set(named) == parts_of_app()


def test_only_the_services_the_cli_and_the_app_factory_may_import_storage():
    storage = contracts()["storage"]
    assert storage["forbidden_modules"] == ["app.storage"]
    allowed = {"app.services", "app.cli", "app.main", "app.storage"}
    assert set(storage["source_modules"]) == parts_of_app() - allowed


@pytest.mark.parametrize("contract", ["layers", "storage"])
def test_no_import_is_excused(contract):
    assert "ignore_imports" not in contracts()[contract]


def test_the_import_contracts_are_kept():
    """`lint-imports`, as scripts/test.sh runs it, from the checkout being tested."""
    command = Path(sys.executable).parent / "lint-imports"
    if not command.exists():
        pytest.skip("import-linter is not installed beside this Python")
    result = subprocess.run([str(command), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_the_web_rooms_contract_names_every_room_of_the_pages():
    """Each sub-package and module of app/web/ sits in one layer of the `web-rooms` contract."""
    rooms = contracts()["web-rooms"]
    assert rooms["containers"] == ["app.web"]
    named = [name.strip() for layer in rooms["layers"] for name in re.split(r"[|:]", layer)]
    found = {path.stem for path in (APP / "web").iterdir()
             if (path.is_dir() and (path / "__init__.py").is_file())
             or (path.suffix == ".py" and path.name != "__init__.py")}
    assert len(named) == len(set(named)), "a room is named in two layers"
    assert set(named) == found
