"""Object-store failures as a few clear exception types with one-line bilingual messages.

Callers (the watcher, the CLI) print `str(exc)` and stop; nobody needs the SDK's traceback to
learn that the endpoint is down or the keys are wrong.
"""

from __future__ import annotations


class StorageError(Exception):
    """Any object-store failure. `transient` says whether trying again later may help."""

    transient: bool = False

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StorageUnavailable(StorageError):
    """The endpoint cannot be reached (refused, timed out, TLS mismatch) or answers 5xx."""

    transient = True


class StorageAuthError(StorageError):
    """The access key is unknown, the signature does not match, or access is denied."""


class BucketMissing(StorageError):
    """The configured bucket does not exist."""


class PreconditionFailed(StorageError):
    """A conditional write lost: someone else wrote the object first (If-None-Match / If-Match)."""
