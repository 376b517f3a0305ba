"""Object-store settings from the environment (`EVIDENCE_S3_*`, `EVIDENCE_BUCKET`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BUCKET = "evidence"  # SPEC §3


class S3Settings(BaseSettings):
    """Where the bucket is and how to sign requests. `endpoint` is host:port, no scheme;
    `secure` switches TLS on (with the system's CA bundle)."""

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
