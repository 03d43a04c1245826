"""The PDF print views the robustness issue names, as page addresses with their query strings."""

from __future__ import annotations

from urllib.parse import urlencode

MAX_SITES, MAX_ROUNDS = 60, 52


def topical_nine_months() -> str:
    """3 % w/w for 90 days, then 10 % w/w for 180, one site, reviews every 14 days."""
    query = [
        ("start_date", "2025-01-06"), ("step_strength", "3 % w/w"), ("step_days", "90"),
        ("step_strength", "10 % w/w"), ("step_days", "180"), ("site_name", "left forearm"),
        ("site_area", "50 cm^2"), ("amount_mode", "per_area"), ("amount", "2 mg/cm^2"),
        ("applications_per_day", "1"), ("review_interval_days", "14"),
        ("strength_basis", "pentahydrate"),
    ]
    return "/topical/calendar.pdf?" + urlencode(query)


def injection(view: str, sites: int, rounds: int, interval: int = 14) -> str:
    """An injection print view ('round-sheet' or 'calendar') for sites × rounds."""
    query = [("start_date", "2025-01-06"), ("interval_days", str(interval)), ("product", "custom"),
             ("stock", "250 mg/mL"), ("stock_basis", "pentahydrate"), ("diluent", "saline"),
             ("stock_parts", "1"), ("diluent_parts", "0"), ("patient_weight", "60 kg")]
    for number in range(sites):
        query += [("site_name", f"site {number + 1}"), ("site_volume", "0.1 mL"),
                  ("site_rounds", str(rounds)), ("site_first_round", "1")]
    return f"/injection/{view}.pdf?" + urlencode(query)


CASES = {
    "topical calendar, 9 months": topical_nine_months(),
    "round sheet, 2 sites × 4 rounds": injection("round-sheet", 2, 4),
    "injection calendar, 2 sites × 4 rounds": injection("calendar", 2, 4),
    "round sheet, 60 sites × 52 rounds, daily (largest the form allows)":
        injection("round-sheet", MAX_SITES, MAX_ROUNDS, interval=1),
}
