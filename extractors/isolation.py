"""Per-document limits: one file is read in a worker process with a time-out and a memory cap,
so a document that would run for ever or eat the machine becomes an UNREADABLE_DOCUMENT flag
and the rest of the packet is still checked (SPEC §8, issue 14).

The worker is forked from a fork server that has the extractors imported (cheap per document,
safe beside the threads of Prefect's task runner). Inside it the address space is capped with
RLIMIT_AS at its size at start plus `memory_mb`, so a reader that allocates past it gets a
MemoryError (read_document turns it into `too_large`) or, failing that, the worker dies and the
parent says so; past `timeout_s` the parent kills the worker.

Hook for the flow (flows/check_packet.py): `extract_all=lambda members: [extract_isolated(m.data,
m.name) for m in members]` in PLAIN_STEPS, and `extract_isolated` in the `extract_member` task.
"""

from __future__ import annotations

import logging
import multiprocessing
import resource
from dataclasses import dataclass
from multiprocessing.connection import Connection

from models import EvidenceRef, ExtractionResult, FlagCode, make_flag

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentLimits:
    """Policy: how long one document may take and how much memory it may add. A born-digital
    evidence file reads in well under a second; a 200-page scan OCRs in about 4 minutes on 2 cores."""

    timeout_s: float = 300.0
    memory_mb: int = 1536  # added address space; with the worker's own (~1 GB virtual) under 2 GB RSS


DEFAULT_LIMITS = DocumentLimits()
_context: multiprocessing.context.BaseContext | None = None


def _ctx() -> multiprocessing.context.BaseContext:
    global _context
    if _context is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["extractors.pipeline"])
        _context = ctx
    return _context


def _vm_size_bytes() -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _worker(conn: Connection, data: bytes, file: str, memory_mb: int) -> None:
    from extractors.pipeline import extract

    cap = _vm_size_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        result = extract(data, file)
    except MemoryError:
        result = None
    conn.send(result)
    conn.close()


def _limit_flag(file: str, why_zh: str, reason: str) -> ExtractionResult:
    return ExtractionResult(
        document=None,
        flags=[
            make_flag(
                FlagCode.UNREADABLE_DOCUMENT, f"文件“{file}”无法读取：{why_zh}", [EvidenceRef(file=file)], reason=reason
            )
        ],
    )


def extract_isolated(data: bytes, file: str, limits: DocumentLimits = DEFAULT_LIMITS) -> ExtractionResult:
    """`extractors.pipeline.extract` in a worker process held to `limits`. Never raises."""
    ctx = _ctx()
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(child, data, file, limits.memory_mb), name=f"extract {file[:40]}")
    proc.start()
    child.close()
    try:
        if parent.poll(limits.timeout_s):
            try:
                result = parent.recv()
            except EOFError:
                result = "died"
        else:
            result = "timeout"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)
        parent.close()
    if isinstance(result, ExtractionResult):
        return result
    if result == "timeout":
        log.warning("extracting %s passed %.0f s: stopped", file, limits.timeout_s)
        return _limit_flag(
            file, f"读取超过单个文件的时间上限 {limits.timeout_s:.0f} 秒，已停止（文件过大或内容异常），请人工核查。", "timeout"
        )
    log.warning("extracting %s ran out of memory (exit %s)", file, proc.exitcode)
    return _limit_flag(
        file, f"读取时内存超过单个文件的上限 {limits.memory_mb} MB，已停止（文件过大或内容异常），请人工核查。", "memory"
    )

