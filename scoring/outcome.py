"""What an indicator module returns: the exact numerator/denominator, the derived facts behind
them, and the flags raised while counting."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, Field

from models import EvidenceRef, Fact, Flag, FlagCode, make_flag
from models.policy import ScoringPolicy
from models.provenance import distinct_refs
from scoring.exact import round_half_up, to_fraction


class IndicatorOutcome(BaseModel):
    """`numerator`/`denominator` are exact sums (ints or the decimals as written); the value is
    their quotient (×100 for "%"), None when the indicator cannot be computed."""

    key: str
    unit: Literal["%", "ratio"]
    numerator: float | None = None
    denominator: float | None = None
    facts: list[Fact] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)

    @property
    def computable(self) -> bool:
        return self.numerator is not None and self.denominator not in (None, 0)

    def exact(self) -> Fraction | None:
        if not self.computable:
            return None
        assert self.numerator is not None and self.denominator is not None
        value = to_fraction(self.numerator) / to_fraction(self.denominator)
        return value * 100 if self.unit == "%" else value

    def display(self, policy: ScoringPolicy) -> float | None:
        value = self.exact()
        if value is None:
            return None
        return round_half_up(value, policy.percent_decimals if self.unit == "%" else policy.ratio_decimals)

    def meets(self, threshold: Decimal | None) -> bool | None:
        """value ≥ threshold, exactly; None when either is missing."""
        value = self.exact()
        if value is None or threshold is None:
            return None
        return value >= Fraction(threshold)


def bounded(refs: list[EvidenceRef], policy: ScoringPolicy) -> list[EvidenceRef]:
    """At most `policy.max_evidence_refs` refs, duplicates dropped, order kept."""
    return distinct_refs(refs, policy.max_evidence_refs)


def missing(key: str, unit: Literal["%", "ratio"], message: str, **data: str | float | int | bool | None) -> IndicatorOutcome:
    """An indicator that cannot be computed: value null and a MISSING_EVIDENCE flag saying why."""
    return IndicatorOutcome(
        key=key, unit=unit, flags=[make_flag(FlagCode.MISSING_EVIDENCE, message, indicator=key, key=key, **data)]
    )


def fact(
    key: str,
    name: str,
    value: float | int | str | None,
    refs: list[EvidenceRef],
    policy: ScoringPolicy,
    unit: str | None = None,
    note: str | None = None,
) -> Fact:
    return Fact(name=name, value=value, unit=unit, indicator=key, note=note, evidence=bounded(refs, policy))
