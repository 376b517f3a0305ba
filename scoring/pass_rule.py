"""数字化达标 pass rule (SPEC §2): ≥ 3 of the 5 process indicators; or 2 of 5 plus a benefit
indicator; or a qualifying equivalent certification. An indicator whose `passed` is None counts
as not met. When several routes hold, the first in that order is reported."""

from __future__ import annotations

from models import BENEFIT_INDICATORS, PROCESS_INDICATORS, Indicators, Route
from scoring.certification import CertificationMatch

PROCESS_NEEDED = 3
PROCESS_NEEDED_WITH_BENEFIT = 2


def process_met(indicators: Indicators) -> int:
    return sum(1 for k in PROCESS_INDICATORS if getattr(indicators, k).passed is True)


def benefit_met(indicators: Indicators) -> int:
    return sum(1 for k in BENEFIT_INDICATORS if getattr(indicators, k).passed is True)


def decide(indicators: Indicators, certifications: list[CertificationMatch]) -> tuple[bool, Route | None]:
    met = process_met(indicators)
    if met >= PROCESS_NEEDED:
        return True, Route.THREE_OF_FIVE
    if met >= PROCESS_NEEDED_WITH_BENEFIT and benefit_met(indicators) >= 1:
        return True, Route.TWO_PLUS_BENEFIT
    if any(c.qualifies for c in certifications):
        return True, Route.CERTIFICATION
    return False, None
