"""The MinIO webhook: real MinIO-format events queue the bucket path for completed packets on
the service's warm workers (a real `serve` process, see conftest.py)."""

from __future__ import annotations

import time
from urllib.parse import quote

import httpx
import pytest

from api.routes.webhooks import S3Event, completed_packets
from tests.api.conftest import WEBHOOK_TOKEN, GeneratedPacket, Service
from tests.storage.helpers import upload


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


def post_event(svc: Service, key: str, token: str | None = WEBHOOK_TOKEN) -> httpx.Response:
    headers = {"Authorization": token} if token is not None else {}
    return httpx.post(f"{svc.base}/webhooks/minio", json=minio_event(svc.bucket.bucket, key), headers=headers)


def wait_for_object(svc: Service, key: str, timeout: float = 120) -> tuple[bytes, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = svc.bucket.get(key)
        if got is not None:
            return got
        time.sleep(0.2)
    raise AssertionError(f"{key} never appeared")


def test_manifest_event_checks_the_packet_on_the_workers(service: Service, folder_packet: GeneratedPacket) -> None:
    pid = "hook-folder-1"
    for p in sorted(folder_packet.folder.iterdir()):
        if p.name != "manifest.json":
            upload(service.bucket, f"incoming/{pid}/{p.name}", p.read_bytes())
    upload(service.bucket, f"incoming/{pid}/manifest.json", (folder_packet.folder / "manifest.json").read_bytes())
    reply = post_event(service, f"incoming/{pid}/manifest.json")
    assert reply.status_code == 202 and reply.json() == {"accepted": [pid], "ignored": 0}
    data, etag = wait_for_object(service, f"results/{pid}/verdict.json")
    assert b'"packet_id": "%s"' % folder_packet.truth.packet_id.encode() in data
    # MinIO redelivers: the second delivery finds the version done and changes nothing
    assert post_event(service, f"incoming/{pid}/manifest.json").status_code == 202
    time.sleep(3)
    assert service.bucket.get(f"results/{pid}/verdict.json")[1] == etag


def test_zip_event_checks_the_zip_packet(service: Service, zip_packet) -> None:
    path, truth = zip_packet
    upload(service.bucket, "incoming/hook-zip-1.zip", path.read_bytes())
    reply = post_event(service, "incoming/hook-zip-1.zip")
    assert reply.json()["accepted"] == ["hook-zip-1"]
    data, _ = wait_for_object(service, "results/hook-zip-1/verdict.json")
    assert truth.packet_id.encode() in data


@pytest.mark.parametrize(("token", "code"), [
    (None, 401), ("wrong", 401), ("Bearer wrong", 401), (WEBHOOK_TOKEN, 202), (f"Bearer {WEBHOOK_TOKEN}", 202),
])
def test_webhook_token(service: Service, token: str | None, code: int) -> None:
    assert post_event(service, "incoming/nothing-here/a.csv", token=token).status_code == code


def test_an_api_token_is_accepted_too(service: Service) -> None:
    r = post_event(service, "incoming/nothing-here/a.csv", token=f"Bearer {service.tokens['portal']}")
    assert r.status_code == 202 and r.json() == {"accepted": [], "ignored": 1}


def test_minio_reachability_probe_needs_no_token(service: Service) -> None:
    assert httpx.head(f"{service.base}/webhooks/minio").status_code == 200


def test_watcher_hands_packets_to_the_same_workers(service: Service, zip_packet) -> None:
    """`watch --once --to-service` queues the ready packet in the service's database; a warm
    worker of `serve` checks it through the bucket path."""
    from tests.api.service import cli

    path, truth = zip_packet
    upload(service.bucket, "incoming/watched-zip-1.zip", path.read_bytes())
    proc = cli(["watch", "--once", "--to-service"], service.env)
    assert proc.returncode == 0, proc.stderr
    assert "dispatched" in proc.stdout
    data, _ = wait_for_object(service, "results/watched-zip-1/verdict.json")
    assert truth.packet_id.encode() in data
