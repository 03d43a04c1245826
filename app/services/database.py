"""The database the use cases run on, as the entry points hold it: made by the app factory, handed
to the services, never opened by a route or a page itself."""

from __future__ import annotations

from app.storage.engine import Database as Database
