from models import Employee, Fact, FlagCode, StaffRole
from tests.validators.builders import clean_facts, indicators, ref
from validators.claims import claim_deviation_flags
from validators.ocr import OCR_CONFIDENCE_BAR, ocr_low_confidence_flags
from validators.staff import staff_count_flags


def test_declared_rate_beyond_tolerance_is_a_claim_deviation():
    facts = clean_facts()
    facts.manifest.declared["key_process_nc_rate"] = 70.0
    (flag,) = claim_deviation_flags(facts.manifest, indicators(nc_rate=66.7))
    assert flag.code == FlagCode.CLAIM_DEVIATION and flag.indicator == "key_process_nc_rate"
    assert flag.evidence[0].file == "manifest.json"


def test_declared_rate_just_beyond_tolerance_is_flagged():
    facts = clean_facts()
    facts.manifest.declared["key_process_nc_rate"] = 67.3
    assert len(claim_deviation_flags(facts.manifest, indicators(nc_rate=66.7))) == 1


def test_declared_rate_within_tolerance_or_as_a_fraction_is_not():
    facts = clean_facts()
    for declared in (67.0, 66.2, 0.667):
        facts.manifest.declared["key_process_nc_rate"] = declared
        assert claim_deviation_flags(facts.manifest, indicators(nc_rate=66.7)) == []


def test_ratio_tolerance_and_uncomputable_indicators():
    facts = clean_facts()
    facts.manifest.declared["robots_per_production_worker"] = 0.0505
    assert claim_deviation_flags(facts.manifest, indicators(staff=20, robots=1)) == []  # 0.05 computed
    facts.manifest.declared["robots_per_production_worker"] = 0.052
    assert len(claim_deviation_flags(facts.manifest, indicators(staff=20, robots=1))) == 1
    facts.manifest.declared["digital_design_tool_coverage"] = 90.0  # computed value is None
    assert [f.indicator for f in claim_deviation_flags(facts.manifest, indicators(staff=20, robots=1))] == [
        "robots_per_production_worker"]
    assert claim_deviation_flags(facts.manifest, None) == []


def test_declared_direct_staff_equal_to_the_roster_raises_nothing():
    facts = clean_facts()
    assert staff_count_flags(facts, indicators(staff=20)) == []
    assert staff_count_flags(facts, None) == []  # counted from the roster: 20 direct, 1 indirect


def test_declared_direct_staff_one_off_is_a_mismatch():
    facts = clean_facts()
    facts.manifest.declared["direct_production_staff"] = 21
    (flag,) = staff_count_flags(facts, indicators(staff=20))
    assert flag.code == FlagCode.STAFF_COUNT_MISMATCH and (flag.data["stated"], flag.data["counted"]) == (21, 20)


def test_stated_figure_in_a_document_is_checked_and_uncertain_titles_count_as_direct():
    facts = clean_facts()
    facts.manifest.declared.pop("direct_production_staff")
    facts.employees.append(Employee(ref=ref("人员名单.xlsx", 30), job_title="巡检员", role=StaffRole.DIRECT,
                                    role_uncertain=True))
    facts.derived.append(Fact(name="direct_production_staff_stated", value=21,
                              evidence=[ref("人员说明.docx", None, sheet=None)]))
    assert staff_count_flags(facts, None) == []
    facts.derived[-1].value = 20
    (flag,) = staff_count_flags(facts, None)
    assert flag.evidence[0].file == "人员说明.docx"


def test_records_below_the_ocr_bar_are_flagged_per_page():
    facts = clean_facts()
    for e in facts.employees[:3]:
        e.min_confidence = OCR_CONFIDENCE_BAR - 1
        e.ref = ref("花名册扫描.pdf", e.ref.row, sheet=None, page=2)
    (flag,) = ocr_low_confidence_flags(facts)
    assert flag.code == FlagCode.OCR_LOW_CONFIDENCE and flag.data["records"] == 3
    assert all(e.page == 2 for e in flag.evidence)


def test_records_at_or_above_the_ocr_bar_are_not():
    facts = clean_facts()
    for e in facts.employees:
        e.min_confidence = OCR_CONFIDENCE_BAR + 1
    assert ocr_low_confidence_flags(facts) == []


def test_roster_count_without_indicators_leaves_out_people_not_in_post_during_the_period():
    from datetime import date

    from validators.period import decide_period
    from validators.staff import roster_direct_count

    facts = clean_facts()
    facts.period = decide_period(facts.manifest, facts)
    facts.employees[0].left = date(2024, 6, 30)  # gone before Y−1
    facts.employees[1].hired = date(2026, 2, 1)  # came after Y−1
    facts.employees[-1].role_uncertain = True  # 行政专员 uncertain: counted as direct
    assert roster_direct_count(facts, None) == 19
