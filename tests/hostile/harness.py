"""Running one hostile case: the clean born-digital packet plus the case's member(s), checked by
the flow's own step list (`flows.steps.STEPS`, plain calls), in a forked child process so
that its time, peak memory and any file it writes are its own.

What each case is held to (issue 14):
- the expected flag (with a reason a person reads) or outcome;
- every document of the clean packet keeps exactly the records it had in the clean check;
- nothing is written anywhere but into the case's results (the child's working and temp dirs
  must stay empty: the plain check writes nothing);
- time under the case's bound; peak RSS of the check process plus that of its largest document
  worker (extractors.isolation: each document is read in its own process, under the
  per-document time-out and memory cap of the settings) under MAX_PEAK_RSS_MB.

A case may set environment variables (`EVIDENCE_DOCUMENT_TIMEOUT_SECONDS`, …) for its check:
the child sets them and reads the settings again, as a deployment would.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from models import Flag, FlagCode, PacketFile
from tests.packetgen import build_files, default_spec

# Bounds (issue 14): one packet's check never above 2 GB RSS; a case's whole check (the clean
# packet's nine documents and the hostile member) within its time bound.
MAX_PEAK_RSS_MB = 2048
DEFAULT_TIME_BOUND_S = 60.0
SLOW_TIME_BOUND_S = 240.0
PACKET_ID = "hostile-packet"


@dataclass(frozen=True)
class Baseline:
    """The clean packet and what its check found, per document."""

    files: dict[str, bytes]
    records_by_file: dict[str, list[str]]
    indicators: dict[str, object]
    flag_codes: list[str]


@dataclass
class CaseRun:
    """What one case's check produced (sent back from the child)."""

    flags: list[Flag] = field(default_factory=list)
    records_by_file: dict[str, list[str]] = field(default_factory=dict)
    documents: list[str] = field(default_factory=list)
    indicators: dict[str, object] = field(default_factory=dict)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # the check process
    start_rss_mb: float = 0.0
    worker_peak_rss_mb: float = 0.0  # the largest document worker (0: none ran)
    written: list[str] = field(default_factory=list)
    error: str | None = None  # an exception escaped the check: a crash
    killed: str | None = None  # time-out or killed by the kernel


def clean_members(files: dict[str, bytes]) -> list[PacketFile]:
    return [PacketFile(name=n, data=b) for n, b in files.items()]


def records_by_file(outcome) -> dict[str, list[str]]:  # noqa: ANN001 - CheckOutcome
    """Every record of the packet's facts, as JSON, grouped by the file it came from."""
    from models import RecordSet

    out: dict[str, list[str]] = {}
    for name in RecordSet.model_fields:
        for rec in getattr(outcome.facts, name):
            ref = getattr(rec, "ref", None)
            file = ref.file if ref is not None else "?"
            out.setdefault(file, []).append(f"{name}:{rec.model_dump_json()}")
    return {k: sorted(v) for k, v in out.items()}


def indicator_values(outcome) -> dict[str, object]:  # noqa: ANN001
    return {k: getattr(v, "value", None) for k, v in outcome.verdict.indicators}


# Extraction results of the clean packet's documents, by (name, sha256), filled by `baseline()`.
# With REUSE_CLEAN_EXTRACTION a case re-uses them (deep copies) instead of reading the nine clean
# documents again: extraction is per document and pure, each case runs in its own forked child
# (no state leaks between cases), and the hostile member itself is always extracted for real.
# That keeps the pytest corpus near 2 min on a shared 2-core machine; `python -m tests.hostile
# --full` re-reads everything.
_CLEAN_EXTRACTIONS: dict[tuple[str, str], object] = {}
REUSE_CLEAN_EXTRACTION = True


def _key(member: PacketFile) -> tuple[str, str]:
    import hashlib

    return member.name, hashlib.sha256(member.data).hexdigest()


class _ReusingRunner:
    """The plain runner, except that documents of the clean packet reuse their extraction
    (as said above): the flow's own step list runs unchanged."""

    def __init__(self) -> None:
        from flows.runner import PlainRunner

        self._plain = PlainRunner()

    def call(self, step, state, ctx):  # noqa: ANN001, ANN201 - the Runner protocol
        return self._plain.call(step, state, ctx)

    def map(self, fn, items, run_name, **fixed):  # noqa: ANN001, ANN201 - the Runner protocol
        out = []
        for m in items:
            known = _CLEAN_EXTRACTIONS.get(_key(m)) if REUSE_CLEAN_EXTRACTION else None
            out.append(known.model_copy(deep=True) if known is not None else fn(m, **fixed))
        return out


def check(members: list[PacketFile]):  # noqa: ANN201 - CheckOutcome
    """The flow's own step list (flows.steps.STEPS) as plain calls, the clean documents'
    extraction re-used as said above."""
    from flows.check_packet import CheckOutcome
    from flows.runner import run_steps
    from flows.steps import STEPS
    from models.check import CheckState

    state = CheckState(packet_id=PACKET_ID, files=members)
    return CheckOutcome.of(run_steps(state, STEPS, None, _ReusingRunner()))


@lru_cache(maxsize=1)
def baseline() -> Baseline:
    """The clean packet (tests.packetgen default spec, seed 7) and its check."""
    from extractors.isolation import start_fork_server
    from extractors.pipeline import extract

    # Started here, before the cases' children are forked: they share it (each document asks
    # for its own worker), so no case pays for a fork server's imports.
    start_fork_server()
    files, _ = build_files(default_spec(7))
    for m in clean_members(files):
        _CLEAN_EXTRACTIONS[_key(m)] = extract(m.data, m.name)
    outcome = check(clean_members(files))
    return Baseline(
        files=files,
        records_by_file=records_by_file(outcome),
        indicators=indicator_values(outcome),
        flag_codes=sorted({f.code.value for f in outcome.flags}),
    )


def _rss_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _files_under(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink())


def _forget_parent_forkserver() -> None:
    """A child made by os.fork() inherits the parent's fork-server handle (OCR page pools use a
    fork server), which it cannot use: give it its own, started on first use."""
    import multiprocessing.forkserver as fs

    fs._forkserver = fs.ForkServer()
    for name in ("ensure_running", "get_inherited_fds", "connect_to_new_process", "set_forkserver_preload"):
        setattr(fs, name, getattr(fs._forkserver, name))


def _absolute_import_paths() -> None:
    """Before the child leaves the repository for its empty working dir: a relative sys.path or
    PYTHONPATH entry ('' or '.') would make the OCR fork server import another checkout."""
    import sys

    here = os.getcwd()
    sys.path[:] = [os.path.abspath(p) if p in ("", ".") or not os.path.isabs(p) else p for p in sys.path]
    if sys.path and sys.path[0] != here and here not in sys.path:
        sys.path.insert(0, here)
    parts = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    os.environ["PYTHONPATH"] = os.pathsep.join([os.path.abspath(p) for p in parts] or [here])


def _child(members: list[PacketFile], jail: Path, out_fd: int, env: dict[str, str]) -> None:
    from extractors.isolation import worker_peak_rss_mb
    from models.settings import get_settings

    _absolute_import_paths()
    _forget_parent_forkserver()
    os.environ.update(env)
    get_settings.cache_clear()
    run = CaseRun(start_rss_mb=_rss_mb("VmRSS"))
    work = jail / "work" / "cwd"
    tmp = jail / "tmp"
    os.chdir(work)
    os.environ["TMPDIR"] = str(tmp)
    tempfile.tempdir = str(tmp)
    t0 = time.perf_counter()
    try:
        outcome = check(members)
        run.flags = outcome.flags
        run.records_by_file = records_by_file(outcome)
        run.documents = [d.file for d in outcome.facts.documents]
        run.indicators = indicator_values(outcome)
    except BaseException as exc:  # noqa: BLE001 - a crash is what the corpus looks for
        run.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=8)}"
    run.seconds = time.perf_counter() - t0
    run.peak_rss_mb = _rss_mb("VmHWM")
    run.worker_peak_rss_mb = worker_peak_rss_mb()
    # Anything the check left in its working or temp dir (or above the working dir: ../ writes)
    run.written = _files_under(jail)
    with os.fdopen(out_fd, "wb") as fh:
        pickle.dump(run, fh)


def run_isolated(members: list[PacketFile], time_bound_s: float, env: dict[str, str] | None = None) -> CaseRun:
    """Check `members` in a forked child (warm: it inherits the imported modules and the loaded
    models) with `env` set, and bring back what it found; kill it past `time_bound_s`."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as d:
        jail = Path(d)
        (jail / "work" / "cwd").mkdir(parents=True)
        (jail / "tmp").mkdir()
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            os.close(r)
            try:
                _child(members, jail, w, env or {})
            finally:
                os._exit(0)
        os.close(w)
        chunks: list[bytes] = []
        deadline = time.monotonic() + time_bound_s
        os.set_blocking(r, False)
        status = None
        while True:
            try:
                chunk = os.read(r, 1 << 20)
                if chunk:
                    chunks.append(chunk)
                    continue
                if chunk == b"":
                    break
            except BlockingIOError:
                pass
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                os.close(r)
                return CaseRun(killed=f"time-out after {time_bound_s:.0f} s", seconds=time_bound_s)
            time.sleep(0.02)
        os.close(r)
        _, status = os.waitpid(pid, 0)
        if not chunks:
            sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
            return CaseRun(killed=f"child ended without a result (signal {sig}, status {status})")
        return pickle.loads(b"".join(chunks))


# ---------------------------------------------------------------- judging


@dataclass(frozen=True)
class Verdict:
    ok: bool
    outcome: str  # flagged | read | crash | time-out
    shown: str  # the flag or status to show in the table
    intact: bool
    problems: tuple[str, ...]


def flags_of(run: CaseRun, code: FlagCode) -> list[Flag]:
    return [f for f in run.flags if f.code == code]


def others_intact(run: CaseRun, base: Baseline, changed: frozenset[str]) -> list[str]:
    """Documents of the clean packet whose records differ from the clean check (besides `changed`)."""
    bad = []
    for file, records in base.records_by_file.items():
        if file in changed or file == "?":
            continue
        if run.records_by_file.get(file) != records:
            bad.append(file)
    return bad


Expect = Callable[[CaseRun, Baseline], list[str]]  # → problems (empty when the case holds)


def judge(run: CaseRun, base: Baseline, expect: Expect, changed: frozenset[str], time_bound_s: float) -> Verdict:
    problems: list[str] = []
    if run.killed:
        return Verdict(False, "time-out", run.killed, False, (run.killed,))
    if run.error:
        return Verdict(False, "crash", run.error.splitlines()[0], False, (run.error,))
    problems += expect(run, base)
    lost = others_intact(run, base, changed)
    if lost:
        problems.append(f"documents changed: {lost}")
    if run.written:
        problems.append(f"files written outside the results: {run.written[:5]}")
    if run.seconds > time_bound_s:
        problems.append(f"took {run.seconds:.1f} s > {time_bound_s:.0f} s")
    if run.peak_rss_mb + run.worker_peak_rss_mb > MAX_PEAK_RSS_MB:
        problems.append(f"peak RSS {run.peak_rss_mb:.0f} MB + worker {run.worker_peak_rss_mb:.0f} MB > {MAX_PEAK_RSS_MB} MB")
    new = [f for f in run.flags if f.code.value not in base.flag_codes or f.code == FlagCode.UNREADABLE_DOCUMENT]
    shown = "; ".join(f"{f.code.value}: {f.message[:70]}" for f in new[:2]) or "no new flag"
    outcome = "flagged" if new else "read"
    return Verdict(not problems, outcome, shown, not lost, tuple(problems))
