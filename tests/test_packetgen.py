"""The packet generator: deterministic, valid identity, truth consistent with its files, presets hit their intent."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pdfplumber
import pytest
from openpyxl import load_workbook

from models.document import DocumentType as D
from models.manifest import Manifest
from models.records import asset_key
from models.verdict import PROCESS_INDICATORS
from tests.packetgen import (
    DocStyle,
    FileFormat,
    IndicatorKnobs,
    PacketSpec,
    audit_year_spec,
    borderline_staff_spec,
    boundary_fraction,
    boundary_spec,
    build_files,
    build_world,
    certification_spec,
    check_char,
    claim_deviation_spec,
    corrupt_spec,
    default_spec,
    failing_spec,
    generate_packet,
    identity_mismatch_spec,
    is_valid,
    make_credit_code,
    multi_sheet_spec,
    scanned_spec,
    stale_logs_spec,
    two_plus_benefit_spec,
    variety_spec,
    warnings_spec,
)
from tests.packetgen.annex1 import group_for
from tests.packetgen.creditcode import ALPHABET
from tests.packetgen.truth import compute_truth

BOUNDARY = list(PROCESS_INDICATORS)


@pytest.fixture(scope="module")
def default_packet():
    return build_files(default_spec(7))


# --- identity -------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["914403001922038216", "91330100799655058B"])
def test_real_credit_codes_validate(code):
    assert is_valid(code)


def test_generated_code_validates_and_any_one_char_change_fails():
    import random

    rng = random.Random(3)
    for _ in range(20):
        code = make_credit_code(rng)
        assert is_valid(code) and check_char(code[:17]) == code[17]
        for pos in range(18):
            for ch in ALPHABET:
                if ch != code[pos]:
                    assert not is_valid(code[:pos] + ch + code[pos + 1 :]), (code, pos, ch)


def test_invalid_credit_code_knob_flags_it():
    files, truth = build_files(PacketSpec(seed=5, invalid_credit_code=True))
    assert not is_valid(truth.credit_code)
    assert "CREDIT_CODE_INVALID" in truth.expected_flags


# --- determinism ------------------------------------------------------------------------------------
def test_same_seed_same_bytes(default_packet):
    again, _ = build_files(default_spec(7))
    files, _ = default_packet
    assert set(again) == set(files)
    for name in files:
        assert again[name] == files[name], name


def test_other_seed_other_packet(default_packet):
    files, truth = default_packet
    other, other_truth = build_files(default_spec(8))
    assert other_truth.credit_code != truth.credit_code
    assert other["manifest.json"] != files["manifest.json"]


# --- the files ----------------------------------------------------------------------------------------
def test_manifest_parses_and_declares_the_truth(default_packet):
    files, truth = default_packet
    m = Manifest.model_validate_json(files["manifest.json"])
    assert m.packet_id == truth.packet_id and m.credit_code == truth.credit_code
    assert m.declared["equipment_networking_rate"] == pytest.approx(truth.indicators["equipment_networking_rate"].value, abs=0.01)
    assert m.benefit_benchmarks["cost_to_output_ratio"] == truth.cost_to_output_ratio.benchmark


def test_file_names_do_not_reveal_the_type(default_packet):
    files, truth = default_packet
    words = ("设备", "机器人", "花名册", "人员", "工序", "产品", "软件", "系统", "采集", "审计", "equipment", "audit")
    for name in truth.files:
        assert not any(w in name for w in words), name
    assert len(set(truth.files.values())) == 9


def test_every_document_names_the_enterprise(default_packet):
    files, truth = default_packet
    for name, kind in truth.files.items():
        if kind == "data_collection_log":
            continue
        assert truth.enterprise_name in _text(name, files[name]), name


def test_formats_are_what_the_content_says(default_packet):
    files, truth = default_packet
    by_kind = {k: n for n, k in truth.files.items()}
    assert files[by_kind["audit_report"]].startswith(b"%PDF")
    assert files[by_kind["equipment_list"]].startswith(b"PK")
    gbk = files[by_kind["design_tool_list"]]
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert "软件" in gbk.decode("gbk")
    assert files[by_kind["data_collection_log"]].startswith(b"\xef\xbb\xbf")  # utf-8-sig


def test_audit_report_is_born_digital_with_figures(default_packet):
    files, truth = default_packet
    name = next(n for n, k in truth.files.items() if k == "audit_report")
    text = _text(name, files[name])
    year = truth.period_end.year
    assert "审计报告" in text and f"{year}年度" in text and truth.credit_code in text
    cost_wan = truth.cost_to_output_ratio.production_cost_yuan / 10000
    assert f"营业成本 {cost_wan:,.2f}" in text


def test_long_pdf_table_continues_on_next_pages(default_packet):
    files, truth = default_packet
    name = next(n for n, k in truth.files.items() if k == "staff_roster")
    with pdfplumber.open(io.BytesIO(files[name])) as pdf:
        assert len(pdf.pages) > 2
        rows = [r for p in pdf.pages for t in p.extract_tables() for r in t if r and r[0] and r[0].isdigit()]
    assert len(rows) == truth.counts["roster_people"]


def test_equipment_workbook_has_titles_merged_header_and_total(default_packet):
    files, truth = default_packet
    name = next(n for n, k in truth.files.items() if k == "equipment_list")
    ws = load_workbook(io.BytesIO(files[name])).active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "A3:A4" in merged and ("A1:I1" in merged or "A1:J1" in merged)
    total_row = next(r for r in ws.iter_rows(values_only=True) if "合计" in r)
    assert sum(v for v in total_row if isinstance(v, int)) == truth.counts["production_devices"]


def test_logs_support_networked_devices_with_mixed_asset_styles(default_packet):
    files, truth = default_packet
    name = next(n for n, k in truth.files.items() if k == "data_collection_log")
    rows = list(csv.reader(io.StringIO(files[name].decode("utf-8-sig"))))[1:]
    days: dict[str, set[date]] = defaultdict(set)
    for asset, ts, _status, _value in rows:
        days[asset].add(datetime.strptime(ts, "%Y-%m-%d %H:%M:%S").date())
    assert any("-" in a for a in days) and any("-" not in a for a in days)  # SB-001 and SB001
    assert all(len(d) >= 90 for d in days.values())
    assert len(rows) >= 3 * 365 * len(days)


# --- truth from a plain rendering -----------------------------------------------------------------------
def _plain_styles() -> dict[D, DocStyle]:
    plain = DocStyle(format=FileFormat.CSV_UTF8, title_rows=0, header_variant=0)
    return {k: plain.model_copy() for k in D if k not in (D.OUTPUT_RECORD, D.UNKNOWN, D.AUDIT_REPORT)} | {
        D.AUDIT_REPORT: DocStyle(format=FileFormat.PDF, prose=True)
    }


@pytest.mark.parametrize("knobs", [
    IndicatorKnobs(),
    IndicatorKnobs(nc_key_processes=3, partial_nc_processes=1, key_processes_without_equipment=1, unknown_process_refs=1,
                   networked_unsupported=9, robot_list_delta=-2, missing_standard_segments=1, late_systems=1,
                   digitised_segments=4, extra_segments=3, extra_digitised=2),
])
def test_truth_recomputed_from_plain_files(knobs):
    """Read the CSVs back with the csv module and apply SPEC §2: the same numbers as the truth."""
    spec = PacketSpec(seed=11, knobs=knobs, styles=_plain_styles(), neutral_names=False)
    files, truth = build_files(spec)
    t = {k: list(csv.DictReader(io.StringIO(files[f"{k}.csv"].decode("utf-8")))) for k in truth.files.values()
         if f"{k}.csv" in files}
    procs = {r["工序名称"]: r["是否关键工序"] == "是" for r in t["process_description"]}
    devices = t["equipment_list"]
    nc = 0
    for p in [p for p, key in procs.items() if key]:
        mapped = [d for d in devices if d["所属工序"] == p]
        nc += bool(mapped) and all(d.get("是否数控", "") == "是" or d.get("控制方式", "") in ("CNC", "NC", "DNC")
                                   for d in mapped)
    ind = truth.indicators
    assert (ind["key_process_nc_rate"].numerator, ind["key_process_nc_rate"].denominator) == (nc, sum(procs.values()))
    robots_equipment = sum(int(d["数量"]) for d in devices if d["设备类别"] == "工业机器人")
    robots_list = sum(int(r["数量"]) for r in t["robot_list"])
    direct_titles = {"数控车工", "装配工", "焊工", "操作工", "设备维修工", "质检员（车间）", "叉车工", "钳工", "冲压工", "包装工", "铣工"}
    direct = sum(1 for e in t["staff_roster"] if e["岗位"] in direct_titles)
    assert (ind["robots_per_production_worker"].numerator, ind["robots_per_production_worker"].denominator) == (
        min(robots_equipment, robots_list), direct)
    period = (truth.period_start, truth.period_end)
    log_days: dict[str, set[date]] = defaultdict(set)
    for row in t["data_collection_log"]:
        d = datetime.strptime(row["采集时间"], "%Y-%m-%d %H:%M:%S").date()
        if period[0] <= d <= period[1]:
            log_days[asset_key(row["设备编号"])].add(d)
    networked = sum(int(d["数量"]) for d in devices if d["是否联网"] == "是" and len(log_days[asset_key(d["资产编号"])]) >= 90)
    assert (ind["equipment_networking_rate"].numerator, ind["equipment_networking_rate"].denominator) == (
        networked, sum(int(d["数量"]) for d in devices))
    products = t["product_list"]
    assert ind["digital_design_tool_coverage"].numerator == sum(int(p["产量"]) for p in products
                                                                 if p["是否应用数字化设计工具"] == "是")
    segs = t["business_system_list"]
    live = [s for s in segs if s["系统名称"] != "无" and _date(s["上线时间"]) <= date(truth.period_end.year, 9, 30)]
    extra = [s for s in segs if not any(w in s["业务环节"] for w in ("研发", "生产", "采购", "销售", "财务", "人", "办公"))]
    assert (ind["business_management_digital_rate"].numerator, ind["business_management_digital_rate"].denominator) == (
        len(live), 7 + len(extra))
    expected = {"PARTIAL_NC_PROCESS", "PROCESS_WITHOUT_EQUIPMENT", "UNKNOWN_PROCESS_REF", "NETWORK_DATA_INSUFFICIENT",
                "ROBOT_COUNT_MISMATCH", "STANDARD_SEGMENT_MISSING", "SYSTEM_DATA_INSUFFICIENT"}
    assert set(truth.expected_flags) == (expected if knobs.partial_nc_processes else set())


def test_truth_follows_the_knobs():
    k = IndicatorKnobs(production_devices=500, networked_supported=120, networked_unsupported=30, robots=20,
                       robot_list_delta=3, direct_staff=400)
    truth = compute_truth(PacketSpec(seed=2, knobs=k), build_world(PacketSpec(seed=2, knobs=k)))
    net = truth.indicators["equipment_networking_rate"]
    assert (net.numerator, net.denominator) == (120, 500)
    assert truth.counts["networked_claimed"] == 150
    rob = truth.indicators["robots_per_production_worker"]
    assert (rob.numerator, rob.denominator) == (20, 400)  # the smaller of 20 and 23
    assert {"NETWORK_DATA_INSUFFICIENT", "ROBOT_COUNT_MISMATCH"} <= set(truth.expected_flags)


def test_without_logs_claims_count_and_evidence_is_missing():
    spec = PacketSpec(seed=4, knobs=IndicatorKnobs(supply_logs=False, networked_supported=50, networked_unsupported=10))
    files, truth = build_files(spec)
    assert "data_collection_log" not in truth.files.values()
    assert truth.indicators["equipment_networking_rate"].numerator == 60
    assert "MISSING_EVIDENCE" in truth.expected_flags and truth.needs_review


# --- presets ------------------------------------------------------------------------------------------------
def test_default_passes_three_of_five_without_errors_or_warnings(default_packet):
    _, truth = default_packet
    assert truth.passed and truth.route == "three_of_five" and not truth.needs_review
    assert truth.expected_flags == [] and truth.possible_flags == []
    assert all(truth.indicators[k].passed for k in PROCESS_INDICATORS)
    assert truth.counts["robots_equipment_list"] == truth.counts["robots_robot_list"]


def test_failing_preset_fails_every_route():
    _, truth = build_files(failing_spec(7))
    assert not truth.passed and truth.route is None
    assert not any(truth.indicators[k].passed for k in PROCESS_INDICATORS)
    assert truth.cost_to_output_ratio.passed is False
    assert {"PARTIAL_NC_PROCESS", "NETWORK_DATA_INSUFFICIENT", "STANDARD_SEGMENT_MISSING"} <= set(truth.expected_flags)


def test_two_plus_benefit_preset():
    _, truth = build_files(two_plus_benefit_spec(7))
    assert sum(bool(truth.indicators[k].passed) for k in PROCESS_INDICATORS) == 2
    assert truth.cost_to_output_ratio.passed and truth.route == "two_plus_benefit" and truth.passed


def test_certification_preset():
    files, truth = build_files(certification_spec(7))
    assert sum(bool(truth.indicators[k].passed) for k in PROCESS_INDICATORS) < 2
    assert truth.route == "certification" and truth.passed
    assert json.loads(files["manifest.json"])["certifications"] == ["智能制造能力成熟度二级"]


@pytest.mark.parametrize("indicator", BOUNDARY)
def test_boundary_lands_exactly_on_the_threshold(indicator):
    spec = boundary_spec(5, indicator)
    truth = compute_truth(spec, build_world(spec))
    ind = truth.indicators[indicator]
    num, den = boundary_fraction(indicator)
    assert (ind.numerator, ind.denominator) == (num, den)
    scale = 1 if indicator == "robots_per_production_worker" else 100
    threshold = group_for(spec.industry_code).threshold(indicator)
    assert Fraction(num, den) * scale == Fraction(threshold) and Decimal(str(ind.threshold)) == threshold
    assert ind.passed is True
    below = boundary_spec(5, indicator, below=True)
    assert compute_truth(below, build_world(below)).indicators[indicator].passed is False


def test_boundary_networking_writes_the_big_denominator():
    files, truth = build_files(boundary_spec(5, "equipment_networking_rate"))
    name = next(n for n, k in truth.files.items() if k == "equipment_list")
    ws = load_workbook(io.BytesIO(files[name])).active
    total = next(r for r in ws.iter_rows(values_only=True) if "合计" in r)
    assert 2500 in total


def test_corrupt_variants():
    files, truth = build_files(corrupt_spec(7, "random_xlsx"))
    bad = truth.unreadable_files[0]
    assert bad.endswith(".xlsx") and not zipfile.is_zipfile(io.BytesIO(files[bad]))
    assert truth.expected_flags == ["UNREADABLE_DOCUMENT"] and truth.passed
    files, truth = build_files(corrupt_spec(7, "truncated_pdf", D.AUDIT_REPORT))
    bad = truth.unreadable_files[0]
    assert files[bad].startswith(b"%PDF") and b"%%EOF" not in files[bad]
    assert truth.cost_to_output_ratio.value is None
    assert {"UNREADABLE_DOCUMENT", "MISSING_EVIDENCE"} <= set(truth.expected_flags)


def test_zip_packet(tmp_path):
    truth = generate_packet(PacketSpec(seed=7, write_zip=True), tmp_path)
    with zipfile.ZipFile(tmp_path / truth.zip_name) as z:
        names = z.namelist()
    assert names[-1] == "manifest.json" and set(truth.files) <= set(names)
    assert list(tmp_path.iterdir()) == [tmp_path / truth.zip_name]


def test_generate_packet_writes_manifest_and_files(tmp_path):
    truth = generate_packet(default_spec(9), tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == set(truth.files) | {"manifest.json"}


def test_variety_preset_uses_other_containers():
    files, truth = build_files(variety_spec(7))
    by_kind = {k: n for n, k in truth.files.items()}
    assert truth.passed and truth.expected_flags == []
    equipment = files[by_kind["equipment_list"]]
    with pdfplumber.open(io.BytesIO(equipment)) as pdf:
        pages = [p.extract_tables()[0] for p in pdf.pages]
    assert len(pages) >= 2 and "序号" not in pages[1][0]  # continued without the header
    robots = files[by_kind["robot_list"]].decode("gb18030")
    assert "\t合计\t" in robots


def test_borderline_and_away_staff():
    spec = borderline_staff_spec(7)
    truth = compute_truth(spec, build_world(spec))
    rob = truth.indicators["robots_per_production_worker"]
    assert rob.denominator == truth.counts["direct_staff"] + 12  # borderline counted as direct, away not at all
    assert truth.counts["away_staff"] == 5 and truth.possible_flags == ["CLAIM_DEVIATION", "STAFF_ROLE_UNCERTAIN"]


def test_identity_and_claim_presets():
    files, truth = build_files(identity_mismatch_spec(7))
    robot_file = next(n for n, k in truth.files.items() if k == "robot_list")
    text = _text(robot_file, files[robot_file])
    assert truth.enterprise_name not in text and truth.expected_flags == ["IDENTITY_MISMATCH"]
    files, truth = build_files(claim_deviation_spec(7))
    assert json.loads(files["manifest.json"])["declared"]["equipment_networking_rate"] == 65.0
    assert truth.expected_flags == ["CLAIM_DEVIATION"]


@pytest.fixture(scope="module")
def gbk_packet():
    """Every table as GBK CSV with title lines, mixed boolean and number forms, 合计 rows."""
    styles = {k: DocStyle(format=FileFormat.CSV_GBK, title_rows=2, bool_style="mixed", number_style="mixed",
                          total_row=True) for k in D if k not in (D.OUTPUT_RECORD, D.UNKNOWN)}
    styles[D.AUDIT_REPORT] = DocStyle(format=FileFormat.PDF, prose=True)
    return build_files(PacketSpec(seed=13, styles=styles, neutral_names=False))


@pytest.mark.parametrize("kind", [k for k in D if k not in (D.OUTPUT_RECORD, D.UNKNOWN, D.AUDIT_REPORT)])
def test_every_table_encodes_in_gbk_with_chinese_forms(gbk_packet, kind):
    files, truth = gbk_packet
    text = files[f"{kind.value}.csv"].decode("gbk")
    assert truth.enterprise_name in text
    if kind == D.EQUIPMENT_LIST:
        assert any(c in text for c in "√×有无") and "合计" in text


def test_process_industry_packet():
    spec = PacketSpec(seed=21, industry_code="C2710", process_type="process")
    files, truth = build_files(spec)
    assert truth.industry_group == 3 and truth.indicators["key_process_nc_rate"].threshold == 52.6
    name = next(n for n, k in truth.files.items() if k == "equipment_list")
    text = _text(name, files[name])
    assert "PLC" in text or "DCS" in text


def test_compare_agrees_with_the_ideal_verdict_and_names_differences():
    from tests.packetgen.compare import compare, verdict_from_truth

    _, truth = build_files(failing_spec(3))
    ideal = verdict_from_truth(truth)
    assert compare(truth, ideal) == []
    worse = ideal.model_copy(deep=True)
    worse.indicators.equipment_networking_rate.numerator = truth.counts["networked_claimed"]  # counted the claims
    worse.flags = [f for f in worse.flags if f.code.value != "NETWORK_DATA_INSUFFICIENT"]
    diffs = compare(truth, worse)
    assert any(d.startswith("equipment_networking_rate.numerator") for d in diffs)
    assert any("NETWORK_DATA_INSUFFICIENT" in d for d in diffs)


def test_compare_accepts_any_reading_of_borderline_titles():
    from tests.packetgen.compare import compare, verdict_from_truth

    _, truth = build_files(borderline_staff_spec(7))
    rob = truth.indicators["robots_per_production_worker"]
    assert rob.denominator_min == rob.denominator - 12
    v = verdict_from_truth(truth)
    v.indicators.robots_per_production_worker.denominator = rob.denominator_min
    v.indicators.robots_per_production_worker.value = rob.numerator / rob.denominator_min
    assert compare(truth, v) == []
    v.indicators.robots_per_production_worker.denominator = rob.denominator_min - 1
    assert compare(truth, v) != []


def test_scanned_preset_has_no_text_layer_and_is_deterministic():
    from tests.packetgen.render import render
    from tests.packetgen.writers import write

    spec = scanned_spec(7)
    files, truth = build_files(spec)
    name = next(n for n, k in truth.files.items() if k == "robot_list")
    with pdfplumber.open(io.BytesIO(files[name])) as pdf:
        assert len(pdf.pages) == 1 and not (pdf.pages[0].extract_text() or "").strip()
        assert len(pdf.pages[0].images) == 1
    again = write(render(spec, build_world(spec), D.ROBOT_LIST), spec.styles[D.ROBOT_LIST])
    assert again == files[name]
    assert truth.possible_flags == ["OCR_LOW_CONFIDENCE"] and truth.expected_flags == []


def test_multi_sheet_workbooks():
    files, truth = build_files(multi_sheet_spec(7))
    name = next(n for n, k in truth.files.items() if k == "staff_roster")
    wb = load_workbook(io.BytesIO(files[name]))
    assert wb.sheetnames == ["一车间", "二车间", "三车间", "四车间", "填报说明"]
    people = sum(1 for ws in wb.worksheets[:4] for row in ws.iter_rows(min_row=2, values_only=True) if row[0])
    assert people == truth.counts["roster_people"]


def test_stale_logs_support_no_device():
    spec = stale_logs_spec(7)
    world = build_world(spec)
    assert all(log.end.year == spec.assessment_year - 2 for log in world.logs)
    truth = compute_truth(spec, world)
    assert truth.indicators["equipment_networking_rate"].numerator == 0
    assert {"PERIOD_NOT_COVERED", "NETWORK_DATA_INSUFFICIENT"} <= set(truth.expected_flags)


def test_stale_audit_ratio_is_shown_but_cannot_pass():
    """SPEC §2: another year's audit raises AUDIT_YEAR_MISMATCH once; its ratio is computed and shown,
    never passed, and no second MISSING_EVIDENCE."""
    spec = audit_year_spec(7)
    files, truth = build_files(spec)
    audit = next(n for n, k in truth.files.items() if k == "audit_report")
    assert f"{spec.assessment_year - 2}年度" in _text(audit, files[audit])
    assert truth.cost_to_output_ratio.value is not None
    assert truth.cost_to_output_ratio.passed is not True
    assert "AUDIT_YEAR_MISMATCH" in truth.expected_flags
    assert "MISSING_EVIDENCE" not in truth.expected_flags


def test_warnings_preset():
    spec = warnings_spec(7)
    truth = compute_truth(spec, build_world(spec))
    assert truth.expected_flags == ["PARTIAL_NC_PROCESS", "PROCESS_WITHOUT_EQUIPMENT", "ROBOT_COUNT_MISMATCH",
                                    "TOTAL_MISMATCH", "UNKNOWN_PROCESS_REF"]
    assert truth.indicators["key_process_nc_rate"].exact == "5/8"
    assert truth.indicators["robots_per_production_worker"].numerator == 10  # the smaller of 12 and 10


# --- helpers ------------------------------------------------------------------------------------------------
def _date(text: str) -> date:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise AssertionError(text)


def _text(name: str, data: bytes) -> str:
    if data.startswith(b"%PDF"):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(p.extract_text() or "" for p in pdf.pages)
    if name.endswith(".xlsx"):
        wb = load_workbook(io.BytesIO(data))
        return "\n".join(str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if v is not None)
    if name.endswith(".docx"):
        import docx

        d = docx.Document(io.BytesIO(data))
        return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells])
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise AssertionError(name)
