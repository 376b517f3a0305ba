"""docx reader: paragraphs, page breaks, tables with merged cells read once."""

import io

import docx
import pytest

from extractors.errors import UnreadableDocumentError
from extractors.readers import read_docx
from models import Engine, SourceFormat

from .builders import ENTERPRISE, docx_with_tables


def test_paragraphs_pages_and_header_text():
    doc = read_docx(docx_with_tables(), "工序说明.docx")
    assert doc.format == SourceFormat.DOCX
    assert len(doc.pages) == 2
    assert doc.pages[0].text.splitlines()[0] == ENTERPRISE  # from the page header
    assert "关键工序:下料、焊接、机加工、装配、检测" in doc.pages[0].text
    assert doc.pages[1].text.startswith("生产人员清单")
    assert doc.title == ENTERPRISE


def test_merged_header_flattened_and_cells_not_repeated():
    doc = read_docx(docx_with_tables(), "a.docx")
    devices = doc.tables[0]
    assert devices.header == ["序号", "设备信息/设备名称", "设备信息/型号", "数量", "所属工序"]
    assert devices.title == "表1 生产设备"
    assert [r.texts() for r in devices.rows] == [
        ["1", "数控车床", "CK6140", "12", "机加工"],  # wrapped cell joined, full-width digits normalised
        ["2", "焊接机器人", "M-10iA", "3", "焊接"],
    ]
    cell = devices.rows[1].cells[1]
    assert cell.ref.row == 2 and cell.ref.page == 1 and cell.ref.engine == Engine.DOCX
    assert cell.ref.column == "设备信息/设备名称" and cell.ref.table == 0


def test_second_table_on_second_page_with_total():
    roster = read_docx(docx_with_tables(), "a.docx").tables[1]
    assert roster.header == ["岗位", "人数", "备注"] and roster.index == 1
    assert [r.is_total for r in roster.rows] == [False, False, True]
    assert {r.ref.page for r in roster.rows} == {2}


def test_horizontally_merged_data_cell_is_kept_once():
    d = docx.Document()
    t = d.add_table(rows=3, cols=3)
    for c, v in enumerate(["项目", "数量", "备注"]):
        t.cell(0, c).text = v
    for c, v in enumerate(["车床", "2", "在用"]):
        t.cell(1, c).text = v
    t.cell(2, 0).merge(t.cell(2, 1)).text = "合计：2台"
    buf = io.BytesIO()
    d.save(buf)
    table = read_docx(buf.getvalue(), "h.docx").tables[0]
    assert table.rows[1].texts() == ["合计:2台", "", ""]
    assert table.rows[1].is_total


def test_empty_and_corrupt_docx():
    buf = io.BytesIO()
    docx.Document().save(buf)
    with pytest.raises(UnreadableDocumentError) as err:
        read_docx(buf.getvalue(), "empty.docx")
    assert err.value.reason == "empty"
    with pytest.raises(UnreadableDocumentError) as err:
        read_docx(docx_with_tables()[:500], "broken.docx")
    assert err.value.reason == "corrupt"


def test_table_inside_a_content_control_is_read():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    d = docx.Document()
    d.add_paragraph("业务环节及信息系统清单")
    t = d.add_table(rows=2, cols=2)
    for c, v in enumerate(["业务环节", "系统名称"]):
        t.cell(0, c).text = v
    for c, v in enumerate(["生产", "MES"]):
        t.cell(1, c).text = v
    tbl = t._tbl
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    tbl.addprevious(sdt)
    sdt[1].append(tbl)
    buf = io.BytesIO()
    d.save(buf)
    [table] = read_docx(buf.getvalue(), "sdt.docx").tables
    assert table.header == ["业务环节", "系统名称"] and table.rows[0].texts() == ["生产", "MES"]
    assert table.title == "业务环节及信息系统清单"


def test_text_box_text_is_read_once():
    from docx.oxml import parse_xml

    d = docx.Document()
    p = d.add_paragraph("正文第一段")
    box = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
        ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
        ' xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        "<w:drawing><w:txbxContent><w:p><w:r><w:t>北京某某精密机械有限公司（盖章）</w:t></w:r></w:p>"
        "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r>"
        "<w:t>北京某某精密机械有限公司（盖章）</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    p._p.append(parse_xml(box))
    buf = io.BytesIO()
    d.save(buf)
    text = read_docx(buf.getvalue(), "box.docx").text
    assert text.count("北京某某精密机械有限公司(盖章)") == 1 and text.startswith("正文第一段")


def test_caption_is_the_paragraph_before_a_table_not_a_previous_table():
    d = docx.Document()
    d.add_paragraph("表1 设备")
    for header, row in ((["设备名称", "数量"], ["车床", "2"]), (["岗位", "人数"], ["操作工", "5"])):
        t = d.add_table(rows=2, cols=2)
        for c in range(2):
            t.cell(0, c).text = header[c]
            t.cell(1, c).text = row[c]
    buf = io.BytesIO()
    d.save(buf)
    first, second = read_docx(buf.getvalue(), "c.docx").tables
    assert first.title == "表1 设备" and second.title is None and second.header == ["岗位", "人数"]
