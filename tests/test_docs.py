"""The project's own documents stay true: docs/api.md names everything /openapi.json publishes,
docs/sources.md lists every fact with its value, docs/hazards.md cites tests that exist, and no
file leans on a folder outside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from app.clinical.facts import ALL_FACTS
from app.main import create_app

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def openapi() -> dict:
    return create_app().openapi()


def test_every_endpoint_is_documented(openapi):
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    for path, operations in openapi["paths"].items():
        for method in operations:
            assert re.search(rf"`{method.upper()} [^`]*{re.escape(path)}`", api), (method, path)


def test_every_schema_and_field_is_named(openapi):
    api = (DOCS / "api.md").read_text(encoding="utf-8")
    for name, schema in openapi["components"]["schemas"].items():
        if name in {"HTTPValidationError", "ValidationError"}:
            continue
        for field in schema.get("properties", {}):
            assert f"`{field}`" in api or f"`{field}` " in api, (name, field)


def test_every_fact_is_listed_with_its_value():
    sources = (DOCS / "sources.md").read_text(encoding="utf-8")
    for fact in ALL_FACTS:
        assert f"| {fact.name} | {fact.text} | {fact.source} |" in sources, fact.name


def test_every_test_the_hazard_log_cites_exists():
    log = (DOCS / "hazards.md").read_text(encoding="utf-8")
    for file, name in re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", log):
        assert re.search(rf"^def {name}\(", (ROOT / file).read_text(encoding="utf-8"), re.M), name
    for file in set(re.findall(r"`(tests/[\w/]+\.py)`", log)):
        assert (ROOT / file).is_file(), file


def test_no_file_refers_to_a_folder_outside_the_repository():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    # Spelled in pieces, so that this file does not name what it looks for.
    outside = re.compile("|".join((r"\.\./" + "shared", "/" + "work/")))
    offenders = [name for name in tracked if (ROOT / name).is_file()
                 and outside.search((ROOT / name).read_text(encoding="utf-8", errors="ignore"))]
    assert offenders == []
