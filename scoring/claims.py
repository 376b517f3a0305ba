"""Declared vs computed values (CLAIM_DEVIATION): the enterprise's application-form figures
(`manifest.declared`) compared with what the evidence supports."""

from __future__ import annotations

from models import INDICATOR_NAMES_ZH, PROCESS_INDICATORS, Flag, FlagCode, Indicators, make_flag
from scoring.policy import ScoringPolicy


def check_claims(declared: dict[str, float], indicators: Indicators, policy: ScoringPolicy) -> list[Flag]:
    flags: list[Flag] = []
    for key in (*PROCESS_INDICATORS, "cost_to_output_ratio"):
        if key not in declared:
            continue
        ind = getattr(indicators, key)
        if ind.value is None:
            continue
        tol = policy.claim_tolerance_ratio if ind.unit == "ratio" else policy.claim_tolerance_pct_points
        claimed = declared[key]
        if abs(claimed - ind.value) > tol + 1e-12:
            unit = "" if ind.unit == "ratio" else "%"
            flags.append(make_flag(
                FlagCode.CLAIM_DEVIATION,
                f"{INDICATOR_NAMES_ZH[key]}申报值{claimed:g}{unit}，证明材料核算值{ind.value:g}{unit}，差异超过允许范围{tol:g}{unit}",
                indicator=key, key=key, declared=claimed, computed=ind.value,
            ))
    return flags
