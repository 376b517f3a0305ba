"""Fixtures for a real S3 server on 127.0.0.1, importable by any test module that needs one:

    from tests.storage.s3fixtures import s3_server, s3_store  # noqa: F401  (pytest fixtures)
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.s3 import S3Store
from tools.devserver import DevS3Server


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevS3Server]:
    """MinIO if a `minio` binary is on PATH, else SeaweedFS (`weed mini`); stopped at the end."""
    server = DevS3Server(Path(tmp_path_factory.mktemp("s3server")))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def s3_store(s3_server: DevS3Server) -> S3Store:
    """A fresh, empty bucket for each test."""
    return s3_server.make_bucket(f"t-{uuid.uuid4().hex[:12]}")
