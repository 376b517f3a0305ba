"""Agreement of the real pipeline with the foreign corpus: verdicts, indicators, flags, rosters."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from tests.foreign.documents import build_packet
from tests.foreign.world import Truth, World, build_world, truth_of

INDICATOR_TOL = {"robots_per_production_worker": 0.001}  # ratio; the % indicators: 0.1 point
PCT_TOL = 0.1
IGNORED_SEVERITIES = ("info",)


@dataclass
class PacketResult:
    seed: int
    variants: list[str]
    verdict_ok: bool
    indicators_ok: dict[str, bool]
    tp: set[str]
    fp: set[str]
    fn: set[str]
    staff_ok: bool
    period_ok: bool
    diffs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    flag_counts: Counter = field(default_factory=Counter)  # code → flags raised (a burst shows here)


def run_pipeline(files: dict[str, bytes], packet_id: str):  # type: ignore[no-untyped-def]
    from flows.check_packet import check_files
    from models import PacketFile

    return check_files(packet_id, [PacketFile(name=n, data=b) for n, b in files.items()])


def direct_staff(outcome) -> int | None:  # type: ignore[no-untyped-def]
    ind = outcome.verdict.indicators.robots_per_production_worker
    return None if ind.denominator is None else int(ind.denominator)


def check_one(seed: int, scanned: bool = False) -> PacketResult:
    w: World = build_world(seed)
    truth: Truth = truth_of(w)
    files, variants = build_packet(w, scanned)
    t0 = time.perf_counter()
    outcome = run_pipeline(files, f"foreign-{seed:04d}")
    v = outcome.verdict
    diffs: list[str] = []
    route = v.route.value if v.route else None
    verdict_ok = (v.passed, route) == (truth.passed, truth.route)
    if not verdict_ok:
        diffs.append(f"verdict: want {truth.passed}/{truth.route}, got {v.passed}/{route}")
    ind_ok: dict[str, bool] = {}
    for k, want in truth.indicators.items():
        got = getattr(v.indicators, k).value
        tol = INDICATOR_TOL.get(k, PCT_TOL)
        ok = got is not None and want is not None and abs(got - want) <= tol + 1e-9
        ind_ok[k] = ok
        if not ok:
            diffs.append(f"{k}: want {want if want is None else round(want, 3)}, got {got}")
    got_codes = {f.code.value for f in v.flags if f.severity.value not in IGNORED_SEVERITIES}
    allowed = truth.possible_flags
    tp = got_codes & truth.expected_flags
    fp = got_codes - truth.expected_flags - allowed
    fn = truth.expected_flags - got_codes
    if fp:
        diffs.append(f"flags not expected: {sorted(fp)}")
    if fn:
        diffs.append(f"flags missing: {sorted(fn)}")
    staff = direct_staff(outcome)
    staff_ok = staff == truth.direct_staff
    if not staff_ok:
        diffs.append(f"direct staff: want {truth.direct_staff}, got {staff}")
    p = v.period
    period_ok = (p.basis.value if p.basis else None, p.start, p.end) == truth.period
    if not period_ok:
        diffs.append(f"period: want {truth.period}, got {(p.basis.value if p.basis else None, p.start, p.end)}")
    counts = Counter(f.code.value for f in v.flags if f.severity.value not in IGNORED_SEVERITIES)
    return PacketResult(seed, variants, verdict_ok, ind_ok, tp, fp, fn, staff_ok, period_ok, diffs,
                        time.perf_counter() - t0, counts)


@dataclass
class Summary:
    n: int
    verdict_rate: float
    indicator_rate: float  # packets with every indicator within tolerance
    indicator_values_rate: float  # single indicator values within tolerance
    flag_recall: float
    flag_precision: float
    staff_rate: float
    period_rate: float
    per_indicator: dict[str, float]
    per_variant: dict[str, tuple[int, int]]  # variant → (verdicts right, packets)
    false_flags: Counter
    missed_flags: Counter


def summarise(results: list[PacketResult]) -> Summary:
    n = len(results)
    tp = sum(len(r.tp) for r in results)
    fp = sum(len(r.fp) for r in results)
    fn = sum(len(r.fn) for r in results)
    keys = list(results[0].indicators_ok) if results else []
    per_variant: dict[str, list[int]] = {}
    for r in results:
        for v in r.variants:
            per_variant.setdefault(v, [0, 0])
            per_variant[v][0] += r.verdict_ok and all(r.indicators_ok.values())
            per_variant[v][1] += 1
    return Summary(
        n=n,
        verdict_rate=sum(r.verdict_ok for r in results) / n,
        indicator_rate=sum(all(r.indicators_ok.values()) for r in results) / n,
        indicator_values_rate=sum(sum(r.indicators_ok.values()) for r in results) / (n * max(1, len(keys))),
        flag_recall=tp / (tp + fn) if tp + fn else 1.0,
        flag_precision=tp / (tp + fp) if tp + fp else 1.0,
        staff_rate=sum(r.staff_ok for r in results) / n,
        period_rate=sum(r.period_ok for r in results) / n,
        per_indicator={k: sum(r.indicators_ok[k] for r in results) / n for k in keys},
        per_variant={k: (a, b) for k, (a, b) in sorted(per_variant.items())},
        false_flags=Counter(c for r in results for c in r.fp),
        missed_flags=Counter(c for r in results for c in r.fn),
    )


def report(s: Summary) -> str:
    lines = [
        f"packets: {s.n}",
        f"verdict (passed+route) right: {s.verdict_rate:.1%}",
        f"all indicators within tolerance: {s.indicator_rate:.1%}   single indicator values: {s.indicator_values_rate:.1%}",
        "  " + "  ".join(f"{k}={v:.0%}" for k, v in s.per_indicator.items()),
        f"flag recall: {s.flag_recall:.2f}   precision: {s.flag_precision:.2f}",
        f"direct staff exact: {s.staff_rate:.1%}   period right: {s.period_rate:.1%}",
        f"false flags: {dict(s.false_flags.most_common())}",
        f"missed flags: {dict(s.missed_flags.most_common())}",
        "per class (packets fully right / packets with the class):",
    ]
    lines += [f"  {k:36s} {a}/{b}" for k, (a, b) in s.per_variant.items()]
    return "\n".join(lines)
