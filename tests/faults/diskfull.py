"""Disk full while results are written, on a real full filesystem.

How the disk is filled, honestly and without touching the machine: the child process runs in a
private user + mount namespace (`unshare --user --map-root-user --mount`) where a tmpfs of 4 MB is
mounted over a temp folder. Only that process tree sees it, it is gone when the process ends, and
a write past its end fails in the kernel with ENOSPC exactly as a full disk does. Where user
namespaces are not allowed, the child instead lowers its own RLIMIT_FSIZE with SIGXFSZ ignored:
a write past the limit then fails with EFBIG (a real kernel refusal too, per file rather than per
disk). Either way the code under test sees an OSError from write(), in the middle of a result set.

    python -m tests.faults.diskfull DIR MODE OLD_PACKET NEW_PACKET   (the child; prints one JSON line)
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

TMPFS_SIZE = "4m"
MARK = "DISKFULL-RESULT "


def run(work: Path, old_packet: Path, new_packet: Path, timeout: float = 300) -> dict:
    """Run the child on a full disk under `work`; returns its observations (see `child`)."""
    work.mkdir(parents=True, exist_ok=True)
    repo = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(repo), "OMP_THREAD_LIMIT": "1"}
    child = [sys.executable, "-m", "tests.faults.diskfull"]
    unshare = shutil.which("unshare")
    attempts = []
    if unshare:
        script = 'mount -t tmpfs -o size="$1" tmpfs "$2" && shift 2 && exec "$@"'
        attempts.append([unshare, "--user", "--map-root-user", "--mount", "sh", "-c", script, "sh", TMPFS_SIZE,
                         str(work), *child, str(work), "tmpfs", str(old_packet), str(new_packet)])
    attempts.append([*child, str(work), "fsize", str(old_packet), str(new_packet)])
    last = ""
    for cmd in attempts:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=repo, timeout=timeout)
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(MARK)]
        if lines:
            return json.loads(lines[-1][len(MARK):])
        last = f"{cmd[0]} exited {proc.returncode}: {proc.stderr[-2000:]}"
    raise RuntimeError(f"the disk-full child gave no result: {last}")


def _fill(root: Path, leave: int) -> None:
    """Write zeros until the filesystem refuses (ENOSPC), then give back `leave` bytes."""
    filler = root / "filler"
    block = b"\0" * 65536
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(block)
                fh.flush()
        except OSError:
            pass
    size = filler.stat().st_size
    os.truncate(filler, max(0, size - leave))


def _snapshot(folder: Path) -> dict[str, str]:
    import hashlib

    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def child(root: Path, mode: str, old_packet: Path, new_packet: Path) -> dict:
    from flows.check_packet import check_files
    from storage.errors import StorageError, StorageFull
    from storage.local import LocalStore, read_local_packet, write_local_results

    old = check_files("fault-old", read_local_packet(old_packet)).files
    new = check_files("fault-new", read_local_packet(new_packet)).files
    new_sizes = {f.name: len(f.data) for f in new}
    lib, store_root, cli_out = root / "lib", root / "store", root / "cli"
    store_root.mkdir()
    store = LocalStore(store_root)
    write_local_results(lib, old)
    store.write_results("p1", old)
    write_local_results(cli_out, old)
    before = {"lib": _snapshot(lib), "store": _snapshot(store_root / "results" / "p1"), "cli": _snapshot(cli_out)}

    # Room for the first file of the new set (facts.json) and little more: the write fails mid-set.
    room = new_sizes["facts.json"] + 2048
    if mode == "tmpfs":
        _fill(root, leave=room)
    else:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # inherited by the CLI child below
        resource.setrlimit(resource.RLIMIT_FSIZE, (room, room))

    out: dict = {"mode": mode, "new_sizes": new_sizes, "cases": {}}

    def attempt(name: str, fn, folder: Path) -> None:  # noqa: ANN001
        t0 = time.perf_counter()
        error, kind = None, None
        try:
            fn()
        except StorageError as exc:
            error, kind = str(exc), type(exc).__name__
        except Exception as exc:  # noqa: BLE001  (reported: the test says what was raised instead)
            error, kind = f"{type(exc).__name__}: {exc}", "unexpected " + type(exc).__name__
        out["cases"][name] = {
            "seconds": round(time.perf_counter() - t0, 3), "error": error, "kind": kind,
            "intact": _snapshot(folder) == before[name],
            "leftovers": sorted(p.name for p in folder.rglob("*.part")),
        }

    attempt("lib", lambda: write_local_results(lib, new), lib)
    attempt("store", lambda: store.write_results("p1", new), store_root / "results" / "p1")
    # the service's pre-check store writes one object at a time
    try:
        store.put("prechecks/pc_x/results/report.html", next(f.data for f in new if f.name == "report.html"))
        out["put"] = {"error": None}
    except StorageFull as exc:
        out["put"] = {"error": str(exc), "kind": "StorageFull",
                      "leftovers": sorted(p.name for p in store_root.rglob("*.part"))}
    # the CLI end to end: `check NEW --out cli` on the full disk
    t0 = time.perf_counter()
    repo = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-m", "cli.main", "check", str(new_packet), "--out", str(cli_out)],
                          capture_output=True, text=True, cwd=repo, env={**os.environ, "PYTHONPATH": str(repo)},
                          timeout=240)
    out["cases"]["cli"] = {
        "seconds": round(time.perf_counter() - t0, 3), "returncode": proc.returncode,
        "stderr": proc.stderr[-1500:], "intact": _snapshot(cli_out) == before["cli"],
        "leftovers": sorted(p.name for p in cli_out.rglob("*.part")),
    }
    return out


if __name__ == "__main__":
    root, mode, old_packet, new_packet = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
    print(MARK + json.dumps(child(root, mode, old_packet, new_packet), ensure_ascii=False), flush=True)
