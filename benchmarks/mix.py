"""Time POST /api/v1/mix in-process: the core, the route function, and through HTTP.

Run: .venv/bin/python benchmarks/mix.py [iterations]. Prints microseconds per call; the target
for the computed mix (route function) is well under 1 ms.
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pint  # noqa: E402

BODIES = (
    {"stock_volume": "5 mL", "diluent_volume": "0 mL"},
    {"stock_volume": "2 mL", "diluent_volume": "2 mL", "diluent": "lidocaine 1%"},
    {"target": "150 mg/mL", "final_volume": "10 mL"},
)


def per_call(function: Callable[[], object], iterations: int, repeats: int = 5) -> float:
    """The best of `repeats` runs, in microseconds per call."""
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(iterations):
            function()
        runs.append((time.perf_counter() - start) / iterations * 1e6)
    return min(runs)


def registry_build_ms() -> float:
    """Milliseconds to build a registry like app.units' (a fresh one, not the app's)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        registry = pint.UnitRegistry()
        registry.define("percent_weight_per_volume = 10 * milligram / milliliter = pct_wv")
        registry.define("percent_weight_per_weight = 10 * milligram / gram = pct_ww")
        registry.Unit("mg/mL")  # force the lazy build
        times.append((time.perf_counter() - start) * 1e3)
    return statistics.median(times)


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    start = time.perf_counter()
    from app.api import calculators
    from app.chemistry import Basis
    from app.main import create_app
    from app.mixing import by_volumes, to_target
    from app.products import Diluent
    from app.units import MG_PER_ML, ML, Quantity

    import_ms = (time.perf_counter() - start) * 1e3
    print(f"import app (registry, facts, routes): {import_ms:8.1f} ms (once per process)")
    print(f"build a pint registry like ours:      {registry_build_ms():8.1f} ms (median of 3)")

    stock, target = Quantity(250, MG_PER_ML), Quantity(150, MG_PER_ML)
    five, ten, zero = Quantity(5, ML), Quantity(10, ML), Quantity(0, ML)
    core_volumes = per_call(
        lambda: by_volumes(stock, Basis.PENTAHYDRATE, Diluent.SALINE, five, zero), iterations
    )
    core_target = per_call(
        lambda: to_target(stock, Basis.PENTAHYDRATE, Diluent.SALINE, target, ten), iterations
    )
    print(f"core mixing.by_volumes:               {core_volumes:8.1f} µs/call")
    print(f"core mixing.to_target:                {core_target:8.1f} µs/call")

    for body in BODIES:
        route = per_call(
            lambda body=body: calculators.mix(calculators.MixRequest.model_validate(body)),
            iterations,
        )
        print(f"route: validate + compute + model     {route:8.1f} µs/call  {body}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        client = TestClient(create_app())
    for body in BODIES:
        http = per_call(lambda body=body: client.post("/api/v1/mix", json=body), iterations // 4)
        print(f"HTTP via TestClient (ASGI, in-proc)   {http:8.1f} µs/call  {body}")


if __name__ == "__main__":
    main()
