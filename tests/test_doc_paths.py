"""Every module the documents name by its path is where they say: a module moved (issue 20 moved
app/web/ into rooms) takes its mentions in README.md, docs/ and app/web/ARCHITECTURE.md with it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "app" / "web" / "ARCHITECTURE.md",
             *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_module_a_document_names_exists(document: Path):
    named = set(re.findall(r"`(app/[\w/]+\.py)`", document.read_text(encoding="utf-8")))
    assert sorted(path for path in named if not (ROOT / path).is_file()) == []


def test_the_architecture_names_every_room_of_the_pages():
    """Each sub-package of app/web/ has its section in ARCHITECTURE.md."""
    text = (ROOT / "app" / "web" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rooms = [path.name for path in (ROOT / "app" / "web").iterdir()
             if (path / "__init__.py").is_file()]
    assert rooms
    assert [room for room in rooms if f"`{room}/`" not in text] == []
