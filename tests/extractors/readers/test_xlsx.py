"""xlsx reader: title rows, merged two-row headers, 合计 rows, provenance, formulas, big sheets."""

import io

import openpyxl
import pytest

from extractors.errors import UnreadableDocumentError
from extractors.readers import iter_xlsx_rows, read_xlsx
from extractors.readers import xlsx as xlsx_module
from models import Engine, SourceFormat

from .builders import ENTERPRISE, device_rows, xlsx_device_list


def _save(wb: openpyxl.Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_title_rows_skipped_and_two_row_header_flattened():
    doc = read_xlsx(xlsx_device_list(5), "设备清单.xlsx")
    assert doc.format == SourceFormat.XLSX
    [table] = doc.tables
    assert table.title.splitlines()[0] == f"{ENTERPRISE}生产设备清单"
    assert "填报日期" in table.title
    assert table.header == [
        "序号", "设备信息/设备名称", "设备信息/型号", "设备信息/资产编号", "数量(台)", "所属工序", "是否联网",
    ]
    assert table.header_rows[1][1:4] == ["设备名称", "型号", "资产编号"]
    assert table.header_rows[0][0] == table.header_rows[1][0] == "序号"
    assert table.ref.row == 3 and table.ref.sheet == "生产设备"


def test_data_rows_keep_sheet_row_numbers_and_numbers_read_as_integers():
    doc = read_xlsx(xlsx_device_list(5), "设备清单.xlsx")
    table = doc.tables[0]
    data = table.data_rows()
    assert [r.ref.row for r in data] == [5, 6, 7, 8, 9]
    expected = device_rows(5)
    assert [r.texts()[3] for r in data] == [r[3] for r in expected]
    assert [r.texts()[4] for r in data] == [str(r[4]) for r in expected]  # 12.0 stored → "12"
    cell = data[2].cells[1]
    assert cell.ref.file == "设备清单.xlsx" and cell.ref.sheet == "生产设备"
    assert cell.ref.row == 7 and cell.ref.column == "设备信息/设备名称"
    assert cell.ref.engine == Engine.SPREADSHEET and cell.ref.table == 0


def test_total_row_marked_and_blank_rows_skipped():
    table = read_xlsx(xlsx_device_list(5), "a.xlsx").tables[0]
    totals = [r for r in table.rows if r.is_total]
    assert len(totals) == 1 and totals[0].ref.row == 11  # row 10 is blank
    assert totals[0].texts()[4] == str(sum(r[4] for r in device_rows(5)))
    assert len(table.rows) == 6


def test_every_non_empty_sheet_is_a_page_and_title_is_in_its_text():
    doc = read_xlsx(xlsx_device_list(3), "a.xlsx")
    assert [p.sheet for p in doc.pages] == ["生产设备", "填表说明"]  # the empty sheet is skipped
    assert doc.pages[0].text.startswith(f"{ENTERPRISE}生产设备清单")
    assert "本表由设备管理部门填写" in doc.pages[1].text
    assert doc.title == doc.tables[0].title


def test_formula_without_cached_value_is_evaluated_and_dates_iso():
    from datetime import date, datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备名称", "数量", "上线时间", "采集时间", "占比"])
    ws.append(["车床", "=1+1", date(2024, 5, 6), datetime(2025, 3, 1, 8, 30), 0.85])
    ws["E2"].number_format = "0%"
    ws.append(["铣床", 3, "2024/5/7", None, None])
    table = read_xlsx(_save(wb), "f.xlsx").tables[0]
    # No cached value for =1+1 (openpyxl writes none): evaluated, never read as blank (issue 14).
    assert table.rows[0].texts() == ["车床", "2", "2024-05-06", "2025-03-01 08:30:00", "85%"]
    assert table.rows[1].texts()[:3] == ["铣床", "3", "2024/5/7"]
    assert "=1+1" not in read_xlsx(_save(wb), "f.xlsx").text


def test_full_width_text_normalised_but_raw_kept_in_ref():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备名称", "数量（台）"])
    ws.append(["数控车床", "１２"])
    table = read_xlsx(_save(wb), "w.xlsx").tables[0]
    cell = table.rows[0].cells[1]
    assert table.header == ["设备名称", "数量(台)"]
    assert cell.text == "12" and cell.ref.text == "１２"


def test_vertically_merged_data_cells_fill_each_row():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工序", "设备名称", "数量"])
    ws.append(["机加工", "车床", 2])
    ws.append([None, "铣床", 1])
    ws.merge_cells("A2:A3")
    table = read_xlsx(_save(wb), "m.xlsx").tables[0]
    assert [r.texts() for r in table.rows] == [["机加工", "车床", "2"], ["机加工", "铣床", "1"]]


def test_two_tables_on_one_sheet():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["生产设备清单"])
    ws.append(["设备名称", "型号", "数量"])
    ws.append(["车床", "CK6140", 2])
    ws.append([])
    ws.append([])
    ws.append(["机器人设备清单"])
    ws.append(["机器人名称", "品牌", "数量"])
    ws.append(["焊接机器人", "FANUC", 1])
    first, second = read_xlsx(_save(wb), "two.xlsx").tables
    assert first.title == "生产设备清单" and [r.ref.row for r in first.rows] == [3]
    assert second.title == "机器人设备清单" and second.header == ["机器人名称", "品牌", "数量"]
    assert [r.ref.row for r in second.rows] == [8] and second.index == 1


def test_custom_header_scorer_is_used():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["企业", "北京某某"])  # looks like a header to the generic scorer
    ws.append(["设备名称", "数量"])
    ws.append(["车床", 2])
    generic = read_xlsx(_save(wb), "s.xlsx").tables[0]
    assert generic.header == ["企业", "北京某某"]
    scorer = lambda cells: 1.0 if "设备名称" in cells else 0.0  # noqa: E731
    table = read_xlsx(_save(wb), "s.xlsx", header_scorer=scorer).tables[0]
    assert table.header == ["设备名称", "数量"] and table.title == "企业 北京某某"


def test_big_sheet_read_in_streaming_mode_with_row_cap(monkeypatch):
    monkeypatch.setattr(xlsx_module, "BIG_SHEET_ROWS", 50)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备编号", "采集时间", "状态"])
    for i in range(120):
        ws.append([f"SB-{i % 4:03d}", f"2025-03-01 08:{i % 60:02d}:00", "运行"])
    data = _save(wb)
    table = read_xlsx(data, "log.xlsx", max_rows=10).tables[0]
    assert len(table.rows) == 10 and table.total_rows == 120
    assert table.rows[-1].ref.row == 11
    rows = list(iter_xlsx_rows(data))
    assert len(rows) == 121 and rows[1][:2] == (ws.title, 2) and rows[1][2][0] == "SB-000"


def test_workbook_with_only_empty_sheets_is_empty():
    with pytest.raises(UnreadableDocumentError) as err:
        read_xlsx(_save(openpyxl.Workbook()), "e.xlsx")
    assert err.value.reason == "empty"


def test_corrupt_xlsx():
    data = xlsx_device_list(3)
    with pytest.raises(UnreadableDocumentError) as err:
        read_xlsx(data[: len(data) // 2], "c.xlsx")
    assert err.value.reason == "corrupt"


def test_long_blank_runs_do_not_bloat_and_far_rows_keep_numbers():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备名称", "数量"])
    ws.append(["车床", 2])
    ws.cell(row=4000, column=1).value = "机器人设备清单"
    ws.cell(row=4001, column=1).value = "机器人名称"
    ws.cell(row=4001, column=2).value = "品牌"
    ws.cell(row=4002, column=1).value = "焊接机器人"
    ws.cell(row=4002, column=2).value = "FANUC"
    ws.cell(row=60000, column=3).number_format = "0.00"  # a styled empty cell far below
    doc = read_xlsx(_save(wb), "far.xlsx")
    first, second = doc.tables
    assert [r.ref.row for r in first.rows] == [2]
    assert second.title == "机器人设备清单" and second.ref.row == 4001
    assert [r.ref.row for r in second.rows] == [4002]
    assert doc.pages[0].text.count("\n") == 4


def test_merged_title_far_below_maps_to_grid_rows():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.cell(row=1, column=1).value = "设备名称"
    ws.cell(row=1, column=2).value = "数量"
    ws.cell(row=2, column=1).value = "车床"
    ws.cell(row=2, column=2).value = 1
    ws.cell(row=100, column=1).value = "附表 机器人"
    ws.merge_cells("A100:B100")
    ws.cell(row=101, column=1).value = "机器人名称"
    ws.cell(row=101, column=2).value = "数量"
    ws.cell(row=102, column=1).value = "焊接机器人"
    ws.cell(row=102, column=2).value = 2
    second = read_xlsx(_save(wb), "m.xlsx").tables[1]
    assert second.title == "附表 机器人" and second.rows[0].ref.row == 102


def _with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Write cached results into formula cells, as Excel does on save (openpyxl cannot)."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = body.decode()
                for ref, value in values.items():
                    start = text.index(f'<c r="{ref}">')
                    end = text.index("</c>", start)
                    text = text[:start] + text[start:end].replace("<v></v>", f"<v>{value}</v>") + text[end:]
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


def test_formulas_and_external_links_read_their_cached_values():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["设备名称", "数量"])
    ws.append(["车床", "=1+1"])
    ws.append(["铣床", "='[外部.xlsx]Sheet1'!A1"])
    ws.append(["磨床", "=B2+B3"])  # never calculated: evaluated from the cached B2, B3 (issue 14)
    data = _with_cached_values(_save(wb), {"B2": "2", "B3": "7"})
    table = read_xlsx(data, "f.xlsx").tables[0]
    assert [r.texts() for r in table.rows] == [["车床", "2"], ["铣床", "7"], ["磨床", "9"]]
    assert "外部" not in read_xlsx(data, "f.xlsx").text


def test_hidden_sheets_are_not_read():
    wb = openpyxl.Workbook()
    wb.active.append(["设备名称", "数量"])
    wb.active.append(["车床", 1])
    lists = wb.create_sheet("下拉选项")
    lists.append(["是", "否"])
    lists.sheet_state = "hidden"
    doc = read_xlsx(_save(wb), "h.xlsx")
    assert [p.sheet for p in doc.pages] == [wb.active.title] and len(doc.tables) == 1


def test_long_sheet_without_dimension_is_streamed_not_loaded(monkeypatch):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("log")
    ws.append(["设备编号", "采集时间", "状态"])
    for i in range(400):
        ws.append([f"SB-{i % 4:03d}", f"2025-03-01 08:{i % 60:02d}:00", "运行"])
    data = _save(wb)
    monkeypatch.setattr(xlsx_module, "BIG_SHEET_XML_BYTES", 10_000)
    real_open = xlsx_module._open

    def no_full_load(data, file, read_only):  # noqa: ANN001
        assert read_only, "a long sheet must not be loaded in full mode"
        return real_open(data, file, read_only)

    monkeypatch.setattr(xlsx_module, "_open", no_full_load)
    table = read_xlsx(data, "log.xlsx", max_rows=5).tables[0]
    assert len(table.rows) == 5 and table.total_rows == 400 and table.rows[0].ref.row == 2
