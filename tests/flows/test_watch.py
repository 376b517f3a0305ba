"""The bucket watcher against a real S3 server on 127.0.0.1.

Most tests inject a small stand-in check (fast, and able to fail on demand); the integration test
at the end runs the real check and compares the bucket's verdict.json with the local CLI's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

from cli.main import configure_prefect

configure_prefect()  # before Prefect is imported: temp PREFECT_HOME, no telemetry

from typer.testing import CliRunner  # noqa: E402

from cli.main import app  # noqa: E402
from flows.watch import PacketError, WatchSettings, watch_once  # noqa: E402
from models.packet import PacketFile  # noqa: E402
from storage.base import ResultFile  # noqa: E402
from storage.ledger import PacketStatus, read_state  # noqa: E402
from storage.s3 import S3Store  # noqa: E402
from tests.storage.helpers import upload, upload_folder_packet  # noqa: E402
from tools.devserver import DevS3Server, free_port  # noqa: E402

POLICY = WatchSettings(settle_seconds=0, max_attempts=3, owner="test-watcher")


class StandInCheck:
    """Records what it was given; fails while `failing` is set."""

    def __init__(self, failing: bool = False, delay: float = 0.0) -> None:
        self.calls: list[tuple[str, list[str]]] = []
        self.failing = failing
        self.delay = delay
        self.lock = threading.Lock()

    def __call__(self, packet_id: str, files: list[PacketFile]) -> list[ResultFile]:
        with self.lock:
            self.calls.append((packet_id, [f.name for f in files]))
        time.sleep(self.delay)
        if self.failing:
            raise ValueError("表格无法解析 / table could not be parsed")
        verdict = json.dumps({"packet_id": packet_id, "files": len(files)}).encode()
        return [ResultFile(name="facts.json", data=b"{}"), ResultFile(name="verdict.json", data=verdict)]


def error_of(store: S3Store, packet_id: str) -> PacketError | None:
    got = store.get(f"results/{packet_id}/error.json")
    return PacketError.model_validate_json(got[0]) if got else None


def test_half_uploaded_packet_waits_for_its_manifest(s3_store: S3Store):
    check = StandInCheck()
    upload_folder_packet(s3_store, "p1", {"设备清单.xlsx": b"x"}, manifest=False)
    report = watch_once(s3_store, POLICY, check)
    assert report.waiting == ["p1"] and report.checked == [] and check.calls == []
    assert s3_store.list_objects("results/") == []
    upload(s3_store, "incoming/p1/manifest.json", b'{"packet_id": "p1"}')
    assert watch_once(s3_store, POLICY, check).checked == ["p1"]
    assert check.calls == [("p1", ["manifest.json", "设备清单.xlsx"])]


def test_checked_once_then_again_only_when_changed(s3_store: S3Store):
    check = StandInCheck()
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})
    assert watch_once(s3_store, POLICY, check).checked == ["p1"]
    second = watch_once(s3_store, POLICY, check)
    assert second.checked == [] and second.skipped == {"p1": "done"}
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})  # the same bytes again: nothing to redo
    assert watch_once(s3_store, POLICY, check).checked == []
    upload_folder_packet(s3_store, "p1", {"a.csv": b"2"})  # changed: checked again
    assert watch_once(s3_store, POLICY, check).checked == ["p1"]
    assert len(check.calls) == 2
    assert json.loads(s3_store.get("results/p1/verdict.json")[0]) == {"packet_id": "p1", "files": 2}


def test_zip_packet_is_checked_as_one_zip_member(s3_store: S3Store):
    check = StandInCheck()
    upload(s3_store, "incoming/acme-2026.zip", b"PK\x05\x06" + b"\0" * 18)
    assert watch_once(s3_store, POLICY, check).checked == ["acme-2026"]
    assert check.calls == [("acme-2026", ["acme-2026.zip"])]
    assert s3_store.get("results/acme-2026/verdict.json") is not None


def test_failed_check_is_recorded_and_retried_a_bounded_number_of_times(s3_store: S3Store):
    check = StandInCheck(failing=True)
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})
    for attempt in (1, 2, 3):
        assert watch_once(s3_store, POLICY, check).failed == ["p1"]
        err = error_of(s3_store, "p1")
        assert err.attempts == attempt and err.will_retry == (attempt < 3)
        assert "table could not be parsed" in err.error
    assert s3_store.get("results/p1/verdict.json") is None
    assert watch_once(s3_store, POLICY, check).skipped == {"p1": "gave_up"}
    assert len(check.calls) == 3  # never retried forever
    check.failing = False
    upload_folder_packet(s3_store, "p1", {"a.csv": b"fixed"})  # a corrected upload is checked again
    assert watch_once(s3_store, POLICY, check).checked == ["p1"]
    assert error_of(s3_store, "p1") is None
    assert read_state(s3_store, "p1")[0].status is PacketStatus.DONE


def test_two_watchers_never_check_a_packet_twice(s3_store: S3Store):
    check = StandInCheck(delay=0.2)
    for i in range(6):
        upload_folder_packet(s3_store, f"p{i}", {"a.csv": str(i).encode()})
    reports = []
    threads = [threading.Thread(target=lambda: reports.append(watch_once(s3_store, POLICY, check))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    checked = sorted(reports[0].checked + reports[1].checked)
    assert checked == [f"p{i}" for i in range(6)]
    assert sorted(c[0] for c in check.calls) == checked


def run_cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cli.main", *args], capture_output=True, text=True, env=env,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])


def s3_env(server: DevS3Server, bucket: str, **over: str) -> dict[str, str]:
    import os

    env = {**os.environ, "EVIDENCE_S3_ENDPOINT": server.endpoint, "EVIDENCE_S3_ACCESS_KEY": server.access_key,
           "EVIDENCE_S3_SECRET_KEY": server.secret_key, "EVIDENCE_BUCKET": bucket}
    return {**env, **over}


def test_watch_command_with_s3_down_says_so_in_one_line(s3_server: DevS3Server):
    result = run_cli("watch", "--once", env=s3_env(s3_server, "evidence", EVIDENCE_S3_ENDPOINT=f"127.0.0.1:{free_port()}"))
    assert result.returncode == 2
    assert "cannot reach S3" in result.stderr and "connection refused" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) <= 3  # the message plus at most one retry notice wrap


def test_watch_command_with_wrong_credentials_says_so(s3_server: DevS3Server, s3_store: S3Store):
    result = run_cli("watch", "--once", env=s3_env(s3_server, s3_store.bucket, EVIDENCE_S3_SECRET_KEY="wrong-secret"))
    assert result.returncode == 2
    assert "credentials" in result.stderr and "wrong-secret" not in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


# -- the real check, end to end -------------------------------------------------------------------


def test_bucket_verdict_equals_the_local_cli_verdict(s3_server: DevS3Server, s3_store: S3Store, tmp_path: Path):
    from tests.packetgen import build_files, default_spec

    files, truth = build_files(default_spec(seed=11))
    pid = truth.packet_id
    local = tmp_path / pid
    local.mkdir()
    for name, data in files.items():
        (local / name).write_bytes(data)
    for name, data in files.items():  # uploaded with the minio SDK, manifest.json last
        if name != "manifest.json":
            upload(s3_store, f"incoming/{pid}/{name}", data)
    upload(s3_store, f"incoming/{pid}/manifest.json", files["manifest.json"])

    runner = CliRunner()
    env = {k: v for k, v in s3_env(s3_server, s3_store.bucket).items() if k.startswith("EVIDENCE_")}
    env["EVIDENCE_WATCH_SETTLE_SECONDS"] = "0"
    first = runner.invoke(app, ["watch", "--once"], env=env)
    assert first.exit_code == 0, first.output
    assert "checked 1" in first.output

    out = tmp_path / "local-results"
    local_run = runner.invoke(app, ["check", str(local), "--out", str(out)])
    assert local_run.exit_code == 0, local_run.output
    bucket_verdict, etag = s3_store.get(f"results/{pid}/verdict.json")
    assert bucket_verdict == (out / "verdict.json").read_bytes()
    assert {o.key.rsplit("/", 1)[1] for o in s3_store.list_objects(f"results/{pid}/")} >= {
        "verdict.json", "facts.json", "flags.json", "report.html", "_state.json"}

    second = runner.invoke(app, ["watch", "--once"], env=env)
    assert second.exit_code == 0 and "checked 0" in second.output
    assert s3_store.get(f"results/{pid}/verdict.json")[1] == etag  # untouched

    manifest = json.loads(files["manifest.json"])
    manifest["enterprise_name"] = manifest.get("enterprise_name", "") + "（更正）"
    version_before = read_state(s3_store, pid)[0].version
    upload(s3_store, f"incoming/{pid}/manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
    third = runner.invoke(app, ["watch", "--once"], env=env)
    assert third.exit_code == 0 and "checked 1" in third.output
    assert read_state(s3_store, pid)[0].version != version_before


def test_dispatch_mode_hands_over_only_packets_that_need_a_check(s3_store: S3Store):
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})
    upload_folder_packet(s3_store, "p2", {"a.csv": b"2"})
    upload_folder_packet(s3_store, "p3", {"a.csv": b"3"}, manifest=False)
    watch_once(s3_store, POLICY, StandInCheck())  # p1 and p2 checked here
    upload_folder_packet(s3_store, "p1", {"a.csv": b"changed"})
    handed: list[tuple[str, int]] = []
    report = watch_once(s3_store, POLICY, dispatch=lambda ref, attempts: handed.append((ref.packet_id, attempts)))
    assert handed == [("p1", 0)] and report.dispatched == ["p1"]
    assert report.skipped == {"p2": "done"} and report.waiting == ["p3"]
