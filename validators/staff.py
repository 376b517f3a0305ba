"""The roster's direct production staff (直接生产人员) against the declared or stated figure
(STAFF_COUNT_MISMATCH).

Where the figures come from (field names other stages fill):
- declared: `manifest.declared["direct_production_staff"]` (the application form);
- stated: a `Fact` named ``direct_production_staff_stated`` in `PacketFacts.derived` (a document
  saying e.g. 直接生产人员共 350 人);
- the roster's count: the denominator scoring used for robots per production worker; without
  indicators, counted as scoring counts it: headcount of rows in post during the period that are
  not (certainly) indirect staff — unclassified or uncertain titles count as direct.
"""

from __future__ import annotations

from models import EvidenceRef, Flag, FlagCode, Indicators, PacketFacts, make_flag
from models.policy import DEFAULT_POLICY, ScoringPolicy
from models.records import headcount
from validators.evidence import capped, manifest_ref

DECLARED_STAFF_KEY = "direct_production_staff"
STATED_STAFF_FACT = "direct_production_staff_stated"

# Headcounts are whole people: any difference is reported.
STAFF_COUNT_TOLERANCE = 0


def roster_direct_count(
    facts: PacketFacts, indicators: Indicators | None, policy: ScoringPolicy = DEFAULT_POLICY
) -> float | None:
    if indicators is not None and indicators.robots_per_production_worker.denominator is not None:
        return indicators.robots_per_production_worker.denominator
    if not facts.employees:
        return None
    start, end = (facts.period.start, facts.period.end) if facts.period else (None, None)
    return headcount(
        e for e in facts.employees if e.employed_during(start, end) and e.counts_as_direct(policy.uncertain_staff_count_as_direct)
    )


def staff_count_flags(
    facts: PacketFacts, indicators: Indicators | None, policy: ScoringPolicy = DEFAULT_POLICY
) -> list[Flag]:
    counted = roster_direct_count(facts, indicators, policy)
    if counted is None:
        return []
    figures: list[tuple[str, float, list[EvidenceRef]]] = []
    declared = facts.manifest.declared.get(DECLARED_STAFF_KEY)
    if declared is not None:
        figures.append(("申报", declared, [manifest_ref(f"declared.{DECLARED_STAFF_KEY}", f"{declared:g}")]))
    for fact in facts.derived:
        if fact.name == STATED_STAFF_FACT and isinstance(fact.value, int | float):
            figures.append(("材料中写明", float(fact.value), list(fact.evidence)))
    roster_refs = capped(e.ref for e in facts.employees)[:3]
    flags: list[Flag] = []
    for source, figure, refs in figures:
        if abs(figure - counted) <= STAFF_COUNT_TOLERANCE:
            continue
        flags.append(
            make_flag(
                FlagCode.STAFF_COUNT_MISMATCH,
                f"{source}的直接生产人员为 {figure:g} 人，人员名单中识别出的直接生产人员为 {counted:g} 人"
                f"（相差 {figure - counted:+g} 人）；人均机器人拥有量按名单人数计算，请核实。",
                capped([*refs, *roster_refs]),
                indicator="robots_per_production_worker",
                key=source,
                stated=figure,
                counted=counted,
            )
        )
    return flags
