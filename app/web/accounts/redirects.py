"""Where a browser goes around signing in: only ever a path on this site."""

from __future__ import annotations

from urllib.parse import quote


def sign_in_path(next_path: str) -> str:
    """The sign-in page's address, with where to go afterwards (a path on this site only)."""
    return "/sign-in?next=" + quote(next_path, safe="/")


def safe_next(value: str | None) -> str:
    """A local path to go to after signing in; anything else goes to the due list."""
    if value and value.startswith("/") and not value.startswith(("//", "/\\")):
        return value
    return "/clinic"
