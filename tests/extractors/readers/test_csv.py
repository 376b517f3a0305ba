"""CSV reader: encodings, delimiters, title lines, line numbers, row caps, streaming."""

import pytest

from extractors.errors import UnreadableDocumentError
from extractors.readers import iter_csv_rows, read_csv
from extractors.readers.csv_reader import detect_delimiter
from models import Engine, SourceFormat

from .builders import ENTERPRISE, csv_log


@pytest.mark.parametrize(
    "encoding, detected",
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030")],
)
def test_encodings(encoding, detected):
    data = csv_log(6, encoding=encoding)
    doc = read_csv(data, "log.csv")
    assert doc.format == SourceFormat.CSV
    table = doc.tables[0]
    assert table.title == f"{ENTERPRISE}设备数据采集记录"
    assert table.header == ["设备编号", "采集时间", "运行状态", "主轴转速"]  # no BOM left in the first header
    assert table.rows[0].texts() == ["SB-001", "2025-03-01 08:00:00", "运行", "1000"]
    assert iter_csv_rows(data)[0] == detected


def test_gb18030_only_characters_survive():
    text = "设备名称,数量\n䶮型机床,1\n"  # U+4DAE is outside GBK
    table = read_csv(text.encode("gb18030"), "g.csv").tables[0]
    assert table.rows[0].texts() == ["䶮型机床", "1"]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiters(delimiter):
    table = read_csv(csv_log(5, delimiter=delimiter), "d.csv").tables[0]
    assert len(table.header) == 4 and table.rows[4].texts()[3] == "1004"


def test_delimiter_not_fooled_by_commas_inside_a_title_line():
    lines = ["设备采集记录,北京,2025年", "a\tb\tc", "1\t2\t3", "4\t5\t6", "7\t8\t9"]
    assert detect_delimiter(lines) == "\t"


def test_row_refs_are_line_numbers_including_quoted_newlines():
    data = '设备名称,备注\n车床,"第一行\n第二行"\n铣床,无\n'.encode()
    table = read_csv(data, "q.csv").tables[0]
    assert [r.ref.row for r in table.rows] == [2, 4]
    assert table.rows[0].cells[1].ref.engine == Engine.CSV
    assert table.rows[0].cells[1].ref.column == "备注"


def test_max_rows_keeps_first_rows_and_counts_all():
    doc = read_csv(csv_log(1000), "big.csv", max_rows=25)
    table = doc.tables[0]
    assert len(table.rows) == 25 and table.total_rows == 1000
    assert table.rows[0].ref.row == 3 and table.rows[-1].ref.row == 27
    assert doc.tables[0].header[0] == "设备编号"


def test_no_cap_no_total_rows():
    table = read_csv(csv_log(30), "small.csv").tables[0]
    assert len(table.rows) == 30 and table.total_rows is None


def test_iter_csv_rows_streams_raw_fields():
    encoding, delimiter, rows = iter_csv_rows(csv_log(3, encoding="gbk", delimiter="\t"))
    assert (encoding, delimiter) == ("gb18030", "\t")
    rows = list(rows)
    assert rows[1] == ["设备编号", "采集时间", "运行状态", "主轴转速"]
    assert len(rows) == 5


def test_total_row_in_csv():
    data = "产品名称,产量\n齿轮箱,100\n减速机,50\n合计,150\n".encode()
    table = read_csv(data, "p.csv").tables[0]
    assert [r.is_total for r in table.rows] == [False, False, True]


def test_undecodable_and_blank_csv():
    with pytest.raises(UnreadableDocumentError) as err:
        read_csv(b"ok,\x81\x30\xff,\xfa", "bad.csv")
    assert err.value.reason == "corrupt"
    with pytest.raises(UnreadableDocumentError) as err:
        read_csv(b",,,\n,,\n", "blank.csv")
    assert err.value.reason == "empty"


def test_utf16_tab_export_from_excel():
    text = "设备名称\t数量\r\n数控车床\t12\r\n"
    data = text.encode("utf-16")  # with BOM, as Excel's "Unicode text" writes it
    table = read_csv(data, "u16.txt").tables[0]
    assert table.header == ["设备名称", "数量"] and table.rows[0].texts() == ["数控车床", "12"]
