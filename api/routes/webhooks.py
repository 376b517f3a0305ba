"""MinIO bucket-notification webhook: an upload event triggers the same path as the poller.

Point MinIO at it (SeaweedFS has no notifications; the poller covers it):

    mc admin config set local notify_webhook:evidence endpoint=http://127.0.0.1:8800/webhooks/minio \\
        auth_token="$EVIDENCE_WEBHOOK_TOKEN"
    mc event add local/evidence arn:minio:sqs::evidence:webhook --event put --prefix incoming/

Only `s3:ObjectCreated:*` events on `incoming/<id>/manifest.json` or `incoming/<id>.zip` start a
check; every other event is acknowledged and ignored (MinIO retries on non-2xx answers).
A completed packet is queued for the same warm workers as the portal's pre-checks (a `watch` job:
the bucket path with its ledger, results in `results/<packet-id>/`). MinIO authenticates with
`EVIDENCE_WEBHOOK_TOKEN`; any API token is accepted too.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Callable
from typing import Annotated
from urllib.parse import unquote_plus

from fastapi import APIRouter, Depends, HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field

from storage.layout import INCOMING, MANIFEST, valid_packet_id

log = logging.getLogger(__name__)


class WebhookSettings(BaseModel):
    webhook_token: str = ""  # EVIDENCE_WEBHOOK_TOKEN: what MinIO sends as auth_token
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


def get_settings(request: Request) -> WebhookSettings:
    settings = request.app.state.settings
    return WebhookSettings(webhook_token=settings.service.webhook_token.get_secret_value(),
                           bucket=settings.s3.bucket)


def get_trigger(request: Request) -> Trigger:
    """Queue the packet for the warm workers (the same queue as the portal's pre-checks)."""
    return request.app.state.enqueue_watch


def require_token(request: Request, settings: Annotated[WebhookSettings, Depends(get_settings)]) -> None:
    """MinIO sends `auth_token` as the Authorization header verbatim; accept it with or without
    `Bearer `. An API token (any role) is accepted as well."""
    given = (request.headers.get("authorization") or "").removeprefix("Bearer ").strip()
    if settings.webhook_token and hmac.compare_digest(given.encode(), settings.webhook_token.encode()):
        return
    if given:
        from storage.db.accounts import authenticate_token

        with request.app.state.db.session() as s:
            if authenticate_token(s, given) is not None:
                return
    raise HTTPException(status.HTTP_401_UNAUTHORIZED, "bad or missing webhook token",
                        headers={"WWW-Authenticate": "Bearer"})


router = APIRouter(prefix="/webhooks", tags=["webhooks"])


@router.head("/minio", include_in_schema=False)
@router.get("/minio", include_in_schema=False)
def minio_probe() -> dict[str, str]:
    """MinIO checks the target is reachable (a HEAD without credentials) before adding it."""
    return {"status": "ok"}


@router.post("/minio", status_code=status.HTTP_202_ACCEPTED, dependencies=[Depends(require_token)])
def minio_event(
    event: S3Event,
    settings: Annotated[WebhookSettings, Depends(get_settings)],
    trigger: Annotated[Trigger, Depends(get_trigger)],
) -> WebhookReply:
    """Accept a MinIO bucket notification; queue a check for each packet it completes."""
    ids, ignored = completed_packets(event, settings.bucket)
    for pid in ids:
        log.info("webhook: packet %s completed; queueing its check", pid)
        trigger(pid)
    return WebhookReply(accepted=ids, ignored=ignored)
