"""Run cases and tabulate them: case, outcome, flag or status, time, peak RSS (the check process
and its largest document worker), others intact; then what the closing note needs: the limits
in force, the totals, the slowest and largest cases, and the cases' named residual limits."""

from __future__ import annotations

from dataclasses import dataclass

from tests.hostile.cases import CASES, Case
from tests.hostile.harness import (
    MAX_PEAK_RSS_MB,
    Baseline,
    CaseRun,
    Verdict,
    baseline,
    judge,
    run_isolated,
)


@dataclass
class CaseReport:
    case: Case
    run: CaseRun
    verdict: Verdict


def run_case(case: Case, base: Baseline | None = None) -> CaseReport:
    base = base or baseline()
    members = case.build(dict(base.files))
    run = run_isolated(members, case.time_bound_s * 1.5, dict(case.env))
    changed = frozenset(base.records_by_file) if case.whole_packet else case.changed
    return CaseReport(case, run, judge(run, base, case.expect, changed, case.time_bound_s))


HEAD = (f"{'case':32} {'ok':4} {'outcome':8} {'time s':>7} {'peak MB':>8} {'doc MB':>7} {'intact':6}  "
        "flag or status")


def row(r: CaseReport) -> list[str]:
    v, run = r.verdict, r.run
    lines = [
        f"{r.case.name:32} {'yes' if v.ok else 'NO':4} {v.outcome:8} {run.seconds:7.2f} {run.peak_rss_mb:8.0f} "
        f"{run.worker_peak_rss_mb:7.0f} {('n/a' if r.case.whole_packet else 'yes' if v.intact else 'NO'):6}  "
        f"{v.shown.replace(chr(10), ' ')[:110]}"
    ]
    lines += [f"{'':32} !! {p.replace(chr(10), ' ')[:200]}" for p in v.problems]
    return lines


def table(reports: list[CaseReport]) -> str:
    lines = [HEAD, "-" * len(HEAD)]
    for r in reports:
        lines += row(r)
    ok = sum(r.verdict.ok for r in reports)
    lines.append(f"{ok} of {len(reports)} cases hold")
    return "\n".join(lines)


def summary(reports: list[CaseReport]) -> str:
    """What the closing note needs beside the table."""
    from models.settings import ExtractionSettings

    s = ExtractionSettings()
    lines = [
        "limits in force: per-document time-out "
        f"{s.document_timeout_seconds:g} s, memory cap +{s.document_memory_mb} MB per document worker, "
        f"isolation {'on' if s.isolate_documents else 'OFF'}, {s.document_workers} documents at once; "
        f"check bound {MAX_PEAK_RSS_MB} MB (check process + largest worker)",
    ]
    by_outcome: dict[str, int] = {}
    for r in reports:
        by_outcome[r.verdict.outcome] = by_outcome.get(r.verdict.outcome, 0) + 1
    lines.append("outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(by_outcome.items())))
    if reports:
        slow = max(reports, key=lambda r: r.run.seconds)
        big = max(reports, key=lambda r: r.run.peak_rss_mb + r.run.worker_peak_rss_mb)
        lines.append(f"total time {sum(r.run.seconds for r in reports):.0f} s; slowest {slow.case.name} "
                     f"{slow.run.seconds:.1f} s; largest {big.case.name} {big.run.peak_rss_mb:.0f} MB + worker "
                     f"{big.run.worker_peak_rss_mb:.0f} MB")
    failing = [r for r in reports if not r.verdict.ok]
    lines.append("cases that do not hold: " + (", ".join(r.case.name for r in failing) or "none"))
    limited = [r for r in reports if r.case.residual]
    if limited:
        lines.append("named limits (read as far as is safe, the rest flagged, or not made safe):")
        lines += [f"  {r.case.name}: {r.case.residual}" for r in limited]
    return "\n".join(lines)


def main(names: list[str] | None = None, include_slow: bool = True) -> int:
    base = baseline()
    cases = [c for c in CASES if (not names or c.name in names) and (include_slow or not c.slow)]
    reports = []
    print(HEAD, flush=True)
    for c in cases:
        reports.append(run_case(c, base))
        print("\n".join(row(reports[-1])), flush=True)
    print()
    print(table(reports))
    print()
    print(summary(reports))
    return 0 if all(r.verdict.ok for r in reports) else 1
