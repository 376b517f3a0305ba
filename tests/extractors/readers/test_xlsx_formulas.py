"""Formulas without cached values (openpyxl and many export scripts write them so) are evaluated;
the ones that cannot be are flagged with their cells and their rows are not counted."""

from __future__ import annotations

import io

import openpyxl

from extractors.pipeline import extract
from extractors.readers.xlsx import read_xlsx
from models import FlagCode


def _book(rows: list[list[object]], extra=None) -> bytes:  # noqa: ANN001
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "设备清单"
    for r in rows:
        ws.append(r)
    if extra:
        extra(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


HEAD = ["序号", "设备编号", "设备名称", "数量", "所属工序", "是否数控"]


def _texts(data: bytes) -> list[list[str]]:
    doc = read_xlsx(data, "设备清单.xlsx")
    return [[c.text for c in r.cells] for r in doc.tables[0].rows]


def test_uncached_formulas_are_evaluated() -> None:
    def second(wb) -> None:  # noqa: ANN001
        wb.create_sheet("参数")["A1"] = 4

    rows = [HEAD, [1, "SB-1", "数控车床", "=6*2", "机加工", "是"], [2, "SB-2", "加工中心", "=参数!A1+1", "机加工", "是"],
            [3, "SB-3", "焊接机器人", '=IF(D2>10,3,1)', "焊接", "是"], ["合计", "", "", "=SUM(D2:D4)", "", ""]]
    texts = _texts(_book(rows, second))
    assert [r[3] for r in texts] == ["12", "5", "3", "20"]


def test_unevaluable_formulas_are_flagged_and_their_rows_not_counted() -> None:
    rows = [HEAD, [1, "SB-1", "数控车床", 12, "机加工", "是"],
            [2, "SB-2", "加工中心", "=[1]Sheet1!A1", "机加工", "是"],
            [3, "SB-3", "磨床", "=NOSUCHFUNCTION(1)", "机加工", "否"],
            [4, "SB-4", "钻床", "=1/0", "机加工", "否"]]
    result = extract(_book(rows), "设备清单.xlsx")
    texts = [[c.text for c in r.cells] for r in result.document.tables[0].rows]
    assert [r[1] for r in texts if any(r)] == ["SB-1"]
    flags = [f for f in result.flags if f.code == FlagCode.UNREADABLE_DOCUMENT]
    assert len(flags) == 1 and "外部" in flags[0].message and "不支持" in flags[0].message
    assert sorted(e.column for e in flags[0].evidence) == ["D3", "D4", "D5"]
    assert sum(r.quantity for r in result.records.devices) == 12


def test_cached_values_are_used_as_they_are() -> None:
    # A workbook saved by Excel keeps <v> next to <f>: nothing to evaluate, nothing flagged.
    data = _book([HEAD, [1, "SB-1", "数控车床", 7, "机加工", "是"]])
    result = extract(data, "设备清单.xlsx")
    assert not result.flags
