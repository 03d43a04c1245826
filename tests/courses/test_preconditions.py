"""If-Match read in the API layer: a strong ETag names a version, a weak one none; the order
of the refusals."""

from __future__ import annotations

import pytest

from app.api.courses import _preconditions, etag_version
from app.courses.errors import InvalidInput, NotFound, PreconditionFailed, PreconditionRequired


@pytest.mark.parametrize(("header", "version"), [
    ('"3"', 3), ('W/"3"', None), (' "12" ', 12), (None, None), ("3", None), ('"x"', None),
    ('"1234567890"', None), ('w/"3"', None),
])
def test_an_if_match_names_a_version_or_none(header: str | None, version: int | None) -> None:
    assert etag_version(header) == version


def _bad() -> object:
    raise InvalidInput.at("reason", message="reason is required")


def _missing() -> int:
    raise NotFound("no such course")


def test_good_input_and_a_version_go_to_the_service_unchecked() -> None:
    assert _preconditions('"4"', lambda: "command", _missing) == ("command", 4)


@pytest.mark.parametrize(("header", "read_input", "target", "refusal"), [
    (None, _bad, _missing, NotFound),  # 404 before 428 and 422
    (None, lambda: "ok", lambda: 2, PreconditionRequired),
    (None, _bad, lambda: 2, PreconditionRequired),  # 428 before 422
    ('"1"', _bad, lambda: 2, PreconditionFailed),  # 412 before 422
    ('"nonsense"', lambda: "ok", lambda: 2, PreconditionFailed),
    ('W/"2"', lambda: "ok", lambda: 2, PreconditionFailed),  # a weak tag matches no version
    ('"2"', _bad, lambda: 2, InvalidInput),
])
def test_refusals_come_in_the_contract_s_order(header, read_input, target, refusal) -> None:
    with pytest.raises(refusal):
        _preconditions(header, read_input, target)
