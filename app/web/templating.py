"""The one Jinja2 environment for the pages, its display filters, and page-or-fragment rendering."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

from fastapi import Request
from fastapi.responses import Response
from jinja2_fragments.fastapi import Jinja2Blocks

from app.clinical.facts import fact_value_text
from app.quantities import display
from app.quantities import registry as units

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES_DIR = ROOT / "templates"
STATIC_DIR = ROOT / "static"


# Starlette's Jinja2Templates turns autoescape on for .html templates.
templates = Jinja2Blocks(directory=str(TEMPLATES_DIR))
env = templates.env
env.trim_blocks = True
env.lstrip_blocks = True

# Templates name units through this namespace so they never spell a unit string themselves.
env.globals["U"] = SimpleNamespace(
    MG=units.MG,
    G=units.G,
    KG=units.KG,
    MCG=units.MCG,
    ML=units.ML,
    MMOL=units.MMOL,
    MG_PER_ML=units.MG_PER_ML,
    MG_PER_G=units.MG_PER_G,
    CM2=units.CM2,
    MG_PER_CM2=units.MG_PER_CM2,
)
env.filters["qty"] = display.quantity
env.filters["fixed"] = display.fixed
env.filters["num"] = display.number
env.filters["day"] = display.date
env.filters["strength"] = display.strength
env.filters["signed_percent"] = display.signed_percent
env.filters["fact_value"] = fact_value_text


def is_fragment_request(request: Request) -> bool:
    """True for an htmx request that wants only the results, not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def has_block(name: str, block: str) -> bool:
    """True when the template itself defines the block an htmx request would swap in."""
    return block in env.get_template(name).blocks


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    block: str = "results",
    status_code: int = 200,
) -> Response:
    """The full page, or for an htmx request only the named block of the same template; a
    template without that block (the start page, an error page) is always a whole page."""
    fragment = is_fragment_request(request) and has_block(name, block)
    context = {
        "settings": request.app.state.settings,
        "policy": request.app.state.policy,
        "path": request.url.path,
        "query": request.url.query,
        "fragment": fragment,
        **context,
    }
    # Caches must keep the page and the fragment of one URL apart.
    headers = {"Vary": "HX-Request"}
    if fragment:
        return templates.TemplateResponse(
            request, name, context, status_code=status_code, headers=headers, block_name=block
        )
    return templates.TemplateResponse(
        request, name, context, status_code=status_code, headers=headers
    )
