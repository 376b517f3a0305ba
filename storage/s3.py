"""The bucket on a real S3 server (MinIO, SeaweedFS, …) through the `minio` SDK.

Retries live here, once: the SDK's own urllib3 retries are switched off so that a dead endpoint
fails in seconds with one clear `StorageError` instead of a page of urllib3 tracebacks.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from typing import TypeVar

import certifi
import urllib3
from minio import Minio
from minio.error import MinioException, S3Error, ServerError
from urllib3.exceptions import HTTPError as Urllib3Error

from models.packet import PacketFile
from models.settings import S3Settings
from storage.base import ResultFile
from storage.bucket import read_packet_by_id, write_result_set
from storage.errors import (
    BucketMissing,
    PreconditionFailed,
    StorageAuthError,
    StorageError,
    StorageUnavailable,
)
from storage.layout import ObjectInfo, PacketRef, member_name, member_sort_key
from storage.retry import DEFAULT_ATTEMPTS, with_retries

T = TypeVar("T")
log = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 120.0

AUTH_CODES = frozenset(
    {"InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "InvalidToken", "ExpiredToken"}
)
TRANSIENT_CODES = frozenset({"SlowDown", "ServiceUnavailable", "InternalError", "RequestTimeout"})


class S3Store:
    """`BucketStore` over one bucket of an S3 server."""

    def __init__(self, settings: S3Settings | None = None, *, attempts: int = DEFAULT_ATTEMPTS) -> None:
        self.settings = settings or S3Settings()
        self.bucket = self.settings.bucket
        self.attempts = attempts
        http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=CONNECT_TIMEOUT_SECONDS, read=READ_TIMEOUT_SECONDS),
            retries=urllib3.Retry(total=0, redirect=0),
            maxsize=16,
            cert_reqs="CERT_REQUIRED",
            ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where(),
        )
        self.client = Minio(
            self.settings.endpoint,
            access_key=self.settings.access_key,
            secret_key=self.settings.secret_key.get_secret_value(),
            secure=self.settings.secure,
            region=self.settings.region,
            http_client=http,
        )

    # -- plumbing -------------------------------------------------------------------------------

    def describe(self) -> str:
        return self.settings.describe()

    def _call(self, what: str, fn: Callable[[], T], attempts: int | None = None) -> T:
        def translated() -> T:
            try:
                return fn()
            except (S3Error, MinioException, Urllib3Error, OSError) as exc:
                raise self._translate(exc, what) from None

        return with_retries(translated, attempts or self.attempts, what=f"{what} on {self.describe()}")

    def _translate(self, exc: Exception, what: str) -> StorageError:
        where = self.describe()
        if isinstance(exc, S3Error):
            code = exc.code or ""
            if code in AUTH_CODES:
                return StorageAuthError(
                    f"对象存储拒绝访问，请检查访问密钥 / S3 refused the credentials for {where} ({code})"
                )
            if code == "NoSuchBucket":
                return BucketMissing(f"存储桶不存在 / bucket does not exist: {where}")
            if code == "PreconditionFailed":
                return PreconditionFailed(f"条件写入失败 / conditional write lost: {exc.resource}")
            if code in TRANSIENT_CODES:
                return StorageUnavailable(f"对象存储暂时不可用 / S3 busy at {where}: {code}")
            return StorageError(f"对象存储错误 / S3 error during {what} at {where}: {code} {exc.message}")
        if isinstance(exc, ServerError):  # a 5xx without an S3 error body
            return StorageUnavailable(f"对象存储暂时不可用 / S3 server error at {where}: {exc}")
        if isinstance(exc, MinioException):
            return StorageError(f"对象存储应答异常 / unexpected S3 response during {what} at {where}: {exc}")
        reason = _root_cause(exc)
        return StorageUnavailable(f"无法连接对象存储 / cannot reach S3 at {where}: {reason}")

    # -- BucketStore ----------------------------------------------------------------------------

    def check(self, attempts: int = 2) -> None:
        exists = self._call("bucket check", lambda: self.client.bucket_exists(self.bucket), attempts)
        if not exists:
            raise BucketMissing(f"存储桶不存在 / bucket does not exist: {self.describe()}")

    def ensure_bucket(self) -> None:
        """Create the bucket if missing (tests, the local stack); production buckets are provisioned."""
        if not self._call("bucket check", lambda: self.client.bucket_exists(self.bucket)):
            self._call("make bucket", lambda: self.client.make_bucket(self.bucket))

    def list_objects(self, prefix: str) -> list[ObjectInfo]:
        def run() -> list[ObjectInfo]:
            return [
                ObjectInfo(key=o.object_name, etag=(o.etag or "").strip('"'), size=o.size or 0,
                           last_modified=o.last_modified)
                for o in self.client.list_objects(self.bucket, prefix=prefix, recursive=True)
                if o.object_name and not o.is_dir
            ]

        return self._call(f"list {prefix}", run)

    def get(self, key: str) -> tuple[bytes, str] | None:
        def run() -> tuple[bytes, str] | None:
            try:
                resp = self.client.get_object(self.bucket, key)
            except S3Error as exc:
                if exc.code == "NoSuchKey":
                    return None
                raise
            try:
                return resp.read(), (resp.headers.get("etag") or "").strip('"')
            finally:
                resp.close()
                resp.release_conn()

        return self._call(f"get {key}", run)

    def put(
        self,
        key: str,
        data: bytes,
        content_type: str = "application/octet-stream",
        *,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        if if_match is None and not if_none_match:
            result = self._call(
                f"put {key}",
                lambda: self.client.put_object(self.bucket, key, io.BytesIO(data), len(data), content_type),
            )
            return (result.etag or "").strip('"')
        headers = {"Content-Type": content_type}
        if if_match is not None:
            headers["If-Match"] = f'"{if_match}"'
        else:
            headers["If-None-Match"] = "*"
        # The SDK's put_object turns unknown headers into x-amz-meta-*; _put_object sends them as
        # they are (one PUT, fine for the small ledger objects that use conditions).
        result = self._call(
            f"conditional put {key}",
            lambda: self.client._put_object(self.bucket, key, data, headers=headers),  # noqa: SLF001
        )
        return (result.etag or "").strip('"')

    def delete(self, key: str) -> None:
        self._call(f"delete {key}", lambda: self.client.remove_object(self.bucket, key))

    def read_members(self, ref: PacketRef) -> list[PacketFile]:
        files = []
        for m in ref.members:
            got = self.get(m.key)
            if got is None:
                raise StorageUnavailable(f"对象在读取时消失 / object vanished while reading: {m.key}")
            files.append(PacketFile(name=member_name(ref, m.key), data=got[0]))
        return sorted(files, key=lambda f: member_sort_key(f.name))

    # -- PacketStore ----------------------------------------------------------------------------

    def read_packet(self, packet_id: str) -> list[PacketFile]:
        return read_packet_by_id(self, packet_id)

    def write_results(self, packet_id: str, files: list[ResultFile]) -> None:
        write_result_set(self, packet_id, files)


def _root_cause(exc: BaseException) -> str:
    """The innermost reason of a urllib3 error chain, in one line ("Connection refused")."""
    reason = getattr(exc, "reason", None)
    while reason is not None and getattr(reason, "reason", None) is not None:
        reason = reason.reason
    text = str(reason or exc)
    if "Connection refused" in text:
        return "connection refused"
    if "timed out" in text.lower():
        return "timed out"
    if "SSL" in text or "ssl" in text:
        return "TLS handshake failed (is EVIDENCE_S3_SECURE right?)"
    return text.splitlines()[0][:200]
