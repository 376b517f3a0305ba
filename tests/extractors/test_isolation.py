"""Per-document limits: a worker process with a time-out and a memory cap (extractors.isolation)."""

from __future__ import annotations

from extractors.isolation import DocumentLimits, extract_isolated
from extractors.pipeline import extract
from models import FlagCode

ROSTER = ("工号,姓名,岗位,部门\n" + "".join(f"E{i:04d},员工{i},操作工,一车间\n" for i in range(300))).encode()


def test_a_document_reads_the_same_in_the_worker() -> None:
    isolated = extract_isolated(ROSTER, "花名册.csv")
    assert isolated.model_dump() == extract(ROSTER, "花名册.csv").model_dump()


def test_past_the_time_out_the_document_is_flagged() -> None:
    result = extract_isolated(ROSTER * 20, "花名册.csv", DocumentLimits(timeout_s=0.001))
    assert result.document is None
    assert result.flags[0].code == FlagCode.UNREADABLE_DOCUMENT and "时间上限" in result.flags[0].message


def test_past_the_memory_cap_the_document_is_flagged() -> None:
    big = b"a,b,c\n" + b"".join(b"%d,%d,x\n" % (i, i) for i in range(1_500_000))  # ~17 MB of rows
    result = extract_isolated(big, "log.csv", DocumentLimits(memory_mb=30))
    assert result.document is None
    assert result.flags[0].code == FlagCode.UNREADABLE_DOCUMENT
    assert "内存" in result.flags[0].message
