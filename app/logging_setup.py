"""Log configuration from settings: our own path-only access log, uvicorn's silenced."""

from __future__ import annotations

import logging
import logging.config

from app.security import ACCESS_LOGGER


class DropRecords(logging.Filter):
    """Drops every record: uvicorn's access log prints the query string, which may hold site
    names, so our middleware's access log (path only) replaces it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def configure_logging(level: str) -> None:
    """Send the app's logs to stderr at `level`; safe to call once per app built."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "filters": {"drop": {"()": DropRecords}},
            "formatters": {
                "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
            },
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "plain",
                    "stream": "ext://sys.stderr",
                }
            },
            "loggers": {
                # Propagating lets pytest's caplog see records; uvicorn gives root no handler.
                "sts": {"level": level.upper(), "handlers": ["stderr"], "propagate": True},
                "uvicorn.access": {"filters": ["drop"]},
            },
        }
    )
    logging.getLogger(ACCESS_LOGGER).debug("logging configured at %s", level)
