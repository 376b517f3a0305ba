"""SPEC §6b pre-check routes against a real `serve` process on loopback (see conftest.py)."""

from __future__ import annotations

import io
import json
import os
import signal
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from models import Verdict
from tests.api.conftest import GeneratedPacket, Service
from tests.api.service import cli
from tests.packetgen.compare import compare
from tests.storage.helpers import upload

WAIT = 60


def files_of(folder: Path) -> list[tuple[str, tuple[str, bytes]]]:
    return [("files", (p.name, p.read_bytes())) for p in sorted(folder.iterdir())]


def submit(svc: Service, who: str = "portal", **kwargs) -> httpx.Response:
    return httpx.post(f"{svc.base}/v1/prechecks", headers={**svc.auth(who), **kwargs.pop("headers", {})},
                      timeout=60, **kwargs)


def wait_done(svc: Service, precheck_id: str, who: str = "portal") -> httpx.Response:
    deadline = time.monotonic() + 180
    while True:
        r = httpx.get(f"{svc.base}/v1/prechecks/{precheck_id}", params={"wait": WAIT}, headers=svc.auth(who),
                      timeout=WAIT + 10)
        if r.json()["status"] in ("done", "failed") or time.monotonic() > deadline:
            return r


# -- auth ------------------------------------------------------------------------------------------


def test_healthz_needs_no_token(service: Service) -> None:
    r = httpx.get(f"{service.base}/healthz")
    assert r.status_code == 200 and r.json() == {"status": "ok"}


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer ec_not-a-real-token"},
                                     {"Authorization": "Basic dXNlcjpwdw=="}])
def test_no_or_wrong_token_is_401(service: Service, headers: dict[str, str]) -> None:
    for method, path in [("POST", "/v1/prechecks"), ("GET", "/v1/prechecks/pc_x"), ("GET", "/readyz"),
                         ("GET", "/v1/packets")]:
        r = httpx.request(method, f"{service.base}{path}", headers=headers)
        assert r.status_code == 401, (method, path, r.text)
        assert r.headers["www-authenticate"] == "Bearer"


def test_revoked_token_is_401(service: Service) -> None:
    r = httpx.get(f"{service.base}/v1/prechecks/pc_x", headers=service.auth("revoked"))
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_token_revoked_while_serving_is_refused_at_once(service: Service) -> None:
    env = service.env
    token = cli(["tokens", "add", "short-lived"], env).stdout.strip()
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{service.base}/v1/prechecks/pc_x", headers=headers).status_code == 404
    assert cli(["tokens", "revoke", "short-lived"], env).returncode == 0
    assert httpx.get(f"{service.base}/v1/prechecks/pc_x", headers=headers).status_code == 401


def test_wrong_role_is_403(service: Service) -> None:
    r = httpx.get(f"{service.base}/v1/packets", params={"needs_review": "true"}, headers=service.auth("portal"))
    assert r.status_code == 403 and "reviewer" in r.json()["detail"]
    for who in ("reviewer", "lead"):
        assert httpx.get(f"{service.base}/v1/packets", headers=service.auth(who)).status_code == 200


# -- submit and read -------------------------------------------------------------------------------


def test_files_upload_gives_the_clis_verdict_byte_for_byte(service: Service, folder_packet: GeneratedPacket,
                                                           tmp_path: Path) -> None:
    r = submit(service, files=files_of(folder_packet.folder), headers={"X-Request-ID": "portal-req-7"})
    assert r.status_code == 202, r.text
    body = r.json()
    assert body["status"] == "queued" and body["links"] == {"self": f"/v1/prechecks/{body['id']}"}
    assert r.headers["location"] == f"/v1/prechecks/{body['id']}" and int(r.headers["retry-after"]) >= 1
    assert r.headers["x-request-id"] == "portal-req-7"

    done = wait_done(service, body["id"])
    assert done.status_code == 200
    out = done.json()
    assert out["status"] == "done" and out["error"] is None, out
    assert compare(folder_packet.truth, Verdict.model_validate(out["verdict"])) == []
    assert set(out["links"]) == {"self", "report", "facts", "flags"}

    proc = cli(["check", str(folder_packet.folder), "--out", str(tmp_path / "cli")], service.env)
    assert proc.returncode == 0, proc.stderr
    api_verdict = httpx.get(f"{service.base}/v1/prechecks/{body['id']}/verdict", headers=service.auth())
    assert api_verdict.content == (tmp_path / "cli" / "verdict.json").read_bytes()
    assert out["verdict"] == json.loads(api_verdict.content)

    report = httpx.get(service.base + out["links"]["report"], headers=service.auth())
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/html")
    assert "关键工序数控化率" in report.text
    facts = httpx.get(service.base + out["links"]["facts"], headers=service.auth()).json()
    flags = httpx.get(service.base + out["links"]["flags"], headers=service.auth()).json()
    assert facts == json.loads((tmp_path / "cli" / "facts.json").read_text(encoding="utf-8"))
    assert flags == json.loads((tmp_path / "cli" / "flags.json").read_text(encoding="utf-8"))
    # the request id reached the worker's log lines for this pre-check
    assert any("portal-req-7" in line and body["id"] in line and "done" in line
               for line in service.serve.log_text().splitlines())


def test_zip_upload(service: Service, zip_packet) -> None:
    path, truth = zip_packet
    r = submit(service, files={"packet": (path.name, path.read_bytes(), "application/zip")})
    assert r.status_code == 202, r.text
    out = wait_done(service, r.json()["id"]).json()
    assert out["status"] == "done", out
    assert compare(truth, Verdict.model_validate(out["verdict"])) == []


def test_bucket_reference_on_the_s3_server(service: Service, folder_packet: GeneratedPacket) -> None:
    pid = "bucket-ref-1"
    for p in sorted(folder_packet.folder.iterdir()):
        if p.name != "manifest.json":
            upload(service.bucket, f"incoming/{pid}/{p.name}", p.read_bytes())
    upload(service.bucket, f"incoming/{pid}/manifest.json", (folder_packet.folder / "manifest.json").read_bytes())
    r = submit(service, json={"bucket_key": f"incoming/{pid}/"})
    assert r.status_code == 202, r.text
    out = wait_done(service, r.json()["id"]).json()
    assert out["status"] == "done", out
    assert compare(folder_packet.truth, Verdict.model_validate(out["verdict"])) == []
    # the packet shows in the review queue under its manifest id
    queue = httpx.get(f"{service.base}/v1/packets", headers=service.auth("reviewer")).json()
    assert folder_packet.truth.packet_id in [p["id"] for p in queue]


@pytest.mark.parametrize("key", ["incoming/no-such-packet/", "incoming/no-such.zip", "results/x/", "incoming/"])
def test_bucket_reference_to_no_packet_is_422(service: Service, key: str) -> None:
    r = submit(service, json={"bucket_key": key})
    assert r.status_code == 422 and isinstance(r.json()["detail"], str), r.text


def test_idempotency_key(service: Service, folder_packet: GeneratedPacket) -> None:
    files = files_of(folder_packet.folder)
    first = submit(service, files=files, headers={"Idempotency-Key": "order-42"})
    again = submit(service, files=files, headers={"Idempotency-Key": "order-42"})
    assert first.status_code == again.status_code == 202
    assert again.json()["id"] == first.json()["id"] and again.headers["idempotent-replayed"] == "true"
    other = submit(service, files=files[:-1], headers={"Idempotency-Key": "order-42"})
    assert other.status_code == 422 and "Idempotency-Key" in other.json()["detail"]
    fresh = submit(service, files=files, headers={"Idempotency-Key": "order-43"})
    assert fresh.json()["id"] != first.json()["id"]
    # keys belong to a token: another token's same key is its own pre-check
    mine = submit(service, who="lead", files=files, headers={"Idempotency-Key": "order-42"})
    assert mine.status_code == 202 and mine.json()["id"] != first.json()["id"]
    for r in (first, fresh, mine):
        assert wait_done(service, r.json()["id"]).json()["status"] == "done"


def test_poll_without_wait_answers_at_once_and_wait_holds_until_done(service: Service,
                                                                     folder_packet: GeneratedPacket) -> None:
    pid = submit(service, files=files_of(folder_packet.folder)).json()["id"]
    t0 = time.monotonic()
    now = httpx.get(f"{service.base}/v1/prechecks/{pid}", headers=service.auth())
    assert time.monotonic() - t0 < 2
    if now.json()["status"] in ("queued", "running"):
        assert now.status_code == 202 and now.json()["verdict"] is None
        assert now.headers["location"] == f"/v1/prechecks/{pid}" and "retry-after" in now.headers
    held = httpx.get(f"{service.base}/v1/prechecks/{pid}", params={"wait": 60}, headers=service.auth(), timeout=70)
    assert held.status_code == 200 and held.json()["status"] == "done"
    # wait above 60 is capped, not refused
    assert httpx.get(f"{service.base}/v1/prechecks/{pid}", params={"wait": 600},
                     headers=service.auth()).status_code == 200


def test_unknown_precheck_is_404(service: Service) -> None:
    for path in ("", "/report", "/facts", "/flags", "/verdict", "/pages/doc01-p001.png"):
        r = httpx.get(f"{service.base}/v1/prechecks/pc_000000000000000000000000{path}", headers=service.auth())
        assert r.status_code == 404, path


def test_page_names_cannot_leave_the_results(service: Service, folder_packet: GeneratedPacket) -> None:
    pid = submit(service, files=files_of(folder_packet.folder)).json()["id"]
    assert wait_done(service, pid).json()["status"] == "done"
    for name in ("..%2F..%2Fresults%2Fverdict", "..%2Fverdict", "%2E%2E%2Ffacts", "doc01-p001"):
        r = httpx.get(f"{service.base}/v1/prechecks/{pid}/pages/{name}.png", headers=service.auth())
        assert r.status_code == 404, (name, r.status_code)


# -- limits and bad input --------------------------------------------------------------------------


def test_too_large_is_413_with_and_without_content_length(service: Service) -> None:
    big = os.urandom(2 * 1024 * 1024)  # the test server's limit is 1 MB
    r = submit(service, files={"packet": ("big.zip", big, "application/zip")})
    assert r.status_code == 413, r.text

    def chunks():  # no Content-Length: the limit is enforced while the body streams in
        yield b"--b\r\nContent-Disposition: form-data; name=\"packet\"; filename=\"big.zip\"\r\n\r\n"
        for i in range(0, len(big), 65536):
            yield big[i:i + 65536]
        yield b"\r\n--b--\r\n"

    r = submit(service, content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert r.status_code == 413, r.text


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"files": {"packet": ("p.zip", b"this is not a zip", "application/zip")}}, "not a zip"),
    ({"files": {"packet": ("p.zip", b"", "application/zip")}}, "empty"),
    ({"files": {"packet": ("p.zip", b"PK\x05\x06" + b"\0" * 18, "application/zip")}}, "no files"),
    ({"data": {"note": "hello"}, "files": {"other": ("a.txt", b"x")}}, "no files"),
    ({"json": {"nothing": 1}}, "bucket_key"),
    ({"content": b"{not json", "headers": {"Content-Type": "application/json"}}, "bucket_key"),
    ({"content": b"hello", "headers": {"Content-Type": "text/plain"}}, "multipart"),
])
def test_not_a_packet_is_422_with_a_message(service: Service, kwargs: dict, says: str) -> None:
    r = submit(service, **kwargs)
    assert r.status_code == 422, r.text
    assert says in r.json()["detail"]


def test_traversal_names_stay_inside_the_packet_folder(service: Service, folder_packet: GeneratedPacket) -> None:
    files = files_of(folder_packet.folder) + [("files", ("../../../escaped.csv", b"a,b\n1,2\n"))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../zip-escaped.txt", b"evil")
        z.writestr("manifest.json", (folder_packet.folder / "manifest.json").read_bytes())
    for kwargs in ({"files": files}, {"files": {"packet": ("evil.zip", buf.getvalue(), "application/zip")}}):
        r = submit(service, **kwargs)
        assert r.status_code == 202, r.text
        out = wait_done(service, r.json()["id"]).json()
        assert out["status"] == "done", out
    root = service.data_dir.parent
    kept = list(root.rglob("escaped.csv"))
    assert kept and all(p.parent.name == "packet" and p.parent.parent.parent.name == "prechecks" for p in kept)
    # the zip's ../ member became the packet's own flag, not a file anywhere
    assert any(f["code"] == "UNREADABLE_DOCUMENT" and "../" in f["message"] for f in out["verdict"]["flags"])
    assert not list(root.rglob("zip-escaped.txt"))


# -- workers ---------------------------------------------------------------------------------------


def _worker_running(service: Service, precheck_id: str, timeout: float = 60, not_pid: int = 0) -> dict:
    """The worker readiness shows running this pre-check (the one just killed may linger a moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = httpx.get(f"{service.base}/readyz", headers=service.auth()).json()
        for w in ready["workers"]:
            if w["precheck_id"] == precheck_id and w["pid"] != not_pid:
                return w
        time.sleep(0.01)
    raise AssertionError(f"no worker took {precheck_id}")


def test_readiness_lists_warm_workers(service: Service) -> None:
    r = httpx.get(f"{service.base}/readyz", headers=service.auth())
    assert r.status_code == 200, r.text
    ready = r.json()
    assert ready["database"] == "ok" and ready["store"] == "ok"
    assert len(ready["workers"]) == 2 and all(w["pid"] > 0 for w in ready["workers"])


def test_a_worker_killed_mid_check_is_retried_then_failed_never_stuck(service: Service,
                                                                     folder_packet: GeneratedPacket) -> None:
    pid = submit(service, files=files_of(folder_packet.folder)).json()["id"]
    first = _worker_running(service, pid)
    os.kill(first["pid"], signal.SIGKILL)
    second = _worker_running(service, pid, not_pid=first["pid"])  # queued again, taken by a worker (attempt 2)
    os.kill(second["pid"], signal.SIGKILL)
    out = wait_done(service, pid).json()
    assert out["status"] == "failed" and out["verdict"] is None
    assert "SIGKILL" in out["error"] and "2 attempts" in out["error"], out["error"]
    # both workers are replaced and warm again; the next pre-check goes through
    service.serve.wait_ready(service.tokens["portal"], workers=2)
    again = submit(service, files=files_of(folder_packet.folder)).json()["id"]
    assert wait_done(service, again).json()["status"] == "done"


def test_a_worker_killed_once_is_retried_to_done(service: Service, folder_packet: GeneratedPacket) -> None:
    pid = submit(service, files=files_of(folder_packet.folder)).json()["id"]
    os.kill(_worker_running(service, pid)["pid"], signal.SIGKILL)
    assert wait_done(service, pid).json()["status"] == "done"
    service.serve.wait_ready(service.tokens["portal"], workers=2)


def test_openapi_documents_the_contract(service: Service) -> None:
    doc = httpx.get(f"{service.base}/openapi.json").json()
    submit_op = doc["paths"]["/v1/prechecks"]["post"]
    assert set(submit_op["requestBody"]["content"]) == {"multipart/form-data", "application/json"}
    assert {"202", "401", "403", "413", "422", "503"} <= set(submit_op["responses"])
    poll = doc["paths"]["/v1/prechecks/{precheck_id}"]["get"]
    example = poll["responses"]["200"]["content"]["application/json"]["example"]
    assert Verdict.model_validate(example["verdict"]).schema_version == 1
    text = json.dumps(doc)
    for ref in {part.split('"')[0] for part in text.split('"$ref": "')[1:]}:
        name = ref.rsplit("/", 1)[-1]
        assert name in doc["components"]["schemas"], ref
    for path in ("/report", "/facts", "/flags", "/pages/{name}.png"):
        assert f"/v1/prechecks/{{precheck_id}}{path}" in doc["paths"]
