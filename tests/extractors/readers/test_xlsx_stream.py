"""The lean xlsx stream reader gives the same cell texts as openpyxl."""

import io
from datetime import date, datetime

import openpyxl

from extractors.readers.xlsx import _openpyxl_stream, iter_xlsx_rows
from extractors.readers.xlsx_stream import iter_sheet_rows
from tests.hostile.make import big_sheet_with_uncached_formulas

from .builders import xlsx_device_list


def _trim(rows):
    out = []
    for sheet, n, cells in rows:
        while cells and cells[-1] == "":
            cells = cells[:-1]
        out.append((sheet, n, cells))
    return out


def _workbook() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采集"
    ws.append(["设备编号", "采集时间", "日期", "数值", "占比", "布尔", "公式"])
    ws.append(["SB-001", datetime(2025, 3, 1, 8, 15), date(2025, 3, 1), 12.0, 0.85, True, "=D2*2"])
    ws.append(["ＳＢ－００２", datetime(2025, 3, 1, 8, 16, 30), None, 1234.5678, 0.5, False, None])
    ws["E2"].number_format = "0%"
    ws["E3"].number_format = "0.0%"
    ws.cell(row=6, column=3).value = "跳过的行之后"  # rows 4–5 absent from the XML, columns A–B empty
    hidden = wb.create_sheet("隐藏")
    hidden.append(["不应读取"])
    hidden.sheet_state = "hidden"
    wb.create_sheet("第二页").append(["合计", 3])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_same_texts_as_openpyxl():
    data = _workbook()
    uncached: list[tuple[str, str]] = []
    fast = _trim(iter_sheet_rows(data, uncached=uncached))
    slow_uncached: list[tuple[str, str]] = []
    slow = _trim(_openpyxl_stream(data, "a.xlsx", slow_uncached))
    # Row 2 holds =D2*2 without a cached value (openpyxl writes none): left out, its cell named.
    assert uncached == slow_uncached == [("采集", "G2")] and fast[1] == ("采集", 2, [])
    assert fast == slow
    assert [s for s, _, _ in fast] == ["采集"] * 6 + ["第二页"]
    assert fast[2][2][:2] == ["SB-002", "2025-03-01 08:16:30"]
    assert fast[3] == ("采集", 4, []) and fast[5] == ("采集", 6, ["", "", "跳过的行之后"])


def test_shared_strings_and_merged_titles_match_on_a_formatted_list():
    data = xlsx_device_list(6)
    assert _trim(iter_sheet_rows(data)) == _trim(_openpyxl_stream(data, "d.xlsx"))


def test_iter_xlsx_rows_uses_the_stream_and_falls_back_to_openpyxl(monkeypatch):
    from extractors.readers import xlsx as xlsx_module

    data = _workbook()

    def not_called(*args):
        raise AssertionError("openpyxl fallback used")

    monkeypatch.setattr(xlsx_module, "_openpyxl_stream", not_called)
    rows = list(iter_xlsx_rows(data, "a.xlsx"))
    assert rows[0] == ("采集", 1, ["设备编号", "采集时间", "日期", "数值", "占比", "布尔", "公式"])
    monkeypatch.undo()

    def broken(*args, **kwargs):
        raise KeyError("xl/workbook.xml")

    monkeypatch.setattr(xlsx_module, "iter_sheet_rows", broken)
    assert _trim(iter_xlsx_rows(data, "a.xlsx")) == _trim(rows)


def test_a_streamed_sheet_leaves_out_rows_of_uncached_formulas_and_names_their_cells():
    from extractors.readers.xlsx import BIG_SHEET_ROWS, _has_big_sheet, read_xlsx

    rows = BIG_SHEET_ROWS + 500
    formula_rows = {7, 1000, 20_003}
    data = big_sheet_with_uncached_formulas(rows, formula_rows)
    found: list[tuple[str, str]] = []
    streamed = {n: cells for _, n, cells in iter_sheet_rows(data, uncached=found)}
    assert sorted(found) == sorted(("Sheet1", f"B{r}") for r in formula_rows)
    assert all(streamed[r] == [] for r in formula_rows)  # left out, never blank counts
    assert streamed[8] == ["SB-00008", "6", "x" * 80]

    assert _has_big_sheet(data, "大表.xlsx")
    doc = read_xlsx(data, "大表.xlsx", max_rows=100)
    notes = [n for n in doc.read_notes if n.reason == "formula_uncached"]
    assert len(notes) == 1
    assert all(f"Sheet1!B{r}" in notes[0].message_zh for r in formula_rows) and "未计入" in notes[0].message_zh
    assert sorted(e.row for e in notes[0].evidence) == sorted(formula_rows)
