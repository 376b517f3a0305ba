"""Whether each dated record set lies in the data period (SPEC §2 "Data period"). The period itself
is a fact decided by the period step (`models.period.decide_period`, re-exported here);
without an assessment year in the manifest, Y was inferred and is flagged (ASSESSMENT_YEAR_INFERRED).

Record sets checked (one flag per file):
- data-collection logs: all exports together hold fewer than `policy.min_log_days` days with data inside
  the period, or one export lies wholly outside it → PERIOD_NOT_COVERED (a device's own shortfall is
  scoring's NETWORK_DATA_INSUFFICIENT);
- staff roster: dated rows exist and nobody was in post during the period → PERIOD_NOT_COVERED;
- business-system list: dated rows exist and every system went live after the period → PERIOD_NOT_COVERED
  (a single system live too late is scoring's SYSTEM_DATA_INSUFFICIENT);
- output records: a stated year other than Y−1 (or Y under the current-months basis) → PERIOD_NOT_COVERED;
- audit report: its fiscal year (the latest year it states; comparatives are older) ≠ Y−1 → AUDIT_YEAR_MISMATCH.
  Under the current-months basis an audit of Y−1 or statements of Y are both accepted.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from models import (
    DataLogSpan,
    DataPeriod,
    DayRange,
    DocumentType,
    Flag,
    FlagCode,
    PacketFacts,
    PeriodBasis,
    make_flag,
)
from models.period import Coverage, coverage, decide_period, describe_gaps, infer_assessment_year, union_of
from models.policy import DEFAULT_POLICY, ScoringPolicy
from validators.evidence import capped, doc_types_by_file, manifest_ref

__all__ = ["decide_period", "describe_period", "infer_assessment_year", "period_flags"]


def describe_period(period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> str:
    """``2025-01-01 至 2025-12-31（评估年度上一年度）`` for messages."""
    current = f"评估当年连续 {policy.min_current_months} 个月以上"
    basis = "评估年度上一年度" if period.basis == PeriodBasis.PRIOR_YEAR else current
    assert period.start and period.end
    return f"{period.start.isoformat()} 至 {period.end.isoformat()}（{basis}）"


def period_flags(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    """PERIOD_NOT_COVERED, AUDIT_YEAR_MISMATCH and ASSESSMENT_YEAR_INFERRED for the packet."""
    if period.start is None or period.end is None:
        return []
    flags: list[Flag] = []
    if period.inferred:
        flags.append(inferred_year_flag(facts, period, policy))
    flags += log_period_flags(facts, period, policy)
    flags += roster_period_flags(facts, period, policy)
    flags += system_period_flags(facts, period, policy)
    flags += financial_period_flags(facts, period, policy)
    return flags


def inferred_year_flag(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> Flag:
    _, reason = infer_assessment_year(facts, date.today())
    return make_flag(
        FlagCode.ASSESSMENT_YEAR_INFERRED,
        f"申报清单未给出评估年度，按{reason}推定为 {period.assessment_year} 年，"
        f"数据期间取 {describe_period(period, policy)}；请复核确认评估年度。",
        [manifest_ref("assessment_year")],
        key=str(period.assessment_year),
    )


def log_period_flags(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    """The packet's data-collection logs taken together (exports may be split by month or by
    workshop) holding fewer than `policy.min_log_days` days inside the period: one flag. Otherwise, each
    export whose data all lie outside the period (a stale file beside good ones): one flag each."""
    assert period.start and period.end
    if not facts.log_spans:
        return []
    by_file = defaultdict(list)
    for s in facts.log_spans:
        by_file[s.ref.file].append(s)
    runs = union_of(facts.log_spans)
    cov = coverage(runs, period.start, period.end)
    if cov.days_within < policy.min_log_days:
        files = "、".join(by_file)
        return [_log_flag(files, "data_collection_log", facts.log_spans, runs, cov, period, policy)]
    flags = []
    for file, spans in by_file.items():
        file_runs = union_of(spans)
        file_cov = coverage(file_runs, period.start, period.end)
        if file_cov.days_within == 0:
            flags.append(_log_flag(file, file, spans, file_runs, file_cov, period, policy))
    return flags


def _log_flag(
    files: str,
    key: str,
    spans: list[DataLogSpan],
    runs: list[DayRange],
    cov: Coverage,
    period: DataPeriod,
    policy: ScoringPolicy,
) -> Flag:
    extent = f"{runs[0].start.isoformat()} 至 {runs[-1].end.isoformat()}" if runs else "无"
    if cov.days_within == 0:
        detail = f"其数据（{extent}）全部不在数据期间内"
    else:
        detail = f"数据期间内仅 {cov.days_within} 天有数据（全部数据 {extent}），不足 {policy.min_log_days} 天（{policy.min_current_months} 个月）"
    if cov.long_gaps:
        detail += f"；期间内较长的中断：{describe_gaps(cov.long_gaps)}"
    return make_flag(
        FlagCode.PERIOD_NOT_COVERED,
        f"设备数据采集记录 {files} 未覆盖数据期间 {describe_period(period, policy)}：{detail}。",
        capped(s.ref for s in spans),
        key=key,
        record_set="data_collection_log",
        days_within=cov.days_within,
        devices=len({s.asset_no for s in spans}),
    )


def roster_period_flags(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    """A roster whose dated rows show nobody in post during the period (hired after it, or gone before it)."""
    assert period.start and period.end
    by_file = defaultdict(list)
    for e in facts.employees:
        if e.hired or e.left:
            by_file[e.ref.file].append(e)
    flags = []
    for file, dated in by_file.items():
        in_post = [
            e for e in dated if (e.hired is None or e.hired <= period.end) and (e.left is None or e.left >= period.start)
        ]
        if in_post:
            continue
        hired = [e.hired for e in dated if e.hired]
        extent = f"入职日期 {min(hired).isoformat()} 至 {max(hired).isoformat()}" if hired else "人员均已离职"
        flags.append(
            make_flag(
                FlagCode.PERIOD_NOT_COVERED,
                f"人员名单 {file} 中有日期的 {len(dated)} 人在数据期间 {describe_period(period, policy)} 内均不在岗"
                f"（{extent}），名单与数据期间不符。",
                capped(e.ref for e in dated),
                key=file,
                record_set="staff_roster",
            )
        )
    return flags


def system_period_flags(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    """A business-system list whose every dated system went live after the period ended."""
    assert period.start and period.end
    by_file = defaultdict(list)
    for b in facts.business_systems:
        if b.go_live:
            by_file[b.ref.file].append(b)
    flags = []
    for file, dated in by_file.items():
        if any(b.go_live and b.go_live <= period.end for b in dated):
            continue
        earliest = min(b.go_live for b in dated if b.go_live)
        flags.append(
            make_flag(
                FlagCode.PERIOD_NOT_COVERED,
                f"业务系统清单 {file} 中的系统最早于 {earliest.isoformat()} 上线，均晚于数据期间 "
                f"{describe_period(period, policy)}，期间内没有业务数据。",
                capped(b.ref for b in dated),
                key=file,
                record_set="business_system_list",
            )
        )
    return flags


def financial_period_flags(facts: PacketFacts, period: DataPeriod, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    """AUDIT_YEAR_MISMATCH for audit reports; PERIOD_NOT_COVERED for output records of another year."""
    assert period.start and period.end and period.assessment_year
    y = period.assessment_year
    types = doc_types_by_file(facts)
    by_file = defaultdict(list)
    for f in facts.financials:
        if f.fiscal_year:
            by_file[f.ref.file].append(f)
    # Annual figures of Y−1 go with either basis (the accounts of Y are not closed yet).
    accepted = {y - 1} if period.basis == PeriodBasis.PRIOR_YEAR else {y - 1, y}
    flags = []
    for file, figures in by_file.items():
        year = max(f.fiscal_year for f in figures if f.fiscal_year)
        kinds = types.get(file, set())
        is_output = DocumentType.OUTPUT_RECORD in kinds and DocumentType.AUDIT_REPORT not in kinds
        refs = capped(f.ref for f in figures if f.fiscal_year == year)
        if is_output and year not in accepted:
            flags.append(
                make_flag(
                    FlagCode.PERIOD_NOT_COVERED,
                    f"产量/产值记录 {file} 所属年度为 {year} 年，不在数据期间 {describe_period(period, policy)} 内。",
                    refs,
                    key=file,
                    record_set="output_record",
                    year=year,
                )
            )
        elif not is_output and year not in accepted:
            flags.append(
                make_flag(
                    FlagCode.AUDIT_YEAR_MISMATCH,
                    f"审计报告/财务报表 {file} 的会计年度为 {year} 年，应为评估年度 {y} 年的上一年度（{y - 1} 年）。",
                    refs,
                    key=file,
                    year=year,
                    expected=y - 1,
                )
            )
    return flags
