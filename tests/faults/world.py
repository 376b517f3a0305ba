"""The real parts the fault scenarios break: a SeaweedFS S3 server of their own (stopped and
started again mid-packet, so never the session's shared one), `serve` processes on one database
and one bucket, `watch` processes, packets made by tests/packetgen.

Everything runs on 127.0.0.1 under one temp folder; `FaultWorld.close()` stops what it started,
each process by its own handle."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from storage.ledger import PacketState, read_state
from storage.s3 import S3Store
from tests.api.service import REPO, ServeProcess, add_token, service_env
from tests.storage.helpers import upload
from tools.devserver import DevS3Server

CLI = [sys.executable, "-m", "cli.main"]
RESULT_SET = frozenset({"verdict.json", "facts.json", "flags.json", "report.html"})
ROSTER = "员工花名册\n工号,姓名,部门,岗位,在岗状态\nE001,张三,一车间,数控车工,在岗\nE002,李四,行政部,行政专员,在岗\n"


def small_packet(packet_id: str, note: str = "") -> dict[str, bytes]:
    """A packet the real check gets through in well under a second once warm: a manifest and a
    staff roster (`note` changes the bytes, i.e. the packet version)."""
    manifest = {"packet_id": packet_id, "enterprise_name": f"北京故障测试{note}有限公司", "industry_code": "C3911",
                "assessment_year": 2026}
    return {"员工花名册.csv": ROSTER.encode("utf-8"), "manifest.json": json.dumps(manifest, ensure_ascii=False).encode()}


def upload_packet(store: S3Store, packet_id: str, files: dict[str, bytes]) -> None:
    """Members first, manifest.json last (SPEC §3), with the minio SDK as an uploader would."""
    for name, data in files.items():
        if name != "manifest.json":
            upload(store, f"incoming/{packet_id}/{name}", data)
    upload(store, f"incoming/{packet_id}/manifest.json", files["manifest.json"])


def result_names(store: S3Store, packet_id: str) -> set[str]:
    prefix = f"results/{packet_id}/"
    return {o.key[len(prefix):] for o in store.list_objects(prefix)}


def wait_for(what: str, probe: Callable[[], object], timeout: float, every: float = 0.05) -> object:
    """`probe()` until it returns something truthy; AssertionError naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = probe()
        if got:
            return got
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def state_of(store: S3Store, packet_id: str) -> PacketState | None:
    return read_state(store, packet_id)[0]


@dataclass
class ServePair:
    """Two `serve` processes (one warm worker each) on one SQLite database and one bucket."""

    a: ServeProcess
    b: ServeProcess
    env: dict[str, str]
    token: str
    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "evidence.db"

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def ready(self, serve: ServeProcess) -> dict:
        return httpx.get(f"{serve.base}/readyz", headers=self.auth(), timeout=30).json()

    def worker_pids(self, serve: ServeProcess) -> list[int]:
        """The warm workers of `serve`'s own pool (readiness lists every machine's)."""
        own = {w["pid"] for w in self.ready(serve)["workers"] if w["state"] in ("idle", "busy")}
        return sorted(own & set(_children(serve)))

    def wait_warm(self, timeout: float = 180) -> None:
        """Until each serve has its warm worker (after a scenario killed one)."""
        for serve in (self.a, self.b):
            wait_for(f"a warm worker of {serve.base}", lambda serve=serve: self.worker_pids(serve), timeout, 0.3)


def _children(serve: ServeProcess) -> list[int]:
    """The pids of `serve`'s child processes (its pool; replacements are started by another
    thread, so /proc/<pid>/task/*/children would need every task): parents read from /proc."""
    if serve.proc is None:
        return []
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == serve.proc.pid:
            out.append(int(stat.parent.name))
    return out


@dataclass
class FaultWorld:
    root: Path
    s3: DevS3Server = field(init=False)
    _serves: ServePair | None = field(default=None, init=False)
    _serves_bucket: S3Store | None = field(default=None, init=False)
    _buckets: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self.s3 = DevS3Server(self.root / "s3").start()

    @classmethod
    def create(cls) -> FaultWorld:
        return cls(Path(tempfile.mkdtemp(prefix="evidence-faults-")))

    def bucket(self, name: str) -> S3Store:
        self._buckets += 1
        return self.s3.make_bucket(f"{name}-{self._buckets}")

    def s3_env(self, bucket: str, **extra: str) -> dict[str, str]:
        """The environment of a CLI process on this bucket. Prefect's home is this process's when
        it has one (its database already migrated: the ephemeral start-up is seconds shorter)."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
        env.update(PYTHONPATH=str(REPO), EVIDENCE_S3_ENDPOINT=self.s3.endpoint, EVIDENCE_S3_ACCESS_KEY=self.s3.access_key,
                   EVIDENCE_S3_SECRET_KEY=self.s3.secret_key, EVIDENCE_BUCKET=bucket,
                   EVIDENCE_WATCH_SETTLE_SECONDS="0", OMP_THREAD_LIMIT="1")
        env.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="prefect-", dir=self.root))
        env.update(extra)
        return env

    def watch_process(self, bucket: str, log: Path, **extra: str) -> subprocess.Popen[bytes]:
        out = open(log, "wb")  # noqa: SIM115  (the child holds it)
        try:
            return subprocess.Popen(CLI + ["watch", "--once"], env=self.s3_env(bucket, **extra), cwd=REPO,
                                    stdout=out, stderr=subprocess.STDOUT)
        finally:
            out.close()

    # -- the service -------------------------------------------------------------------------------

    def serves(self) -> ServePair:
        """Two `serve` processes started at the same moment on a fresh data dir (so both run the
        migrations at once), sharing the database and the bucket; started on first use."""
        if self._serves is None:
            bucket = self.bucket("svc")
            data = self.root / "service"
            s3 = self.s3.settings(bucket.bucket)
            env = service_env(
                data, EVIDENCE_S3_ENDPOINT=s3.endpoint, EVIDENCE_S3_ACCESS_KEY=s3.access_key,
                EVIDENCE_S3_SECRET_KEY=s3.secret_key.get_secret_value(), EVIDENCE_BUCKET=bucket.bucket,
                EVIDENCE_WEBHOOK_TOKEN="fault-hook", EVIDENCE_PRECHECK_MAX_ATTEMPTS="2",
                EVIDENCE_DATABASE_BUSY_SECONDS="3", EVIDENCE_WATCH_LEASE_SECONDS="30",
                EVIDENCE_WORKER_HEARTBEAT_SECONDS="1",
            )
            a = ServeProcess(env, workers=1, log_path=self.root / "serve-a.log").start()
            b = ServeProcess(env, workers=1, log_path=self.root / "serve-b.log").start()
            wait_for("the database made by the serve processes", lambda: (data / "evidence.db").exists(), 120, 0.2)
            token = _add_token_when_migrated(env)
            for s in (a, b):
                s.wait_ready(token)
            self._serves = ServePair(a=a, b=b, env=env, token=token, data_dir=data)
            self._serves.wait_warm()  # readiness counts every machine's workers: each pool's own
            self._serves_bucket = bucket
        return self._serves

    @property
    def service_bucket(self) -> S3Store:
        self.serves()
        assert self._serves_bucket is not None
        return self._serves_bucket

    def close(self) -> None:
        if self._serves is not None:
            self._serves.a.stop()
            self._serves.b.stop()
        self.s3.stop()


def _add_token_when_migrated(env: dict[str, str]) -> str:
    """The CLI's `tokens add` also migrates; it may meet the serves mid-migration: that is the race
    under test, so it must simply wait its turn and succeed."""
    return add_token(env, "fault-portal")


class WriteLock:
    """Another process holding SQLite's write lock (`BEGIN IMMEDIATE`, as a backup tool or a long
    migration would) for `seconds`: the service's writers wait on it, readers do not (WAL)."""

    HOLDER = ("import sqlite3, sys, time\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('BEGIN IMMEDIATE')\n"
              "print('locked', flush=True)\n"
              "time.sleep(float(sys.argv[2]))\n"
              "c.execute('ROLLBACK')\n")

    def __init__(self, database: Path, seconds: float) -> None:
        self.database, self.seconds = database, seconds
        self.proc: subprocess.Popen[str] | None = None

    def __enter__(self) -> WriteLock:
        self.proc = subprocess.Popen([sys.executable, "-c", self.HOLDER, str(self.database), str(self.seconds)],
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None and self.proc.stdout.readline().strip() == "locked"
        self.taken = time.monotonic()
        return self

    def wait_released(self) -> None:
        assert self.proc is not None
        self.proc.wait(self.seconds + 30)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)


def database_is_writable(path: Path) -> bool:
    c = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    try:
        c.execute("BEGIN IMMEDIATE")
        c.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        c.close()
