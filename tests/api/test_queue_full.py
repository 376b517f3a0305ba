"""A full queue answers 503 with Retry-After instead of growing; readiness says no worker is warm.
A `serve --workers 0` process (an API-only node) with a queue of one shows both cheaply."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.service import ServeProcess, add_token, service_env


def test_full_queue_is_503_and_no_workers_is_not_ready(tmp_path: Path) -> None:
    env = service_env(tmp_path / "var", EVIDENCE_QUEUE_SIZE="1")
    token = add_token(env, "portal")
    serve = ServeProcess(env, workers=0, log_path=tmp_path / "serve.log").start()
    try:
        serve.wait_ready(token, timeout=120)
        auth = {"Authorization": f"Bearer {token}"}
        files = [("files", ("manifest.json", b'{"packet_id": "q1"}'))]
        first = httpx.post(f"{serve.base}/v1/prechecks", files=files, headers=auth)
        assert first.status_code == 202
        full = httpx.post(f"{serve.base}/v1/prechecks", files=files, headers=auth)
        assert full.status_code == 503 and int(full.headers["retry-after"]) > 0
        assert "queue is full" in full.json()["detail"]
        # the queued one stays queued (no worker), and says so with 202 + Retry-After
        poll = httpx.get(f"{serve.base}/v1/prechecks/{first.json()['id']}", params={"wait": 1}, headers=auth)
        assert poll.status_code == 202 and poll.json()["status"] == "queued"
        ready = httpx.get(f"{serve.base}/readyz", headers=auth)
        assert ready.status_code == 503
        assert ready.json()["database"] == "ok" and ready.json()["workers"] == [] and ready.json()["queued"] == 1
    finally:
        serve.stop()


def test_serve_refuses_to_start_without_a_secret_outside_development(tmp_path: Path) -> None:
    from tests.api.service import cli

    env = service_env(tmp_path / "var", EVIDENCE_ENV="production")
    proc = cli(["serve", "--port", "1"], env)
    assert proc.returncode == 2 and "EVIDENCE_SECRET_KEY" in proc.stderr
