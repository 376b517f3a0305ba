"""A real S3 server on 127.0.0.1 for the storage tests (fixtures in s3fixtures.py)."""

from tests.storage.s3fixtures import s3_server, s3_store  # noqa: F401
