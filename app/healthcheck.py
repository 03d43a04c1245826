"""The container's health check: ask /healthz where the server listens (STS_HOST, STS_PORT)."""

from __future__ import annotations

import os
import sys
import urllib.request

# A server bound to every address is asked on loopback; any other address is asked directly.
_ANY = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}


def healthz_url(host: str, port: str) -> str:
    """The /healthz URL for a listening host and port; IPv6 addresses go in brackets."""
    host = _ANY.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}/healthz"


def main() -> int:
    """0 when /healthz answers 2xx within 3 s, else 1."""
    url = healthz_url(os.environ.get("STS_HOST", "127.0.0.1"), os.environ.get("STS_PORT", "8000"))
    try:
        with urllib.request.urlopen(url, timeout=3) as response:  # noqa: S310 (our own URL)
            return 0 if 200 <= response.status < 300 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
