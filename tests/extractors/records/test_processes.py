"""Process descriptions → KeyProcess records, from prose and from tables."""

from extractors.classify import classify_document
from extractors.records.processes import clean_process_name, process_records
from models import DocumentType, SourceFormat
from tests.extractors.records.tables import make_doc, make_table


def _prose(text, pages=None):
    doc = classify_document(make_doc([], text, file="工序说明.docx", fmt=SourceFormat.DOCX, pages=pages))
    assert doc.doc_type == DocumentType.PROCESS_DESCRIPTION
    return [(p.name, p.is_key) for p in process_records(doc)]


def test_key_process_line():
    text = "北京某某科技有限公司生产工序说明\n我公司主要产品为减速机。\n关键工序：下料、焊接、机加工、装配、检测。\n"
    assert _prose(text) == [(n, True) for n in ("下料", "焊接", "机加工", "装配", "检测")]


def test_numbered_list_with_markers_and_unmarked_items():
    text = (
        "生产工艺流程如下：\n"
        "1. 下料（关键工序）：采用激光切割机将板材切割成型。\n"
        "2. 清洗：去除油污。\n"
        "3、焊接（关键工序）\n"
        "（4）喷涂\n"
        "⑤ 总装（关键工序）——整机装配\n"
    )
    assert _prose(text) == [("下料", True), ("清洗", False), ("焊接", True), ("喷涂", False), ("总装", True)]


def test_headings_decide_key_and_non_key():
    text = (
        "一、关键工序\n1. 冲压\n2. 焊装\n3. 涂装\n"
        "二、辅助工序\n1. 包装\n2. 仓储转运\n"
        "三、设备配置情况\n1. 共有设备120台\n"
    )
    assert _prose(text) == [("冲压", True), ("焊装", True), ("涂装", True), ("包装", False), ("仓储转运", False)]


def test_general_and_key_lines_together():
    text = "主要生产工序包括：配料、混合、成型、烧结、包装。\n其中关键工序为：混合、烧结。\n一般工序：包装"
    assert _prose(text) == [("配料", False), ("混合", True), ("成型", False), ("烧结", True), ("包装", False)]


def test_unmarked_process_list_is_read_as_key():
    text = "生产工序\n1. 下料\n2. 折弯\n3. 焊接"
    assert _prose(text) == [("下料", True), ("折弯", True), ("焊接", True)]


def test_process_across_pages_deduplicated():
    pages = ["关键工序：下料、焊接", "二、关键工序说明\n1. 焊接（关键工序）：机器人焊接\n2. 装配（关键工序）"]
    assert _prose("", pages=pages) == [("下料", True), ("焊接", True), ("装配", True)]


def test_prose_ref_points_to_page_and_line():
    doc = classify_document(make_doc([], "", pages=["封面", "关键工序：下料、焊接"], fmt=SourceFormat.PDF))
    first = process_records(doc)[0]
    assert first.ref.page == 2 and "关键工序" in (first.ref.text or "")


def test_table_form():
    table = make_table(
        ["序号", "工序名称", "是否关键工序", "工序说明"],
        [["1", "下料", "是", "板材切割"], ["2", "清洗", "否", ""], ["3", "焊接", "关键工序", ""], ["4", "包装", "一般工序", ""]],
    )
    doc = classify_document(make_doc([table]))
    assert [(p.name, p.is_key) for p in process_records(doc)] == [
        ("下料", True), ("清洗", False), ("焊接", True), ("包装", False),
    ]
    assert process_records(doc)[0].ref.row == 3


def test_clean_process_name():
    assert clean_process_name("下料（关键工序）：将板材切割") == "下料"
    assert clean_process_name("热处理工序") == "热处理"
    assert clean_process_name("本工序采用自动化生产线完成全部的加工与检验工作") is None


def test_ocr_spaced_prose():
    assert _prose("关 键 工 序 ： 下 料 、 焊 接 、 装 配") == [("下料", True), ("焊接", True), ("装配", True)]


def test_table_blank_key_cells_are_not_key():
    table = make_table(["工序名称", "是否关键工序"], [["下料", "√"], ["清洗", ""], ["焊接", "√"]])
    doc = classify_document(make_doc([table]))
    assert [(p.name, p.is_key) for p in process_records(doc)] == [("下料", True), ("清洗", False), ("焊接", True)]


def test_table_without_key_column_defers_to_the_prose():
    table = make_table(["序号", "工序名称", "工序说明"], [["1", "下料", "切割"], ["2", "清洗", "除油"], ["3", "焊接", ""]])
    doc = classify_document(make_doc([table], "生产工序说明\n关键工序：下料、焊接、总装", fmt=SourceFormat.DOCX))
    assert [(p.name, p.is_key) for p in process_records(doc)] == [
        ("下料", True), ("清洗", False), ("焊接", True), ("总装", True),
    ]
    alone = classify_document(make_doc([table], "生产工序说明", fmt=SourceFormat.DOCX))
    assert all(p.is_key for p in process_records(alone))


def test_device_table_inside_a_process_description_is_not_an_equipment_list():
    from extractors.records.dispatch import extract_records

    table = make_table(["工序", "设备名称", "数量", "是否数控"], [["焊接", "焊接机器人", "2", "是"]], sheet=None)
    doc = classify_document(make_doc([table], "生产工序说明\n关键工序：下料、焊接", fmt=SourceFormat.DOCX))
    records = extract_records(doc)
    assert records.devices == [] and [p.name for p in records.processes] == ["下料", "焊接"]
    # the same two sheets in a workbook both count
    sheet = make_table(["工序", "设备名称", "数量", "是否数控"], [["焊接", "焊接机器人", "2", "是"]])
    book = classify_document(make_doc([sheet], "生产工序说明\n关键工序：下料、焊接", fmt=SourceFormat.XLSX))
    assert len(extract_records(book).devices) == 1
