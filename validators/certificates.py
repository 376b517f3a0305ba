"""CERTIFICATE_NOT_VALID: an equivalent-level certificate not in force when it must be (SPEC §2
certification route; ScoringPolicy.certificate_valid_on names the day — the data period's last day by
default). Scoring does not grant the route on it (scoring.certification); this says why, on the
certificate's page, and whether the manifest claimed the same certification."""

from __future__ import annotations

from models import Flag, FlagCode, PacketFacts, make_flag
from models.period import certificate_window
from models.policy import DEFAULT_POLICY, ScoringPolicy

_PROBLEM_ZH = {"expired": "已过期", "not_yet_valid": "尚未生效"}


def certificate_validity_flags(facts: PacketFacts, policy: ScoringPolicy = DEFAULT_POLICY) -> list[Flag]:
    window = certificate_window(facts.period, policy)
    if window is None:
        return []
    start, end = window
    on = f"{start}" if start == end else f"{start}至{end}"
    basis = "数据期间截止日" if policy.certificate_valid_on == "period_end" else "评估年度"
    claimed = "、".join(facts.manifest.certifications)
    flags: list[Flag] = []
    for c in facts.certifications:
        problem = c.validity_problem(start, end)
        if problem is None:
            continue
        claim = f"申报清单声称“{claimed}”，" if claimed else ""
        flags.append(make_flag(
            FlagCode.CERTIFICATE_NOT_VALID,
            f"{c.ref.file}中的证书“{c.name}”有效期为{c.valid_from or '未注明'}至{c.valid_until or '未注明'}，"
            f"在{basis}（{on}）{_PROBLEM_ZH[problem]}，不能据此按相当水平认定通过；{claim}"
            "请核对是否有有效期内的证书。",
            [c.ref], field="certificate", key=f"certificate:{c.ref.file}:{c.kind}", problem=problem,
            valid_from=c.valid_from.isoformat() if c.valid_from else None,
            valid_until=c.valid_until.isoformat() if c.valid_until else None, checked_on=on,
        ))
    return flags
