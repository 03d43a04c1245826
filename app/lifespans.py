"""Work an app does as it starts and as it stops, added to whatever its lifespan already does."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI


def also_on_lifespan(
    app: FastAPI, *, stop: Callable[[], None], start: Callable[[], None] | None = None
) -> None:
    """Run `start` before the app's lifespan begins and `stop` after it ends, even on error."""
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        if start is not None:
            start()
        try:
            async with previous(app) as state:
                yield state
        finally:
            stop()

    app.router.lifespan_context = lifespan
