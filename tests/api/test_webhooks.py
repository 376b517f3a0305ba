"""The MinIO webhook: real MinIO-format events start the bucket path for completed packets."""

from __future__ import annotations

import json
from urllib.parse import quote

from cli.main import configure_prefect

configure_prefect()

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api.webhooks import (  # noqa: E402
    S3Event,
    WebhookSettings,  # noqa: E402
    completed_packets,
    create_app,
    get_settings,
    get_trigger,
)
from flows.watch import WatchSettings, check_packet_by_id  # noqa: E402
from storage.base import ResultFile  # noqa: E402
from storage.s3 import S3Store  # noqa: E402
from tests.storage.helpers import upload, upload_folder_packet  # noqa: E402


def minio_event(bucket: str, key: str, event: str = "s3:ObjectCreated:Put", size: int = 24) -> dict:
    """A notification exactly as MinIO posts it to a webhook target (object keys URL-encoded)."""
    return {
        "EventName": event,
        "Key": f"{bucket}/{key}",
        "Records": [
            {
                "eventVersion": "2.0",
                "eventSource": "minio:s3",
                "awsRegion": "",
                "eventTime": "2026-03-01T08:00:00.123Z",
                "eventName": event,
                "userIdentity": {"principalId": "evidence"},
                "requestParameters": {"principalId": "evidence", "region": "", "sourceIPAddress": "127.0.0.1"},
                "responseElements": {
                    "x-amz-id-2": "dd9025bab4ad464b049177c95eb6ebf374d3b3fd1af9251148b658df7ac2e3e8",
                    "x-amz-request-id": "18EADC7F933275E7",
                    "x-minio-deployment-id": "0b1f3c52-7a53-4c1b-9b07-8bc2c0a0a4f1",
                    "x-minio-origin-endpoint": "http://127.0.0.1:9000",
                },
                "s3": {
                    "s3SchemaVersion": "1.0",
                    "configurationId": "Config",
                    "bucket": {"name": bucket, "ownerIdentity": {"principalId": "evidence"},
                               "arn": f"arn:aws:s3:::{bucket}"},
                    "object": {"key": quote(key, safe=""), "size": size,
                               "eTag": "a3f5c7e2b1d04f6e8a9b0c1d2e3f4a5b", "contentType": "application/json",
                               "userMetadata": {"content-type": "application/json"},
                               "sequencer": "18EADC7F93A6A2F1"},
                },
                "source": {"host": "127.0.0.1", "port": "", "userAgent": "MinIO (linux; amd64) minio-go/v7.0.90"},
            }
        ],
    }


@pytest.mark.parametrize(
    ("key", "event", "expected"),
    [
        ("incoming/p1/manifest.json", "s3:ObjectCreated:Put", ["p1"]),
        ("incoming/北京某机械2026.zip", "s3:ObjectCreated:CompleteMultipartUpload", ["北京某机械2026"]),
        ("incoming/p1/设备清单.xlsx", "s3:ObjectCreated:Put", []),  # a member: wait for the manifest
        ("incoming/p1/sub/manifest.json", "s3:ObjectCreated:Put", []),
        ("incoming/p1/manifest.json", "s3:ObjectRemoved:Delete", []),
        ("results/p1/verdict.json", "s3:ObjectCreated:Put", []),  # our own writes
    ],
)
def test_which_events_complete_a_packet(key, event, expected):
    ids, ignored = completed_packets(S3Event.model_validate(minio_event("evidence", key, event)), "evidence")
    assert ids == expected and ignored == (0 if expected else 1)


def test_events_of_another_bucket_are_ignored():
    event = S3Event.model_validate(minio_event("other", "incoming/p1/manifest.json"))
    assert completed_packets(event, "evidence") == ([], 1)


def client_for(store: S3Store, token: str = "", check=None) -> tuple[TestClient, list[str]]:
    started: list[str] = []

    def trigger(packet_id: str) -> None:
        started.append(packet_id)
        if check is not None:
            check_packet_by_id(store, packet_id, WatchSettings(settle_seconds=0, owner="webhook"), check)

    app = create_app()
    app.dependency_overrides[get_settings] = lambda: WebhookSettings(webhook_token=token, bucket=store.bucket)
    app.dependency_overrides[get_trigger] = lambda: trigger
    return TestClient(app), started


def stand_in_check(packet_id, files):
    return [ResultFile(name="verdict.json", data=json.dumps({"packet_id": packet_id}).encode())]


def test_manifest_event_checks_the_packet_through_the_bucket_path(s3_store: S3Store):
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})
    client, started = client_for(s3_store, check=stand_in_check)
    reply = client.post("/webhooks/minio", json=minio_event(s3_store.bucket, "incoming/p1/manifest.json"))
    assert reply.status_code == 202 and reply.json() == {"accepted": ["p1"], "ignored": 0}
    assert started == ["p1"]
    assert json.loads(s3_store.get("results/p1/verdict.json")[0]) == {"packet_id": "p1"}
    # MinIO redelivers: the second delivery finds the version done and changes nothing
    etag = s3_store.get("results/p1/verdict.json")[1]
    client.post("/webhooks/minio", json=minio_event(s3_store.bucket, "incoming/p1/manifest.json"))
    assert s3_store.get("results/p1/verdict.json")[1] == etag


def test_zip_event_checks_the_zip_packet(s3_store: S3Store):
    upload(s3_store, "incoming/z1.zip", b"PK\x05\x06" + b"\0" * 18)
    client, _ = client_for(s3_store, check=stand_in_check)
    reply = client.post("/webhooks/minio", json=minio_event(s3_store.bucket, "incoming/z1.zip"))
    assert reply.json()["accepted"] == ["z1"]
    assert s3_store.get("results/z1/verdict.json") is not None


def test_token_is_required_when_configured(s3_store: S3Store):
    client, started = client_for(s3_store, token="s3cret-token")
    body = minio_event(s3_store.bucket, "incoming/p1/manifest.json")
    assert client.post("/webhooks/minio", json=body).status_code == 401
    assert client.post("/webhooks/minio", json=body, headers={"Authorization": "wrong"}).status_code == 401
    assert client.post("/webhooks/minio", json=body, headers={"Authorization": "s3cret-token"}).status_code == 202
    assert client.post("/webhooks/minio", json=body,
                       headers={"Authorization": "Bearer s3cret-token"}).status_code == 202
    assert started == ["p1", "p1"]


def test_minio_reachability_probe_needs_no_token(s3_store: S3Store):
    client, _ = client_for(s3_store, token="s3cret-token")
    assert client.head("/webhooks/minio").status_code == 200
