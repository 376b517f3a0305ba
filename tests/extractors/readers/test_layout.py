"""Table layout on plain grids: headers, titles, totals, footers, column-number rows."""

from extractors.readers.layout import (
    Grid,
    Merge,
    default_header_score,
    find_header,
    grid_to_tables,
    is_column_number_row,
    is_footer_row,
    is_total_row,
)
from models import EvidenceRef

BASE = EvidenceRef(file="g.xlsx", sheet="S")


def _grid(rows, merges=()):
    return Grid(rows=[list(r) for r in rows], merges=list(merges), row_numbers=list(range(1, len(rows) + 1)))


def test_default_header_score():
    assert default_header_score(["序号", "设备名称", "型号", "数量"]) == 1.0
    assert default_header_score(["1", "车床", "CK6140", "2"]) == 0.5
    assert default_header_score(["填报单位:北京某某公司", "填报日期:2026年1月10日"]) == 0.0
    assert default_header_score(["生产设备清单"]) == 0.0


def test_title_and_filler_lines_above_the_header():
    rows = [
        ["北京某某公司生产设备清单", "", "", ""],
        ["填报单位:北京某某公司", "", "", "日期:2026-01-10"],
        ["单位:台", "", "", ""],
        ["设备名称", "型号", "数量", "备注"],
        ["车床", "CK6140", "2", ""],
    ]
    info = find_header(rows, [])
    assert info.title_rows == [0, 1, 2] and info.header_rows == [3]


def test_column_number_row_under_the_header_is_skipped():
    rows = [["设备名称", "型号", "数量"], ["1", "2", "3"], ["车床", "CK6140", "2"], ["铣床", "X6132", "1"]]
    table = grid_to_tables(_grid(rows), BASE)[0]
    assert [r.texts()[0] for r in table.rows] == ["车床", "铣床"]
    assert is_column_number_row(["(1)", "(2)", "(3)", "(4)"])
    assert is_column_number_row(["甲", "乙", "丙"])
    assert not is_column_number_row(["1", "车床", "2"])
    assert not is_column_number_row(["3", "4", "5"])


def test_totals_and_footers():
    assert is_total_row(["合 计", "", "14"]) and is_total_row(["", "小计", "3"]) and is_total_row(["本页合计", "2"])
    assert not is_total_row(["1", "车床", "CK6140", "合计"])
    assert is_footer_row(["注:本表由设备部填写"]) and is_footer_row(["填表人:张三", "审核人:李四"])
    assert is_footer_row(["(盖章)"]) and not is_footer_row(["车床", "2"])


def test_footer_rows_are_not_data_but_totals_are():
    rows = [["设备名称", "数量"], ["车床", "2"], ["合计:", "2"], ["填表人:张三", ""], ["注:数量单位为台", ""]]
    table = grid_to_tables(_grid(rows), BASE)[0]
    assert [r.texts() for r in table.rows] == [["车床", "2"], ["合计:", "2"]]
    assert [r.is_total for r in table.rows] == [False, True]


def test_three_level_header_and_vertical_merges():
    rows = [
        ["序号", "设备信息", "", "", "数量"],
        ["", "基本", "", "编号", ""],
        ["", "名称", "型号", "", ""],
        ["1", "车床", "CK6140", "SB-1", "2"],
    ]
    merges = [Merge(0, 0, 2, 0), Merge(0, 1, 0, 3), Merge(1, 1, 1, 2), Merge(1, 3, 2, 3), Merge(0, 4, 2, 4)]
    table = grid_to_tables(_grid(rows, merges), BASE)[0]
    assert table.header == ["序号", "设备信息/基本/名称", "设备信息/基本/型号", "设备信息/编号", "数量"]
    assert len(table.header_rows) == 3 and table.rows[0].ref.row == 4


def test_csv_style_group_header_without_merges():
    rows = [["序号", "设备信息", "", "数量"], ["", "设备名称", "型号", ""], ["1", "车床", "CK6140", "2"]]
    table = grid_to_tables(_grid(rows), BASE)[0]
    assert table.header == ["序号", "设备信息/设备名称", "设备信息/型号", "数量"]


def test_table_of_figures_without_label_row_still_becomes_a_table():
    rows = [["统计表"], ["1", "2", "3"], ["4", "5", "6"]]
    table = grid_to_tables(_grid(rows), BASE)[0]
    assert table.title == "统计表" and table.header == ["1", "2", "3"] and len(table.rows) == 1


def test_monthly_columns_are_labels():
    rows = [["项目", "2025年1月", "2025年2月", "2025年3月"], ["产量", "100", "120", "130"]]
    table = grid_to_tables(_grid(rows), BASE)[0]
    assert table.header[1] == "2025年1月" and table.rows[0].texts()[0] == "产量"


def test_max_rows_records_total():
    rows = [["设备编号", "时间"]] + [[f"SB-{i}", "2025-03-01"] for i in range(30)]
    table = grid_to_tables(_grid(rows), BASE, max_rows=10)[0]
    assert len(table.rows) == 10 and table.total_rows == 30
