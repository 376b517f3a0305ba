"""The one settings root (`EVIDENCE_*`), read from the environment once per process.

Sections are plain data: each layer receives the section it needs as an argument (extractors get
`ExtractionSettings`, scoring a `ScoringPolicy`, storage `S3Settings`, the service
`ServiceSettings`), so nothing below the CLI/API reads the environment itself.

Names follow SPEC §6b where it fixes them: `EVIDENCE_DATA_DIR`, `EVIDENCE_DATABASE_URL`,
`EVIDENCE_SECRET_KEY`, `EVIDENCE_ENV`, `EVIDENCE_MAX_UPLOAD_MB`, `EVIDENCE_S3_*`, `EVIDENCE_BUCKET`.
"""

from __future__ import annotations

import os
import socket
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BUCKET = "evidence"  # SPEC §3
DEVELOPMENT = "development"


class S3Settings(BaseSettings):
    """Where the bucket is and how to sign requests (`EVIDENCE_S3_*`, `EVIDENCE_BUCKET`).
    `endpoint` is host:port, no scheme; `secure` switches TLS on (with the system's CA bundle)."""

    model_config = SettingsConfigDict(env_prefix="EVIDENCE_S3_", populate_by_name=True, extra="ignore")

    endpoint: str = "127.0.0.1:8333"
    access_key: str = ""
    secret_key: SecretStr = SecretStr("")
    secure: bool = False
    region: str = "us-east-1"  # stated so the SDK does not ask the server for the bucket location
    bucket: str = Field(
        default=DEFAULT_BUCKET,
        validation_alias=AliasChoices("bucket", "EVIDENCE_BUCKET", "EVIDENCE_S3_BUCKET"),
    )

    def describe(self) -> str:
        """Where we are talking to, for messages (never the keys)."""
        scheme = "https" if self.secure else "http"
        return f"{scheme}://{self.endpoint}/{self.bucket}"


class ServiceSettings(BaseSettings):
    """The portal/review service (SPEC §6b): `EVIDENCE_DATA_DIR`, `EVIDENCE_DATABASE_URL`,
    `EVIDENCE_SECRET_KEY`, `EVIDENCE_ENV`, `EVIDENCE_MAX_UPLOAD_MB`, `EVIDENCE_WORKERS`, …"""

    model_config = SettingsConfigDict(env_prefix="EVIDENCE_", populate_by_name=True, extra="ignore")

    env: str = "production"
    data_dir: Path = Path("var")
    database_url: str = ""  # empty: SQLite at <data_dir>/evidence.db
    secret_key: SecretStr = SecretStr("")
    max_upload_mb: int = 200
    workers: int = Field(default_factory=lambda: os.cpu_count() or 1)
    queue_size: int = 32  # pre-checks waiting for a worker before POST answers 503
    max_wait_seconds: int = 60  # GET /v1/prechecks/{id}?wait= is capped here (SPEC §6b)
    webhook_token: SecretStr = SecretStr("")
    # Where pre-check uploads and results live: "local" = a folder under data_dir, "s3" = the
    # bucket of the S3 settings (shared by every machine running `serve`).
    store: Literal["local", "s3"] = "local"
    # A pre-check whose worker died is queued again until it has run this many times, then failed.
    precheck_max_attempts: int = 2
    # Workers beat every heartbeat_seconds; one silent for stale_seconds (another machine's, or
    # a frozen one) is taken as dead and its pre-check is requeued or failed.
    worker_heartbeat_seconds: float = 2.0
    worker_stale_seconds: float = 30.0
    # A check still running after this long is killed (its worker is replaced) and failed.
    check_timeout_seconds: float = 600.0
    retry_after_seconds: int = 2  # the Retry-After a 202 or 503 answer suggests
    # The CLI's single local check runs without Prefect (no server to start) unless this is set
    # or PREFECT_API_URL points at a server; `check --prefect` asks for it once.
    prefect_tracking: bool = False

    @property
    def development(self) -> bool:
        return self.env == DEVELOPMENT

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024

    def sqlalchemy_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'evidence.db').resolve()}"

    # Checked when the service starts, not at import: the CLI's local check needs no secret.
    def require_secrets(self) -> None:
        """Refuse to serve without a secret key outside `EVIDENCE_ENV=development`."""
        if not self.development and not self.secret_key.get_secret_value().strip():
            raise ValueError("EVIDENCE_SECRET_KEY must be set (or EVIDENCE_ENV=development)")


class WatchSettings(BaseSettings):
    """Bucket watcher policies (`EVIDENCE_WATCH_*`)."""

    model_config = SettingsConfigDict(env_prefix="EVIDENCE_WATCH_", extra="ignore")

    max_attempts: int = 3
    settle_seconds: float = 30.0
    lease_seconds: float = 1800.0
    owner: str = Field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


class ExtractionSettings(BaseModel):
    """Limits and tuning of extraction, passed down extract → read → readers (frozen)."""

    model_config = ConfigDict(frozen=True)


class Settings(BaseSettings):
    """The root: one object per process, sections by concern."""

    model_config = SettingsConfigDict(env_prefix="EVIDENCE_", extra="ignore")

    env: Literal["development", "production", "test"] | str = "production"
    s3: S3Settings = Field(default_factory=S3Settings)
    service: ServiceSettings = Field(default_factory=ServiceSettings)
    watch: WatchSettings = Field(default_factory=WatchSettings)
    extraction: ExtractionSettings = Field(default_factory=ExtractionSettings)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once (tests build their own `Settings(...)`)."""
    return Settings()
