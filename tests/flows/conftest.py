"""The real S3 server fixtures (started on 127.0.0.1 once per session)."""

from tests.storage.s3fixtures import s3_server, s3_store  # noqa: F401
