"""A real `evidence-check serve` process on loopback, for the API tests and the service benchmark."""

from __future__ import annotations

import io
import os
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "cli.main"]


def zip_folder(folder: Path) -> bytes:
    """A packet folder as one zip upload (paths relative to the folder)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                z.write(p, p.relative_to(folder).as_posix())
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def service_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVIDENCE_")}
    env.update({"PYTHONPATH": str(REPO), "EVIDENCE_DATA_DIR": str(data_dir), "EVIDENCE_ENV": "development",
                "OMP_THREAD_LIMIT": "1"})
    env.update(extra)
    return env


def cli(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(CLI + args, capture_output=True, text=True, env=env, cwd=REPO, input=stdin, timeout=300)


def add_token(env: dict[str, str], name: str, role: str = "portal") -> str:
    proc = cli(["tokens", "add", name, "--role", role], env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


class ServeProcess:
    """`python -m cli.main serve` with its own data dir and port; `stop()` sends SIGTERM to it alone."""

    def __init__(self, env: dict[str, str], workers: int, log_path: Path) -> None:
        self.env, self.workers, self.log_path = env, workers, log_path
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ServeProcess:
        self.log = open(self.log_path, "wb")  # noqa: SIM115  (kept open for the process's life)
        self.proc = subprocess.Popen(
            CLI + ["serve", "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers)],
            env=self.env, cwd=REPO, stdout=self.log, stderr=subprocess.STDOUT,
        )
        return self

    def wait_ready(self, token: str, timeout: float = 240.0, workers: int | None = None) -> dict:
        """Until /readyz says ready with `workers` warm workers (default: all of them)."""
        want = self.workers if workers is None else workers
        deadline = time.monotonic() + timeout
        last: object = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"serve exited with {self.proc.returncode}:\n{self.log_text()[-3000:]}")
            try:
                r = httpx.get(f"{self.base}/readyz", headers={"Authorization": f"Bearer {token}"}, timeout=5)
                last = r.json()
                warm = [w for w in last["workers"] if w["state"] in ("idle", "busy")]
                if (r.status_code == 200 or want == 0) and len(warm) >= want:
                    return last
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.2)
        raise TimeoutError(f"serve not ready after {timeout} s: {last}\n{self.log_text()[-3000:]}")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()
