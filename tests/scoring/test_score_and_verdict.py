import json
from datetime import date

import pytest

from models import (
    ControlType,
    EvidenceRef,
    FinancialKind,
    FlagCode,
    IdentityMention,
    Route,
    Severity,
    make_flag,
)
from scoring import build_verdict, score
from tests.scoring.builders import (
    ALL_SEGMENTS,
    device,
    employee,
    log,
    money,
    packet,
    process,
    product,
    ref,
    robot,
    system,
)


def nc_packet(code: str, nc: int, total: int, **kw):
    """`total` key processes of which `nc` have only NC equipment."""
    procs = [process(f"工序{i}") for i in range(total)]
    devs = [device(f"设备{i}", f"工序{i}", is_nc=i < nc) for i in range(total)]
    return packet(code, processes=procs, devices=devs, **kw)


# --- boundaries: a value exactly equal to the group's threshold passes, just below fails ---

@pytest.mark.parametrize("code, nc, total, passed", [
    ("C3911", 78, 125, True),  # 62.40 % = group 4 threshold 62.40
    ("C3911", 77, 125, False),  # 61.60 %
    ("C2312", 11, 20, True),  # 55 % = group 12 threshold 55.00
    ("C2312", 109, 200, False),  # 54.5 %
])
def test_nc_rate_boundary(code, nc, total, passed):
    result = score(nc_packet(code, nc, total))
    assert result.indicators.key_process_nc_rate.passed is passed


@pytest.mark.parametrize("code, robots, staff, passed", [
    ("C2710", 1, 40, True),  # 0.025 = group 3 threshold (not exact in binary floating point)
    ("C2710", 1, 41, False),
    ("C3911", 3, 100, True),  # 0.03 = group 4
    ("C3911", 3, 101, False),
    ("C2011", 3, 200, True),  # 0.015 = group 11
])
def test_robot_ratio_boundary(code, robots, staff, passed):
    facts = packet(code, robots=[robot(robots)], employees=[employee(headcount=staff)])
    assert score(facts).indicators.robots_per_production_worker.passed is passed


@pytest.mark.parametrize("code, networked, other, passed", [
    ("C3011", 251, 749, True),  # 25.10 % = group 7 (建材)
    ("C3011", 250, 750, False),
    ("C2011", 1, 3, True),  # 25 % = group 11
    ("C3911", 2764, 7236, True),  # 27.64 % = group 4
    ("C3911", 2763, 7237, False),
])
def test_networking_boundary(code, networked, other, passed):
    facts = packet(code, devices=[device(quantity=networked, networked=True), device(quantity=other, networked=False)])
    assert score(facts).indicators.equipment_networking_rate.passed is passed


@pytest.mark.parametrize("digital, other, passed", [(83.1, 16.9, True), (83.09, 16.91, False)])
def test_design_coverage_boundary_with_decimal_outputs(digital, other, passed):
    facts = packet("C3911", products=[product("a", digital, True), product("b", other, False)])
    assert score(facts).indicators.digital_design_tool_coverage.passed is passed


def test_business_rate_against_group_threshold():
    rows = [system(s) for s in ALL_SEGMENTS[:5]] + [system("仓储")]
    ind = score(packet("C3111", business_systems=rows)).indicators.business_management_digital_rate
    assert (ind.numerator, ind.denominator, ind.value, ind.threshold) == (6, 8, 75.0, 62.2)
    assert ind.passed is True


def test_display_rounding_and_units():
    ind = score(nc_packet("C3911", 2, 3)).indicators.key_process_nc_rate
    assert ind.value == 66.67 and ind.unit == "%" and ind.threshold == 62.4 and ind.passed is True
    r = score(packet("C3911", robots=[robot(12)], employees=[employee(headcount=350)]))
    assert r.indicators.robots_per_production_worker.value == 0.0343
    assert r.indicators.robots_per_production_worker.unit == "ratio"


def test_unmapped_industry_computes_indicators_without_thresholds():
    result = score(nc_packet("C2211", 3, 3))
    ind = result.indicators.key_process_nc_rate
    assert ind.value == 100 and ind.threshold is None and ind.passed is None
    assert result.group is None and result.passed is False
    assert FlagCode.INDUSTRY_UNMAPPED in {f.code for f in result.flags}


def test_c30_uses_building_materials_thresholds():
    result = score(nc_packet("C3021", 634, 1000))  # 63.40 %: passes 建材 (63.40), would fail 材料 (69.20)
    assert result.group.group_no == 7 and result.indicators.key_process_nc_rate.passed is True
    assert [f.code for f in result.flags if f.code == FlagCode.INDUSTRY_UNMAPPED] == [FlagCode.INDUSTRY_UNMAPPED]


def full_packet(**manifest):
    """A packet meeting NC rate, robots and networking for group 4; design and business fail."""
    procs = [process("贴片"), process("焊接"), process("组装"), process("包装", is_key=False)]
    devs = [
        device("贴片机", "贴片", quantity=4, control=ControlType.CNC, networked=True, asset_no="SMT-01"),
        device("焊接机器人", "焊接", quantity=2, robot=True, networked=True, asset_no="RB-01"),
        device("螺丝机", "组装", quantity=2, is_nc=True, networked=False, asset_no="LS-01"),
        device("手工台", "组装", quantity=1, is_nc=False, asset_no="ST-01"),
    ]
    return packet(
        "C3911",
        manifest=manifest,
        processes=procs,
        devices=devs,
        robots=[robot(3, "焊接")],
        employees=[employee(headcount=50), employee(headcount=10, role=None, uncertain=True)],
        products=[product("服务器", 10, True), product("交换机", 90, False)],
        business_systems=[system(s) for s in ALL_SEGMENTS[:4]],
        log_spans=[log("SMT01", date(2025, 1, 1), date(2025, 12, 31)), log("RB01", date(2025, 3, 1), date(2025, 4, 30))],
        financials=[money(FinancialKind.PRODUCTION_COST, 712.0), money(FinancialKind.INDUSTRIAL_OUTPUT_VALUE, 1000.0)],
        identities=[IdentityMention(enterprise_name="北京某某电子有限公司", credit_code="91110108MA01ABCDE1",
                                    ref=ref("审计报告.pdf", 1, sheet=None))],
    )


def test_full_packet_score():
    result = score(full_packet(benefit_benchmarks={"cost_to_output_ratio": 75.0}))
    ind = result.indicators
    assert (ind.key_process_nc_rate.numerator, ind.key_process_nc_rate.denominator) == (2, 3)  # 组装 partial
    assert (ind.robots_per_production_worker.numerator, ind.robots_per_production_worker.denominator) == (2, 60)
    assert (ind.equipment_networking_rate.numerator, ind.equipment_networking_rate.denominator) == (4, 9)
    assert ind.digital_design_tool_coverage.value == 10.0
    assert (ind.business_management_digital_rate.numerator, ind.business_management_digital_rate.denominator) == (4, 7)
    assert ind.cost_to_output_ratio.value == 71.2 and ind.cost_to_output_ratio.passed is True
    assert [ind.key_process_nc_rate.passed, ind.robots_per_production_worker.passed,
            ind.equipment_networking_rate.passed] == [True, True, True]
    assert result.passed is True and result.route == Route.THREE_OF_FIVE
    codes = [f.code for f in result.flags]
    assert codes.count(FlagCode.PARTIAL_NC_PROCESS) == 1
    assert codes.count(FlagCode.ROBOT_COUNT_MISMATCH) == 1
    assert codes.count(FlagCode.NETWORK_DATA_INSUFFICIENT) == 1  # RB-01 has 61 days
    assert codes.count(FlagCode.STANDARD_SEGMENT_MISSING) == 3
    assert {f.indicator for f in result.derived} >= {"key_process_nc_rate", "equipment_networking_rate"}


def test_score_does_not_modify_facts():
    facts = full_packet()
    before = facts.model_dump_json()
    score(facts)
    assert facts.model_dump_json() == before


def test_verdict_contract_shape():
    facts = full_packet()
    result = score(facts)
    other = make_flag(FlagCode.DUPLICATE_RECORD, "资产编号重复", [EvidenceRef(file="设备清单.xlsx", sheet="Sheet1", row=14)])
    verdict = build_verdict(facts, result, [other])
    data = json.loads(verdict.to_contract_json())
    assert list(data) == ["schema_version", "packet_id", "enterprise", "period", "indicators", "passed",
                          "needs_review", "route", "flags", "status", "failed_steps", "low_confidence_matches"]
    assert (data["status"], data["failed_steps"], data["low_confidence_matches"]) == ("success", [], [])
    assert data["schema_version"] == 1 and data["packet_id"] == "pkt-1"
    assert data["enterprise"] == {"name": "北京某某电子有限公司", "credit_code": "91110108MA01ABCDE1",
                                  "industry_code": "C3911", "industry_group": 4}
    assert data["period"] == {"assessment_year": 2026, "basis": "prior_year", "start": "2025-01-01",
                              "end": "2025-12-31"}
    assert list(data["indicators"]) == ["key_process_nc_rate", "robots_per_production_worker",
                                        "equipment_networking_rate", "digital_design_tool_coverage",
                                        "business_management_digital_rate", "cost_to_output_ratio"]
    assert set(data["indicators"]["key_process_nc_rate"]) == {"value", "unit", "numerator", "denominator",
                                                              "threshold", "passed"}
    assert data["indicators"]["cost_to_output_ratio"] == {"value": 71.2, "unit": "%", "benchmark": None,
                                                          "passed": None}
    assert data["route"] == "three_of_five" and data["passed"] is True
    assert data["needs_review"] is True  # ROBOT_COUNT_MISMATCH and NETWORK_DATA_INSUFFICIENT are errors
    first = data["flags"][0]
    assert set(first) == {"code", "severity", "message", "evidence"}
    assert first["evidence"] == [{"file": "设备清单.xlsx", "sheet": "Sheet1", "row": 14}]
    assert len(data["flags"]) == 1 + len(result.flags)
    # flags already passed in are not duplicated
    assert len(build_verdict(facts, result, [other, *result.flags]).flags) == len(verdict.flags)


def test_needs_review_only_for_error_flags():
    facts = packet("C3911", processes=[process("a")], devices=[device("x", "a", is_nc=True)])
    result = score(facts)
    warning_only = [f for f in result.flags if f.severity != Severity.ERROR]
    verdict = build_verdict(facts, result.model_copy(update={"flags": warning_only}), [])
    assert verdict.needs_review is False
    assert build_verdict(facts, result, []).needs_review is True  # missing evidence elsewhere


def test_manifest_identity_wins_and_null_indicators_serialise_as_null():
    facts = packet("c 3911", manifest={"enterprise_name": "清单名称有限公司"})
    verdict = build_verdict(facts, score(facts), [])
    data = json.loads(verdict.to_contract_json())
    assert data["enterprise"]["name"] == "清单名称有限公司" and data["enterprise"]["industry_code"] == "C3911"
    ind = data["indicators"]["equipment_networking_rate"]
    assert ind["value"] is None and ind["passed"] is None and ind["threshold"] == 27.64
    assert data["passed"] is False and data["route"] is None and data["needs_review"] is True
