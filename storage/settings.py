"""Object-store settings (`EVIDENCE_S3_*`, `EVIDENCE_BUCKET`): defined once in `models.settings`,
re-exported here for the callers that import them from storage."""

from models.settings import DEFAULT_BUCKET, S3Settings

__all__ = ["DEFAULT_BUCKET", "S3Settings"]
