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


class StorageFull(StorageError):
    """The disk (or the process's file-size limit) has no room for what is being written. Nothing
    half-written is left in place: the previous results stay as they were."""


def write_error(exc: OSError, where: str) -> StorageError:
    """A failed local write as a one-line bilingual `StorageError` (no traceback, no errno soup)."""
    import errno

    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return StorageFull(f"存储空间不足，结果未写入，原有结果保留 / no space left writing {where} ({reason}); "
                           "the previous results are kept")
    return StorageError(f"结果写入失败，原有结果保留 / could not write {where} ({reason}); the previous results are kept")
