"""`PacketSpec`: what packet to generate — identity, indicator knobs, format knobs."""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field

from models.document import DocumentType
from tests.packetgen.zhtext import BoolStyle, NumberStyle


class FileFormat(str, Enum):
    XLSX = "xlsx"
    CSV_UTF8 = "csv-utf-8"
    CSV_UTF8_SIG = "csv-utf-8-sig"
    CSV_GBK = "csv-gbk"
    CSV_GB18030 = "csv-gb18030"
    PDF = "pdf"  # born-digital (reportlab, text layer)
    SCAN_PDF = "scan-pdf"  # printed and scanned: page images only (200 dpi, skewed, speckled), no text layer
    DOCX = "docx"

    @property
    def extension(self) -> str:
        if self.value.startswith("csv"):
            return "csv"
        return "pdf" if self is FileFormat.SCAN_PDF else self.value

    @property
    def encoding(self) -> str | None:
        return self.value[4:] if self.value.startswith("csv") else None


class DocStyle(BaseModel):
    """How one document is written."""

    format: FileFormat
    title_rows: int = 1  # 0: header first (xlsx then names the enterprise on a second sheet); 1: title; 2: title + 企业名称 line
    merged_header: bool = False  # two header rows, group labels merged across their sub-headers
    total_row: bool = False  # a 合计 row under the table
    bool_style: BoolStyle = "shifou"
    number_style: NumberStyle = "arabic"
    repeat_header: bool = True  # PDF/docx: header repeated on continuation pages
    prose: bool = False  # process description / audit report: prose instead of a table
    csv_sep: str = ","
    header_variant: int | None = None  # which synonym set; None → chosen by the seed
    include_credit_code: bool = True
    sheets: int = 1  # xlsx: rows split over this many sheets (一车间, 二车间 …), no 合计 row then
    scan_skew_deg: float = 0.8  # scanned PDF: page rotation (deskew needed above ~0.5°)
    scan_noise: float = 0.002  # scanned PDF: share of speckled pixels
    file_name: str | None = None  # None → a neutral name (附件3.xlsx, scan_002.pdf …)


def default_styles() -> dict[DocumentType, DocStyle]:
    """A realistic mix: each document in a different container and shape."""
    D = DocumentType
    return {
        D.PROCESS_DESCRIPTION: DocStyle(format=FileFormat.DOCX, prose=True),
        D.EQUIPMENT_LIST: DocStyle(format=FileFormat.XLSX, title_rows=2, merged_header=True, total_row=True,
                                   number_style="mixed"),
        D.ROBOT_LIST: DocStyle(format=FileFormat.PDF, total_row=True, number_style="unit"),
        D.STAFF_ROSTER: DocStyle(format=FileFormat.PDF, title_rows=2),  # long: continues over many pages
        D.PRODUCT_LIST: DocStyle(format=FileFormat.DOCX, bool_style="youwu"),
        D.DESIGN_TOOL_LIST: DocStyle(format=FileFormat.CSV_GBK, title_rows=1),
        D.BUSINESS_SYSTEM_LIST: DocStyle(format=FileFormat.XLSX, title_rows=1),
        D.DATA_COLLECTION_LOG: DocStyle(format=FileFormat.CSV_UTF8_SIG, title_rows=0),
        D.AUDIT_REPORT: DocStyle(format=FileFormat.PDF, prose=True),
    }


class IndicatorKnobs(BaseModel):
    """Ground-truth quantities the packet is built from (SPEC §2 counting rules apply to them)."""

    # 1 key-process NC rate
    key_processes: int = 6
    nc_key_processes: int = 5
    partial_nc_processes: int = 0  # of the non-NC'd key processes: mix of NC and manual equipment
    key_processes_without_equipment: int = 0  # of the non-NC'd key processes: no equipment at all
    non_key_processes: int = 2
    unknown_process_refs: int = 0  # equipment rows naming a process absent from the description
    # 2 robots per direct production worker
    robots: int = 12  # robots in the equipment list
    robot_list_delta: int = 0  # robot list total − equipment-list robots (≠ 0 → ROBOT_COUNT_MISMATCH)
    direct_staff: int = 240
    indirect_staff: int = 45
    borderline_staff: int = 0  # titles a classifier may not place (counted as direct by the truth)
    away_staff: int = 0  # direct-production titles whose status is 长期病假 / 外派: "other staff", not counted
    # 3 networking rate (by quantity, robots included)
    production_devices: int = 150
    networked_supported: int = 64  # claimed and ≥ 90 days of logs in the period
    networked_unsupported: int = 0  # claimed, logs < 90 days in the period
    supply_logs: bool = True
    # 4 design coverage (by output)
    products: int = 5
    digital_products: int = 4
    product_output_total: int = 12000
    product_output_digital: int = 11000
    # 5 business management digital rate
    digitised_segments: int = 6  # of the 7 standard segments
    missing_standard_segments: int = 0  # absent from the evidence
    late_systems: int = 0  # standard segments whose system went live < 3 months before period end
    extra_segments: int = 0
    extra_digitised: int = 0
    # 6 cost-to-output ratio (万元, two decimals)
    production_cost_wan: str = "8763.42"
    output_value_wan: str = "12480.50"


class PacketSpec(BaseModel):
    seed: int = 7
    preset: str = "custom"
    packet_id: str | None = None  # None → PKT-<year>-<seed>
    enterprise_name: str | None = None  # None → a seeded Beijing company name
    credit_code: str | None = None  # None → a seeded valid code
    industry_code: str = "C3911"
    assessment_year: int = 2026
    process_type: Literal["discrete", "process"] = "discrete"
    certifications: list[str] = Field(default_factory=list)
    declare_computed: bool = True  # manifest.declared = the truth's values (rounded)
    declared_overrides: dict[str, float] = Field(default_factory=dict)
    benefit_benchmark: float | None = 75.0  # national average cost-to-output ratio, %
    knobs: IndicatorKnobs = Field(default_factory=IndicatorKnobs)
    styles: dict[DocumentType, DocStyle] = Field(default_factory=default_styles)
    neutral_names: bool = True
    # data logs
    log_readings_per_day: int = 3
    unsupported_log_days: int = 60  # days inside the period for unsupported devices (< 90)
    log_asset_style: Literal["same", "compact", "mixed"] = "mixed"  # SB-001 vs SB001 in the logs
    log_year_offset: int = 0  # −1: every log is from Y−2 (outside the period) → PERIOD_NOT_COVERED
    # deliberate defects
    identity_mismatch_doc: DocumentType | None = None  # this document names a different enterprise
    invalid_credit_code: bool = False  # every mention carries a code failing the check character
    audit_year_offset: int = 0  # audit report fiscal year = Y−1+offset
    total_row_error: int = 0  # equipment list 合计 off by this much
    corrupt: Literal["truncated_pdf", "random_xlsx"] | None = None
    corrupt_target: DocumentType | None = None  # None → an extra file; else that document is replaced
    write_zip: bool = False
