"""Logging with the request id: every record of a request, and of the check it queued, carries
the id the client sent in `X-Request-ID` (or one we made), so one grep follows a pre-check from the
HTTP call into the worker."""

from __future__ import annotations

import logging
import os
from contextvars import ContextVar

REQUEST_ID_HEADER = "X-Request-ID"
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")
FORMAT = "%(asctime)s %(levelname)s %(name)s [pid %(process)d] [request %(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def configure_logging(level: str | None = None) -> None:
    """One handler on the root logger with the request id in every line (idempotent)."""
    root = logging.getLogger()
    if any(getattr(h, "_evidence", False) for h in root.handlers):
        return
    handler = logging.StreamHandler()
    handler._evidence = True  # type: ignore[attr-defined]
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level or os.environ.get("EVIDENCE_LOG_LEVEL", "INFO"))
    logging.getLogger("alembic").setLevel(logging.WARNING)  # one line per migration step is noise here
