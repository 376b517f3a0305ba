from datetime import date, timedelta

from models import (
    BusinessSystem,
    DayRange,
    DocumentSummary,
    DocumentType,
    Employee,
    FinancialFigure,
    FinancialKind,
    FlagCode,
    Manifest,
    PeriodBasis,
    RecordSet,
    SourceFormat,
)
from tests.validators.builders import YEAR, clean_facts, ref, span
from validators.period import decide_period, period_flags

PRIOR_START = date(YEAR - 1, 1, 1)


def flags_of(facts, code=None):
    facts.period = facts.period or decide_period(facts.manifest, facts)
    found = period_flags(facts, facts.period)
    return [f for f in found if code is None or f.code == code]


def test_clean_packet_is_prior_year_and_raises_nothing():
    facts = clean_facts()
    period = decide_period(facts.manifest, facts)
    assert (period.basis, period.start, period.end, period.inferred) == (
        PeriodBasis.PRIOR_YEAR, date(YEAR - 1, 1, 1), date(YEAR - 1, 12, 31), False)
    assert flags_of(facts) == []


def test_log_export_with_89_days_in_the_period_is_not_covered_but_91_is():
    short, enough = clean_facts(), clean_facts()
    # Data from Y−2 into Y−1: only the days from 1 January count.
    short.log_spans = [span("SB001", date(YEAR - 1, 1, 1) - timedelta(days=111), 111 + 89)]
    enough.log_spans = [span("SB001", date(YEAR - 1, 1, 1) - timedelta(days=109), 109 + 91)]
    flags = flags_of(short, FlagCode.PERIOD_NOT_COVERED)
    assert len(flags) == 1 and flags[0].data["days_within"] == 89
    assert flags_of(enough, FlagCode.PERIOD_NOT_COVERED) == []


def test_long_gaps_inside_the_period_are_named_in_the_message():
    facts = clean_facts()
    s = span("SB001", PRIOR_START, 30)
    s.runs.append(DayRange(start=date(YEAR - 1, 6, 1), end=date(YEAR - 1, 6, 30)))
    facts.log_spans = [s]
    (flag,) = flags_of(facts, FlagCode.PERIOD_NOT_COVERED)
    assert "2025-01-31 至 2025-05-31" in flag.message


def test_logs_entirely_outside_the_period_are_not_covered():
    facts = clean_facts()
    facts.log_spans = [span("SB001", date(YEAR - 3, 1, 1), 120)]
    (flag,) = flags_of(facts, FlagCode.PERIOD_NOT_COVERED)
    assert flag.data["days_within"] == 0 and "全部不在数据期间内" in flag.message


def test_three_months_of_y_and_nothing_of_y_minus_1_gives_the_current_months_basis():
    facts = clean_facts()  # its audit report of Y−1 goes with either basis
    facts.log_spans = [span("SB001", date(YEAR, 1, 1), 31 + 28 + 31), span("SB002", date(YEAR, 1, 5), 80)]
    period = decide_period(facts.manifest, facts)
    assert (period.basis, period.start, period.end) == (PeriodBasis.CURRENT_MONTHS, date(YEAR, 1, 1), date(YEAR, 3, 31))
    facts.period = period
    # The export holds exactly the 90 days of the period: covered.
    assert flags_of(facts) == []


def test_two_months_of_y_is_not_enough_for_the_current_months_basis():
    facts = clean_facts()
    facts.log_spans = [span("SB001", date(YEAR, 1, 1), 59)]
    period = decide_period(facts.manifest, facts)
    assert period.basis == PeriodBasis.PRIOR_YEAR
    facts.period = period
    assert [f.code for f in flags_of(facts)] == [FlagCode.PERIOD_NOT_COVERED]


def test_missing_assessment_year_is_inferred_from_the_audit_year_and_flagged():
    facts = clean_facts()
    facts.manifest.assessment_year = None
    period = decide_period(facts.manifest, facts, today=date(YEAR, 11, 1))
    assert period.assessment_year == YEAR and period.inferred
    facts.period = period
    (flag,) = flags_of(facts)
    assert flag.code == FlagCode.ASSESSMENT_YEAR_INFERRED and str(YEAR - 1) in flag.message


def test_inferred_year_from_logs_of_this_year_reads_them_as_current_months():
    records = RecordSet(log_spans=[span("SB001", date(YEAR, 1, 1), 200)])
    period = decide_period(Manifest(packet_id="p"), records, today=date(YEAR, 10, 1))
    assert (period.assessment_year, period.basis, period.inferred) == (YEAR, PeriodBasis.CURRENT_MONTHS, True)
    assert period.end == date(YEAR, 6, 30)  # July holds 19 days only: not a month with data


def test_audit_report_of_another_year_is_flagged_but_comparatives_are_not():
    facts = clean_facts()
    assert flags_of(facts, FlagCode.AUDIT_YEAR_MISMATCH) == []  # Y−1 with Y−2 comparatives
    facts.financials = [f for f in facts.financials if f.fiscal_year == YEAR - 2]
    facts.period = None
    (flag,) = flags_of(facts, FlagCode.AUDIT_YEAR_MISMATCH)
    assert flag.data["year"] == YEAR - 2 and flag.evidence[0].page == 3


def test_output_record_of_another_year_is_not_covered():
    facts = clean_facts()
    facts.documents.append(DocumentSummary(file="产值.xlsx", format=SourceFormat.XLSX, doc_type=DocumentType.OUTPUT_RECORD))
    good = FinancialFigure(ref=ref("产值.xlsx", 5), kind=FinancialKind.INDUSTRIAL_OUTPUT_VALUE, value_yuan=1e8,
                           fiscal_year=YEAR - 1)
    facts.financials.append(good)
    assert flags_of(facts) == []
    facts.financials[-1] = good.model_copy(update={"fiscal_year": YEAR - 3})
    flags = flags_of(facts)
    assert [(f.code, f.data["record_set"]) for f in flags] == [(FlagCode.PERIOD_NOT_COVERED, "output_record")]


def test_roster_of_people_hired_after_the_period_is_not_covered():
    facts = clean_facts()
    for e in facts.employees:
        e.hired = date(YEAR, 2, 1)
    (flag,) = flags_of(facts, FlagCode.PERIOD_NOT_COVERED)
    assert flag.data["record_set"] == "staff_roster"
    facts.employees.append(Employee(ref=ref("人员名单.xlsx", 60), name="老员工", hired=date(YEAR - 1, 12, 31)))
    assert flags_of(facts, FlagCode.PERIOD_NOT_COVERED) == []


def test_business_systems_all_live_after_the_period_are_not_covered():
    facts = clean_facts()
    for b in facts.business_systems:
        b.go_live = date(YEAR, 1, 1)
    (flag,) = flags_of(facts, FlagCode.PERIOD_NOT_COVERED)
    assert flag.data["record_set"] == "business_system_list"
    facts.business_systems.append(
        BusinessSystem(ref=ref("业务系统.xlsx", 9), segment="hr", segment_raw="人力", go_live=date(YEAR - 1, 12, 31))
    )
    assert flags_of(facts, FlagCode.PERIOD_NOT_COVERED) == []


def test_monthly_exports_are_judged_together():
    facts = clean_facts()
    facts.log_spans = [span("SB001", date(YEAR - 1, m, 1), 28, file=f"采集记录_{m:02d}.csv") for m in range(1, 13)]
    assert flags_of(facts) == []


def test_a_stale_export_beside_good_ones_is_flagged_alone():
    facts = clean_facts()
    facts.log_spans.append(span("SB001", date(YEAR - 3, 1, 1), 200, file="旧采集记录.csv"))
    (flag,) = flags_of(facts, FlagCode.PERIOD_NOT_COVERED)
    assert flag.data["key"] == "旧采集记录.csv" and flag.data["days_within"] == 0


def test_a_short_tail_of_y_minus_1_does_not_block_the_current_months_basis():
    facts = clean_facts()
    facts.log_spans = [span("SB001", date(YEAR - 1, 12, 15), 17 + 31 + 28 + 31)]
    period = decide_period(facts.manifest, facts)
    assert (period.basis, period.end) == (PeriodBasis.CURRENT_MONTHS, date(YEAR, 3, 31))
    facts.log_spans = [span("SB001", date(YEAR - 1, 10, 1), 92 + 31 + 28 + 31)]  # 92 days of Y−1: enough
    assert decide_period(facts.manifest, facts).basis == PeriodBasis.PRIOR_YEAR


def test_inferred_year_is_never_after_this_year():
    facts = clean_facts()
    facts.manifest.assessment_year = None
    assert decide_period(facts.manifest, facts, today=date(YEAR - 1, 6, 1)).assessment_year == YEAR - 1
    facts.financials, facts.log_spans = [], []
    assert decide_period(facts.manifest, facts, today=date(YEAR, 6, 1)).assessment_year == YEAR
