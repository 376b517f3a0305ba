"""".xls" files that are HTML exports of web systems: read like a sheet."""

from extractors.read import read_document
from extractors.sniff import sniff_format
from models import Engine, SourceFormat

ROSTER_HTML = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>
<body><p>北京某某精密机械有限公司</p>
<table border=1>
<tr><td colspan=4>员工花名册</td></tr>
<tr><th rowspan=2>工号</th><th colspan=2>人员信息</th><th rowspan=2>入职日期</th></tr>
<tr><th>姓名</th><th>岗位</th></tr>
<tr><td>001</td><td>张三</td><td>数控<br>操作工</td><td>2020-01-06</td></tr>
<tr><td rowspan=2>002</td><td>李四</td><td>质检员</td><td>2021-03-01</td></tr>
<tr><td>王五</td><td>钳工</td><td>2022-07-15</td></tr>
<tr><td>合计</td><td>3人</td><td></td><td></td></tr>
</table><p>制表人：赵六</p></body></html>"""


def test_html_export_named_xls_is_read_as_a_sheet():
    data = ROSTER_HTML.encode("gbk")
    assert sniff_format(data, "花名册.xls") == SourceFormat.XLS
    doc = read_document(data, "花名册.xls")
    [table] = doc.tables
    assert table.title == "员工花名册"
    assert table.header == ["工号", "人员信息/姓名", "人员信息/岗位", "入职日期"]
    assert [r.texts() for r in table.data_rows()] == [
        ["001", "张三", "数控操作工", "2020-01-06"],
        ["002", "李四", "质检员", "2021-03-01"],
        ["002", "王五", "钳工", "2022-07-15"],  # rowspan fills the rows it covers
    ]
    assert [r.ref.row for r in table.rows] == [4, 5, 6, 7] and table.rows[-1].is_total
    assert table.rows[0].cells[1].ref.engine == Engine.SPREADSHEET
    assert "北京某某精密机械有限公司" in doc.text and "制表人" in doc.text
    assert "001\t张三\t数控操作工\t2020-01-06" in doc.text


def test_bare_table_fragment_in_utf8():
    data = "<table><tr><td>设备名称</td><td>数量</td></tr><tr><td>车床</td><td>2</td></tr></table>".encode()
    doc = read_document(data, "export.xls")
    assert doc.tables[0].header == ["设备名称", "数量"] and doc.tables[0].rows[0].texts() == ["车床", "2"]
