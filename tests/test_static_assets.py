"""The front-end files in static/ are the npm packages' own, at the versions package.json pins:
`npm run copy-assets` copies them, and this test fails when a version moves without a copy."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def copies() -> list[tuple[str, str]]:
    """(source in node_modules, copy in static/) for every file the copy-assets script copies."""
    script = json.loads((ROOT / "package.json").read_text())["scripts"]["copy-assets"]
    pairs = []
    for command in script.split("&&"):
        program, *sources, target = shlex.split(command)
        assert program == "cp", command
        for source in sources:
            copy = target + Path(source).name if target.endswith("/") else target
            pairs.append((source, copy))
    return pairs


@pytest.mark.parametrize(("source", "copy"), copies())
def test_a_static_copy_is_the_pinned_package_file(source: str, copy: str) -> None:
    package = ROOT / source
    assert package.exists(), f"{source} is missing: run `npm ci`"
    assert (ROOT / copy).read_bytes() == package.read_bytes(), f"run `npm run copy-assets`: {copy}"


def test_every_vendored_file_has_its_package() -> None:
    vendored = {str(path.relative_to(ROOT)) for path in (ROOT / "static" / "swagger").iterdir()}
    copied = {copy for _, copy in copies()}
    # init.js is ours: it starts Swagger UI without an inline script.
    assert vendored - copied == {"static/swagger/init.js"}
