"""`PacketTruth`: the answers a correct pipeline must give, computed from the world by SPEC §2."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from pydantic import BaseModel, Field

from models.flags import SEVERITY, FlagCode, Severity
from models.verdict import PROCESS_INDICATORS
from tests.packetgen.annex1 import group_for, groups_for
from tests.packetgen.ground import World
from tests.packetgen.spec import PacketSpec

MIN_LOG_DAYS = 90  # ≥ 3 months of data inside the period (SPEC §2)
SYSTEM_MIN_MONTHS = 3  # a system must have gone live ≥ 3 months before the period end
# Declared values farther than this from the truth are expected to raise CLAIM_DEVIATION. The
# generator only ever declares the exact value (rounded) or something far off, so any sensible
# tolerance of the pipeline agrees with this reading.
CLAIM_FAR = 1.0

# An audit report of another fiscal year (SPEC §2, updated): AUDIT_YEAR_MISMATCH once, its ratio is
# still computed and shown for the reviewer, and it cannot pass (it is not the year assessed).
STALE_AUDIT_COUNTS = True

# Certifications the generator may claim; all are equivalent-level ones (SPEC §2 pass rule).
KNOWN_CERTIFICATIONS = (
    "智能制造能力成熟度二级", "智能制造能力成熟度三级", "数字化转型成熟度三星", "两化融合管理体系贯标",
    "DCMM三级", "北京市智能工厂", "北京市数字化车间", "智能制造示范工厂", "5G全连接工厂",
)


class IndicatorTruth(BaseModel):
    value: float | None  # % (0–100) or ratio
    unit: str
    numerator: float | None
    denominator: float | None
    exact: str | None  # the value as an exact fraction, e.g. "691/2500" (×100 for %)
    threshold: float | None
    passed: bool | None
    # Robots only, when the roster holds borderline titles: the truth's denominator counts them as
    # direct (SPEC: uncertain → direct); a classifier sure they are indirect may go as low as this.
    denominator_min: float | None = None
    passed_at_min: bool | None = None


class BenefitTruth(BaseModel):
    value: float | None
    unit: str = "%"
    production_cost_yuan: float | None
    output_value_yuan: float | None
    benchmark: float | None
    passed: bool | None


class PacketTruth(BaseModel):
    preset: str
    seed: int
    packet_id: str
    enterprise_name: str
    credit_code: str
    industry_code: str
    industry_group: int | None
    assessment_year: int
    period_start: date
    period_end: date
    indicators: dict[str, IndicatorTruth]
    cost_to_output_ratio: BenefitTruth
    passed: bool
    route: str | None
    needs_review: bool
    expected_flags: list[str]  # codes that must be raised (sorted, unique)
    possible_flags: list[str] = Field(default_factory=list)  # codes a pipeline may raise without being wrong
    counts: dict[str, int | float | str] = Field(default_factory=dict)  # the ground-truth counts behind the rates
    files: dict[str, str] = Field(default_factory=dict)  # file in the packet → document type it holds
    unreadable_files: list[str] = Field(default_factory=list)
    zip_name: str | None = None


def _pct(num: int, den: int, threshold: Decimal | None, unit: str) -> IndicatorTruth:
    if den == 0:
        return IndicatorTruth(value=None, unit=unit, numerator=num, denominator=den, exact=None,
                              threshold=float(threshold) if threshold is not None else None, passed=None)
    frac = Fraction(num, den) * (100 if unit == "%" else 1)
    passed = None if threshold is None else frac >= Fraction(threshold)
    return IndicatorTruth(value=float(frac), unit=unit, numerator=num, denominator=den, exact=f"{num}/{den}",
                          threshold=float(threshold) if threshold is not None else None, passed=passed)


def _missing(unit: str, threshold: Decimal | None) -> IndicatorTruth:
    return IndicatorTruth(value=None, unit=unit, numerator=None, denominator=None, exact=None,
                          threshold=float(threshold) if threshold is not None else None, passed=None)


def _nc(world: World, flags: set[FlagCode], counts: dict) -> tuple[int, int]:
    described = {p.name for p in world.processes}
    nc = 0
    keys = [p for p in world.processes if p.is_key]
    for p in keys:
        mapped = [d for d in world.devices if d.process == p.name]
        if not mapped:
            flags.add(FlagCode.PROCESS_WITHOUT_EQUIPMENT)
        elif all(d.is_nc or d.is_robot for d in mapped):
            nc += 1
        elif any(d.is_nc or d.is_robot for d in mapped):
            flags.add(FlagCode.PARTIAL_NC_PROCESS)
    if any(d.process not in described for d in world.devices):
        flags.add(FlagCode.UNKNOWN_PROCESS_REF)
    counts.update(key_processes=len(keys), nc_key_processes=nc)
    return nc, len(keys)


def _robots(world: World, flags: set[FlagCode], counts: dict) -> tuple[int, int]:
    in_equipment = sum(d.quantity for d in world.devices if d.is_robot)
    in_list = sum(r.quantity for r in world.robots)
    if in_equipment != in_list:
        flags.add(FlagCode.ROBOT_COUNT_MISMATCH)
    direct = sum(1 for e in world.employees if e.role == "direct")
    borderline = sum(1 for e in world.employees if e.role == "borderline")
    counts.update(robots_equipment_list=in_equipment, robots_robot_list=in_list, direct_staff=direct,
                  borderline_staff=borderline, indirect_staff=sum(1 for e in world.employees if e.role == "indirect"),
                  away_staff=sum(1 for e in world.employees if e.role == "away"),
                  roster_people=len(world.employees))
    return min(in_equipment, in_list), direct + borderline  # uncertain titles count as direct (SPEC §2)


def _days_in_period(world: World, start: date, end: date) -> int:
    lo, hi = max(start, world.period_start), min(end, world.period_end)
    return max(0, (hi - lo).days + 1)


def _networking(world: World, flags: set[FlagCode], counts: dict) -> tuple[int, int]:
    total = sum(d.quantity for d in world.devices)
    claimed = [d for d in world.devices if d.networked]
    if not world.logs:
        if claimed:
            flags.add(FlagCode.MISSING_EVIDENCE)
        networked = sum(d.quantity for d in claimed)
    else:
        support = {log.device_asset_no: _days_in_period(world, log.start, log.end) for log in world.logs}
        if max(support.values()) == 0:  # the log set covers neither Y−1 nor any month of Y
            flags.add(FlagCode.PERIOD_NOT_COVERED)
        networked = 0
        for d in claimed:
            if support.get(d.asset_no, 0) >= MIN_LOG_DAYS:
                networked += d.quantity
            else:
                flags.add(FlagCode.NETWORK_DATA_INSUFFICIENT)
    counts.update(production_devices=total, networked_claimed=sum(d.quantity for d in claimed),
                  networked_supported=networked, equipment_rows=len(world.devices))
    return networked, total


def _design(world: World, counts: dict) -> tuple[int, int]:
    total = sum(p.output for p in world.products)
    digital = sum(p.output for p in world.products if p.digital)
    counts.update(product_types=len(world.products), digital_product_types=sum(p.digital for p in world.products),
                  product_output_total=total, product_output_digital=digital)
    return digital, total


def _business(world: World, flags: set[FlagCode], counts: dict) -> tuple[int, int]:
    present = {s.key for s in world.segments if s.key}
    if len(present) < 7:
        flags.add(FlagCode.STANDARD_SEGMENT_MISSING)
    cutoff = world.period_end - timedelta(days=92)  # ≥ 3 months before period end
    digitised = 0
    for s in world.segments:
        if s.system and s.go_live and s.go_live <= cutoff:
            digitised += 1
        elif s.system:
            flags.add(FlagCode.SYSTEM_DATA_INSUFFICIENT)
    extras = sum(1 for s in world.segments if s.key is None)
    counts.update(segments_total=7 + extras, segments_digitised=digitised, standard_segments_present=len(present))
    return digitised, 7 + extras


def compute_truth(spec: PacketSpec, world: World, unreadable: set[str] | None = None) -> PacketTruth:
    """Apply SPEC §2 to the world. `unreadable` holds document types whose file is corrupt."""
    unreadable = unreadable or set()
    flags: set[FlagCode] = set()
    possible: set[FlagCode] = set()
    counts: dict = {}
    found = groups_for(spec.industry_code)
    group = group_for(spec.industry_code)
    if len(found) != 1:
        flags.add(FlagCode.INDUSTRY_UNMAPPED)

    def thr(name: str) -> Decimal | None:
        return group.threshold(name) if group else None

    def needs(*doc_types: str) -> bool:
        if any(t in unreadable for t in doc_types):
            flags.add(FlagCode.MISSING_EVIDENCE)
            return False
        return True

    ind: dict[str, IndicatorTruth] = {}
    n, d = _nc(world, flags, counts)
    ind["key_process_nc_rate"] = (_pct(n, d, thr("key_process_nc_rate"), "%")
                                  if needs("process_description", "equipment_list") else _missing("%", thr("key_process_nc_rate")))
    n, d = _robots(world, flags, counts)
    ind["robots_per_production_worker"] = (_pct(n, d, thr("robots_per_production_worker"), "ratio")
                                           if needs("robot_list", "staff_roster") else _missing("ratio", thr("robots_per_production_worker")))
    if counts["borderline_staff"] and ind["robots_per_production_worker"].value is not None:
        low = d - counts["borderline_staff"]
        at_min = _pct(n, low, thr("robots_per_production_worker"), "ratio")
        ind["robots_per_production_worker"].denominator_min = low
        ind["robots_per_production_worker"].passed_at_min = at_min.passed
    if "data_collection_log" in unreadable:
        flags.add(FlagCode.MISSING_EVIDENCE)
        world = world.model_copy(update={"logs": []})
    n, d = _networking(world, flags, counts)
    ind["equipment_networking_rate"] = (_pct(n, d, thr("equipment_networking_rate"), "%")
                                        if needs("equipment_list") else _missing("%", thr("equipment_networking_rate")))
    n, d = _design(world, counts)
    ind["digital_design_tool_coverage"] = (_pct(n, d, thr("digital_design_tool_coverage"), "%")
                                           if needs("product_list", "design_tool_list") else _missing("%", thr("digital_design_tool_coverage")))
    n, d = _business(world, flags, counts)
    ind["business_management_digital_rate"] = (_pct(n, d, thr("business_management_digital_rate"), "%")
                                               if needs("business_system_list") else _missing("%", thr("business_management_digital_rate")))

    cost_yuan = float(world.cost_wan * 10000)
    output_yuan = float(world.output_wan * 10000)
    stale_audit = world.fiscal_year != world.period_end.year
    if stale_audit:
        flags.add(FlagCode.AUDIT_YEAR_MISMATCH)
        if not STALE_AUDIT_COUNTS:
            flags.add(FlagCode.MISSING_EVIDENCE)
    if needs("audit_report") and (STALE_AUDIT_COUNTS or not stale_audit):
        ratio = Fraction(world.cost_wan) / Fraction(world.output_wan) * 100
        bench = spec.benefit_benchmark
        benefit = BenefitTruth(value=float(ratio), production_cost_yuan=cost_yuan, output_value_yuan=output_yuan,
                               benchmark=bench, passed=None if bench is None else (
                                   ratio < Fraction(str(bench)) and not stale_audit))
    else:
        benefit = BenefitTruth(value=None, production_cost_yuan=None, output_value_yuan=None,
                               benchmark=spec.benefit_benchmark, passed=None)

    if spec.identity_mismatch_doc is not None:
        flags.add(FlagCode.IDENTITY_MISMATCH)
    if spec.invalid_credit_code:
        flags.add(FlagCode.CREDIT_CODE_INVALID)
    if spec.total_row_error:
        flags.add(FlagCode.TOTAL_MISMATCH)
    if unreadable:
        flags.add(FlagCode.UNREADABLE_DOCUMENT)
    if any(style.format.value == "scan-pdf" for style in spec.styles.values()):
        possible.add(FlagCode.OCR_LOW_CONFIDENCE)
    if counts.get("borderline_staff"):
        # the classifier may or may not be sure; if sure they are indirect, the declared (conservative)
        # robots-per-worker figure deviates from the computed one
        possible.update({FlagCode.STAFF_ROLE_UNCERTAIN, FlagCode.CLAIM_DEVIATION})
    for key, declared in spec.declared_overrides.items():
        truth = ind[key].value if key in ind else benefit.value
        if truth is not None and abs(declared - truth) > CLAIM_FAR:
            flags.add(FlagCode.CLAIM_DEVIATION)

    passes = sum(1 for k in PROCESS_INDICATORS if ind[k].passed)
    certified = any(c in KNOWN_CERTIFICATIONS for c in spec.certifications)
    route = ("three_of_five" if passes >= 3 else "two_plus_benefit" if passes == 2 and benefit.passed
             else "certification" if certified else None)
    counts["process_indicators_passed"] = passes
    return PacketTruth(
        preset=spec.preset, seed=spec.seed, packet_id=world.packet_id, enterprise_name=world.enterprise_name,
        credit_code=world.credit_code, industry_code=spec.industry_code, industry_group=group.no if group else None,
        assessment_year=spec.assessment_year, period_start=world.period_start, period_end=world.period_end,
        indicators=ind, cost_to_output_ratio=benefit, passed=route is not None, route=route,
        needs_review=any(SEVERITY[f] == Severity.ERROR for f in flags),
        expected_flags=sorted(f.value for f in flags), possible_flags=sorted(f.value for f in possible), counts=counts,
    )


def declared_values(truth: PacketTruth) -> dict[str, float]:
    """What a truthful application form states: each computed value, rounded as a form would."""
    out = {k: round(v.value, 4 if v.unit == "ratio" else 2) for k, v in truth.indicators.items() if v.value is not None}
    if truth.cost_to_output_ratio.value is not None:
        out["cost_to_output_ratio"] = round(truth.cost_to_output_ratio.value, 2)
    return out
