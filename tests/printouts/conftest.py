"""Fixtures for the printout tests: the pages' app, accounts and sign-in (tests/pages)."""

from tests.pages.conftest import app, browser, database, settings, users

__all__ = ["app", "browser", "database", "settings", "users"]
