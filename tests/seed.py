"""The seed cases that tests and benchmarks send, written once."""

from __future__ import annotations

from typing import Any

# Seed case 000 (Golub et al.): three hand sites × 4 rounds, the elbow × 3 from round 2,
# from 2020-05-07.
SEED_START = "2020-05-07"
SEED_SITES: list[dict[str, Any]] = [
    {"name": "right middle MCP", "volume": "1.25 mL", "rounds": 4},
    {"name": "left middle MCP", "volume": "1.25 mL", "rounds": 4},
    {"name": "right index DIP", "volume": "1.25 mL", "rounds": 4},
    {"name": "right elbow", "volume": "1.25 mL", "rounds": 3, "first_round": 2},
]
# The same with every default spelled out: every 14 days, neat 250 mg/mL in saline.
SEED_INJECTION: dict[str, Any] = {
    "start_date": SEED_START,
    "interval_days": 14,
    "mix": {"stock": "250 mg/mL", "stock_basis": "pentahydrate", "diluent": "saline",
            "stock_parts": 1, "diluent_parts": 0},
    "sites": SEED_SITES,
}
# A short topical course: 3 % w/w for 20 days, then 10 % w/w for 15, on one 50 cm² site.
SHORT_TOPICAL: dict[str, Any] = {
    "start_date": "2025-01-06",
    "steps": [{"strength": "3 % w/w", "days": 20}, {"strength": "10 % w/w", "days": 15}],
    "sites": [{"name": "forearm", "area": "50 cm^2"}],
    "amount_per_area": "10 mg/cm^2",
}
