"""Small constructors for PacketFacts used by the scoring tests (no files, no randomness needed)."""

from __future__ import annotations

from datetime import date, datetime

from models import (
    BusinessSystem,
    ControlType,
    DataLogSpan,
    DataPeriod,
    DayRange,
    Device,
    Employee,
    EvidenceRef,
    FinancialFigure,
    FinancialKind,
    KeyProcess,
    Manifest,
    PacketFacts,
    PeriodBasis,
    Product,
    Robot,
    StaffRole,
)

PERIOD_2025 = DataPeriod(assessment_year=2026, basis=PeriodBasis.PRIOR_YEAR, start=date(2025, 1, 1),
                         end=date(2025, 12, 31))


def ref(file: str, row: int, sheet: str | None = "Sheet1") -> EvidenceRef:
    return EvidenceRef(file=file, sheet=sheet, row=row)


def packet(industry_code: str | None = "C3911", period: DataPeriod | None = PERIOD_2025, **records) -> PacketFacts:
    manifest_kw = records.pop("manifest", {})
    return PacketFacts(
        packet_id="pkt-1",
        manifest=Manifest(packet_id="pkt-1", industry_code=industry_code, assessment_year=2026, **manifest_kw),
        period=period,
        **records,
    )


_rows = {"n": 1}


def _next_row() -> int:
    _rows["n"] += 1
    return _rows["n"]


def process(name: str, is_key: bool = True) -> KeyProcess:
    return KeyProcess(name=name, is_key=is_key, ref=ref("工序说明.docx", _next_row(), sheet=None))


def device(name: str = "数控车床", process: str | None = None, quantity: int = 1, is_nc: bool | None = None,
           control: ControlType | None = None, networked: bool | None = None, asset_no: str | None = None,
           robot: bool = False) -> Device:
    return Device(name=name, process=process, quantity=quantity, is_nc=is_nc, control_type=control,
                  is_networked=networked, asset_no=asset_no, is_robot=robot, ref=ref("设备清单.xlsx", _next_row()))


def robot(quantity: int = 1, process: str | None = None, name: str = "焊接机器人") -> Robot:
    return Robot(name=name, quantity=quantity, process=process, ref=ref("机器人清单.xlsx", _next_row()))


def employee(role: StaffRole | None = StaffRole.DIRECT, headcount: int = 1, hired: date | None = None,
             left: date | None = None, uncertain: bool = False, title: str = "操作工") -> Employee:
    return Employee(job_title=title, role=role, headcount=headcount, hired=hired, left=left,
                    role_uncertain=uncertain, ref=ref("花名册.xlsx", _next_row()))


def staff(n: int, role: StaffRole | None = StaffRole.DIRECT) -> list[Employee]:
    return [employee(role=role) for _ in range(n)]


def product(name: str, output: float | None, digital: bool | None, tools: str | None = "SolidWorks",
            unit: str | None = "台") -> Product:
    return Product(name=name, output_qty=output, digital_design=digital, design_tools=tools, unit=unit,
                   ref=ref("产品清单.xlsx", _next_row()))


def system(segment: str, name: str | None = "某系统", go_live: date | None = date(2023, 1, 1),
           in_use: bool | None = True, raw: str | None = None) -> BusinessSystem:
    return BusinessSystem(segment=segment, segment_raw=raw or segment, system_name=name, go_live=go_live,
                          in_use=in_use, ref=ref("系统清单.xlsx", _next_row()))


ALL_SEGMENTS = ["rnd_design", "production", "purchasing", "sales", "finance", "hr", "office"]


def log(asset_no: str, start: date, end: date) -> DataLogSpan:
    return DataLogSpan(asset_no=asset_no, first_seen=datetime.combine(start, datetime.min.time()),
                       last_seen=datetime.combine(end, datetime.min.time()), n_rows=100,
                       runs=[DayRange(start=start, end=end)], ref=ref("采集记录.csv", _next_row(), sheet=None))


def money(kind: FinancialKind, value: float, year: int | None = 2025) -> FinancialFigure:
    return FinancialFigure(kind=kind, value_yuan=value, fiscal_year=year, ref=ref("审计报告.pdf", _next_row(), sheet=None))
