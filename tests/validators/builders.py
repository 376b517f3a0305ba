"""Constructed records for the validator tests: a clean packet's facts and small factories."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from models import (
    BenefitIndicator,
    BusinessSystem,
    ControlType,
    DataLogSpan,
    DayRange,
    Device,
    DocumentSummary,
    DocumentType,
    Employee,
    Engine,
    EvidenceRef,
    FinancialFigure,
    FinancialKind,
    IdentityMention,
    Indicators,
    KeyProcess,
    Manifest,
    PacketFacts,
    ProcessIndicator,
    Robot,
    SourceFormat,
    StaffRole,
)

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

NAME = "北京精工智造科技有限公司"
YEAR = 2026


def credit_code(rng: random.Random) -> str:
    """A code with a correct GB 32100-2015 check character (written independently of the validator)."""
    body = "91" + "110108" + "".join(rng.choice(ALPHABET) for _ in range(9))
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def with_one_char_changed(code: str) -> str:
    """The same code with one body character replaced: the check character no longer fits."""
    i = 10
    other = ALPHABET[(ALPHABET.index(code[i]) + 1) % 31]
    return code[:i] + other + code[i + 1 :]


CODE = credit_code(random.Random(5))


def ref(file: str, row: int | None = None, sheet: str | None = "Sheet1", page: int | None = None) -> EvidenceRef:
    return EvidenceRef(file=file, sheet=sheet, page=page, row=row, engine=Engine.SPREADSHEET)


def span(asset: str, start: date, days: int, file: str = "采集记录.csv", row: int = 2) -> DataLogSpan:
    end = start + timedelta(days=days - 1)
    return DataLogSpan(
        ref=ref(file, row, sheet=None),
        asset_no=asset,
        first_seen=datetime.combine(start, datetime.min.time()),
        last_seen=datetime.combine(end, datetime.min.time()),
        n_rows=days * 24,
        runs=[DayRange(start=start, end=end)],
    )


def clean_facts() -> PacketFacts:
    """A consistent packet for YEAR: data of YEAR−1 everywhere, identities agree, every process equipped."""
    eq, rb, st, pr, bs, au, lg = (
        "设备清单.xlsx",
        "机器人清单.xlsx",
        "人员名单.xlsx",
        "工序说明.docx",
        "业务系统.xlsx",
        "审计报告.pdf",
        "采集记录.csv",
    )
    processes = [KeyProcess(ref=ref(pr, i + 1, sheet=None), name=n) for i, n in enumerate(["下料", "焊接", "机加工", "装配"])]
    devices = [
        Device(ref=ref(eq, 3), name="激光切割机", asset_no="SB-001", process="下料", control_type=ControlType.CNC,
               is_nc=True, is_networked=True),
        Device(ref=ref(eq, 4), name="焊接机器人", asset_no="SB-002", process="焊接", is_nc=True, is_networked=True,
               is_robot=True),
        Device(ref=ref(eq, 5), name="数控车床", asset_no="SB-003", quantity=2, process="机加工工序", is_nc=True,
               is_networked=True),
        Device(ref=ref(eq, 6), name="装配线", asset_no="SB-004", process="装配", is_nc=True, is_networked=True),
    ]
    robots = [Robot(ref=ref(rb, 3), name="焊接机器人", asset_no="SB002", process="焊接")]
    employees = [
        Employee(ref=ref(st, i + 3), name=f"员工{i}", employee_no=f"G{i:04d}", job_title="操作工", hired=date(2020, 1, 1),
                 role=StaffRole.DIRECT)
        for i in range(20)
    ] + [Employee(ref=ref(st, 23), name="行政甲", employee_no="G9999", job_title="行政专员", role=StaffRole.INDIRECT)]
    systems = [
        BusinessSystem(ref=ref(bs, 3), segment="finance", segment_raw="财务", system_name="用友U8",
                       go_live=date(2021, 5, 1), in_use=True),
        BusinessSystem(ref=ref(bs, 4), segment="production", segment_raw="生产", system_name="MES",
                       go_live=date(YEAR - 1, 3, 1), in_use=True),
    ]
    financials = [
        FinancialFigure(ref=ref(au, None, sheet=None, page=3), kind=FinancialKind.PRODUCTION_COST, value_yuan=8e7,
                        fiscal_year=YEAR - 1),
        FinancialFigure(ref=ref(au, None, sheet=None, page=3), kind=FinancialKind.PRODUCTION_COST, value_yuan=7e7,
                        fiscal_year=YEAR - 2),  # the comparative column (上年数)
    ]
    spans = [span(a, date(YEAR - 1, 1, 1), 365, lg, i + 2) for i, a in enumerate(["SB001", "SB002", "SB003", "SB004"])]
    identities = [
        IdentityMention(ref=ref(f, 1), enterprise_name=NAME, credit_code=CODE) for f in (eq, rb, st, bs)
    ] + [IdentityMention(ref=ref(au, None, sheet=None, page=1), enterprise_name=NAME)]
    docs = [
        DocumentSummary(file=eq, format=SourceFormat.XLSX, doc_type=DocumentType.EQUIPMENT_LIST),
        DocumentSummary(file=rb, format=SourceFormat.XLSX, doc_type=DocumentType.ROBOT_LIST),
        DocumentSummary(file=st, format=SourceFormat.XLSX, doc_type=DocumentType.STAFF_ROSTER),
        DocumentSummary(file=pr, format=SourceFormat.DOCX, doc_type=DocumentType.PROCESS_DESCRIPTION),
        DocumentSummary(file=bs, format=SourceFormat.XLSX, doc_type=DocumentType.BUSINESS_SYSTEM_LIST),
        DocumentSummary(file=au, format=SourceFormat.PDF, doc_type=DocumentType.AUDIT_REPORT),
        DocumentSummary(file=lg, format=SourceFormat.CSV, doc_type=DocumentType.DATA_COLLECTION_LOG),
    ]
    return PacketFacts(
        packet_id="p-clean",
        manifest=Manifest(packet_id="p-clean", enterprise_name=NAME, credit_code=CODE, industry_code="C3411",
                          assessment_year=YEAR, declared={"key_process_nc_rate": 100.0, "direct_production_staff": 20}),
        documents=docs,
        processes=processes,
        devices=devices,
        robots=robots,
        employees=employees,
        business_systems=systems,
        financials=financials,
        log_spans=spans,
        identities=identities,
    )


def indicators(nc_rate: float | None = 100.0, staff: float | None = 20, robots: float = 1) -> Indicators:
    def pct(v: float | None) -> ProcessIndicator:
        return ProcessIndicator(value=v, unit="%", numerator=None, denominator=None, threshold=50.0,
                                passed=None if v is None else v >= 50)

    return Indicators(
        key_process_nc_rate=pct(nc_rate),
        robots_per_production_worker=ProcessIndicator(
            value=None if not staff else robots / staff, unit="ratio", numerator=robots, denominator=staff,
            threshold=0.03, passed=None),
        equipment_networking_rate=pct(100.0),
        digital_design_tool_coverage=pct(None),
        business_management_digital_rate=pct(None),
        cost_to_output_ratio=BenefitIndicator(value=None, unit="%", benchmark=None, passed=None),
    )
