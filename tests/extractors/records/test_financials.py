"""Audit reports and output records → FinancialFigure records in 元."""

from extractors.classify import classify_document
from extractors.records.financials import financial_records, fiscal_year, label_kind, stated_unit
from models import DocumentType, FinancialKind, SourceFormat
from tests.extractors.records.tables import make_doc, make_table

K = FinancialKind

AUDIT_TEXT = """审计报告
京审字[2026]第0123号
北京某某科技有限公司全体股东：
我们审计了北京某某科技有限公司（以下简称贵公司）财务报表，包括2025年12月31日的资产负债表，
2025年度的利润表、现金流量表以及相关财务报表附注。
主要财务数据：
营业收入 18,765.43 万元
营业成本 12,345.67 万元
营业成本率65.8%
工业总产值 3.2亿元
"""


def _figures(doc):
    doc = classify_document(doc)
    assert doc.doc_type in (DocumentType.AUDIT_REPORT, DocumentType.OUTPUT_RECORD)
    return [(f.kind, f.value_yuan, f.fiscal_year) for f in financial_records(doc)]


def test_audit_text_with_wan_and_yi_yuan():
    figures = _figures(make_doc([], AUDIT_TEXT, file="审计报告.pdf", fmt=SourceFormat.PDF))
    assert figures == [
        (K.REVENUE, 187654300.0, 2025),
        (K.PRODUCTION_COST, 123456700.0, 2025),
        (K.INDUSTRIAL_OUTPUT_VALUE, 320000000.0, 2025),
    ]


def test_yuan_with_colon_and_stated_unit():
    text = "2024年度财务报表\n单位：万元\n生产成本：123,456,789.00元\n主营业务收入 2,000.5\n营业总成本 9,999"
    figures = _figures(make_doc([], text, fmt=SourceFormat.PDF))
    assert figures == [(K.PRODUCTION_COST, 123456789.0, 2024), (K.REVENUE, 20005000.0, 2024)]


def test_statement_table_with_unit_in_header_and_no_duplicate_from_text():
    table = make_table(
        ["项目", "行次", "本期金额（万元）", "上期金额（万元）"],
        [["一、营业收入", "1", "18,765.43", "15,000.00"], ["减：营业成本", "2", "12,345.67", "10,000.00"], ["营业总成本", "3", "14,000", "12,000"]],
        sheet=None,
    )
    text = "利润表\n2025年度\n一、营业收入 18,765.43 15,000.00\n减：营业成本 12,345.67 10,000.00"
    doc = make_doc([table], text, fmt=SourceFormat.PDF)
    figures = _figures(doc)
    assert figures == [(K.REVENUE, 187654300.0, 2025), (K.PRODUCTION_COST, 123456700.0, 2025)]
    first = financial_records(classify_document(doc))[0]
    assert first.ref.row == 3  # the table row, not the text line


def test_output_record_monthly_values_summed_or_total_taken():
    rows = [[f"2025年{m}月", "100", "250.5"] for m in range(1, 13)]
    doc = make_doc([make_table(["月份", "产量（台）", "工业总产值（万元）"], rows, title="2025年度生产产量报告")], title="2025年度生产产量报告")
    assert _figures(doc) == [(K.INDUSTRIAL_OUTPUT_VALUE, 30060000.0, 2025)]
    with_total = rows + [["合计", "1200", "3,000"]]
    doc = make_doc([make_table(["月份", "产量（台）", "工业总产值（万元）"], with_total, title="2025年度生产产量报告")], title="2025年度生产产量报告")
    assert _figures(doc) == [(K.INDUSTRIAL_OUTPUT_VALUE, 30000000.0, 2025)]


def test_fiscal_year_sources():
    assert fiscal_year("我们审计了…2025年12月31日的资产负债表，2025年度的利润表。报告日期2026年3月15日") == 2025
    assert fiscal_year("截至2024年12月31日") == 2024
    assert fiscal_year("2023年1-12月主要经济指标") == 2023
    assert fiscal_year("无年份") is None


def test_labels_and_units():
    assert label_kind("减：营业成本") == K.PRODUCTION_COST
    assert label_kind("其中：主营业务成本") == K.PRODUCTION_COST
    assert label_kind("营业总成本") is None
    assert label_kind("营业成本率") is None
    assert stated_unit("编制单位：北京某某有限公司  单位：万元") == "万元"
    assert stated_unit("金额单位：人民币元") == "元"


def test_percent_and_year_are_not_amounts():
    text = "2025年度审计报告\n营业成本占营业收入的65%\n营业收入同比增长12%\n营业收入2025年实现增长"
    assert _figures(make_doc([], text, fmt=SourceFormat.PDF)) == []


def test_ocr_spaced_audit_text():
    text = "审 计 报 告\n2025 年 度\n营 业 成 本 8,763.42 万 元\n工 业 总 产 值 1.25 亿 元"
    assert _figures(make_doc([], text, fmt=SourceFormat.PDF)) == [
        (K.PRODUCTION_COST, 87634200.0, 2025),
        (K.INDUSTRIAL_OUTPUT_VALUE, 125000000.0, 2025),
    ]


def test_fiscal_year_from_monthly_labels():
    assert fiscal_year("月份 产量\n2025年1月 100\n2025年2月 100\n填报日期：2026年1月5日") == 2025
    assert fiscal_year("2025-01 100\n2025-02 100\n2025-03 100") == 2025
