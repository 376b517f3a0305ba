"""Prefect's environment for this project, set before `prefect` is first imported."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def configure_prefect() -> None:
    """Keep Prefect's database and files out of the user's home and quiet its telemetry.
    Must run before `prefect` is imported; explicit environment settings win."""
    os.environ.setdefault("PREFECT_HOME", str(Path(tempfile.gettempdir()) / "evidence-check-prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The first ephemeral start-up migrates a fresh SQLite database: ~15 s here, more on a busy CI.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


def prefect_tracking_wanted(asked: bool, configured: bool) -> bool:
    """A Prefect run (and so a server) only when asked for, configured, or a server is named."""
    return asked or configured or bool(os.environ.get("PREFECT_API_URL"))
