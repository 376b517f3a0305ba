"""人均机器人拥有量: robots / direct production staff (直接生产人员).

Numerator: the robot list total vs the robots named in the equipment list; when both name
robots and differ, the smaller (policy `robot_count_rule`) and ROBOT_COUNT_MISMATCH. An
equipment list that names no robot at all is not read as "zero robots" (it may simply not mark
them). Denominator: the headcount of roster rows that are not indirect staff and were employed
during the period (hired ≤ end, and not left before start). A row without a role, or with an
uncertain role, counts as direct (policy `uncertain_staff_count_as_direct`). Status text such as
离职 without a leaving date does not exclude a person (the date decides).
"""

from __future__ import annotations

from models import Employee, FlagCode, PacketFacts, make_flag
from models.period import period_bounds
from models.policy import ScoringPolicy
from models.records import headcount as heads
from scoring.outcome import IndicatorOutcome, bounded, fact, missing

KEY = "robots_per_production_worker"


def counts_as_direct(e: Employee, policy: ScoringPolicy) -> bool:
    return e.counts_as_direct(policy.uncertain_staff_count_as_direct)


def employed_during(e: Employee, facts: PacketFacts) -> bool:
    return e.employed_during(*period_bounds(facts))


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    if not facts.employees:
        return missing(KEY, "ratio", "未提供生产人员清单（直接生产人员），无法计算人均机器人拥有量")

    in_period = [e for e in facts.employees if employed_during(e, facts)]
    direct = [e for e in in_period if counts_as_direct(e, policy)]
    headcount = heads(direct)
    uncertain = [e for e in direct if e.role is None or e.role_uncertain]
    staff_facts = [
        fact(KEY, "direct_production_staff", headcount, [e.ref for e in direct], policy, "人",
             note="不含管理、服务及其他人员；仅计期间内在职人员"
             + ("；角色未定人员按直接生产人员计" if policy.uncertain_staff_count_as_direct else "")),
        fact(KEY, "staff_rows_outside_period", len(facts.employees) - len(in_period),
             [e.ref for e in facts.employees if not employed_during(e, facts)], policy, "行"),
        fact(KEY, "staff_role_uncertain_counted", sum(e.headcount for e in uncertain),
             [e.ref for e in uncertain], policy, "人"),
    ]
    if headcount <= 0:
        out = missing(KEY, "ratio", "生产人员清单中期间内无直接生产人员，无法计算人均机器人拥有量")
        out.facts = staff_facts
        return out

    list_total = sum(max(r.quantity, 0) for r in facts.robots)
    eq_robots = [d for d in facts.devices if d.is_robot]
    eq_total = sum(max(d.quantity, 0) for d in eq_robots)
    outcome = IndicatorOutcome(key=KEY, unit="ratio")
    note = None
    if facts.robots and eq_robots:
        robots = min(list_total, eq_total)
        note = "机器人清单与设备清单中的机器人数量取较小值"
        if list_total != eq_total:
            outcome.flags.append(
                make_flag(
                    FlagCode.ROBOT_COUNT_MISMATCH,
                    f"机器人清单合计{list_total}台，生产设备清单中的机器人合计{eq_total}台，两者不一致；按较小值{robots}台计算",
                    evidence=bounded([r.ref for r in facts.robots] + [d.ref for d in eq_robots], policy),
                    indicator=KEY,
                    robot_list=list_total,
                    equipment_list=eq_total,
                )
            )
    elif facts.robots:
        robots, note = list_total, "仅机器人清单"
    else:
        robots, note = eq_total, ("仅生产设备清单中的机器人" if eq_robots else "未发现机器人记录")
    outcome.numerator, outcome.denominator = float(robots), float(headcount)
    outcome.facts = [
        fact(KEY, "robots_counted", robots, [r.ref for r in facts.robots] + [d.ref for d in eq_robots], policy,
             "台", note=note),
        fact(KEY, "robots_in_robot_list", list_total, [r.ref for r in facts.robots], policy, "台"),
        fact(KEY, "robots_in_equipment_list", eq_total, [d.ref for d in eq_robots], policy, "台"),
        *staff_facts,
    ]
    return outcome
