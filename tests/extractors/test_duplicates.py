"""The same document twice under two names: its records count once, a DUPLICATE_RECORD cites both."""

from __future__ import annotations

from extractors.duplicates import drop_duplicate_documents
from extractors.pipeline import extract
from models import FlagCode

ROSTER = "工号,姓名,岗位,部门\n" + "".join(f"E{i:03d},员工{i},操作工,一车间\n" for i in range(40))


def _results(files: dict[str, bytes]):  # noqa: ANN202
    return [(n, extract(b, n)) for n, b in files.items()]


def test_identical_bytes_count_once() -> None:
    out = drop_duplicate_documents(_results({"附件2.csv": ROSTER.encode(), "附件2-副本.csv": ROSTER.encode()}))
    assert out[0][1].records.count() > 0 and out[1][1].records.count() == 0
    flag = out[1][1].flags[-1]
    assert flag.code == FlagCode.DUPLICATE_RECORD
    assert [e.file for e in flag.evidence] == ["附件2.csv", "附件2-副本.csv"]


def test_same_content_in_another_encoding_counts_once() -> None:
    out = drop_duplicate_documents(_results({"a.csv": ROSTER.encode(), "b.csv": ROSTER.encode("gbk")}))
    assert out[1][1].records.count() == 0 and "另存" in out[1][1].flags[-1].message


def test_different_documents_are_kept() -> None:
    other = ROSTER.replace("E039,员工39", "E040,员工40")
    out = drop_duplicate_documents(_results({"a.csv": ROSTER.encode(), "b.csv": other.encode()}))
    assert all(r.records.count() > 0 and not r.flags for _, r in out)
