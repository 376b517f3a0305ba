"""Products, design tools and business systems."""

from datetime import date

from extractors.classify import classify_document
from extractors.records.design_tools import design_tool_records
from extractors.records.products import product_records
from extractors.records.systems import canonical_segment, parse_in_use, system_records
from tests.extractors.records.tables import make_doc, make_table


def _doc(header, rows, title=None):
    return classify_document(make_doc([make_table(header, rows, title=title)], title=title))


def test_products_with_units_and_design_flags():
    doc = _doc(
        ["序号", "产品名称", "年产量（台）", "是否应用数字化设计工具", "使用的设计工具"],
        [
            ["1", "减速机", "1,200", "是", "SolidWorks"],
            ["2", "齿轮箱", "３５０", "否", "无"],
            ["3", "联轴器", "一千二百", "√", ""],
            ["合计", "", "2750", "", ""],
        ],
        title="产品类型及产量",
    )
    products = product_records(doc)
    assert [(p.name, p.output_qty, p.digital_design) for p in products] == [
        ("减速机", 1200.0, True), ("齿轮箱", 350.0, False), ("联轴器", 1200.0, True),
    ]
    assert products[0].unit == "台" and products[0].design_tools == "SolidWorks"
    assert products[1].design_tools is None


def test_products_design_tool_column_only():
    doc = _doc(["产品名称", "产量", "单位", "设计软件"], [["电机", "100", "台", "AutoCAD"], ["线缆", "5", "吨", "无"]])
    assert [(p.digital_design, p.unit) for p in product_records(doc)] == [(True, "台"), (False, "吨")]


def test_design_tools():
    doc = _doc(["序号", "软件名称", "用途", "厂商"], [["1", "SolidWorks", "三维设计", "达索"], ["2", "", "", ""], ["3", "CAXA", "二维绘图", "数码大方"]])
    assert [(t.name, t.purpose) for t in design_tool_records(doc)] == [("SolidWorks", "三维设计"), ("CAXA", "二维绘图")]


def test_segment_synonyms():
    expected = {
        "研发": "rnd_design", "设计": "rnd_design", "研发设计": "rnd_design", "产品研发设计": "rnd_design",
        "生产": "production", "生产制造": "production", "生产管理": "production", "制造": "production",
        "采购": "purchasing", "采购供应": "purchasing", "供应链管理": "purchasing",
        "销售": "sales", "营销": "sales", "销售管理": "sales",
        "财务": "finance", "财务管理": "finance",
        "人力": "hr", "人力资源": "hr", "人事": "hr", "人力资源管理": "hr",
        "办公": "office", "协同办公": "office", "OA": "office", "ｏａ办公": "office",
    }
    for raw, key in expected.items():
        assert canonical_segment(raw) == key, raw
    assert canonical_segment("仓储物流") == "仓储物流"
    assert canonical_segment("质量管理") == "质量管理"


def test_business_systems_rows():
    doc = _doc(
        ["序号", "业务环节", "系统名称", "上线时间", "应用情况"],
        [
            ["1", "研发设计", "PLM", "2022年3月", "正常运行"],
            ["2", "生产制造", "MES", "2024-11-01", "在用"],
            ["3", "", "WMS", "2023/5/1", "是"],
            ["4", "人力资源", "无", "", ""],
            ["5", "设备管理", "EAM", "2026年1月", "计划上线"],
        ],
        title="业务环节及信息系统清单",
    )
    systems = system_records(doc)
    assert [(s.segment, s.segment_raw, s.system_name) for s in systems] == [
        ("rnd_design", "研发设计", "PLM"),
        ("production", "生产制造", "MES"),
        ("production", "生产制造", "WMS"),  # merged 业务环节 cell continues
        ("hr", "人力资源", None),
        ("设备管理", "设备管理", "EAM"),
    ]
    assert systems[0].go_live == date(2022, 3, 1) and systems[1].go_live == date(2024, 11, 1)
    assert [s.in_use for s in systems] == [True, True, True, None, False]


def test_parse_in_use():
    assert parse_in_use("停用") is False and parse_in_use("运行良好") is True and parse_in_use("") is None


def test_extra_segments_are_not_folded_into_standard_ones():
    for extra in ("供应商协同", "售后服务", "成本核算", "计划排产", "产品数据管理", "客户服务", "费用报销", "招聘管理", "仓储物流"):
        assert canonical_segment(extra) == extra
    assert canonical_segment("生产计划") == "production"
    assert canonical_segment("销售与客户服务") == "sales"
    assert canonical_segment("研发设计管理") == "rnd_design"
    assert canonical_segment("人事与行政") == "hr"


def test_unit_written_in_the_value():
    doc = _doc(["产品名称", "产量", "是否数字化设计"], [["电机", "1,200台", "是"]])
    (p,) = product_records(doc)
    assert (p.output_qty, p.unit) == (1200.0, "台")
