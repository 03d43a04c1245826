"""The house keeps its shape: the domain imports no layer above it, routes reach the domain only
through the services, and the pages never import a router."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "app"
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


# The request models a neutral package will hold; until then the course path may import them.
REQUEST_MODELS = ("app.api.fields", "app.api.plan_requests", "app.api.calculator_requests")
COURSE_PATH = [APP / "services" / "courses.py", APP / "services" / "course_pages.py",
               *(APP / "courses").glob("*.py"), *(APP / "storage").glob("*.py"),
               *(APP / "accounts").glob("*.py")]


@pytest.mark.parametrize("path", COURSE_PATH, ids=lambda p: str(p.relative_to(APP)))
def test_the_course_use_cases_and_storage_import_neither_api_nor_pages(path):
    above = under(imports(path), ("app.api", "app.web"))
    assert {name for name in above if not name.startswith(REQUEST_MODELS)} == set(), path
