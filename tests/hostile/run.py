"""Run cases and tabulate them: case, outcome, flag or status, time, peak RSS, others intact."""

from __future__ import annotations

from dataclasses import dataclass

from tests.hostile.cases import CASES, Case
from tests.hostile.harness import Baseline, CaseRun, Verdict, baseline, judge, run_isolated


@dataclass
class CaseReport:
    case: Case
    run: CaseRun
    verdict: Verdict


def run_case(case: Case, base: Baseline | None = None) -> CaseReport:
    base = base or baseline()
    members = case.build(dict(base.files))
    run = run_isolated(members, case.time_bound_s * 1.5)
    changed = frozenset(base.records_by_file) if case.whole_packet else case.changed
    return CaseReport(case, run, judge(run, base, case.expect, changed, case.time_bound_s))


def table(reports: list[CaseReport]) -> str:
    head = f"{'case':32} {'ok':4} {'outcome':8} {'time s':>7} {'peak MB':>8} {'+MB':>6} {'intact':6}  flag or status"
    lines = [head, "-" * len(head)]
    for r in reports:
        v, run = r.verdict, r.run
        lines.append(
            f"{r.case.name:32} {'yes' if v.ok else 'NO':4} {v.outcome:8} {run.seconds:7.2f} {run.peak_rss_mb:8.0f} "
            f"{max(0.0, run.peak_rss_mb - run.start_rss_mb):6.0f} {('n/a' if r.case.whole_packet else 'yes' if v.intact else 'NO'):6}  "
            f"{v.shown.replace(chr(10), ' ')[:110]}"
        )
        for p in v.problems:
            lines.append(f"{'':32} !! {p.replace(chr(10), ' ')[:200]}")
    ok = sum(r.verdict.ok for r in reports)
    lines.append(f"{ok} of {len(reports)} cases hold")
    return "\n".join(lines)


def main(names: list[str] | None = None, include_slow: bool = True) -> int:
    base = baseline()
    cases = [c for c in CASES if (not names or c.name in names) and (include_slow or not c.slow)]
    reports = []
    for c in cases:
        reports.append(run_case(c, base))
        print(table(reports[-1:]).splitlines()[2], flush=True)
    print()
    print(table(reports))
    return 0 if all(r.verdict.ok for r in reports) else 1
