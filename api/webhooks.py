"""MinIO bucket-notification webhook: an upload event triggers the same path as the poller.

Point MinIO at it (SeaweedFS has no notifications; the poller covers it):

    mc admin config set local notify_webhook:evidence endpoint=http://127.0.0.1:8800/webhooks/minio \\
        auth_token="$EVIDENCE_WEBHOOK_TOKEN"
    mc event add local/evidence arn:minio:sqs::evidence:webhook --event put --prefix incoming/

Only `s3:ObjectCreated:*` events on `incoming/<id>/manifest.json` or `incoming/<id>.zip` start a
check; every other event is acknowledged and ignored (MinIO retries on non-2xx answers).
Run standalone with `uvicorn api.webhooks:app --host 127.0.0.1 --port 8800`.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, BackgroundTasks, Depends, FastAPI, Header, HTTPException, status
from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from storage.layout import INCOMING, MANIFEST, valid_packet_id

log = logging.getLogger(__name__)


class WebhookSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EVIDENCE_", extra="ignore")

    webhook_token: str = ""  # EVIDENCE_WEBHOOK_TOKEN; empty = no check (loopback development only)
    bucket: str = "evidence"  # EVIDENCE_BUCKET


# -- the S3 event format (MinIO sends the AWS S3 event structure plus EventName/Key) ---------------


class _Named(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str = ""


class _Object(BaseModel):
    model_config = ConfigDict(extra="ignore")
    key: str  # URL-encoded in S3 events
    eTag: str | None = None
    size: int | None = None


class _S3(BaseModel):
    model_config = ConfigDict(extra="ignore")
    bucket: _Named
    object: _Object


class EventRecord(BaseModel):
    model_config = ConfigDict(extra="ignore")
    eventName: str
    s3: _S3


class S3Event(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)
    records: list[EventRecord] = Field(default_factory=list, alias="Records")


class WebhookReply(BaseModel):
    accepted: list[str]  # packet ids whose check was started
    ignored: int  # records that are not a completed packet upload


def packet_id_of_key(key: str) -> str | None:
    """`incoming/<id>/manifest.json` or `incoming/<id>.zip` → `<id>`; any other key → None."""
    if not key.startswith(INCOMING):
        return None
    rest = key[len(INCOMING) :]
    if rest.endswith("/" + MANIFEST) and rest.count("/") == 1:
        pid = rest[: -len(MANIFEST) - 1]
    elif "/" not in rest and rest.lower().endswith(".zip"):
        pid = rest[:-4]
    else:
        return None
    return pid if valid_packet_id(pid) else None


def completed_packets(event: S3Event, bucket: str) -> tuple[list[str], int]:
    """Packet ids completed by the event's object-created records in our bucket; and how many
    records were ignored."""
    ids: list[str] = []
    ignored = 0
    for rec in event.records:
        created = rec.eventName.removeprefix("s3:").startswith("ObjectCreated:")
        pid = packet_id_of_key(unquote_plus(rec.s3.object.key)) if created and rec.s3.bucket.name == bucket else None
        if pid is None:
            ignored += 1
        elif pid not in ids:
            ids.append(pid)
    return ids, ignored


# -- dependencies ---------------------------------------------------------------------------------

Trigger = Callable[[str], object]


def get_settings() -> WebhookSettings:
    return WebhookSettings()


def get_trigger() -> Trigger:
    """Check one packet through the bucket path (claim → check → results), as the poller does."""
    from flows.watch import check_bucket_packet

    return check_bucket_packet


def require_token(
    settings: Annotated[WebhookSettings, Depends(get_settings)],
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    """MinIO sends `auth_token` as the Authorization header verbatim; accept it with or without `Bearer `."""
    if not settings.webhook_token:
        return
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), settings.webhook_token.encode()):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bad or missing webhook token")


router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.head("/minio", include_in_schema=False)
@router.get("/minio", include_in_schema=False)
def minio_probe() -> dict[str, str]:
    """MinIO checks the target is reachable (a HEAD without credentials) before adding it."""
    return {"status": "ok"}


@router.post("/minio", status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(require_token)])
def minio_event(
    event: S3Event,
    background: BackgroundTasks,
    settings: Annotated[WebhookSettings, Depends(get_settings)],
    trigger: Annotated[Trigger, Depends(get_trigger)],
) -> WebhookReply:
    """Accept a MinIO bucket notification; start a check for each packet it completes."""
    ids, ignored = completed_packets(event, settings.bucket)
    for pid in ids:
        log.info("webhook: packet %s completed; starting its check", pid)
        background.add_task(trigger, pid)
    return WebhookReply(accepted=ids, ignored=ignored)


def create_app() -> FastAPI:
    app = FastAPI(title="evidence-check webhooks")
    app.include_router(router)
    return app


app = create_app()
