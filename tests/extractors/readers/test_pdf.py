"""PDF reader: text layer, ruled tables with cell boxes, tables continued across pages."""

import io

import pdfplumber
import pytest

from extractors.errors import UnreadableDocumentError
from extractors.readers import read_pdf
from extractors.readers.pdf import has_text_layer
from models import Engine, SourceFormat

from .builders import DEVICE_HEADER, ENTERPRISE, device_rows, pdf_blank_page, pdf_blocks, pdf_with_table

N_ROWS = 60  # enough to run onto page 2


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_continued_on_next_page_is_joined(repeat_header):
    rows = device_rows(N_ROWS)
    doc = read_pdf(pdf_with_table(rows, repeat_header=repeat_header), "设备清单.pdf")
    assert doc.format == SourceFormat.PDF and len(doc.pages) == 2
    [table] = doc.tables
    assert table.header == DEVICE_HEADER
    assert [r.texts()[3] for r in table.rows] == [r[3] for r in rows]  # every row once, in order
    assert [r.ref.row for r in table.rows] == list(range(1, N_ROWS + 1))
    pages = [r.ref.page for r in table.rows]
    assert pages[0] == 1 and pages[-1] == 2 and pages == sorted(pages)
    assert table.ref.page == 1 and table.ref.row == 0


def test_continuation_below_a_running_page_header_is_joined():
    rows = device_rows(N_ROWS)
    data = pdf_with_table(rows, repeat_header=False, running_header=f"{ENTERPRISE} 设备管理部")
    [table] = read_pdf(data, "r.pdf").tables
    assert len(table.rows) == N_ROWS and table.rows[-1].ref.page == 2


def test_two_row_merged_header_flattened_and_its_repeat_dropped():
    rows = device_rows(N_ROWS)
    [table] = read_pdf(pdf_with_table(rows, group_header=True), "g.pdf").tables
    assert table.header[:4] == ["序号", "设备信息/设备名称", "设备信息/型号", "设备信息/资产编号"]
    assert table.header[4:] == DEVICE_HEADER[4:]
    assert table.header_rows[1][1:4] == ["设备名称", "型号", "资产编号"]
    assert len(table.rows) == N_ROWS and {r.ref.page for r in table.rows} == {1, 2}


def test_cell_bbox_points_at_the_cell_text():
    data = pdf_with_table(device_rows(N_ROWS))
    table = read_pdf(data, "b.pdf").tables[0]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for row in (table.rows[0], table.rows[-1]):
            for cell in row.cells[:4]:
                ref = cell.ref
                assert ref.engine == Engine.PDF_TEXT and ref.bbox.unit == "pt"
                page = pdf.pages[ref.page - 1]
                box = (ref.bbox.x0, ref.bbox.y0, ref.bbox.x1, ref.bbox.y1)
                assert page.crop(box).extract_text().strip() == cell.text
    first = table.rows[0].cells
    assert first[0].ref.bbox.x1 <= first[1].ref.bbox.x0 + 0.01
    assert first[0].ref.bbox.y0 == first[1].ref.bbox.y0


def test_title_is_the_text_above_the_table():
    doc = read_pdf(pdf_with_table(device_rows(5)), "t.pdf")
    title = doc.tables[0].title
    assert title.splitlines()[0] == f"{ENTERPRISE}生产设备清单"
    assert "统一社会信用代码" in title
    assert doc.title == f"{ENTERPRISE}生产设备清单"
    assert "(盖章)" in doc.pages[0].text or "（盖章）" in doc.pages[0].text


def test_multi_line_cells_joined_without_spaces():
    rows = [[1, "数控\n车床", "CK6140", "SB-001", 2, "机\n加工", "是"]]
    table = read_pdf(pdf_with_table(rows), "m.pdf").tables[0]
    assert table.rows[0].texts()[1] == "数控车床" and table.rows[0].texts()[5] == "机加工"


def test_new_table_with_its_own_title_on_next_page_is_not_joined():
    header2 = ["岗位", "人数", "部门"]
    blocks = [
        ("p", "生产设备清单"),
        ("table", [["设备名称", "型号", "数量"], ["车床", "CK6140", 2]], 1),
        ("break",),
        ("p", "生产人员清单"),
        ("table", [header2, ["操作工", 12, "一车间"], ["合计", 12, ""]], 1),
    ]
    first, second = read_pdf(pdf_blocks(blocks), "two.pdf").tables
    assert len(first.rows) == 1 and first.title == "生产设备清单"
    assert second.header == header2 and second.ref.page == 2 and second.index == 1
    assert [r.is_total for r in second.rows] == [False, True]
    assert second.rows[0].ref.row == 1


def test_page_without_text_layer():
    doc = read_pdf(pdf_blank_page(), "scan.pdf")
    assert doc.pages[0].has_text_layer is False and doc.tables == []


def test_cid_garbage_is_not_a_text_layer():
    assert has_text_layer("北京某某精密机械有限公司 生产设备清单")
    assert not has_text_layer("(cid:12)(cid:345)(cid:67)(cid:8) (cid:99)(cid:100)")
    assert not has_text_layer(" 3 ")


def test_encrypted_pdf():
    from reportlab.lib.pdfencrypt import StandardEncryption

    data = pdf_with_table(device_rows(2), encrypt=StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(UnreadableDocumentError) as err:
        read_pdf(data, "locked.pdf")
    assert err.value.reason == "encrypted"


def test_corrupt_pdf():
    data = pdf_with_table(device_rows(2))
    with pytest.raises(UnreadableDocumentError) as err:
        read_pdf(data[:300], "broken.pdf")
    assert err.value.reason == "corrupt"


def test_pdf_content_stream_bomb_is_refused(monkeypatch):
    import zlib

    from extractors.readers import pdf_guard

    monkeypatch.setattr(pdf_guard, "MAX_PDF_STREAM_INFLATED", 1024 * 1024)
    bomb = zlib.compress(b"0 0 m " * 1_000_000, 9)  # 6 MB of drawing operators
    obj = b"99 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(bomb) + bomb + b"\nendstream\nendobj\n"
    data = pdf_with_table(device_rows(2))
    cut = data.rindex(b"xref")
    with pytest.raises(UnreadableDocumentError) as err:
        read_pdf(data[:cut] + obj + data[cut:], "bomb.pdf")
    assert err.value.reason == "too_large"


def test_pdf_guard_leaves_normal_files_and_images_alone(monkeypatch):
    import zlib

    from extractors.readers import pdf_guard
    from extractors.readers.pdf_guard import check_pdf_streams, inflated_size

    check_pdf_streams(pdf_with_table(device_rows(40)), "ok.pdf")
    monkeypatch.setattr(pdf_guard, "MAX_PDF_STREAM_INFLATED", 1024 * 1024)
    image = zlib.compress(bytes(6 * 1024 * 1024))  # over the (lowered) limit, but an image
    obj = b"7 0 obj\n<< /Type /XObject /Subtype /Image /Filter /FlateDecode >>\nstream\n" + image + b"\nendstream\n"
    check_pdf_streams(b"%PDF-1.4\n" + obj, "img.pdf")
    assert inflated_size(zlib.compress(b"a" * 5000), 10**6) == 5000


def _pdf_page(draw) -> bytes:  # noqa: ANN001
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from .builders import _register_font

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont(_register_font(), 12)
    draw(c)
    c.save()
    return buf.getvalue()


def test_page_with_only_a_stamp_line_is_text_but_a_scan_with_a_page_number_is_not():
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    from extractors.readers.pdf import few_chars_no_scan

    stamp = _pdf_page(lambda c: c.drawString(400, 100, "（盖章）"))
    scan_image = ImageReader(Image.new("L", (300, 420), 255))

    def scan(c):  # noqa: ANN001
        c.drawImage(scan_image, 0, 0, width=595, height=842)
        c.drawString(290, 20, "3")

    with pdfplumber.open(io.BytesIO(stamp)) as pdf:
        page = pdf.pages[0]
        assert not has_text_layer(page.extract_text()) and few_chars_no_scan(page, page.extract_text())
    with pdfplumber.open(io.BytesIO(_pdf_page(scan))) as pdf:
        page = pdf.pages[0]
        assert not few_chars_no_scan(page, page.extract_text())
    assert read_pdf(stamp, "stamp.pdf").pages[0].has_text_layer


STATEMENT = [
    ["项目", "本期金额（元）", "上期金额（元）"],
    ["营业收入", "123,456,789.00", "100,000,000.00"],
    ["营业成本", "98,765,432.10", "80,000,000.00"],
    ["其中：生产成本", "90,000,000.00", "70,000,000.00"],
]


@pytest.mark.parametrize("three_line", [True, False])
def test_table_ruled_with_horizontal_lines_only(three_line):
    from .builders import pdf_rule_only_table

    doc = read_pdf(pdf_rule_only_table(STATEMENT, three_line=three_line), "审计报告.pdf")
    [table] = doc.tables
    assert table.header == ["项目", "本期金额(元)", "上期金额(元)"]
    assert [r.texts() for r in table.rows] == [
        ["营业收入", "123,456,789.00", "100,000,000.00"],
        ["营业成本", "98,765,432.10", "80,000,000.00"],
        ["其中:生产成本", "90,000,000.00", "70,000,000.00"],
    ]
    assert table.title == "利润表" and table.rows[0].cells[1].ref.bbox is not None


def test_prose_page_has_no_table():
    from .builders import pdf_text_only

    doc = read_pdf(pdf_text_only(["审计报告", "我们审计了北京某某精密机械有限公司的财务报表。", "营业成本 12,345.67 万元"]), "p.pdf")
    assert doc.tables == [] and "营业成本" in doc.text
