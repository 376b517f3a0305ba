"""Retry transient object-store failures with exponential back-off (and nothing else)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from storage.errors import StorageError

T = TypeVar("T")
log = logging.getLogger(__name__)

# Policy: 4 tries, waiting 0.5 s, 1 s, 2 s between them (capped at 8 s): rides out a server
# restart or a brief overload without hiding an outage for minutes.
DEFAULT_ATTEMPTS = 4
BASE_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 8.0


def backoff_delays(attempts: int, base: float = BASE_DELAY_SECONDS, cap: float = MAX_DELAY_SECONDS) -> list[float]:
    """The waits between `attempts` tries: base, 2·base, 4·base, … capped."""
    return [min(cap, base * 2**i) for i in range(max(0, attempts - 1))]


def with_retries(
    fn: Callable[[], T],
    attempts: int = DEFAULT_ATTEMPTS,
    what: str = "object-store call",
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `fn`; on a transient `StorageError` wait and try again, up to `attempts` tries.
    Permanent errors (bad credentials, missing bucket, lost precondition) are raised at once."""
    delays = backoff_delays(attempts)
    for delay in delays:
        try:
            return fn()
        except StorageError as exc:
            if not exc.transient:
                raise
            log.warning("%s failed (%s); retrying in %.1f s", what, exc, delay)
            sleep(delay)
    return fn()


def until_back(
    fn: Callable[[], T],
    bound_seconds: float,
    what: str = "object-store call",
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """Call `fn` until it stops failing on transient `StorageError`s or `bound_seconds` have passed
    (then the last error is raised): rides out a store restart of unknown length when the work is
    already done and only its write is left. Waits double from the base up to the cap."""
    deadline = clock() + bound_seconds
    delay = BASE_DELAY_SECONDS
    while True:
        try:
            return fn()
        except StorageError as exc:
            left = deadline - clock()
            if not exc.transient or left <= 0:
                raise
            wait = min(delay, MAX_DELAY_SECONDS, left)
            log.warning("%s failed (%s); the store may be restarting, trying again in %.1f s", what, exc, wait)
            sleep(wait)
            delay *= 2
