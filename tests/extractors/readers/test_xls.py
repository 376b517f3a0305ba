"""Legacy .xls reader (files written with xlwt): merged title and header, totals, dates."""

import pytest

from extractors.errors import UnreadableDocumentError
from extractors.readers import read_xls
from models import Engine, SourceFormat

from .builders import ENTERPRISE, device_rows, xls_device_list


def test_xls_table_layout_and_provenance():
    doc = read_xls(xls_device_list(4), "设备.xls")
    assert doc.format == SourceFormat.XLS
    table = doc.tables[0]
    assert table.title == f"{ENTERPRISE}生产设备清单"
    assert table.header == ["序号", "设备信息/设备名称", "设备信息/型号", "设备信息/资产编号", "数量", "所属工序", "是否联网"]
    expected = device_rows(4)
    data = table.data_rows()
    assert [r.ref.row for r in data] == [4, 5, 6, 7]
    assert [r.texts()[1] for r in data] == [r[1] for r in expected]
    assert [r.texts()[4] for r in data] == [str(r[4]) for r in expected]
    assert data[0].cells[0].text == "1"  # xls stores every number as a float
    assert data[0].cells[3].ref.sheet == "设备清单" and data[0].cells[3].ref.engine == Engine.SPREADSHEET
    [total] = [r for r in table.rows if r.is_total]
    assert total.ref.row == 8 and total.texts()[4] == str(sum(r[4] for r in expected))


def test_xls_dates_as_iso_and_second_sheet():
    doc = read_xls(xls_device_list(2), "设备.xls")
    assert [p.sheet for p in doc.pages] == ["设备清单", "日期"]
    dates = doc.tables[1]
    assert dates.header == ["上线时间", "系统名称"] and dates.rows[0].texts() == ["2024-05-06", "MES"]


def test_corrupt_xls():
    data = xls_device_list(2)
    with pytest.raises(UnreadableDocumentError) as err:
        read_xls(data[:700], "bad.xls")
    assert err.value.reason == "corrupt"
