"""Finding courses: a search by reference or name, kind and status, newest first, by pages."""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from app.contracts.courses import SearchIn
from app.courses.errors import InvalidInput
from app.courses.patients import fold
from app.courses.views import SearchPage
from app.services.accounts import Actor
from app.services.course_rows import found
from app.storage import audit
from app.storage import courses as store
from app.storage.engine import Database


def _cursor(at: dt.datetime, course_id: str) -> str:
    """The next page's cursor: where the page ended, opaque to the client."""
    # A course id is URL-safe base64, so it never holds the space that ends the moment.
    text = f"{at.astimezone(dt.UTC).isoformat()} {course_id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _after(cursor: str) -> tuple[dt.datetime, str]:
    """Where a cursor's page ended, or a 422 naming the cursor (never echoing it)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        at, course_id = raw.split(" ")
        moment = dt.datetime.fromisoformat(at)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        moment, course_id = None, None
    if moment is None or moment.tzinfo is None or course_id is None:
        raise InvalidInput.at("cursor", message="cursor is not one this server gave: send the "
                              "next_cursor of the page before, or null for the first page")
    return moment, course_id


def search_courses(db: Database, actor: Actor, request: SearchIn) -> SearchPage:
    """Courses matching the search, newest first, one page; the search is audited by its count
    of results only, never its terms."""
    after = None if request.cursor is None else _after(request.cursor)
    key = None if request.q is None else fold(request.q)
    with db.writing() as session:
        rows = store.search(session, key, request.kind, request.status, after,
                            request.limit + 1)
        page, more = rows[:request.limit], len(rows) > request.limit
        audit.append(session, actor.username, "courses.searched", None, {"count": len(page)})
        cursor = _cursor(page[-1].created_at, page[-1].id) if more else None
        return SearchPage(tuple(found(c) for c in page), cursor)
