"""Plans the browser tests share, written as the pages put them in the URL."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"

SEED = urlencode([
    ("start_date", "2020-05-07"), ("interval_days", "14"), ("product", "sts-25-usp"),
    ("diluent", "saline"), ("stock_parts", "1"), ("diluent_parts", "0"),
    *[pair for name, rounds, first in (("right middle MCP", 4, 1), ("left middle MCP", 4, 1),
                                       ("right index DIP", 4, 1), ("right elbow", 3, 2))
      for pair in (("site_name", name), ("site_volume", "1.25 mL"),
                   ("site_rounds", str(rounds)), ("site_first_round", str(first)))],
])
TOPICAL = urlencode([
    ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "21"),
    ("step_strength", "10 % w/w"), ("step_days", "14"), ("applications_per_day", "1"),
    ("site_name", "left forearm"), ("site_area", "50 cm^2"),
    ("amount_mode", "convention"), ("amount_convention", "thin_layer"),
])
WORKSHEET = urlencode({"kind": "compound", "strength": "10 % w/w", "quantity": "100 g",
                       "powder": "anhydrous"})
