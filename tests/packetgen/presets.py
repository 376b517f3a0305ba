"""Preset specs: each one a packet with a known intent (pass, fail, route, boundary, bad file)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from models.document import DocumentType as D
from tests.packetgen.spec import DocStyle, FileFormat, IndicatorKnobs, PacketSpec, default_styles

BoundaryIndicator = Literal[
    "key_process_nc_rate", "robots_per_production_worker", "equipment_networking_rate",
    "digital_design_tool_coverage", "business_management_digital_rate",
]


def default_spec(seed: int = 7) -> PacketSpec:
    """A clean packet passing by three_of_five (all five process indicators pass), no error/warning flags."""
    return PacketSpec(seed=seed, preset="default")


def failing_spec(seed: int = 7) -> PacketSpec:
    """Fails every route: 0 of 5 process indicators, benefit above the benchmark, no certification.
    Carries PARTIAL_NC_PROCESS, NETWORK_DATA_INSUFFICIENT, STANDARD_SEGMENT_MISSING, SYSTEM_DATA_INSUFFICIENT."""
    styles = default_styles()
    styles[D.EQUIPMENT_LIST] = DocStyle(format=FileFormat.CSV_GB18030, title_rows=1, total_row=True, bool_style="check")
    styles[D.STAFF_ROSTER] = DocStyle(format=FileFormat.XLSX, title_rows=1)
    styles[D.PROCESS_DESCRIPTION] = DocStyle(format=FileFormat.PDF, prose=False)
    knobs = IndicatorKnobs(
        key_processes=6, nc_key_processes=2, partial_nc_processes=1,
        robots=3, direct_staff=300, indirect_staff=50,
        production_devices=150, networked_supported=20, networked_unsupported=10,
        products=5, digital_products=2, product_output_total=12000, product_output_digital=4000,
        digitised_segments=3, missing_standard_segments=1, late_systems=1,
        production_cost_wan="9812.40", output_value_wan="10450.00",
    )
    return PacketSpec(seed=seed, preset="failing", knobs=knobs, styles=styles)


def two_plus_benefit_spec(seed: int = 7) -> PacketSpec:
    """Exactly two process indicators pass (NC rate, networking) and the cost-to-output ratio beats the benchmark."""
    knobs = IndicatorKnobs(
        robots=4, direct_staff=260,  # 0.0154 < 0.03
        products=4, digital_products=2, product_output_total=8000, product_output_digital=5000,  # 62.5 < 83.1
        digitised_segments=4,  # 4/7 = 57.1 < 74.7
        production_cost_wan="8210.00", output_value_wan="12500.00",  # 65.68 < 75
    )
    styles = default_styles()
    styles[D.ROBOT_LIST] = DocStyle(format=FileFormat.XLSX, title_rows=1, total_row=True)
    styles[D.STAFF_ROSTER] = DocStyle(format=FileFormat.CSV_UTF8, title_rows=0)
    return PacketSpec(seed=seed, preset="two_plus_benefit", knobs=knobs, styles=styles)


def certification_spec(seed: int = 7) -> PacketSpec:
    """One process indicator passes, benefit fails, but an equivalent certification carries the packet."""
    knobs = IndicatorKnobs(
        key_processes=6, nc_key_processes=2, robots=2, direct_staff=220,
        production_devices=120, networked_supported=50,  # 41.7 ≥ 27.64: the one passing indicator
        products=4, digital_products=1, product_output_total=9000, product_output_digital=2000,
        digitised_segments=3, production_cost_wan="9500.00", output_value_wan="11000.00",
    )
    return PacketSpec(seed=seed, preset="certification", knobs=knobs, certifications=["智能制造能力成熟度二级"])


# Exact fractions equal to Annex 1 thresholds: industry code, knob updates, (numerator, denominator).
_BOUNDARY: dict[str, tuple[str, dict, tuple[int, int]]] = {
    # group 13 仪器仪表 (C40): 45.00% = 9/20 key processes
    "key_process_nc_rate": ("C4011", {"key_processes": 20, "nc_key_processes": 9, "production_devices": 220,
                                      "networked_supported": 90}, (9, 20)),
    # group 4 电子信息 (C39): 0.03 = 9/300 direct staff
    "robots_per_production_worker": ("C3911", {"robots": 9, "direct_staff": 300}, (9, 300)),
    # group 4: 27.64% = 691/2500 devices (quantities make the large denominator)
    "equipment_networking_rate": ("C3911", {"production_devices": 2500, "networked_supported": 691}, (691, 2500)),
    # group 4: 83.10% = 8310/10000 output
    "digital_design_tool_coverage": ("C3911", {"product_output_total": 10000, "product_output_digital": 8310}, (8310, 10000)),
    # group 13: 67.50% = 27/40 segments (7 standard + 33 extra; 7 + 20 digitised)
    "business_management_digital_rate": ("C4011", {"digitised_segments": 7, "extra_segments": 33,
                                                   "extra_digitised": 20}, (27, 40)),
}

_BELOW_KNOB = {
    "key_process_nc_rate": "nc_key_processes",
    "robots_per_production_worker": "robots",
    "equipment_networking_rate": "networked_supported",
    "digital_design_tool_coverage": "product_output_digital",
    "business_management_digital_rate": "extra_digitised",
}


def boundary_fraction(indicator: BoundaryIndicator) -> tuple[int, int]:
    return _BOUNDARY[indicator][2]


def boundary_spec(seed: int = 7, indicator: BoundaryIndicator = "equipment_networking_rate",
                  below: bool = False) -> PacketSpec:
    """`indicator` lands exactly on its Annex 1 threshold (passes: value ≥ threshold); with `below`,
    one unit under it (fails). The other indicators keep the default's passing values."""
    code, updates, _ = _BOUNDARY[indicator]
    knobs = IndicatorKnobs().model_copy(update=dict(updates))
    if below:
        field = _BELOW_KNOB[indicator]
        setattr(knobs, field, getattr(knobs, field) - 1)
    return PacketSpec(seed=seed, preset=f"boundary-{indicator}{'-below' if below else ''}", industry_code=code,
                      knobs=knobs)


def corrupt_spec(seed: int = 7, kind: Literal["truncated_pdf", "random_xlsx"] = "random_xlsx",
                 target: D | None = None) -> PacketSpec:
    """The default packet plus one corrupt file (an extra one, or `target`'s document replaced)."""
    return PacketSpec(seed=seed, preset=f"corrupt-{kind}", corrupt=kind, corrupt_target=target)


def variety_spec(seed: int = 7) -> PacketSpec:
    """Passes like the default, but every document in another container and shape: a PDF equipment list
    continued over pages without its header, tab-separated GB18030 CSVs, docx tables, full-width numbers."""
    D_ = D
    styles = {
        D_.PROCESS_DESCRIPTION: DocStyle(format=FileFormat.DOCX, prose=False, bool_style="check"),
        D_.EQUIPMENT_LIST: DocStyle(format=FileFormat.PDF, title_rows=2, merged_header=True, total_row=True,
                                    repeat_header=False, bool_style="youwu", number_style="mixed"),
        D_.ROBOT_LIST: DocStyle(format=FileFormat.CSV_GB18030, title_rows=2, csv_sep="\t", total_row=True),
        D_.STAFF_ROSTER: DocStyle(format=FileFormat.XLSX, title_rows=1),
        D_.PRODUCT_LIST: DocStyle(format=FileFormat.XLSX, title_rows=2, total_row=True, number_style="fullwidth",
                                  bool_style="check"),
        D_.DESIGN_TOOL_LIST: DocStyle(format=FileFormat.DOCX, number_style="chinese"),
        D_.BUSINESS_SYSTEM_LIST: DocStyle(format=FileFormat.CSV_UTF8, title_rows=1),
        D_.DATA_COLLECTION_LOG: DocStyle(format=FileFormat.CSV_GB18030, title_rows=1),
        D_.AUDIT_REPORT: DocStyle(format=FileFormat.PDF, prose=True),
    }
    knobs = IndicatorKnobs(key_processes=14, nc_key_processes=11, non_key_processes=4, production_devices=260,
                           networked_supported=120, direct_staff=260)
    return PacketSpec(seed=seed, preset="variety", knobs=knobs, styles=styles, log_readings_per_day=2)


def borderline_staff_spec(seed: int = 7) -> PacketSpec:
    """The default plus 12 borderline titles (生产主管, 工艺工程师 …; counted as direct until reviewed, may
    raise STAFF_ROLE_UNCERTAIN) and 5 direct workers on 长期病假/外派 (other staff: not counted)."""
    knobs = IndicatorKnobs(borderline_staff=12, away_staff=5)
    return PacketSpec(seed=seed, preset="borderline-staff", knobs=knobs)


def identity_mismatch_spec(seed: int = 7) -> PacketSpec:
    """The default, but the robot list names a slightly different enterprise (北京… vs 北京市…)."""
    return PacketSpec(seed=seed, preset="identity-mismatch", identity_mismatch_doc=D.ROBOT_LIST)


def claim_deviation_spec(seed: int = 7) -> PacketSpec:
    """The default, but the application form declares a networking rate far above the evidence."""
    return PacketSpec(seed=seed, preset="claim-deviation", declared_overrides={"equipment_networking_rate": 65.0})


def scanned_spec(seed: int = 7, skew_deg: float = 0.8, noise: float = 0.002) -> PacketSpec:
    """The default, but the robot list, the product list and the audit report are scans (no text layer,
    skewed by `skew_deg`, speckled): the OCR path end to end. OCR_LOW_CONFIDENCE may be raised."""
    styles = default_styles()
    scan = {"format": FileFormat.SCAN_PDF, "scan_skew_deg": skew_deg, "scan_noise": noise}
    styles[D.ROBOT_LIST] = DocStyle(total_row=True, **scan)
    styles[D.PRODUCT_LIST] = DocStyle(bool_style="shifou", **scan)
    styles[D.AUDIT_REPORT] = DocStyle(prose=True, **scan)
    preset = "scanned" if (skew_deg, noise) == (0.8, 0.002) else "scanned-clean" if not (skew_deg or noise) else "scanned-custom"
    return PacketSpec(seed=seed, preset=preset, styles=styles)


def multi_sheet_spec(seed: int = 7) -> PacketSpec:
    """The default, but the equipment list and the roster are workbooks split over workshop sheets."""
    styles = default_styles()
    styles[D.EQUIPMENT_LIST] = DocStyle(format=FileFormat.XLSX, title_rows=1, sheets=3, number_style="mixed")
    styles[D.STAFF_ROSTER] = DocStyle(format=FileFormat.XLSX, title_rows=0, sheets=4)
    return PacketSpec(seed=seed, preset="multi-sheet", styles=styles)


def stale_logs_spec(seed: int = 7) -> PacketSpec:
    """The default, but the data-collection export is from Y−2: no device is supported, networking fails."""
    return PacketSpec(seed=seed, preset="stale-logs", log_year_offset=-1)


def audit_year_spec(seed: int = 7) -> PacketSpec:
    """The default, but the audit report is for Y−2 (AUDIT_YEAR_MISMATCH)."""
    return PacketSpec(seed=seed, preset="audit-year", audit_year_offset=-1)


def warnings_spec(seed: int = 7) -> PacketSpec:
    """Structural findings on a passing packet: a partially NC'd key process, a key process without
    equipment, equipment on an undescribed process, a robot list 2 short of the equipment list,
    a 合计 row off by 5."""
    knobs = IndicatorKnobs(key_processes=8, nc_key_processes=5, partial_nc_processes=1,
                           key_processes_without_equipment=1, unknown_process_refs=1, robot_list_delta=-2)
    return PacketSpec(seed=seed, preset="warnings", knobs=knobs, total_row_error=5)


def zip_spec(seed: int = 7) -> PacketSpec:
    """The default packet delivered as one zip (`<packet-id>.zip`)."""
    return PacketSpec(seed=seed, preset="zip", write_zip=True)


PRESETS: dict[str, Callable[[int], PacketSpec]] = {
    "default": default_spec,
    "failing": failing_spec,
    "two_plus_benefit": two_plus_benefit_spec,
    "certification": certification_spec,
    **{f"boundary-{k}": (lambda s, k=k: boundary_spec(s, k)) for k in _BOUNDARY},  # type: ignore[misc]
    **{f"boundary-{k}-below": (lambda s, k=k: boundary_spec(s, k, below=True)) for k in _BOUNDARY},  # type: ignore[misc]
    "corrupt-xlsx": lambda s: corrupt_spec(s, "random_xlsx"),
    "corrupt-pdf": lambda s: corrupt_spec(s, "truncated_pdf"),
    "corrupt-audit": lambda s: corrupt_spec(s, "truncated_pdf", D.AUDIT_REPORT),
    "zip": zip_spec,
    "variety": variety_spec,
    "scanned": scanned_spec,
    "scanned-clean": lambda s: scanned_spec(s, skew_deg=0.0, noise=0.0),
    "multi-sheet": multi_sheet_spec,
    "stale-logs": stale_logs_spec,
    "audit-year": audit_year_spec,
    "warnings": warnings_spec,
    "borderline-staff": borderline_staff_spec,
    "identity-mismatch": identity_mismatch_spec,
    "claim-deviation": claim_deviation_spec,
}
