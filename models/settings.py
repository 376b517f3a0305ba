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

from pydantic import AliasChoices, Field, SecretStr
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
    review_lease_seconds: float = 900.0  # a reviewer's hold on a packet they opened (EVIDENCE_REVIEW_LEASE_SECONDS)
    worker_stale_seconds: float = 30.0
    # A check still running after this long is killed (its worker is replaced) and failed.
    check_timeout_seconds: float = 600.0
    retry_after_seconds: int = 2  # the Retry-After a 202 or 503 answer suggests
    # The database locked by another writer or unreachable: each statement waits (SQLite's busy
    # timeout) and the workers' queue calls are retried until this long has passed; then a clear
    # `DatabaseUnavailable` (the API answers 503 with Retry-After).
    database_busy_seconds: float = 30.0
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
    # A claim on a packet lasts this long and is renewed every third of it while the check runs,
    # so a watcher or worker killed mid-check frees its packet within one lease (not at the end
    # of the slowest check's worth of time).
    lease_seconds: float = 120.0
    # The store unreachable while results are written (a restart): the finished check's files are
    # kept and the write is tried again for up to this long, so the packet is not checked twice.
    store_outage_seconds: float = 300.0
    owner: str = Field(default_factory=lambda: f"{socket.gethostname()}:{os.getpid()}")


# The OCR confidence bar (0–100, Tesseract's word confidence): below it a cell is suspect, the
# OCR stage takes a second look and a fact resting on it raises OCR_LOW_CONFIDENCE. Calibrated in
# tests/extractors/ocr/test_confidence.py; one number for the extractors and the validator.
OCR_CONFIDENCE_BAR = 60.0


# The watcher's defaults without reading the environment (storage.ledger / storage.layout use them).
WATCH_DEFAULTS = WatchSettings.model_construct()


class ExtractionSettings(BaseSettings):
    """Limits and tuning of extraction (`EVIDENCE_<FIELD>`, e.g. `EVIDENCE_OCR_WORKERS`), passed
    down extract → read → readers; frozen. `ExtractionSettings.defaults()` ignores the environment
    (what an extractor uses when its caller passes none)."""

    model_config = SettingsConfigDict(env_prefix="EVIDENCE_", frozen=True, extra="ignore")

    # The largest single evidence file we read: equipment lists and audit reports are a few MB;
    # a 500k-row data-collection CSV is about 30 MB.
    max_document_bytes: int = 50 * 1024 * 1024
    # Pillow's decompression-bomb guard: A4 at 300 dpi is about 8.7 Mpx; 90 Mpx leaves room for A0.
    max_image_pixels: int = 90_000_000
    # Data rows kept as Cells per table; a longer table keeps its first rows and says how many
    # there were (`Table.total_rows`); a data log is streamed from the bytes instead.
    max_table_rows: int = 20_000
    # Even when a caller asks for every row: past this a table would cost gigabytes as Cells.
    hard_max_table_rows: int = 50_000
    max_pdf_pages: int = 500  # evidence files are a few dozen pages
    max_image_pages: int = 200  # pages (frames) of one image file (a TIFF of scans)
    # Data-collection logs: rows kept as a preview Table, bytes of a CSV log read into the
    # Document, and the size above which an xlsx is sniffed for the streaming log path.
    log_preview_rows: int = 200
    log_head_bytes: int = 256 * 1024
    xlsx_log_sniff_min_bytes: int = 1024 * 1024
    # OCR: resolution pages are rendered/rescaled to (FIELD-NOTES: 200 dpi beat 300), processes
    # OCR'ing pages at once (Tesseract itself is held to one thread), the confidence bar.
    ocr_dpi: int = 200
    ocr_workers: int = Field(default_factory=lambda: max(1, min(2, os.cpu_count() or 1)), ge=1)
    ocr_confidence_bar: float = OCR_CONFIDENCE_BAR
    # A page image larger than this at the OCR resolution is shrunk to it before OCR, with a note
    # (A2 at 200 dpi is 17 Mpx, an A4 scan 3.7; a 20,000-point drawing sheet would be 3 Gpx, and
    # OCR of one 40 Mpx page took 10–30 s and 0.7 GB on a shared 2-core machine).
    max_ocr_pixels: int = 20_000_000
    # Per-document limits (extractors.isolation): each file is read in its own worker process,
    # stopped past `document_timeout_seconds` (a born-digital file reads in under a second, a
    # 200-page scan OCRs in about 4 minutes on 2 cores) or when it grows its address space by more
    # than `document_memory_mb` (with the ~0.5 GB a worker starts from, one document stays under
    # 2 GB); either ends as UNREADABLE_DOCUMENT naming the limit. `document_workers`: documents
    # read at once by one check process (Prefect's task runner maps them concurrently).
    # `isolate_documents=false` (EVIDENCE_ISOLATE_DOCUMENTS=0) reads in-process without limits:
    # for debugging (a debugger or profiler sees the reader), never for uploads.
    isolate_documents: bool = True
    document_timeout_seconds: float = Field(default=300.0, gt=0)
    document_memory_mb: int = Field(default=1536, ge=64)
    document_workers: int = Field(default_factory=lambda: max(1, min(2, os.cpu_count() or 1)), ge=1)

    @classmethod
    def defaults(cls) -> ExtractionSettings:
        return cls.model_construct()


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
