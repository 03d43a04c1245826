"""The pieces the pages' old csrf.py held, each now in its own module: where a browser may be
sent around signing in (accounts/redirects.py) and the CSRF token comparison (accounts/csrf.py)."""

from __future__ import annotations

import pytest

from app.web.accounts.csrf import tokens_match
from app.web.accounts.redirects import safe_next, sign_in_path


@pytest.mark.parametrize(("asked", "goes_to"), [
    ("/courses/abc123", "/courses/abc123"),
    ("/clinic?view=dispense", "/clinic?view=dispense"),
    (None, "/clinic"),
    ("", "/clinic"),
    ("//evil.example/x", "/clinic"),  # scheme-relative: another site
    ("/\\evil.example", "/clinic"),  # a backslash browsers read as a slash
    ("https://evil.example/", "/clinic"),
    ("courses/abc", "/clinic"),  # not a path from the root
])
def test_after_signing_in_a_browser_goes_only_to_a_path_on_this_site(asked, goes_to):
    assert safe_next(asked) == goes_to


@pytest.mark.parametrize(("next_path", "address"), [
    ("/courses/abc", "/sign-in?next=/courses/abc"),
    ("/clinic?view=dispense", "/sign-in?next=/clinic%3Fview%3Ddispense"),
    ("/a b", "/sign-in?next=/a%20b"),
])
def test_the_sign_in_address_carries_where_to_go_back_to_quoted(next_path, address):
    assert sign_in_path(next_path) == address


@pytest.mark.parametrize(("sent", "expected", "matches"), [
    ("token-1", "token-1", True),
    ("token-1", "token-2", False),
    (None, "token-1", False),
    (["token-1"], "token-1", False),  # a repeated field is not a token
    ("", "", False),  # a session without a token accepts nothing
])
def test_a_form_token_matches_only_the_sessions_own(sent, expected, matches):
    assert tokens_match(sent, expected) is matches
