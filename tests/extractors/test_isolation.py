"""Per-document limits: a worker process with a time-out and a memory cap (extractors.isolation)."""

from __future__ import annotations

import threading

from extractors.isolation import extract_isolated
from extractors.pipeline import extract
from models import FlagCode
from models.settings import ExtractionSettings

ROSTER = ("工号,姓名,岗位,部门\n" + "".join(f"E{i:04d},员工{i},操作工,一车间\n" for i in range(300))).encode()
DEFAULTS = ExtractionSettings.defaults()


def limits(**changes: object) -> ExtractionSettings:
    return DEFAULTS.model_copy(update=changes)


def test_a_document_reads_the_same_in_the_worker() -> None:
    isolated = extract_isolated(ROSTER, "花名册.csv")
    assert isolated.model_dump() == extract(ROSTER, "花名册.csv").model_dump()


def test_past_the_time_out_the_document_is_flagged() -> None:
    result = extract_isolated(ROSTER * 20, "花名册.csv", limits(document_timeout_seconds=0.001))
    assert result.document is None
    flag = result.flags[0]
    assert flag.code == FlagCode.UNREADABLE_DOCUMENT and "读取超时（0.001 秒" in flag.message
    assert flag.data["reason"] == "timeout"


def test_past_the_memory_cap_the_document_is_flagged_with_the_limit() -> None:
    big = b"a,b,c\n" + b"".join(b"%d,%d,x\n" % (i, i) for i in range(1_500_000))  # ~17 MB of rows
    result = extract_isolated(big, "log.csv", limits(document_memory_mb=64))
    assert result.document is None
    assert result.flags[0].code == FlagCode.UNREADABLE_DOCUMENT
    assert "内存上限 64 MB" in result.flags[0].message


def test_documents_read_concurrently_from_threads_keep_their_own_answers() -> None:
    # Prefect's task runner calls from several threads at once: each answer is its caller's.
    names = [f"花名册{i}.csv" for i in range(6)]
    got: dict[str, str] = {}

    def read(name: str) -> None:
        result = extract_isolated(ROSTER, name)
        got[name] = result.document.file if result.document else "none"

    threads = [threading.Thread(target=read, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert got == {n: n for n in names}


def test_after_a_time_out_the_next_document_still_reads() -> None:
    extract_isolated(ROSTER * 20, "慢.csv", limits(document_timeout_seconds=0.001))
    assert extract_isolated(ROSTER, "花名册.csv").document is not None


def test_the_check_step_reads_under_the_limits_unless_isolation_is_off() -> None:
    from flows.steps import extract_member
    from models import PacketFile

    member = PacketFile(name="花名册.csv", data=ROSTER * 20)
    stopped = extract_member(member, limits(document_timeout_seconds=0.001))
    assert stopped.document is None and "读取超时" in stopped.flags[0].message
    # EVIDENCE_ISOLATE_DOCUMENTS=0 (debugging): read in-process, no time-out applies.
    read = extract_member(member, limits(document_timeout_seconds=0.001, isolate_documents=False))
    assert read.document is not None and not read.flags


def test_the_limits_are_settings_read_from_the_environment(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("EVIDENCE_DOCUMENT_TIMEOUT_SECONDS", "12.5")
    monkeypatch.setenv("EVIDENCE_DOCUMENT_MEMORY_MB", "512")
    monkeypatch.setenv("EVIDENCE_ISOLATE_DOCUMENTS", "0")
    s = ExtractionSettings()
    assert (s.document_timeout_seconds, s.document_memory_mb, s.isolate_documents) == (12.5, 512, False)
