"""Your own account in Debian's Chromium against a real uvicorn: at phone width (390 px) a
clinician changes her password at /account, signs out, cannot sign in with the old one and can
with the new; the staff navigation and the accounts page fit the screen; axe-core is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _free_port, serving
from tests.browser.shared import AXE_JS
from tests.browser.test_accessibility import describe

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
OLD = "the first clinic password"
NEW = "a second, longer clinic password"
PHONE = {"width": 390, "height": 844}


def _cli(env: dict[str, str], *args: str, stdin: str = "") -> None:
    done = subprocess.run(  # noqa: S603 - fixed argument list
        [sys.executable, "-m", "app.cli", *args], cwd=ROOT, env=env, input=stdin,
        capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn on its own SQLite file with a clinician and an admin made by sts-planner."""
    folder = tmp_path_factory.mktemp("accounts")
    port = _free_port()
    env = {**os.environ, "STS_DATA_DIR": str(folder / "data"),
           "STS_DATABASE_URL": f"sqlite:///{folder / 'clinic.db'}", "STS_PORT": str(port)}
    _cli(env, "user", "add", "ann", "--role", "clinician", stdin=OLD + "\n")
    _cli(env, "user", "add", "chief", "--role", "admin", stdin=OLD + "\n")
    with serving(env, folder / "server.log", port) as url:
        yield url


def _sign_in(tab: Any, base: str, username: str, password: str) -> None:
    tab.goto(base + "/sign-in")
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Sign in").click()


def _fits(tab: Any) -> None:
    width = tab.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide at 390 px"


def _axe(tab: Any) -> None:
    tab.add_script_tag(path=str(AXE_JS))
    found = tab.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    serious = [v for v in found if v["impact"] in ("serious", "critical")]
    assert not serious, f"{tab.url}: {describe(serious)}"


def test_a_password_is_changed_and_only_the_new_one_signs_in(browser: Any, clinic: str) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # bypass: to inject axe-core
    tab = context.new_page()
    try:
        tab.goto(clinic + "/")
        tab.get_by_role("link", name="Sign in").click()
        tab.wait_for_url(clinic + "/sign-in")
        _sign_in(tab, clinic, "ann", OLD)
        tab.wait_for_url(clinic + "/clinic")
        _fits(tab)
        tab.get_by_role("link", name="Your account").click()
        tab.wait_for_url(clinic + "/account")
        _fits(tab)
        _axe(tab)
        tab.get_by_label("Current password").fill(OLD)
        tab.get_by_label("New password", exact=True).fill(NEW)
        tab.get_by_label("The new password again").fill(NEW)
        tab.get_by_role("button", name="Change the password").click()
        tab.get_by_text("Your password is changed.").wait_for()
        tab.get_by_role("button", name="Sign out").click()
        tab.wait_for_url(clinic + "/sign-in?signed_out=1")
        _sign_in(tab, clinic, "ann", OLD)
        tab.get_by_text("The user name or password is wrong").wait_for()
        _sign_in(tab, clinic, "ann", NEW)
        tab.wait_for_url(clinic + "/clinic")
        assert tab.get_by_role("link", name="Sign in").count() == 0
    finally:
        context.close()


def test_the_accounts_page_and_a_reset_link_fit_a_phone(browser: Any, clinic: str) -> None:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    tab = context.new_page()
    try:
        _sign_in(tab, clinic, "chief", OLD)
        tab.wait_for_url(clinic + "/clinic")
        tab.get_by_role("link", name="Accounts").click()
        tab.wait_for_url(clinic + "/admin/accounts")
        _fits(tab)
        tab.locator("tr", has_text="ann").get_by_role("button", name="Issue a reset link").click()
        link = tab.get_by_role("textbox", name="Link")
        link.wait_for()
        assert "/reset-password?token=" in link.input_value()
        _fits(tab)
        _axe(tab)
    finally:
        context.close()
