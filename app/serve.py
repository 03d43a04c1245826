"""Start the server the way the container does: settings checked first, then uvicorn workers."""

from __future__ import annotations

import sys

import uvicorn

from app.settings import SettingsError, get_settings


def main() -> int:
    """Run uvicorn with host, port and workers from the STS_ settings; 2 on bad settings."""
    try:
        settings = get_settings()
    except SettingsError as error:
        # Said once, before any worker starts, so the message is not buried in tracebacks.
        print(error, file=sys.stderr)
        return 2
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        access_log=False,  # our middleware logs the path only; uvicorn's would log the query
        server_header=False,
        # X-Forwarded-For and -Proto are believed only from the reverse proxy's addresses.
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # Past this many open connections uvicorn answers 503 at once rather than queueing.
        limit_concurrency=settings.limit_concurrency,
        timeout_keep_alive=settings.timeout_keep_alive,
        timeout_graceful_shutdown=settings.timeout_graceful_shutdown,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
