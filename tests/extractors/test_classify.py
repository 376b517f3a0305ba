"""Document types from content: header fields, titles, text keywords — never the file name."""

from extractors.classify import classify_document, type_from_text
from models import DocumentType as D
from models import SourceFormat
from tests.extractors.records.tables import make_doc, make_table

EQUIPMENT_HEADER = ["序号", "设备名称", "规格型号", "数量（台）", "所属工序", "是否数控", "是否联网"]


def _one(header, rows, title=None, text="", file="x.xlsx"):
    return classify_document(make_doc([make_table(header, rows, title=title)], text, title=title, file=file))


def test_equipment_list_with_robot_rows_stays_equipment_list():
    doc = _one(
        EQUIPMENT_HEADER,
        [["1", "数控车床", "CK6150", "12", "机加工", "是", "是"], ["2", "焊接机器人", "M-10iA", "2", "焊接", "是", "是"]],
        title="生产设备清单（含工业机器人）",
    )
    assert doc.doc_type == D.EQUIPMENT_LIST
    assert doc.tables[0].doc_type == D.EQUIPMENT_LIST.value
    assert doc.tables[0].fields[1] == "device_name"


def test_robot_list_titled_as_such_with_device_name_header():
    doc = _one(
        ["序号", "设备名称", "型号", "品牌", "数量", "所属工序"],
        [["1", "焊接机器人", "M-10iA", "发那科", "2", "焊接"]],
        title="工业机器人清单",
    )
    assert doc.doc_type == D.ROBOT_LIST
    assert doc.tables[0].fields[1] == "robot_name"


def test_file_name_is_ignored():
    doc = _one(["工号", "姓名", "岗位"], [["001", "张三", "焊工"]], file="设备清单.xlsx")
    assert doc.doc_type == D.STAFF_ROSTER


def test_each_header_kind():
    cases = [
        (["设备编号", "采集时间", "运行状态", "主轴转速"], [["SB-001", "2025-01-01 08:00:00", "运行", "1200"]], D.DATA_COLLECTION_LOG),
        (["岗位", "人数"], [["焊工", "12"]], D.STAFF_ROSTER),
        (["业务环节", "系统名称", "上线时间"], [["财务", "用友U8", "2020-01-01"]], D.BUSINESS_SYSTEM_LIST),
        (["产品名称", "年产量", "是否应用数字化设计工具"], [["减速机", "1200", "是"]], D.PRODUCT_LIST),
        (["软件名称", "用途", "厂商"], [["SolidWorks", "三维设计", "达索"]], D.DESIGN_TOOL_LIST),
        (["工序名称", "是否关键工序", "工序说明"], [["下料", "是", "板材切割"]], D.PROCESS_DESCRIPTION),
        (["机器人名称", "品牌", "数量"], [["码垛机器人", "ABB", "1"]], D.ROBOT_LIST),
    ]
    for header, rows, expected in cases:
        assert _one(header, rows).doc_type == expected, header


def test_workbook_with_two_kinds_of_sheet():
    equipment = make_table(EQUIPMENT_HEADER, [["1", "数控车床", "CK6150", str(i), "机加工", "是", "是"] for i in range(5)], title="生产设备清单")
    robots = make_table(["序号", "设备名称", "品牌", "数量"], [["1", "焊接机器人", "ABB", "2"]], title="工业机器人清单", index=1, sheet="机器人")
    doc = classify_document(make_doc([equipment, robots], title="生产设备清单"))
    assert [t.doc_type for t in doc.tables] == [D.EQUIPMENT_LIST.value, D.ROBOT_LIST.value]
    assert doc.doc_type == D.EQUIPMENT_LIST  # the table with more rows


def test_audit_report_from_text_even_with_statement_tables():
    table = make_table(["项目", "本期金额", "上期金额"], [["营业收入", "1,000", "900"]])
    doc = classify_document(
        make_doc([table], "审计报告\n我们审计了北京某某科技有限公司2025年12月31日的资产负债表", fmt=SourceFormat.PDF)
    )
    assert doc.doc_type == D.AUDIT_REPORT
    assert doc.tables[0].doc_type == D.AUDIT_REPORT.value


def test_prose_documents():
    assert type_from_text("生产工序说明\n关键工序：下料、焊接、机加工、装配、检测") == D.PROCESS_DESCRIPTION
    assert type_from_text("2025年产量12000台，全部产品应用数字化设计工具") == D.PRODUCT_LIST
    assert classify_document(make_doc([], "利润表\n营业成本 100 万元")).doc_type == D.AUDIT_REPORT


def test_unknown_document():
    doc = classify_document(make_doc([make_table(["甲", "乙"], [["1", "2"]])], "会议纪要\n今天天气晴"))
    assert doc.doc_type == D.UNKNOWN
    assert doc.tables[0].doc_type == D.UNKNOWN.value


def test_classification_returns_a_copy():
    original = make_doc([make_table(["工号", "姓名", "岗位"], [["1", "张三", "焊工"]])])
    classify_document(original)
    assert original.doc_type == D.UNKNOWN and original.tables[0].doc_type is None


def test_untitled_list_of_robots_is_a_robot_list_but_a_robot_flag_column_is_not():
    rows = [["1", "焊接机器人", "M-10iA", "2", "焊接"], ["2", "搬运机械手", "RB08", "1", "装配"]]
    doc = _one(["序号", "设备名称", "型号", "数量", "所属工序"], rows)
    assert doc.doc_type == D.ROBOT_LIST
    doc = _one(
        ["序号", "设备名称", "型号", "数量", "所属工序", "是否工业机器人", "是否联网"],
        [r + ["是", "是"] for r in rows] + [["3", "数控车床", "CK6150", "4", "机加工", "否", "是"]],
    )
    assert doc.doc_type == D.EQUIPMENT_LIST
    assert doc.tables[0].fields[5] == "is_robot"


def test_asset_register_and_dated_lists_are_not_data_logs():
    doc = _one(["资产编号", "资产名称", "购置日期", "原值（万元）"], [["ZC-1", "车床", "2020-01-01", "12"]])
    assert doc.doc_type == D.UNKNOWN
    doc = _one(["设备编号", "设备名称", "设备型号", "采集时间", "运行状态"], [["SB-1", "车床", "CK6150", "2025-01-01 08:00:00", "运行"]])
    assert doc.doc_type == D.DATA_COLLECTION_LOG


def test_sheet_name_names_the_robot_list():
    equipment = make_table(EQUIPMENT_HEADER, [["1", "数控车床", "CK6150", "4", "机加工", "是", "是"]], sheet="设备清单")
    robots = make_table(["序号", "设备名称", "品牌", "数量", "所属工序"], [["1", "焊接机器人", "ABB", "2", "焊接"], ["2", "AGV小车", "新松", "1", "物流"]], sheet="机器人清单", index=1)
    doc = classify_document(make_doc([equipment, robots], title="北京某某科技有限公司生产设备清单"))
    assert [t.doc_type for t in doc.tables] == [D.EQUIPMENT_LIST.value, D.ROBOT_LIST.value]


def test_audit_report_named_in_passing_does_not_make_an_audit_report():
    doc = _one(
        EQUIPMENT_HEADER,
        [["1", "数控车床", "CK6150", "2", "机加工", "是", "是"]],
        title="生产设备清单",
        text="生产设备清单\n" + "说明：设备台账。" * 30 + "\n注：设备原值以2025年度审计报告及财务报表为准",
    )
    assert doc.doc_type == D.EQUIPMENT_LIST
    assert type_from_text("信息系统说明\n" + "财务系统用于核算。" * 30 + "月末生成财务报表") != D.AUDIT_REPORT


def test_output_report_by_product_is_not_a_product_list():
    doc = _one(["产品名称", "产量（台）", "工业总产值（万元）"], [["减速机", "1200", "3,000"]], title="2025年度生产产量报告")
    assert doc.doc_type == D.OUTPUT_RECORD
    doc = _one(["产品名称", "产量（台）", "是否应用数字化设计工具"], [["减速机", "1200", "是"]], title="2025年度产品产量报告")
    assert doc.doc_type == D.PRODUCT_LIST


def test_process_description_with_a_device_table_inside():
    table = make_table(["工序", "主要设备", "设备名称", "数量", "是否数控"], [["焊接", "", "焊接机器人", "2", "是"]])
    doc = classify_document(make_doc([table], "北京某某科技有限公司生产工序说明\n关键工序：下料、焊接", fmt=SourceFormat.DOCX))
    assert doc.doc_type == D.PROCESS_DESCRIPTION
    assert doc.tables[0].doc_type == D.EQUIPMENT_LIST.value
    titled = make_table(["序号", "设备名称", "所属工序", "是否数控"], [["1", "车床", "机加工", "是"]], title="关键工序设备清单")
    assert classify_document(make_doc([titled], "关键工序设备清单", title="关键工序设备清单")).doc_type == D.EQUIPMENT_LIST
