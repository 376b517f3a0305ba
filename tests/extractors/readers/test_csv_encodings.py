"""CSV exports in odd encodings are read, not rejected: a stray NUL, a UTF-8 BOM in front of GBK,
lines mixing UTF-8 and GBK, UTF-16 without BOM; what cannot be decoded is cited by line."""

from __future__ import annotations

import pytest

from extractors.pipeline import extract
from models import FlagCode, Severity

ROWS = ["设备编号,设备名称,数量,所属工序", "SB-001,数控车床,12,机加工", "SB-002,加工中心,3,机加工", "SB-003,焊接机器人,2,焊接"]


def _cells(data: bytes, name: str = "设备.csv") -> tuple[list[list[str]], list]:
    result = extract(data, name)
    assert result.document is not None, result.flags
    table = result.document.tables[0]
    return [[c.text for c in r.cells] for r in table.rows], result.flags


def _expected() -> list[list[str]]:
    return [r.split(",") for r in ROWS[1:]]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\xef\xbb\xbf" + "\n".join(ROWS).encode("gbk"), id="utf8-bom-then-gbk"),
        pytest.param("\n".join(ROWS).encode("utf-16-le"), id="utf16le-no-bom"),
        pytest.param("\r\n".join(ROWS).encode("utf-16-be"), id="utf16be-no-bom"),
        pytest.param(
            "\n".join(ROWS[:2]).encode() + b"\n" + "\n".join(ROWS[2:]).encode("gbk"), id="utf8-and-gbk-lines"
        ),
        pytest.param("\n".join(ROWS).encode("gb18030"), id="gb18030"),
    ],
)
def test_odd_encodings_read_every_row(data: bytes) -> None:
    rows, flags = _cells(data)
    assert rows == _expected()
    assert flags == []


def test_stray_nul_is_dropped_with_a_warning() -> None:
    data = "\n".join(ROWS).encode()
    rows, flags = _cells(data[:30] + b"\x00" + data[30:])
    assert rows == _expected()
    assert [(f.code, f.severity) for f in flags] == [(FlagCode.UNREADABLE_DOCUMENT, Severity.WARNING)]
    assert "空字节" in flags[0].message


def test_a_line_in_no_encoding_is_cited_and_the_rest_read() -> None:
    lines = [r.encode() for r in ROWS]
    lines.insert(2, b"SB-009,\xff\xfe\xfd\xfc\x81\x30,1,\xff\xfe")
    rows, flags = _cells(b"\n".join(lines))
    assert [r for r in rows if any(r)] == _expected()
    assert [f.code for f in flags] == [FlagCode.UNREADABLE_DOCUMENT]
    assert flags[0].evidence[0].row == 3 and "第 3 行" in flags[0].message


def test_random_bytes_named_csv_stay_unreadable() -> None:
    import random

    rng = random.Random(3)
    result = extract(bytes(rng.randrange(256) for _ in range(20_000)), "x.csv")
    assert result.document is None and result.flags[0].code == FlagCode.UNREADABLE_DOCUMENT
