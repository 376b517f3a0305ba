"""Enterprise identity mentions and certifications stated in text."""

from extractors.records.certifications import certification_records
from extractors.records.identity import identity_records
from tests.extractors.records.tables import make_doc, make_table


def test_labelled_names_and_codes():
    text = (
        "生产设备清单\n企业名称：北京某某精密机械有限公司\n统一社会信用代码：91110108MA01ABCD1X\n"
        "单位名称（盖章）：北京某某精密机械有限公司\n填报日期：2026年1月10日"
    )
    mentions = identity_records(make_doc([], text, file="a.pdf"))
    assert [(m.enterprise_name, m.credit_code) for m in mentions] == [
        ("北京某某精密机械有限公司", None),
        (None, "91110108MA01ABCD1X"),
    ]
    assert mentions[1].ref.page == 1 and mentions[1].ref.file == "a.pdf"


def test_title_prefix_and_audited_name():
    doc = make_doc(
        [make_table(["设备名称"], [["车床"]], title="北京华锐智能装备有限公司生产设备清单")],
        "我们审计了北京华锐智能装备股份有限公司2025年12月31日的资产负债表",
    )
    mentions = identity_records(doc)
    assert [m.enterprise_name for m in mentions] == ["北京华锐智能装备有限公司", "北京华锐智能装备股份有限公司"]
    assert mentions[0].ref.sheet == "Sheet1"  # where the titled table is


def test_malformed_labelled_code_kept_unlabelled_must_be_well_formed():
    text = "统一社会信用代码：91110108MA01ABCDIO\n订单号 12345678901234567890\n备案 911101087263558450"
    codes = [m.credit_code for m in identity_records(make_doc([], text))]
    assert codes == ["91110108MA01ABCDIO", "911101087263558450"]


def test_full_width_text_is_normalised():
    text = "企业名称：北京某某科技有限公司\n统一社会信用代码：９１１１０１０８ＭＡ０１ＡＢＣＤ１Ｘ"
    codes = [m.credit_code for m in identity_records(make_doc([], text)) if m.credit_code]
    assert codes == ["91110108MA01ABCD1X"]


def test_certifications_with_levels_and_awards():
    text = (
        "我公司于2024年通过智能制造能力成熟度三级评估。\n"
        "2023年被评为北京市智能工厂。\n"
        "获得数据管理能力成熟度（DCMM）3级证书\n"
        "数字化转型成熟度评定为三星\n"
        "两化融合管理体系贯标评定证书\n"
        "入选工信部5G全连接工厂名单\n"
    )
    found = [(c.kind, c.level) for c in certification_records(make_doc([], text))]
    assert found == [
        ("smart_manufacturing_maturity", 3),
        ("beijing_smart_factory", None),
        ("dcmm", 3),
        ("digital_transformation_maturity", 3),
        ("two_integration", None),
        ("miit_5g_factory", None),
    ]


def test_intentions_and_bare_mentions_are_not_certifications():
    text = "公司计划申报智能制造能力成熟度二级\n力争建成北京市智能工厂\n推进数字化车间建设\n智能工厂建设方案"
    assert certification_records(make_doc([], text)) == []


def test_auditor_letterhead_is_not_the_enterprise():
    text = "北京信达会计师事务所有限公司\n审计报告\n我们审计了北京某某科技有限公司2025年12月31日的资产负债表"
    assert [m.enterprise_name for m in identity_records(make_doc([], text))] == ["北京某某科技有限公司"]


def test_table_cells_of_a_text_layer_are_not_joined_into_a_credit_code():
    # 产量 26200 4600 9900 16400 → 18 digits once the tabs are removed; each cell is its own value
    text = "主要产品及产量\n项目\t真空泵机组\t风机配件\t离心压缩机\t螺杆鼓风机\n产量(台)\t26200\t4600\t9900\t16400"
    assert [m.credit_code for m in identity_records(make_doc([], text, file="p.docx")) if m.credit_code] == []
    # the same run on one token is still a code (unlabelled, GB 32100 shape)
    one = identity_records(make_doc([], "编号 91110108MA01ABCD1X", file="q.docx"))
    assert [m.credit_code for m in one if m.credit_code] == ["91110108MA01ABCD1X"]
