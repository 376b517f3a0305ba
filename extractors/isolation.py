"""Per-document limits: each file of a check is read in its own process with a time-out and a
memory cap, so a document that would run for ever or eat the machine becomes an
UNREADABLE_DOCUMENT flag and the rest of the packet is still checked (SPEC §8, issue 14).

    extract_isolated(data, file, settings)   extractors.pipeline.extract under
                                             settings.document_timeout_seconds / document_memory_mb

How: one fork server per process tree, started on first use (`python -c ...`, a fresh
single-threaded interpreter with the extractors imported, the OCR modules too once it is idle).
For each document the caller hands it one end of a new socket pair; the server forks a worker
that reports its pid, receives (bytes, name, settings), caps its address space with RLIMIT_AS
(its size at start plus `document_memory_mb`), reads the document and sends the result back.
Forking a single-threaded server is safe where forking the caller is not (Prefect's task runner
threads, the service's warm workers, which multiprocessing forbids children as daemons). Past
the time-out the caller kills the worker. The server ends when every holder of its control
socket is gone; a worker dies with its server (PR_SET_PDEATHSIG).

Cost (bench/bench_isolation.py, 2 shared cores): the server starts in 0.9–2 s once per process;
a document then costs ~20 ms more than in-process (fork of the warm server ~10 ms, first touches
and pickling ~10 ms). A 0-byte file is refused in-process: there is nothing to parse.

A reader that allocates past the cap gets MemoryError (extractors.pipeline names the limit); one
that dies of it (a C library) or of anything else ends without a result, which is said too.
The result comes back pickled: the worker is our own code; the isolation is for time and memory,
not a sandbox against a parser exploit.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from models import EvidenceRef, ExtractionResult, FlagCode, make_flag
from models.settings import ExtractionSettings

log = logging.getLogger(__name__)

DEFAULTS = ExtractionSettings.defaults()
SERVER_START_TIMEOUT_S = 120.0  # importing the extractors on a busy 2-core machine
_HEADER = struct.Struct("!Q")


# ---------------------------------------------------------------- framing


def _send(sock: socket.socket, obj: object) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(payload)) + payload)


def _recv_exact(sock: socket.socket, n: int, deadline: float | None) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        chunk = sock.recv(min(n - len(buf), 1 << 20))
        if not chunk:
            raise EOFError
        buf += chunk
    return bytes(buf)


def _recv(sock: socket.socket, deadline: float | None = None) -> object:
    (n,) = _HEADER.unpack(_recv_exact(sock, _HEADER.size, deadline))
    return pickle.loads(_recv_exact(sock, n, deadline))


def _status_kb(key: str, pid: int | str = "self") -> int:
    """A field of /proc/<pid>/status in kB (VmSize, VmHWM); 0 when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---------------------------------------------------------------- the server and its workers


def _die_with_parent() -> None:
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the time-out still holds
        pass


def _warm_ocr() -> None:
    """Import the OCR stack and check Tesseract once, so scanned documents fork warm."""
    try:
        import extractors.ocr.document as ocr_document
        import extractors.ocr.pdf  # noqa: F401

        ocr_document.ensure_ocr()
    except Exception:  # noqa: BLE001 - a missing Tesseract is flagged per document, not here
        pass


def serve(ctl_fd: int) -> None:
    """The fork server's loop (run by `_ForkServer` in a fresh interpreter)."""
    ctl = socket.socket(fileno=ctl_fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C of the caller ends us through EOF
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s extract-worker %(name)s: %(message)s")
    import extractors.pipeline  # noqa: F401

    ctl.send(b"ready")
    warm = False
    while True:
        if not warm and not select.select([ctl], [], [], 0.3)[0]:
            _warm_ocr()
            warm = True
            continue
        try:
            msg, fds, _, _ = socket.recv_fds(ctl, 16, 1)
        except OSError:
            return
        if not msg:
            return  # every caller is gone
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                ctl.close()
                _work(socket.socket(fileno=fds[0]))
            except BaseException:  # noqa: BLE001 - the caller sees the missing result
                code = 70
            finally:
                os._exit(code)
        os.close(fds[0])


def _work(sock: socket.socket) -> None:
    from extractors.pipeline import extract

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # subprocesses (Tesseract) must be waited for
    _die_with_parent()
    _send(sock, os.getpid())
    data, file, settings, cwd, tmpdir = _recv(sock)
    # Never outlive the time-out, even when the caller died before it could stop us.
    signal.alarm(int(settings.document_timeout_seconds) + 5)
    try:  # behave as if in the caller: its working and temp dirs
        os.chdir(cwd)
    except OSError:
        pass
    if tmpdir:
        os.environ["TMPDIR"] = tempfile.tempdir = tmpdir
    cap = _status_kb("VmSize") * 1024 + settings.document_memory_mb * 1024 * 1024
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    result = extract(data, file, settings)
    del data
    # Our peak, or that of an OCR page process or Tesseract we waited for, if larger.
    peak_kb = max(_status_kb("VmHWM"), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    _send(sock, (result, peak_kb / 1024))


class _ForkServer:
    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        root = str(Path(__file__).resolve().parent.parent)  # the tree our packages come from
        paths = [root] + [os.path.abspath(p) for p in sys.path if p and os.path.abspath(p) != root]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths))
        code = f"import extractors.isolation as i; i.serve({theirs.fileno()})"
        self.owner = os.getpid()
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], pass_fds=[theirs.fileno()], env=env, cwd=root,
            stdin=subprocess.DEVNULL, close_fds=True,
        )
        theirs.close()
        self.ctl = ours
        self.lock = threading.Lock()
        ready, _, _ = select.select([ours], [], [], SERVER_START_TIMEOUT_S)
        if not ready or ours.recv(16) != b"ready":
            self.close()
            raise RuntimeError(f"the extraction fork server did not start (exit {self.proc.poll()})")

    def alive(self) -> bool:
        # A forked child shares its parent's server and cannot poll it: a dead one fails `connect`.
        return self.proc.poll() is None if os.getpid() == self.owner else True

    def connect(self) -> socket.socket:
        """A new worker's socket."""
        mine, worker = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                socket.send_fds(self.ctl, [b"w"], [worker.fileno()])
        finally:
            worker.close()
        return mine

    def close(self) -> None:
        self.ctl.close()
        if os.getpid() == self.owner:
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


_server: _ForkServer | None = None
_server_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}
_peaks: dict[int, float] = {}  # pid of this process → the largest worker peak RSS (MB) it saw


def _fork_server(renew: bool = False) -> _ForkServer:
    """The process's fork server (children made by os.fork share their parent's: each request
    carries its own socket pair, so callers never mix up answers)."""
    global _server
    with _server_lock:
        if _server is not None and (renew or not _server.alive()):
            _server.close()
            _server = None
        if _server is None:
            _server = _ForkServer()
        return _server


def _after_fork_in_child() -> None:
    """Locks another thread held at fork time would never be released in the child."""
    global _server_lock
    _server_lock = threading.Lock()
    _slots.clear()
    if _server is not None:
        _server.lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def start_fork_server() -> None:
    """Start the fork server now (a warm worker, a test session) rather than at the first document."""
    _fork_server()


def worker_peak_rss_mb() -> float:
    """The largest peak RSS (MB) of a document worker this process ran (harnesses, benchmarks)."""
    return _peaks.get(os.getpid(), 0.0)


def _note_peak(mb: float) -> None:
    pid = os.getpid()
    _peaks[pid] = max(_peaks.get(pid, 0.0), mb)


def _slot(settings: ExtractionSettings) -> threading.BoundedSemaphore:
    with _server_lock:
        return _slots.setdefault(settings.document_workers, threading.BoundedSemaphore(settings.document_workers))


def _limit_flag(file: str, why_zh: str, reason: str) -> ExtractionResult:
    return ExtractionResult(
        document=None,
        flags=[
            make_flag(
                FlagCode.UNREADABLE_DOCUMENT, f"文件“{file}”无法读取：{why_zh}", [EvidenceRef(file=file)], reason=reason
            )
        ],
    )


def _connect() -> socket.socket:
    try:
        return _fork_server().connect()
    except OSError:  # the server died (killed, or its caller's copy closed): once more, anew
        return _fork_server(renew=True).connect()


def _run(data: bytes, file: str, settings: ExtractionSettings) -> tuple[str, object]:
    sock = _connect()
    pid = None
    status = "interrupted"
    try:
        pid = _recv(sock, time.monotonic() + SERVER_START_TIMEOUT_S)
        deadline = time.monotonic() + settings.document_timeout_seconds
        sock.settimeout(settings.document_timeout_seconds)
        _send(sock, (data, file, settings, os.getcwd(), tempfile.gettempdir()))
        answer = _recv(sock, deadline)
        status = "ok"
        return status, answer
    except TimeoutError:
        status = "timeout"
        return status, None
    except (EOFError, OSError, pickle.UnpicklingError) as exc:
        status = "died"  # the worker is gone (and reaped: its pid is not ours to signal any more)
        return status, exc
    finally:
        if isinstance(pid, int) and status not in ("ok", "died"):
            _note_peak(_status_kb("VmHWM", pid) / 1024)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        sock.close()


def extract_isolated(data: bytes, file: str, settings: ExtractionSettings = DEFAULTS) -> ExtractionResult:
    """`extractors.pipeline.extract` in a worker process held to the settings' per-document
    time-out and memory cap. Never raises for bad input."""
    if not data:  # refused before any parsing (0 bytes): a worker would only cost its fork
        from extractors.pipeline import extract

        return extract(data, file, settings)
    with _slot(settings):
        try:
            status, answer = _run(data, file, settings)
        except Exception:  # noqa: BLE001 - no fork server (e.g. no /proc, fork refused): read in-process
            log.exception("the extraction fork server is unavailable; reading %s without limits", file)
            from extractors.pipeline import extract

            return extract(data, file, settings)
    if status == "ok":
        result, peak_mb = answer  # type: ignore[misc]
        _note_peak(peak_mb)
        return result
    if status == "timeout":
        log.warning("extracting %s passed %g s: stopped", file, settings.document_timeout_seconds)
        return _limit_flag(
            file,
            f"读取超时（{settings.document_timeout_seconds:g} 秒，单个文件的读取时间上限），已停止读取"
            "（文件过大或内容异常），请人工核查。",
            "timeout",
        )
    log.warning("the worker reading %s ended without a result: %r", file, answer)
    return _limit_flag(
        file,
        f"读取进程异常终止（可能超过单个文件的内存上限 {settings.document_memory_mb} MB，或解析库崩溃），"
        "已停止读取，请人工核查。",
        "worker_died",
    )
