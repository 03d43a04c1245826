"""Time POST /api/v1/mix in-process: the core, the route function, and through HTTP.

Run: .venv/bin/python benchmarks/mix.py [iterations]. Prints microseconds per call; the target
for the computed mix (route function) is well under 1 ms.
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import pint  # noqa: E402

BODIES = (
    {"stock_volume": "5 mL", "diluent_volume": "0 mL"},
    {"stock_volume": "2 mL", "diluent_volume": "2 mL", "diluent": "lidocaine 1%"},
    {"target": "150 mg/mL", "final_volume": "10 mL"},
)


def per_call(function: Callable[[], object], iterations: int, repeats: int = 5) -> str:
    """The best of `repeats` runs in µs per call: wall clock, and this process's CPU time.

    On a shared machine the CPU figure is the steadier one; the wall figure includes waiting.
    """
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(iterations):
            function()
        walls.append((time.perf_counter() - wall) / iterations * 1e6)
        cpus.append((time.process_time() - cpu) / iterations * 1e6)
    return f"{min(walls):8.1f} µs/call wall, {min(cpus):8.1f} µs/call CPU"


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
    logging.disable(logging.INFO)  # the access log would time stderr, not the app
    start = time.perf_counter()
    from app.api.calculator_responses import MixOut
    from app.clinical.chemistry import Basis
    from app.contracts.calculators import MixRequest
    from app.main import create_app
    from app.pharmacy.mixing import by_volumes, to_target
    from app.pharmacy.products import Diluent
    from app.quantities.registry import MG_PER_ML, ML, Quantity
    from app.services import calculators

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
    print(f"core mixing.by_volumes:               {core_volumes}")
    print(f"core mixing.to_target:                {core_target}")

    for body in BODIES:
        route = per_call(
            lambda body=body: MixOut.of(calculators.mix(MixRequest.model_validate(body))),
            iterations,
        )
        print(f"route: validate + compute + model     {route}  {body}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        client = TestClient(create_app())
    for body in BODIES:
        http = per_call(lambda body=body: client.post("/api/v1/mix", json=body), iterations // 4)
        print(f"HTTP via TestClient (ASGI, in-proc)   {http}  {body}")
    # TestClient spends most of its time handing each request to a thread; an httpx client on
    # the app's own event loop shows what the app itself costs per HTTP request.
    print(f"HTTP via httpx ASGITransport, 1 loop  {asyncio.run(_asgi(create_app(), iterations))}")


async def _asgi(app: object, iterations: int) -> str:
    """Time POST /api/v1/mix through httpx's ASGI transport, all on one event loop."""
    transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        body = BODIES[2]
        for _ in range(50):
            await client.post("/api/v1/mix", json=body)
        walls, cpus = [], []
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            for _ in range(iterations // 4):
                response = await client.post("/api/v1/mix", json=body)
                assert response.status_code == 200
            walls.append((time.perf_counter() - wall) / (iterations // 4) * 1e6)
            cpus.append((time.process_time() - cpu) / (iterations // 4) * 1e6)
    return f"{min(walls):8.1f} µs/call wall, {min(cpus):8.1f} µs/call CPU  {body}"


if __name__ == "__main__":
    main()
